import Foundation
import GRDB

/// How agents rated an entry while using it on calls.
public struct KnowledgeFeedbackCounts: Sendable, Equatable {
    public var helpful: Int
    public var notHelpful: Int
}

public enum KnowledgeFeedbackError: HotlineFailure, Equatable {
    case unknownEntry(String)

    public var description: String {
        switch self {
        case .unknownEntry(let id): return "没有知识条目 \(TextSafety.visible(id))"
        }
    }

    public var exitCode: ExitStatus { .badData }
}

extension KnowledgeBase {
    /// Records an agent's 有用 / 没用 on an entry (with the query it was found by, masked
    /// like the search log); agents, leads and trainers.
    public func recordFeedback(externalID: String, helpful: Bool, query: String, identity: Identity) throws {
        try identity.require(.agent, .lead, .trainer, for: "评价知识条目")
        let now = store.clock.now()
        try store.write { db in
            try identity.confirmActive(in: db)
            guard let entryID = try Int64.fetchOne(db, sql: "SELECT id FROM knowledge_entry WHERE external_id = ?",
                                                   arguments: [externalID]) else {
                throw KnowledgeFeedbackError.unknownEntry(externalID)
            }
            try db.execute(sql: """
                INSERT INTO knowledge_feedback(entry_id, helpful, query, given_at, given_by) VALUES (?, ?, ?, ?, ?)
                """, arguments: [entryID, helpful, SearchLogPrivacy.masked(String(query.prefix(200))), now, identity.actor.recorded])
        }
    }

    /// The 有用 / 没用 counts of an entry.
    public func feedback(externalID: String) throws -> KnowledgeFeedbackCounts {
        try store.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT coalesce(sum(helpful), 0) AS yes, coalesce(sum(1 - helpful), 0) AS no
                FROM knowledge_feedback JOIN knowledge_entry ON knowledge_entry.id = entry_id WHERE external_id = ?
                """, arguments: [externalID])
            return KnowledgeFeedbackCounts(helpful: row?["yes"] ?? 0, notHelpful: row?["no"] ?? 0)
        }
    }
}
