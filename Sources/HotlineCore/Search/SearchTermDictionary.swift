import Foundation
import GRDB

/// The words a Latin-letter query (shebao, sb, zcps) or a homophone typo (社报) can stand
/// for: synonyms, keywords, categories and the 2–4 character runs of questions, each
/// with its toneless pinyin and initials, and how often it occurs.
enum SearchTermDictionary {
    enum Weight {
        static let questionGram = 1
        static let category = 2
        static let keyword = 3
        static let synonym = 3
    }

    static let shortestTerm = 2
    static let longestGram = 4
    static let longestTerm = 10

    /// Terms gathered in memory and written with one statement each at the end, so that a
    /// large import touches every distinct term once.
    struct Batch {
        private(set) var terms: [String: (weight: Int, frequency: Int)] = [:]

        mutating func add(term: String, weight: Int, frequency: Int = 1) {
            let count = term.unicodeScalars.count
            guard count >= SearchTermDictionary.shortestTerm, count <= SearchTermDictionary.longestTerm else { return }
            if let existing = terms[term] {
                terms[term] = (max(existing.weight, weight), existing.frequency + frequency)
            } else {
                terms[term] = (weight, frequency)
            }
        }

        /// The Han runs of an entry's question, keywords and category.
        mutating func add(question: String, keywords: [String], category: String) {
            var seen = Set<String>()
            func once(_ term: String, _ weight: Int) {
                if seen.insert(term).inserted { add(term: term, weight: weight) }
            }
            for keyword in keywords {
                for run in HanTextTokenizer.runs(keyword) where run.isHan { once(run.text, Weight.keyword) }
            }
            for run in HanTextTokenizer.runs(category) where run.isHan { once(run.text, Weight.category) }
            for run in HanTextTokenizer.runs(question) where run.isHan {
                let scalars = Array(run.text.unicodeScalars)
                guard scalars.count >= SearchTermDictionary.shortestTerm else { continue }
                for length in SearchTermDictionary.shortestTerm...min(SearchTermDictionary.longestGram, scalars.count) {
                    for start in 0...(scalars.count - length) {
                        var view = String.UnicodeScalarView()
                        view.append(contentsOf: scalars[start..<(start + length)])
                        once(String(view), Weight.questionGram)
                    }
                }
            }
        }

        func save(in db: Database) throws {
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO search_term (term, pinyin, initials, weight, frequency) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (term, pinyin) DO UPDATE SET
                    weight = max(weight, excluded.weight), frequency = frequency + excluded.frequency
                """)
            for (term, value) in terms {
                for key in Pinyin.keys(of: term) {
                    try upsert.execute(arguments: [term, key.full, key.initials, value.weight, value.frequency])
                }
            }
        }
    }

    /// Rebuilds the dictionary from every published entry and the synonym table.
    static func rebuild(in db: Database) throws {
        try db.execute(sql: "DELETE FROM search_term")
        var batch = Batch()
        let rows = try Row.fetchCursor(db, sql: "SELECT question, keywords, category FROM knowledge_entry WHERE status = 'published'")
        while let row = try rows.next() {
            batch.add(question: row["question"], keywords: KnowledgeEntry.splitKeywords(row["keywords"]), category: row["category"])
        }
        for term in try String.fetchAll(db, sql: "SELECT term FROM synonym") {
            batch.add(term: term, weight: Weight.synonym, frequency: 0)
        }
        try batch.save(in: db)
    }
}
