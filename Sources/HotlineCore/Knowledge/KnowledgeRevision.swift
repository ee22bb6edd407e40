import Foundation
import GRDB

/// One revision of an entry: its content as written, who wrote it, when and what changed.
/// Revisions are only ever added, so every earlier state of an entry stays readable.
public struct KnowledgeRevision: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "knowledge_revision"

    public var id: Int64?
    public var entryID: Int64
    public var revision: Int
    public var changedAt: Date
    public var changedBy: String
    /// import, edit, publish, retire, promote …
    public var change: String
    public var changedFields: [String]
    /// The entry's content at this revision, as JSON. Stored empty while the entry is
    /// still at this revision and its row holds the same content (an imported entry's
    /// first revision, see `KnowledgeRevisionSchema`); `KnowledgeBase.detail` and
    /// `completingSnapshot(from:)` give it back in full.
    public var snapshot: String

    public init(row: Row) throws {
        id = row["id"]
        entryID = row["entry_id"]
        revision = row["revision"]
        changedAt = row["changed_at"]
        changedBy = row["changed_by"]
        change = row["change"]
        changedFields = (row["changed_fields"] as String).split(separator: ",").map(String.init)
        snapshot = row["snapshot"]
    }

    init(entry: KnowledgeEntry, change: String, changedFields: [String]) throws {
        id = nil
        entryID = entry.id!
        revision = entry.revision
        changedAt = entry.updatedAt
        changedBy = entry.updatedBy
        self.change = change
        self.changedFields = changedFields
        snapshot = KnowledgeContent.snapshotJSON(entry.content)
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["entry_id"] = entryID
        container["revision"] = revision
        container["changed_at"] = changedAt
        container["changed_by"] = changedBy
        container["change"] = change
        container["changed_fields"] = changedFields.joined(separator: ",")
        container["snapshot"] = snapshot
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// This revision with its snapshot in full: a snapshot stored empty is the content
    /// of the entry, which is still at this revision (a trigger writes the snapshot out
    /// before the entry changes).
    public func completingSnapshot(from entry: KnowledgeEntry) -> KnowledgeRevision {
        guard snapshot.isEmpty, entryID == entry.id, revision == entry.revision else { return self }
        var complete = self
        complete.snapshot = KnowledgeContent.snapshotJSON(entry.content)
        return complete
    }

    /// Whether the trigger of `KnowledgeRevisionSchema` writes exactly the snapshot of
    /// this content: no keyword empty (the stored list drops empty lines) or holding a
    /// backslash or a control character (the trigger splits the quoted list at its
    /// `\n`), and no NUL in any text (SQLite's `json_quote` stops at one).
    static func canLeaveSnapshotToEntry(_ content: KnowledgeContent) -> Bool {
        for keyword in content.keywords {
            if keyword.isEmpty { return false }
            for byte in keyword.utf8 where byte < 0x20 || byte == 0x5C { return false }
        }
        func holdsNUL(_ text: String) -> Bool {
            if let found = text.utf8.withContiguousStorageIfAvailable({ !$0.isEmpty && memchr($0.baseAddress!, 0, $0.count) != nil }) {
                return found
            }
            return text.utf8.contains(0)
        }
        return !holdsNUL(content.answer) && !holdsNUL(content.question) && !holdsNUL(content.category)
            && !holdsNUL(content.source) && !holdsNUL(content.effectiveFrom ?? "") && !holdsNUL(content.effectiveTo ?? "")
    }
}
