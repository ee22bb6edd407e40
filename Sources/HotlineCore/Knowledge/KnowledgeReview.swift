import Foundation
import GRDB

/// Refusals of the trainer's review: each says which entry and what to do instead.
public enum KnowledgeReviewError: HotlineFailure, Equatable {
    case notADraft(externalID: String, status: KnowledgeEntry.Status)
    case emptyReason
    case reasonTooLong(limit: Int)

    public var description: String {
        switch self {
        case .notADraft(let id, let status):
            return "知识条目 \(TextSafety.visible(id)) 当前为“\(status.label)”，不是草稿；只有草稿可以发布或退回"
        case .emptyReason:
            return "--reason: 退回草稿须写明理由，供原单位修改后重新提交"
        case .reasonTooLong(let limit):
            return "--reason: 退回理由超过 \(limit) 字"
        }
    }

    public var exitCode: ExitStatus { .badData }
}

/// A draft after review, with the revision that recorded it.
public struct KnowledgeReviewOutcome: Sendable, Equatable {
    public var entry: KnowledgeEntry
    public var revision: KnowledgeRevision
}

/// One entry as the trainer's list shows it (no answer text: the list stays light at
/// 100,000 entries; the answer is read when the entry is opened).
public struct KnowledgeListingRow: Sendable, Equatable {
    public var externalID: String
    public var department: String
    public var category: String
    public var question: String
    public var status: KnowledgeEntry.Status
    public var revision: Int
    public var updatedAt: Date
    public var updatedBy: String
}

/// The trainer's list: the entries matching the filters, and what the filters can be
/// set to (departments and categories that have entries), so the console cycles through
/// real values only.
public struct KnowledgeListing: Sendable, Equatable {
    public var rows: [KnowledgeListingRow]
    /// All matches, when `rows` was cut at the limit.
    public var total: Int
    public var departments: [String]
    /// Categories within the department filter (all departments when none).
    public var categories: [String]
    /// Drafts awaiting review across the whole base.
    public var draftCount: Int
}

extension KnowledgeRevision {
    /// The `change` a rejection writes: `reject: <reason>`, so `kb show` and the
    /// console print the reason with the revision without a schema change.
    static let rejectPrefix = "reject: "

    /// The reason given when this revision rejected a draft.
    public var rejectionReason: String? {
        change.hasPrefix(Self.rejectPrefix) ? String(change.dropFirst(Self.rejectPrefix.count)) : nil
    }
}

extension KnowledgeBase {
    public static let rejectReasonLimit = 500

    /// Publishes a draft: its status becomes published (search picks it up through the
    /// index triggers) and a new revision records who and when.
    public func publishDraft(externalID: String, identity: Identity) throws -> KnowledgeReviewOutcome {
        try identity.require(.trainer, .admin, for: "发布知识草稿")
        return try review(externalID: externalID, to: .published, change: "publish", identity: identity)
    }

    /// Rejects a draft: it is retired (kept, never searched) and the reason is written
    /// into the new revision, so the department sees why when it resubmits.
    public func rejectDraft(externalID: String, reason: String, identity: Identity) throws -> KnowledgeReviewOutcome {
        try identity.require(.trainer, .admin, for: "退回知识草稿")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: " ")
        guard !reason.isEmpty else { throw KnowledgeReviewError.emptyReason }
        guard reason.count <= Self.rejectReasonLimit else { throw KnowledgeReviewError.reasonTooLong(limit: Self.rejectReasonLimit) }
        return try review(externalID: externalID, to: .retired, change: KnowledgeRevision.rejectPrefix + reason,
                          identity: identity)
    }

    private func review(externalID: String, to status: KnowledgeEntry.Status, change: String,
                        identity: Identity) throws -> KnowledgeReviewOutcome {
        try store.write { db in
            try identity.confirmActive(in: db)
            guard var entry = try KnowledgeEntry.withExternalID(externalID).fetchOne(db) else {
                throw KnowledgeError.unknownEntry(externalID)
            }
            // Checked inside the transaction: two trainers pressing publish at once must
            // not both write a revision.
            guard entry.status == .draft else { throw KnowledgeReviewError.notADraft(externalID: externalID, status: entry.status) }
            entry.status = status
            entry.revision += 1
            entry.updatedAt = store.clock.now()
            entry.updatedBy = identity.actor.recorded
            try entry.update(db)
            var revision = try KnowledgeRevision(entry: entry, change: change, changedFields: ["status"])
            try revision.insert(db)
            // Search scores entries written since the index was built from their text;
            // past a few thousand that costs every search, so the index is rebuilt.
            try KnowledgeSearchIndex.refreshIfNeeded(in: db, threshold: KnowledgeSearchIndex.staleLimit)
            return KnowledgeReviewOutcome(entry: entry, revision: revision)
        }
    }

    /// The trainer's list, by department and category, drafts only when asked; external
    /// id order. Trainers and admins: the list includes drafts and retired entries,
    /// which searching never shows.
    public func listing(department: String? = nil, category: String? = nil, draftsOnly: Bool = false,
                        limit: Int = 500, identity: Identity) throws -> KnowledgeListing {
        try identity.require(.trainer, .admin, for: "浏览知识库（含草稿）")
        return try store.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let department { conditions.append("d.name = ?"); arguments += [department] }
            if let category { conditions.append("e.category = ?"); arguments += [category] }
            if draftsOnly { conditions.append("e.status = 'draft'") }
            let whereClause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
            let from = " FROM knowledge_entry e JOIN department d ON d.id = e.department_id"
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.external_id, d.name AS department_name, e.category, e.question, e.status, e.revision,
                       e.updated_at, e.updated_by
                """ + from + whereClause + " ORDER BY e.external_id LIMIT ?", arguments: arguments + [max(0, limit)])
            let total = try Int.fetchOne(db, sql: "SELECT count(*)" + from + whereClause, arguments: arguments) ?? 0
            let departments = try String.fetchAll(db, sql: "SELECT DISTINCT d.name" + from + " ORDER BY d.code")
            var categorySQL = "SELECT DISTINCT e.category" + from + " WHERE e.category <> ''"
            var categoryArguments: StatementArguments = []
            if let department { categorySQL += " AND d.name = ?"; categoryArguments += [department] }
            let categories = try String.fetchAll(db, sql: categorySQL + " ORDER BY e.category", arguments: categoryArguments)
            let drafts = try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry WHERE status = 'draft'") ?? 0
            return KnowledgeListing(
                rows: rows.map {
                    KnowledgeListingRow(externalID: $0["external_id"], department: $0["department_name"], category: $0["category"],
                                        question: $0["question"], status: KnowledgeEntry.Status(rawValue: $0["status"]) ?? .draft,
                                        revision: $0["revision"], updatedAt: $0["updated_at"], updatedBy: $0["updated_by"])
                },
                total: total, departments: departments, categories: categories, draftCount: drafts)
        }
    }
}
