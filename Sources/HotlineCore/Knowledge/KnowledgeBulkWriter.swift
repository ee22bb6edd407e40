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
    /// Reused from row to row: the snapshot's and the keyword list's bytes.
    private var snapshot: [UInt8] = []
    private var keywordBytes: [UInt8] = []
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
        keywordBytes.removeAll(keepingCapacity: true)
        for (index, keyword) in entry.keywords.enumerated() {
            if index > 0 { keywordBytes.append(0x0A) }
            keywordBytes.append(contentsOf: keyword.utf8)
        }
        keywordBytes.withUnsafeBufferPointer { s.bind(6, utf8: $0) }
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

    mutating func addRevision(entryID: Int64, revision: Int, change: String, changedFields: [String],
                              content: KnowledgeContent) throws {
        let s = insertRevision
        s.bind(1, entryID)
        s.bind(2, Int64(revision))
        s.bind(3, changedAt)
        s.bind(4, changedBy)
        s.bind(5, change)
        s.bind(6, changedFields.joined(separator: ","))
        snapshot.removeAll(keepingCapacity: true)
        KnowledgeContent.appendSnapshotJSON(content, to: &snapshot)
        try snapshot.withUnsafeBufferPointer { bytes in
            s.bind(7, utf8: bytes)
            try s.run()
        }
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
        var bytes: [UInt8] = []
        appendSnapshotJSON(content, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The snapshot's UTF-8 bytes appended to a buffer an import reuses row after row.
    static func appendSnapshotJSON(_ content: KnowledgeContent, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + content.answer.utf8.count + content.question.utf8.count + 256)
        func raw(_ text: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
        func string(_ value: String) { appendJSONString(value, to: &out) }
        raw("{\"answer\":"); string(content.answer)
        raw(",\"category\":"); string(content.category)
        raw(",\"department\":"); out.append(contentsOf: String(content.department).utf8)
        if let from = content.effectiveFrom { raw(",\"effectiveFrom\":"); string(from) }
        if let to = content.effectiveTo { raw(",\"effectiveTo\":"); string(to) }
        raw(",\"keywords\":[")
        for (index, keyword) in content.keywords.enumerated() {
            if index > 0 { out.append(0x2C) }
            string(keyword)
        }
        raw("],\"question\":"); string(content.question)
        raw(",\"source\":"); string(content.source)
        raw(",\"status\":"); string(content.status)
        out.append(0x7D)
    }

    /// A string as a JSON literal, quotes included.
    static func jsonString(_ value: String) -> String {
        var out: [UInt8] = []
        appendJSONString(value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON string literal, byte by byte: escapes are all ASCII, and every byte of a
    /// multi-byte character is 0x80 or above, so the bytes of valid UTF-8 are copied as
    /// they are.
    private static func appendJSONString(_ value: String, to out: inout [UInt8]) {
        out.append(0x22)
        var copy = value
        copy.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                start = index + 1
                out.append(0x5C)
                switch byte {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x08: out.append(0x62)
                case 0x0C: out.append(0x66)
                case 0x0A: out.append(0x6E)
                case 0x0D: out.append(0x72)
                case 0x09: out.append(0x74)
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: [0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        out.append(0x22)
    }
}
