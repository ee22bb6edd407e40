import GRDB

/// How alike two requests read, for repeat detection.
///
/// Each text is first rewritten with the knowledge base's synonym groups (高企 → 高新技术企业,
/// 社保 → 社会保险: callers and order writers abbreviate differently), then becomes the
/// set of terms the knowledge search's tokenizer gives a query (Han bigrams, a lone Han
/// character as itself, ASCII words and numbers; NFKC and case folded), minus bigrams
/// that say nothing about the subject: fillers every caller uses (请问, 怎么, 什么时候,
/// 公司, 申请, 办理, …) and bigrams holding a function character (的, 了, 被, 吗, …), which
/// straddle two words. The score is the cosine of the two sets, |A∩B| / √(|A|·|B|):
/// unlike Jaccard it does not punish a short call against a longer order text that
/// contains it. Two requests are "similar" at 0.3 or more: on the cases in
/// CallsContentSimilarityTests the same matter retold scores 0.48–0.70, different matters
/// (even in the same phrasing: "…申请被退回了") at most 0.16.
public enum ContentSimilarity {
    public static let threshold = 0.3

    /// Bigrams that carry no subject: greetings, question words, the caller, procedure.
    static let fillers: Set<String> = [
        "你好", "您好", "请问", "问一", "一下", "下我", "我想", "想问", "想咨", "咨询", "怎么", "么办",
        "什么", "么时", "时候", "候到", "如何", "可以", "是否", "能否", "能不", "不能", "有没", "没有", "谢谢",
        "一个", "还是", "现在", "公司", "企业", "我司", "单位", "反映", "问题", "情况", "要求", "希望",
        "帮忙", "处理", "解决", "尽快", "申请", "办理", "需要",
    ]

    /// Function characters: a bigram holding one straddles two words ("申请被", "退回了") or
    /// is grammar, not subject. Characters that also start common subject words (不动产,
    /// 就业, 还款, 经营, 个体) are deliberately not listed.
    static let functionCharacters: Set<Character> = Set("的了吗呢吧啊呀被是和与及或把给都也又很么哪些这那们我你您他她它其之已过没")

    /// Synonym terms mapped to their group's canonical form, applied longest first.
    public struct Synonyms: Sendable {
        var canonical: [String: String]
        var longest: Int

        public static let none = Synonyms(canonical: [:])

        public init(canonical: [String: String]) {
            // Canonical forms map to themselves, so that text already in canonical form is
            // consumed whole instead of having a shorter synonym inside it rewritten.
            var map = canonical.filter { !$0.key.isEmpty }
            for value in canonical.values where !value.isEmpty { map[value] = value }
            self.canonical = map
            longest = self.canonical.keys.map(\.count).max() ?? 0
        }

        /// The stored synonym groups (terms already in the tokenizer's normal form).
        static func load(_ db: Database) throws -> Synonyms {
            var map: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT s.term AS term, c.term AS canonical FROM synonym s
                JOIN synonym c ON c.group_id = s.group_id AND c.is_canonical
                ORDER BY s.group_id
                """) {
                let term: String = row["term"]
                if map[term] == nil { map[term] = row["canonical"] }
            }
            return Synonyms(canonical: map)
        }

        /// One pass over the normalised text, replacing the longest synonym at each place.
        func rewrite(_ text: String) -> String {
            let characters = Array(HanTextTokenizer.runs(text).map(\.text).joined(separator: " "))
            guard longest > 0 else { return String(characters) }
            var out = ""
            var index = 0
            while index < characters.count {
                var matched = false
                for length in stride(from: min(longest, characters.count - index), through: 1, by: -1) {
                    if let replacement = canonical[String(characters[index..<(index + length)])] {
                        out += replacement
                        index += length
                        matched = true
                        break
                    }
                }
                if !matched {
                    out.append(characters[index])
                    index += 1
                }
            }
            return out
        }
    }

    public static func terms(_ text: String, synonyms: Synonyms = .none) -> Set<String> {
        var result = Set<String>()
        for token in HanTextTokenizer.tokens(synonyms.rewrite(text), mode: .query) where !fillers.contains(token.text) {
            if token.kind == .hanBigram && token.text.contains(where: functionCharacters.contains) { continue }
            result.insert(token.text)
        }
        return result
    }

    public static func score(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let shared = a.count < b.count ? a.filter(b.contains).count : b.filter(a.contains).count
        return Double(shared) / (Double(a.count) * Double(b.count)).squareRoot()
    }

    public static func score(_ a: String, _ b: String, synonyms: Synonyms = .none) -> Double {
        score(terms(a, synonyms: synonyms), terms(b, synonyms: synonyms))
    }
}
