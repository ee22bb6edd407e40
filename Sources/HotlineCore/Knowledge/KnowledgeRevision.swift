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
    /// The entry's content at this revision, as JSON.
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
}
