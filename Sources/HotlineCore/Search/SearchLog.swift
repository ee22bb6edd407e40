import Foundation
import GRDB

/// A query that found nothing, as often as it was asked (查漏补缺).
public struct SearchGap: Sendable, Equatable {
    public var query: String
    public var count: Int
    public var lastSearched: Date
}

/// Agents paste what the caller said into the search; the log (and `kb gaps`) must not
/// keep the caller's phone or ID number. Phone numbers are stored as
/// `PhoneNumber.masked` (138****5678); 15- and 18-character ID-number-like runs (ID
/// cards, all-digit USCC) keep their first 6 and last 4 characters, as
/// `PersonalData.maskText` does, which also runs over the result.
enum SearchLogPrivacy {
    static func masked(_ query: String) -> String {
        PersonalData.maskText(maskedRuns(query))
    }

    private static func maskedRuns(_ query: String) -> String {
        var out = ""
        var run = ""
        func flush() {
            out += maskRun(run)
            run = ""
        }
        for character in query {
            if isRunCharacter(character) { run.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return out
    }

    /// Digits (also full-width), ASCII letters (USCC, an ID's final X) and what people
    /// put between digit groups.
    private static func isRunCharacter(_ character: Character) -> Bool {
        if character.isASCII { return character.isLetter || character.isNumber || " -+().#".contains(character) }
        return character.isWholeNumber || "－＋（）　".contains(character)
    }

    private static func maskRun(_ run: String) -> String {
        let digits = run.filter(\.isWholeNumber).count
        guard digits >= 7 else { return run }
        let leading = String(run.prefix { $0 == " " || $0 == "\u{3000}" })
        let trailing = String(String(run.reversed()).prefix { $0 == " " || $0 == "\u{3000}" })
        let core = String(run.dropFirst(leading.count).dropLast(trailing.count))
        if let phone = try? PhoneNumber.normalize(core) { return leading + PhoneNumber.masked(phone) + trailing }
        // Not one number as a whole: look at its space-separated tokens one by one.
        let tokens = core.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if tokens.count > 1 { return leading + tokens.map(maskRun).joined(separator: " ") + trailing }
        return leading + maskToken(core) + trailing
    }

    /// Alphanumeric stretches of an unrecognised run: ID-number-like ones (15 or 18
    /// characters, mostly digits) and any other long digit string are masked.
    private static func maskToken(_ token: String) -> String {
        var out = ""
        var piece = ""
        func flush() {
            let folded = piece.precomposedStringWithCompatibilityMapping
            let digitCount = folded.filter(\.isWholeNumber).count
            let idLike = (folded.count == 18 || folded.count == 15) && digitCount >= folded.count - 3
            if idLike || digitCount >= 11 {
                let head = folded.count >= 15 ? 6 : 3
                out += String(folded.prefix(head)) + String(repeating: "*", count: max(0, folded.count - head - 4)) + String(folded.suffix(4))
            } else {
                out += piece
            }
            piece = ""
        }
        for character in token {
            if (character.isLetter && character.isASCII) || character.isWholeNumber { piece.append(character) } else { flush(); out.append(character) }
        }
        flush()
        return out
    }
}

extension KnowledgeBase {
    /// Records searches: the query (phone and ID numbers masked, `SearchLogPrivacy`), its
    /// normalised form, how many entries it found.
    public func logSearches(_ searches: [(query: String, department: String?, hits: Int)], actor: Actor) throws {
        guard !searches.isEmpty else { return }
        let now = store.clock.now()
        try store.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO search_log (searched_at, searched_by, query, normalized_query, department_filter, hit_count)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for search in searches where !search.query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                let query = SearchLogPrivacy.masked(String(search.query.prefix(500)))
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
                """, arguments: [entryID, actor.recorded, HanTextTokenizer.normalized(SearchLogPrivacy.masked(query))])
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
                // Masked again on the way out: rows logged before masking began are shown masked too.
                SearchGap(query: SearchLogPrivacy.masked($0["query"]), count: $0["n"], lastSearched: $0["last"])
            }
        }
    }
}
