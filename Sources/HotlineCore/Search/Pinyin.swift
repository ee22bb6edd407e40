import Foundation

/// Toneless pinyin for Han text, so that a caller's Latin-letter query (shebao, sb) and
/// a homophone typo from a pinyin input method (社报 for 社保) still find the word.
///
/// Readings come from ICU's Mandarin transliteration, one per character; polyphones
/// get their other common readings from `alternates`, and words whose reading ICU gets
/// wrong are fixed by `wordReadings` (银行 háng, 会计 kuài, 重新 chóng, 还款 huán).
public enum Pinyin {
    /// Readings of one character, most likely first; empty for non-Han.
    public static func readings(of scalar: Unicode.Scalar) -> [String] {
        guard CharacterClass.isHan(scalar.value) else { return [] }
        if let cached = cache.value(for: scalar) { return cached }
        var result: [String] = []
        if let icu = String(scalar).applyingTransform(.mandarinToLatin, reverse: false) {
            let plain = toneless(icu)
            if !plain.isEmpty, plain.allSatisfy({ $0.isASCII && $0.isLetter }) { result.append(plain) }
        }
        for extra in alternates[scalar] ?? [] where !result.contains(extra) { result.append(extra) }
        cache.store(result, for: scalar)
        return result
    }

    /// Per-character readings of a term, with word-level corrections applied.
    public static func syllables(of term: String) -> [[String]] {
        let scalars = Array(term.unicodeScalars)
        var result = scalars.map { readings(of: $0) }
        for start in scalars.indices {
            for (word, fixed) in wordReadingsByFirst[scalars[start]] ?? [] where start + word.count <= scalars.count {
                guard scalars[start..<(start + word.count)].elementsEqual(word) else { continue }
                for (offset, reading) in fixed.enumerated() {
                    var slot = result[start + offset].filter { $0 != reading }
                    slot.insert(reading, at: 0)
                    result[start + offset] = slot
                }
            }
        }
        return result
    }

    private static let wordReadingsByFirst: [Unicode.Scalar: [([Unicode.Scalar], [String])]] = {
        var index: [Unicode.Scalar: [([Unicode.Scalar], [String])]] = [:]
        for (word, readings) in wordReadings {
            let scalars = Array(word.unicodeScalars)
            index[scalars[0], default: []].append((scalars, readings))
        }
        return index
    }()

    /// Full pinyin and initials keys of a term ("社保" → [("shebao", "sb")]), at most
    /// `limit` combinations for polyphone-heavy terms. Empty if a character has no reading.
    public static func keys(of term: String, limit: Int = 8) -> [(full: String, initials: String)] {
        let perCharacter = syllables(of: term)
        guard !perCharacter.isEmpty, perCharacter.allSatisfy({ !$0.isEmpty }) else { return [] }
        var combinations: [(String, String)] = [("", "")]
        for options in perCharacter {
            var next: [(String, String)] = []
            for (full, initials) in combinations {
                for reading in options {
                    next.append((full + reading, initials + String(reading.first!)))
                    if next.count >= limit { break }
                }
                if next.count >= limit { break }
            }
            combinations = next
        }
        return combinations.map { (full: $0.0, initials: $0.1) }
    }

    static func toneless(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "ü", "ǖ", "ǘ", "ǚ", "ǜ": out.append("v")
            default:
                let base = String(scalar).applyingTransform(.stripDiacritics, reverse: false) ?? String(scalar)
                out.append(contentsOf: base.lowercased().filter { $0.isLetter })
            }
        }
        return out
    }

    private static let cache = ReadingCache()

    /// Other common readings of polyphones met in enterprise policy text.
    static let alternates: [Unicode.Scalar: [String]] = [
        "行": ["xing", "hang"], "长": ["chang", "zhang"], "重": ["zhong", "chong"], "还": ["hai", "huan"],
        "会": ["hui", "kuai"], "调": ["diao", "tiao"], "率": ["lv", "shuai"], "差": ["cha", "chai"],
        "单": ["dan", "shan"], "参": ["can", "shen"], "地": ["di", "de"], "传": ["chuan", "zhuan"],
        "种": ["zhong"], "朝": ["chao", "zhao"], "藏": ["cang", "zang"], "便": ["bian", "pian"],
        "降": ["jiang", "xiang"], "省": ["sheng", "xing"], "给": ["gei", "ji"], "解": ["jie", "xie"],
        "乐": ["le", "yue"], "都": ["du", "dou"], "强": ["qiang", "jiang"], "得": ["de", "dei"],
        "校": ["xiao", "jiao"], "着": ["zhe", "zhao", "zhuo"], "系": ["xi", "ji"], "提": ["ti", "di"],
        "车": ["che", "ju"], "核": ["he", "hu"], "属": ["shu", "zhu"], "和": ["he", "huo"],
        "称": ["cheng", "chen"], "模": ["mo", "mu"], "度": ["du", "duo"], "卡": ["ka", "qia"],
        "区": ["qu", "ou"], "奇": ["qi", "ji"], "没": ["mei", "mo"], "缴": ["jiao"], "薄": ["bao", "bo"],
        "露": ["lu", "lou"], "血": ["xue", "xie"], "似": ["si", "shi"], "盛": ["sheng", "cheng"],
        "曾": ["ceng", "zeng"], "仔": ["zai", "zi"], "冲": ["chong"], "应": ["ying"], "当": ["dang"],
        "为": ["wei"], "相": ["xiang"], "间": ["jian"], "发": ["fa"], "处": ["chu"], "数": ["shu"],
        "期": ["qi"], "创": ["chuang"], "供": ["gong"], "分": ["fen"], "干": ["gan"], "空": ["kong"],
        "只": ["zhi"], "转": ["zhuan"], "结": ["jie"], "量": ["liang"], "兴": ["xing"], "难": ["nan"],
    ]

    /// Words whose reading differs from the characters' first reading.
    static let wordReadings: [(String, [String])] = [
        ("银行", ["yin", "hang"]), ("行业", ["hang", "ye"]), ("行长", ["hang", "zhang"]), ("商行", ["shang", "hang"]),
        ("会计", ["kuai", "ji"]), ("重新", ["chong", "xin"]), ("重复", ["chong", "fu"]), ("还款", ["huan", "kuan"]),
        ("归还", ["gui", "huan"]), ("退还", ["tui", "huan"]), ("偿还", ["chang", "huan"]), ("调休", ["tiao", "xiu"]),
        ("调整", ["tiao", "zheng"]), ("调解", ["tiao", "jie"]), ("协调", ["xie", "tiao"]), ("税率", ["shui", "lv"]),
        ("比率", ["bi", "lv"]), ("效率", ["xiao", "lv"]), ("费率", ["fei", "lv"]), ("差评", ["cha", "ping"]),
        ("出差", ["chu", "chai"]), ("差旅", ["chai", "lv"]), ("单位", ["dan", "wei"]), ("参保", ["can", "bao"]),
        ("参加", ["can", "jia"]), ("长江", ["chang", "jiang"]), ("厂长", ["chang", "zhang"]), ("增长", ["zeng", "zhang"]),
        ("成长", ["cheng", "zhang"]), ("延长", ["yan", "chang"]), ("重庆", ["chong", "qing"]), ("种植", ["zhong", "zhi"]),
        ("种类", ["zhong", "lei"]), ("传记", ["zhuan", "ji"]), ("处理", ["chu", "li"]), ("处罚", ["chu", "fa"]),
        ("供应", ["gong", "ying"]), ("应当", ["ying", "dang"]), ("相应", ["xiang", "ying"]), ("当地", ["dang", "di"]),
        ("土地", ["tu", "di"]), ("给予", ["ji", "yu"]), ("供给", ["gong", "ji"]), ("自给", ["zi", "ji"]),
        ("强制", ["qiang", "zhi"]), ("勉强", ["mian", "qiang"]), ("校验", ["jiao", "yan"]), ("着手", ["zhuo", "shou"]),
        ("系统", ["xi", "tong"]), ("关系", ["guan", "xi"]), ("提取", ["ti", "qu"]), ("模具", ["mu", "ju"]),
        ("模式", ["mo", "shi"]), ("规模", ["gui", "mo"]), ("核算", ["he", "suan"]), ("属于", ["shu", "yu"]),
        ("职称", ["zhi", "cheng"]), ("称号", ["cheng", "hao"]), ("名称", ["ming", "cheng"]), ("免除", ["mian", "chu"]),
    ]
}

/// A lock-protected reading cache: ICU transliteration is the slow part, and the same
/// few thousand characters recur in every entry.
final class ReadingCache: @unchecked Sendable {
    private var storage: [Unicode.Scalar: [String]] = [:]
    private let lock = NSLock()

    func value(for scalar: Unicode.Scalar) -> [String]? {
        lock.lock(); defer { lock.unlock() }
        return storage[scalar]
    }

    func store(_ readings: [String], for scalar: Unicode.Scalar) {
        lock.lock(); defer { lock.unlock() }
        storage[scalar] = readings
    }
}
