import Foundation
import GRDB

/// Writes an import's entries and revisions with prepared statements, one pass over the
/// rows. A large import of new entries goes without the per-row staleness trigger: the
/// search index is saved or rebuilt whole at the end instead.
struct KnowledgeBulkWriter {
    let db: Database
    let changedAt: String
    let changedBy: String
    /// External id → row id of the entries already stored.
    private var existing: [String: Int64] = [:]
    private let insertEntry: RawStatement
    private let insertRevision: RawStatement
    /// The insert trigger (search index staleness) dropped for a bulk load.
    private var droppedTriggers: [String] = []
    private var bulk = false

    /// Below this many new rows the trigger's per-row cost does not matter.
    static let bulkIndexThreshold = 1_000
    static let bulkTriggers = ["knowledge_search_stale_ai"]

    init(db: Database, changedAt: Date, changedBy: String, expectedNewRows: Int) throws {
        self.db = db
        // GRDB's text form of a date, bound as text by the raw statements.
        self.changedAt = String.fromDatabaseValue(changedAt.databaseValue) ?? ""
        self.changedBy = changedBy
        let rows = try Row.fetchCursor(db, sql: "SELECT external_id, id FROM knowledge_entry")
        while let row = try rows.next() { existing[row[0]] = row[1] }
        insertEntry = RawStatement(try db.makeStatement(sql: """
            INSERT INTO knowledge_entry (external_id, department_id, category, question, answer, keywords, source,
                effective_from, effective_to, status, revision, is_sample, updated_at, updated_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)
            """), db: db)
        insertRevision = RawStatement(try db.makeStatement(sql: """
            INSERT INTO knowledge_revision (entry_id, revision, changed_at, changed_by, change, changed_fields, snapshot)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """), db: db)
        if expectedNewRows >= Self.bulkIndexThreshold {
            // Dropped inside the import's transaction and put back before it commits, so
            // no other connection ever sees the table without them.
            for name in Self.bulkTriggers {
                guard let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                                    arguments: [name]) else { continue }
                try db.execute(sql: "DROP TRIGGER \(name.quotedDatabaseIdentifier)")
                droppedTriggers.append(sql)
            }
            bulk = true
        }
    }

    func existingID(_ externalID: String) -> Int64? { existing[externalID] }

    var storedCount: Int { existing.count }

    /// Inserts a new entry at revision 1 with its first revision.
    mutating func insert(_ entry: KnowledgeEntry) throws -> Int64 {
        let s = insertEntry
        s.bind(1, entry.externalID)
        s.bind(2, entry.departmentID)
        s.bind(3, entry.category)
        s.bind(4, entry.question)
        s.bind(5, entry.answer)
        s.bind(6, KnowledgeEntry.joinKeywords(entry.keywords))
        s.bind(7, entry.source)
        s.bind(8, entry.effectiveFrom)
        s.bind(9, entry.effectiveTo)
        s.bind(10, entry.status.rawValue)
        s.bind(11, entry.isSample)
        s.bind(12, changedAt)
        s.bind(13, changedBy)
        try s.run()
        let id = db.lastInsertedRowID
        existing[entry.externalID] = id
        try addRevision(entryID: id, revision: 1, change: "import", changedFields: [], content: entry.content)
        return id
    }

    func addRevision(entryID: Int64, revision: Int, change: String, changedFields: [String],
                     content: KnowledgeContent) throws {
        let s = insertRevision
        s.bind(1, entryID)
        s.bind(2, Int64(revision))
        s.bind(3, changedAt)
        s.bind(4, changedBy)
        s.bind(5, change)
        s.bind(6, changedFields.joined(separator: ","))
        s.bind(7, KnowledgeContent.snapshotJSON(content))
        try s.run()
    }

    /// Puts the insert trigger back. Whether the search index must be rebuilt: the
    /// bulk load bypassed the trigger that marks new entries.
    func finish() throws -> Bool {
        guard bulk else { return false }
        for sql in droppedTriggers { try db.execute(sql: sql) }
        return true
    }
}

extension KnowledgeContent {
    /// The revision snapshot: the same bytes `JSONEncoder` writes with sorted keys and
    /// unescaped slashes, without its per-call set-up, which dominated large imports.
    static func snapshotJSON(_ content: KnowledgeContent) -> String {
        var out = "{"
        out.reserveCapacity(content.answer.utf8.count + content.question.utf8.count + 256)
        func key(_ name: String) { out += "\"" + name + "\":" }
        func string(_ value: String) { appendJSONString(value, to: &out) }
        key("answer"); string(content.answer); out += ","
        key("category"); string(content.category); out += ","
        key("department"); out += String(content.department); out += ","
        if let from = content.effectiveFrom { key("effectiveFrom"); string(from); out += "," }
        if let to = content.effectiveTo { key("effectiveTo"); string(to); out += "," }
        key("keywords"); out += "["
        for (index, keyword) in content.keywords.enumerated() {
            if index > 0 { out += "," }
            string(keyword)
        }
        out += "],"
        key("question"); string(content.question); out += ","
        key("source"); string(content.source); out += ","
        key("status"); string(content.status)
        out += "}"
        return out
    }

    /// A string as a JSON literal, quotes included.
    static func jsonString(_ value: String) -> String {
        var out = ""
        appendJSONString(value, to: &out)
        return out
    }

    private static func appendJSONString(_ value: String, to out: inout String) {
        out += "\""
        var copy = value
        let plain = copy.withUTF8 { bytes in !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } }
        if plain {
            out += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar.value {
                case 0x22: out += "\\\""
                case 0x5C: out += "\\\\"
                case 0x08: out += "\\b"
                case 0x0C: out += "\\f"
                case 0x0A: out += "\\n"
                case 0x0D: out += "\\r"
                case 0x09: out += "\\t"
                case 0..<0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
