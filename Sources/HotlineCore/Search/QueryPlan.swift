import Foundation
import GRDB

/// What a query asks for, as units the index can match. Each unit is one thing the
/// caller said (a bigram of a Chinese run, a word, a pinyin word, a synonym) with the
/// alternatives that stand for it: homophones for a typo, the full form for an
/// abbreviation, the words a pinyin string spells.
struct QueryPlan: Sendable {
    struct Unit: Sendable, Equatable {
        enum Origin: Sendable { case han, word, pinyin, synonym }
        var alternatives: [String]
        var origin: Origin
        /// Inverse document frequency of the unit's best alternative.
        var weight: Double = 1
    }

    var text: String
    var units: [Unit]

    var isEmpty: Bool { units.isEmpty }

    /// Every distinct alternative, in order of first appearance.
    var terms: [String] {
        var seen = Set<String>()
        var result: [String] = []
        for unit in units {
            for term in unit.alternatives where seen.insert(term).inserted { result.append(term) }
        }
        return result
    }
}

/// Builds query plans against the store's vocabulary, synonyms and term dictionary.
struct QueryPlanner {
    /// Question words and fillers of the callers' own words; they say nothing about
    /// the topic, so they are dropped when anything else is left.
    static let fillerBigrams: Set<String> = [
        "怎么", "什么", "如何", "哪些", "哪里", "哪个", "可以", "能不", "不能", "是否", "需要", "要不", "不要",
        "我们", "我的", "你们", "他们", "请问", "一下", "这个", "那个", "还要", "还能", "还是", "现在", "时候",
        "是不", "不是", "的话", "有没", "没有", "多少", "么办", "怎样", "么样", "能够", "一个", "那边", "这边",
        "吗",
    ]

    /// Particles and fillers that carry no topic on their own.
    static let fillerCharacters: Set<String> = ["的", "了", "吗", "呢", "着", "么", "吧", "啊", "呀", "哦", "嘛", "就", "都", "也", "还", "又", "在", "是", "有", "我", "你", "他", "她", "它", "这", "那", "个", "些", "能", "要", "会", "想", "说", "和", "与", "或", "及", "把", "被", "给", "让", "从", "到", "对", "为", "去", "来", "得", "地", "不", "没", "很", "太", "再", "才", "啥", "怎", "什", "哪", "谁"]

    let db: Database
    let documentCount: Double
    /// The search index's statistics.
    let index: SearchIndexReader

    init(db: Database, index: SearchIndexReader) {
        self.db = db
        self.index = index
        documentCount = Double(index.documents)
    }

    func plan(_ text: String) throws -> QueryPlan {
        let runs = try joinedAcrossSpaces(try correctedWords(HanTextTokenizer.runs(text)))
        let synonyms = try synonymMatches(runs)
        var units: [QueryPlan.Unit] = []
        for run in runs {
            if run.isHan {
                units.append(contentsOf: try hanUnits(run.text, synonyms: synonyms))
            } else if let expansions = synonyms[run.text] {
                units.append(QueryPlan.Unit(alternatives: Self.unique([run.text] + expansions), origin: .synonym))
            } else {
                units.append(contentsOf: try wordUnits(run.text))
            }
        }
        let meaningful = units.filter { !($0.origin == .han && $0.alternatives.count == 1 && Self.fillerBigrams.contains($0.alternatives[0])) }
        if !meaningful.isEmpty { units = meaningful }
        for index in units.indices {
            units[index].weight = try weight(of: units[index])
        }
        return QueryPlan(text: text, units: units)
    }

    // MARK: Words

    /// Typos of a whole word from a pinyin input method (营业只照 for 营业执照): a stretch
    /// of three to six characters holding a pair the base has never seen is replaced by
    /// the dictionary's term that spells the same, when that term is a title word. Pairs
    /// alone get their homophones later; a whole word carries the synonyms and the
    /// phrase that its pairs do not.
    private func correctedWords(_ runs: [HanTextTokenizer.Run]) throws -> [HanTextTokenizer.Run] {
        var result = runs
        for index in result.indices where result[index].isHan {
            var scalars = Array(result[index].text.unicodeScalars)
            guard scalars.count >= 3 else { continue }
            var start = 0
            while start + 1 < scalars.count {
                let pair = String(String.UnicodeScalarView(scalars[start...(start + 1)]))
                guard try documentFrequency(pair) == 0 else { start += 1; continue }
                var replaced = false
                // Longest stretch around the unseen pair first.
                search: for length in stride(from: min(6, scalars.count), through: 3, by: -1) {
                    for from in max(0, start + 2 - length)...min(start, scalars.count - length) {
                        let word = String(String.UnicodeScalarView(scalars[from..<(from + length)]))
                        guard let fixed = try homophoneWord(of: word) else { continue }
                        scalars.replaceSubrange(from..<(from + length), with: fixed.unicodeScalars)
                        replaced = true
                        break search
                    }
                }
                start += replaced ? 2 : 1
            }
            result[index].text = String(String.UnicodeScalarView(scalars))
        }
        return result
    }

    /// A keyword, category or synonym of the same length and pinyin, found in titles.
    private func homophoneWord(of word: String) throws -> String? {
        let count = word.unicodeScalars.count
        for key in Pinyin.keys(of: word, limit: 4) {
            let statement = try db.cachedStatement(sql: """
                SELECT term FROM search_term WHERE pinyin = ? AND term <> ? AND weight >= ?
                ORDER BY weight DESC, frequency DESC LIMIT 3
                """)
            for candidate in try String.fetchAll(statement, arguments: [key.full, word, SearchTermDictionary.Weight.category])
            where candidate.unicodeScalars.count == count {
                if try documentFrequency(candidate) > 0 { return candidate }
            }
        }
        return nil
    }

    /// Callers and agents put spaces inside a term (营业执照 变更): neighbouring Han runs
    /// are read as one where a synonym spans the space.
    private func joinedAcrossSpaces(_ runs: [HanTextTokenizer.Run]) throws -> [HanTextTokenizer.Run] {
        guard runs.count > 1 else { return runs }
        var result: [HanTextTokenizer.Run] = [runs[0]]
        for run in runs.dropFirst() {
            guard let previous = result.last, previous.isHan, run.isHan else { result.append(run); continue }
            let left = Array(previous.text.unicodeScalars), right = Array(run.text.unicodeScalars)
            let joined = left + right
            var spanning = Set<String>()
            for from in max(0, left.count - SearchTermDictionary.longestTerm + 1)..<left.count {
                for to in (left.count + 1)...min(joined.count, from + SearchTermDictionary.longestTerm) {
                    spanning.insert(String(String.UnicodeScalarView(joined[from..<to])))
                }
            }
            if try !SynonymTable.expansions(of: spanning, in: db).isEmpty {
                result[result.count - 1].text = previous.text + run.text
            } else {
                result.append(run)
            }
        }
        return result
    }

    // MARK: Units

    /// A Han run becomes bigram units, except where a synonym or abbreviation covers a
    /// stretch of it: that stretch is one unit, the term or any of its equivalents.
    private func hanUnits(_ run: String, synonyms: [String: [String]]) throws -> [QueryPlan.Unit] {
        let scalars = Array(run.unicodeScalars)
        func slice(_ start: Int, _ length: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<(start + length)])
            return String(view)
        }
        // Longest synonym spans first, without overlap.
        var spans: [(start: Int, length: Int, term: String)] = []
        var taken = [Bool](repeating: false, count: scalars.count)
        if scalars.count >= 2 {
            for length in stride(from: min(SearchTermDictionary.longestTerm, scalars.count), through: 2, by: -1) {
                for start in 0...(scalars.count - length) where !taken[start..<(start + length)].contains(true) {
                    let term = slice(start, length)
                    guard synonyms[term] != nil else { continue }
                    spans.append((start, length, term))
                    for index in start..<(start + length) { taken[index] = true }
                }
            }
        }
        if scalars.count == 1 { return [QueryPlan.Unit(alternatives: [run], origin: .han)] }
        var units: [QueryPlan.Unit] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            units.append(QueryPlan.Unit(alternatives: Self.unique([span.term] + synonyms[span.term]!), origin: .synonym))
        }
        for index in 0..<(scalars.count - 1) where !(taken[index] && taken[index + 1] && sameSpan(index, spans)) {
            let bigram = slice(index, 2)
            let seen = try documentFrequency(bigram)
            var alternatives = [bigram] + (try homophones(of: bigram, seen: seen))
            if seen == 0 && alternatives.count == 1 {
                // An unseen pair of characters with no likely homophone: back off to the
                // characters themselves, as callers join words in ways entries never do.
                alternatives += [slice(index, 1), slice(index + 1, 1)].filter { !Self.fillerCharacters.contains($0) }
            }
            units.append(QueryPlan.Unit(alternatives: alternatives, origin: .han))
        }
        return units
    }

    private func sameSpan(_ index: Int, _ spans: [(start: Int, length: Int, term: String)]) -> Bool {
        spans.contains { index >= $0.start && index + 1 < $0.start + $0.length }
    }

    /// A bigram the index has rarely or never seen, typed through a pinyin input
    /// method, most likely meant a common word that sounds the same (社报 → 社保).
    private func homophones(of bigram: String, seen: Double) throws -> [String] {
        var result: [String] = []
        // No word can be twenty times as common as one already in a twentieth of the base.
        if max(2, seen * 20) >= documentCount { return result }
        for key in Pinyin.keys(of: bigram, limit: 4) {
            let statement = try db.cachedStatement(sql: """
                SELECT term FROM search_term WHERE pinyin = ? AND term <> ? AND length(term) = 2
                ORDER BY weight DESC, frequency DESC LIMIT 3
                """)
            let candidates = try String.fetchAll(statement, arguments: [key.full, bigram])
            for candidate in candidates where !result.contains(candidate) {
                if try documentFrequency(candidate) > max(2, seen * 20) { result.append(candidate) }
            }
        }
        return result
    }

    private func wordUnits(_ word: String) throws -> [QueryPlan.Unit] {
        let isLetters = word.unicodeScalars.allSatisfy { $0.value >= 0x61 && $0.value <= 0x7A }
        let frequency = try documentFrequency(word)
        if !isLetters || word.count < 2 || frequency > 0 {
            return [QueryPlan.Unit(alternatives: [word], origin: .word)]
        }
        let words = try pinyinWords(for: word)
        if words.isEmpty { return [QueryPlan.Unit(alternatives: [word], origin: .word)] }
        var alternatives = words
        let expansions = try SynonymTable.expansions(of: Set(words), in: db)
        for term in words { alternatives.append(contentsOf: expansions[term] ?? []) }
        return [QueryPlan.Unit(alternatives: Self.unique(alternatives), origin: .pinyin)]
    }

    /// The words a Latin-letter string spells, as full pinyin or as initials: full
    /// spellings first, then the most important and most frequent words.
    private func pinyinWords(for letters: String) throws -> [String] {
        let full = try String.fetchAll(db, sql: """
            SELECT term FROM search_term WHERE pinyin = ? GROUP BY term ORDER BY max(weight) DESC, max(frequency) DESC LIMIT 3
            """, arguments: [letters])
        let initials = try String.fetchAll(db, sql: """
            SELECT term FROM search_term WHERE initials = ? GROUP BY term ORDER BY max(weight) DESC, max(frequency) DESC LIMIT 4
            """, arguments: [letters])
        return Self.unique(full + initials)
    }

    /// Synonym terms occurring anywhere in the query, with their equivalents.
    private func synonymMatches(_ runs: [HanTextTokenizer.Run]) throws -> [String: [String]] {
        var candidates = Set<String>()
        for run in runs {
            if !run.isHan { candidates.insert(run.text); continue }
            let scalars = Array(run.text.unicodeScalars)
            guard scalars.count >= 2 else { continue }
            for length in 2...min(SearchTermDictionary.longestTerm, scalars.count) {
                for start in 0...(scalars.count - length) {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[start..<(start + length)])
                    candidates.insert(String(view))
                }
            }
        }
        return try SynonymTable.expansions(of: candidates, in: db)
    }

    // MARK: Statistics

    func documentFrequency(_ term: String) throws -> Double {
        if let known = frequencies.values[term] { return known }
        let value = try computedFrequency(term)
        frequencies.values[term] = value
        return value
    }

    /// Document counts looked up during one plan, as the same terms come up for
    /// homophones, weights and back-off.
    final class FrequencyMemo { var values: [String: Double] = [:] }
    private let frequencies = FrequencyMemo()

    private func computedFrequency(_ term: String) throws -> Double {
        let tokens = HanTextTokenizer.tokens(term, mode: .query).map(\.text)
        if tokens.count == 1 { return try tokenFrequency(tokens[0]) }
        // A longer phrase: its rarest token bounds it from above.
        var lowest = Double.infinity
        for token in tokens { lowest = min(lowest, try tokenFrequency(token)) }
        return lowest.isFinite ? lowest : 0
    }

    /// Entries holding one index token, from the search index's statistics (a token
    /// first written since the index was built is counted among the stale entries).
    private func tokenFrequency(_ token: String) throws -> Double {
        Double(try index.documentCount(of: token) ?? 0)
    }

    private func weight(of unit: QueryPlan.Unit) throws -> Double {
        var best = 0.0
        for term in unit.alternatives {
            let frequency = try documentFrequency(term)
            if frequency > 0 { best = max(best, log(1 + documentCount / frequency)) }
        }
        return best
    }

    static func unique(_ terms: [String]) -> [String] {
        var seen = Set<String>()
        return terms.filter { seen.insert($0).inserted }
    }
}
