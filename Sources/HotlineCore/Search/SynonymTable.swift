import Foundation
import GRDB

/// Synonyms and abbreviations (社保 = 社会保险), read from knowledge-seed/synonyms.txt
/// and expanded at query time.
///
/// Grammar: `#` starts a comment; every other non-blank line is one group of terms
/// meaning the same thing, separated by `=`; the first is the canonical full form.
public enum SynonymTable {
    public struct Group: Sendable, Equatable {
        public var line: Int
        public var terms: [String]
    }

    public static func parse(_ text: String, file: String) throws(ImportFailure) -> [Group] {
        var groups: [Group] = []
        var problems: [ImportProblem] = []
        var owner: [String: Int] = [:]
        for (index, rawLine) in text.components(separatedBy: "\n").enumerated() {
            let lineNumber = index + 1
            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = content.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let terms = QueryPlanner.unique(trimmed.split(separator: "=").map { normalizedTerm(String($0)) })
            if terms.count < 2 || terms.contains(where: \.isEmpty) {
                problems.append(ImportProblem(file: file, line: lineNumber, reason: "同义词组应至少有两个词，用 = 分隔"))
                continue
            }
            var clash = false
            for term in terms {
                if let earlier = owner[term] {
                    problems.append(ImportProblem(file: file, line: lineNumber, reason: "\"\(term)\" 已在第 \(earlier) 行的同义词组中"))
                    clash = true
                }
            }
            if clash { continue }
            for term in terms { owner[term] = lineNumber }
            groups.append(Group(line: lineNumber, terms: terms))
        }
        if !problems.isEmpty { throw ImportFailure(problems: problems) }
        return groups
    }

    /// Terms are matched in the tokenizer's normalised form (full-width folded, lower case).
    static func normalizedTerm(_ text: String) -> String {
        HanTextTokenizer.runs(text).map(\.text).joined()
    }

    /// Replaces the synonym table with `groups` and adds their terms to the pinyin
    /// term dictionary.
    static func replace(with groups: [Group], in db: Database) throws {
        try db.execute(sql: "DELETE FROM synonym")
        let insert = try db.cachedStatement(sql: "INSERT INTO synonym (term, group_id, is_canonical) VALUES (?, ?, ?)")
        var dictionary = SearchTermDictionary.Batch()
        for (groupID, group) in groups.enumerated() {
            for (position, term) in group.terms.enumerated() {
                try insert.execute(arguments: [term, groupID + 1, position == 0])
                dictionary.add(term: term, weight: SearchTermDictionary.Weight.synonym, frequency: 0)
            }
        }
        try dictionary.save(in: db)
    }

    /// For each term of `terms` that belongs to a synonym group, the other terms of it.
    static func expansions(of terms: Set<String>, in db: Database) throws -> [String: [String]] {
        guard !terms.isEmpty else { return [:] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT s.term AS term, o.term AS other FROM synonym s JOIN synonym o ON o.group_id = s.group_id AND o.term <> s.term
            WHERE s.term IN (\(databaseQuestionMarks(count: terms.count)))
            """, arguments: StatementArguments(Array(terms)))
        var result: [String: [String]] = [:]
        for row in rows { result[row["term"], default: []].append(row["other"]) }
        return result
    }
}

/// Import problems, listed one per line as file:line: reason. Nothing was written.
public struct ImportFailure: HotlineFailure, Equatable {
    public var problems: [ImportProblem]
    public init(problems: [ImportProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
    public var exitCode: ExitStatus { .badData }
}
