import Foundation
import GRDB

public struct SearchRequest: Sendable {
    public var text: String
    public var limit: Int
    /// Department name or code to restrict to.
    public var department: String?
    public var includeExpired: Bool
    /// Compute a highlighted snippet of the answer for each hit shown.
    public var withSnippets: Bool

    public init(text: String, limit: Int = 10, department: String? = nil, includeExpired: Bool = false, withSnippets: Bool = false) {
        self.text = text
        self.limit = limit
        self.department = department
        self.includeExpired = includeExpired
        self.withSnippets = withSnippets
    }
}

public struct SearchHit: Sendable, Equatable {
    public var entryID: Int64
    public var externalID: String
    public var question: String
    public var department: String
    public var category: String
    public var score: Double
    public var isExpired: Bool
    public var effectiveTo: String?
    /// The answer around the matched terms, matches in 【】; only when asked for.
    public var snippet: String?
}

public struct SearchResponse: Sendable {
    public var hits: [SearchHit]
    /// The index terms the query stood for, for highlighting on screen.
    public var terms: [String]
    /// The query as understood: one list of equivalent terms per thing the caller said.
    public var units: [[String]] = []
}

public enum SearchError: HotlineFailure, Equatable {
    case unknownDepartment(String)
    case badLimit(Int)

    public var description: String {
        switch self {
        case .unknownDepartment(let name): return "--department: 没有名为或编码为 \"\(TextSafety.visible(name))\" 的部门"
        case .badLimit(let limit): return "--limit: \(limit) 无效，应为 1 到 1000"
        }
    }

    public var exitCode: ExitStatus { .usage }
}

extension KnowledgeBase {
    /// Searches the published entries, best first.
    public func search(_ request: SearchRequest) throws -> SearchResponse {
        try store.read { db in
            try Self.useSearchCache(db)
            return try Self.search(request, today: today, in: db)
        }
    }

    /// Runs several queries on one read snapshot (the batch form of the CLI).
    public func search(batch requests: [SearchRequest]) throws -> [SearchResponse] {
        try store.read { db in
            try Self.useSearchCache(db)
            return try requests.map { try Self.search($0, today: today, in: db) }
        }
    }

    /// A reading connection keeps the search index's posting lists in its page cache
    /// rather than reading them from the file on every search (SQLite's default is 2 MB;
    /// the title lists of a 100,000-entry base are about 25 MB).
    static func useSearchCache(_ db: Database) throws {
        try db.execute(sql: "PRAGMA cache_size = -32768")
    }

    static let columnWeights = (question: 8.0, keywords: 5.0, category: 2.0, answer: 1.0)

    static func search(_ request: SearchRequest, today: String, in db: Database) throws -> SearchResponse {
        guard (1...1000).contains(request.limit) else { throw SearchError.badLimit(request.limit) }
        var departmentID: Int64? = nil
        if let department = request.department?.trimmingCharacters(in: .whitespaces), !department.isEmpty {
            guard let found = try Int64.fetchOne(db, sql: "SELECT id FROM department WHERE name = ? OR code = ?",
                                                 arguments: [department, department]) else {
                throw SearchError.unknownDepartment(department)
            }
            departmentID = found
        }
        let index = try SearchIndexReader.open(db)
        let plan = try QueryPlanner(db: db, index: index).plan(request.text)
        if plan.isEmpty { return SearchResponse(hits: [], terms: []) }
        // Titles first: an entry whose question, keywords or category says what the caller
        // said is what the re-ranker prefers anyway, and titles are short, so common terms
        // match far fewer rows there. Answers are searched only when titles give too few.
        let wanted = max(request.limit * 4, 40)
        let cutoff = request.includeExpired ? nil : today
        var candidates = try bestCandidates(try TitleRanker.score(plan, index: index), limit: wanted,
                                            departmentID: departmentID, today: cutoff, in: db)
        if candidates.count < wanted {
            candidates = try bestCandidates(try BodyRanker.score(plan, index: index), limit: wanted,
                                            departmentID: departmentID, today: cutoff, in: db)
        }
        SearchReranker(plan: plan).rerank(&candidates)
        var hits = candidates.prefix(request.limit).map { candidate in
            SearchHit(entryID: candidate.entryID, externalID: candidate.externalID, question: candidate.question,
                      department: candidate.department, category: candidate.category, score: candidate.score,
                      isExpired: candidate.effectiveTo.map { $0 < today } ?? false,
                      effectiveTo: candidate.effectiveTo, snippet: nil)
        }
        if request.withSnippets { try addSnippets(&hits, plan: plan, in: db) }
        return SearchResponse(hits: hits, terms: plan.terms, units: plan.units.map(\.alternatives))
    }

    struct Candidate {
        var entryID: Int64
        var externalID: String
        var question: String
        var keywords: String
        var category: String
        var department: String
        var effectiveTo: String?
        var bm25: Double
        var score: Double = 0
    }

    /// The best entries by the search index's BM25, filtered as the request asks: the
    /// scores come from one pass over compact posting lists, and only the rows shown as
    /// candidates are read.
    private static func bestCandidates(_ scored: TitleRanker.Scored, limit: Int, departmentID: Int64?,
                                       today: String?, in db: Database) throws -> [Candidate] {
        var candidates: [Candidate] = []
        var seen = Set<Int64>()
        var batch = limit + limit / 2
        while candidates.count < limit && seen.count < scored.count {
            let positions = TitleRanker.top(scored, batch, skipping: seen)
            if positions.isEmpty { break }
            let ids = positions.map { scored.rowIDs[$0] }
            seen.formUnion(ids)
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.id, e.external_id, e.question, e.keywords, e.category, d.name, e.effective_to, e.department_id, e.status
                FROM knowledge_entry e JOIN department d ON d.id = e.department_id
                WHERE e.id IN (\(databaseQuestionMarks(count: ids.count)))
                """, arguments: StatementArguments(ids))
            var byID: [Int64: Row] = [:]
            for row in rows { byID[row[0]] = row }
            for position in positions {
                guard let row = byID[scored.rowIDs[position]], (row[8] as String) == "published" else { continue }
                if let departmentID, (row[7] as Int64) != departmentID { continue }
                let effectiveTo: String? = row[6]
                if let today, let end = effectiveTo, end < today { continue }
                candidates.append(Candidate(entryID: row[0], externalID: row[1], question: row[2], keywords: row[3],
                                            category: row[4], department: row[5], effectiveTo: effectiveTo,
                                            bm25: scored.scores[position]))
                if candidates.count == limit { break }
            }
            batch *= 4
        }
        return candidates
    }

    private static func addSnippets(_ hits: inout [SearchHit], plan: QueryPlan, in db: Database) throws {
        guard !hits.isEmpty else { return }
        let ids = hits.map(\.entryID)
        let rows = try Row.fetchAll(db, sql: "SELECT id, answer FROM knowledge_entry WHERE id IN (\(databaseQuestionMarks(count: ids.count)))",
                                    arguments: StatementArguments(ids))
        var answers: [Int64: String] = [:]
        for row in rows { answers[row[0]] = row[1] }
        for index in hits.indices {
            hits[index].snippet = answers[hits[index].entryID].map { Snippet.make($0, terms: plan.terms) }
        }
    }
}
