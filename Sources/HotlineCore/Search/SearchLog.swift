import Foundation
import GRDB

/// A query that found nothing, as often as it was asked (查漏补缺).
public struct SearchGap: Sendable, Equatable {
    public var query: String
    public var count: Int
    public var lastSearched: Date
}

extension KnowledgeBase {
    /// Records searches: the query, its normalised form, how many entries it found.
    public func logSearches(_ searches: [(query: String, department: String?, hits: Int)], actor: Actor) throws {
        guard !searches.isEmpty else { return }
        let now = store.clock.now()
        try store.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO search_log (searched_at, searched_by, query, normalized_query, department_filter, hit_count)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for search in searches where !search.query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                let query = String(search.query.prefix(500))
                try insert.execute(arguments: [now, actor.recorded, query, HanTextTokenizer.normalized(query),
                                               search.department, search.hits])
            }
        }
    }

    /// Records which entry answered the call after a search (the latest search of that
    /// person with that query).
    public func recordChoice(query: String, entryExternalID: String, actor: Actor) throws {
        try store.write { db in
            guard let entryID = try Int64.fetchOne(db, sql: "SELECT id FROM knowledge_entry WHERE external_id = ?",
                                                   arguments: [entryExternalID]) else { return }
            try db.execute(sql: """
                UPDATE search_log SET chosen_entry_id = ? WHERE id = (
                    SELECT id FROM search_log WHERE searched_by = ? AND normalized_query = ? ORDER BY id DESC LIMIT 1)
                """, arguments: [entryID, actor.recorded, HanTextTokenizer.normalized(query)])
        }
    }

    /// Queries that found nothing, most frequent first, since `since` if given.
    public func gaps(since: Date? = nil, minimumCount: Int = 1, limit: Int = 50) throws -> [SearchGap] {
        try store.read { db in
            var sql = """
                SELECT min(query) AS query, count(*) AS n, max(searched_at) AS last FROM search_log
                WHERE hit_count = 0
                """
            var arguments: StatementArguments = []
            if let since { sql += " AND searched_at >= ?"; arguments += [since] }
            sql += " GROUP BY normalized_query HAVING n >= ? ORDER BY n DESC, last DESC LIMIT ?"
            arguments += [minimumCount, limit]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                SearchGap(query: $0["query"], count: $0["n"], lastSearched: $0["last"])
            }
        }
    }
}
