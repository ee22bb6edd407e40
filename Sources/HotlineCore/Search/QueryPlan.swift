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

    /// The FTS5 expression: every alternative as a quoted phrase, OR'ed. Built by hand
    /// because GRDB's pattern helpers split text with the ascii tokenizer, which knows
    /// nothing of Chinese; the phrases are tokenized by our own tokenizer in query mode.
    var matchExpression: String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
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

    let db: Database
    let documentCount: Double

    init(db: Database) throws {
        self.db = db
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry WHERE status = 'published'") ?? 0
        documentCount = Double(max(count, 1))
    }

    func plan(_ text: String) throws -> QueryPlan {
        let runs = HanTextTokenizer.runs(text)
        var units: [QueryPlan.Unit] = []
        for run in runs {
            if run.isHan {
                units.append(contentsOf: try hanUnits(run.text))
            } else {
                units.append(contentsOf: try wordUnits(run.text))
            }
        }
        units.append(contentsOf: try synonymUnits(runs))
        let meaningful = units.filter { !($0.origin == .han && $0.alternatives.count == 1 && Self.fillerBigrams.contains($0.alternatives[0])) }
        if !meaningful.isEmpty { units = meaningful }
        for index in units.indices {
            units[index].weight = try weight(of: units[index])
        }
        return QueryPlan(text: text, units: units)
    }

    // MARK: Units

    private func hanUnits(_ run: String) throws -> [QueryPlan.Unit] {
        let scalars = Array(run.unicodeScalars)
        if scalars.count == 1 { return [QueryPlan.Unit(alternatives: [run], origin: .han)] }
        var units: [QueryPlan.Unit] = []
        for index in 0..<(scalars.count - 1) {
            var view = String.UnicodeScalarView()
            view.append(scalars[index])
            view.append(scalars[index + 1])
            let bigram = String(view)
            var alternatives = [bigram]
            alternatives.append(contentsOf: try homophones(of: bigram))
            units.append(QueryPlan.Unit(alternatives: alternatives, origin: .han))
        }
        return units
    }

    /// A bigram the index has rarely or never seen, typed through a pinyin input
    /// method, most likely meant a common word that sounds the same (社报 → 社保).
    private func homophones(of bigram: String) throws -> [String] {
        let seen = try documentFrequency(bigram)
        var result: [String] = []
        for key in Pinyin.keys(of: bigram, limit: 4) {
            let candidates = try String.fetchAll(db, sql: """
                SELECT term FROM search_term WHERE pinyin = ? AND term <> ? AND length(term) = 2
                ORDER BY weight DESC, frequency DESC LIMIT 3
                """, arguments: [key.full, bigram])
            for candidate in candidates where !result.contains(candidate) {
                if try documentFrequency(candidate) > max(2, seen * 5) { result.append(candidate) }
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

    /// Synonym groups whose terms occur in the query: the unit holds the whole group.
    private func synonymUnits(_ runs: [HanTextTokenizer.Run]) throws -> [QueryPlan.Unit] {
        var candidates = Set<String>()
        for run in runs {
            if !run.isHan { candidates.insert(run.text); continue }
            let scalars = Array(run.text.unicodeScalars)
            for length in 2...max(2, min(SearchTermDictionary.longestTerm, scalars.count)) where length <= scalars.count {
                for start in 0...(scalars.count - length) {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[start..<(start + length)])
                    candidates.insert(String(view))
                }
            }
        }
        let expansions = try SynonymTable.expansions(of: candidates, in: db)
        var units: [QueryPlan.Unit] = []
        var covered = Set<String>()
        // Longer matches first, so that 个人所得税 wins over 所得税 inside it.
        for term in expansions.keys.sorted(by: { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }) {
            if covered.contains(where: { $0.contains(term) }) { continue }
            covered.insert(term)
            units.append(QueryPlan.Unit(alternatives: Self.unique([term] + expansions[term]!), origin: .synonym))
        }
        return units
    }

    // MARK: Statistics

    func documentFrequency(_ term: String) throws -> Double {
        let scalars = term.unicodeScalars
        if scalars.count <= 2 || !scalars.allSatisfy({ CharacterClass.isHan($0.value) }) {
            let statement = try db.cachedStatement(sql: "SELECT doc FROM knowledge_vocabulary WHERE term = ?")
            return Double(try Int.fetchOne(statement, arguments: [term]) ?? 0)
        }
        // A longer phrase: its rarest bigram bounds it from above.
        let bigrams = HanTextTokenizer.tokens(term, mode: .query).map(\.text)
        var lowest = Double.infinity
        for bigram in bigrams { lowest = min(lowest, try documentFrequency(bigram)) }
        return lowest.isFinite ? lowest : 0
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
