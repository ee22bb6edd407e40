import Foundation
import GRDB

/// Writes an import's entries and revisions with prepared statements, one pass over the
/// rows. New entries are written `batchSize` at a time, each batch one INSERT of many rows
/// into the entries and one into the revisions: a statement's own work (the
/// AUTOINCREMENT counter read and written back, the tables and indexes opened) is paid
/// once per batch instead of once per row. A large import of new entries goes without the
/// per-row staleness trigger: the search index is saved or rebuilt whole at the end
/// instead.
struct KnowledgeBulkWriter {
    let db: Database
    let changedAt: String
    let changedBy: String
    /// External id → row id of the entries already stored; `pending` for an entry of
    /// the batch not yet written.
    private var existing: [String: Int64] = [:]
    static let pending: Int64 = -1
    private let insertRevision: RawStatement
    /// Statements inserting n entries (and n first revisions), by n.
    private var entryStatements: [Int: RawStatement] = [:]
    private var revisionStatements: [Int: RawStatement] = [:]
    /// The batch: entries waiting to be written, their keyword lists and snapshots as
    /// ranges of shared byte buffers.
    private var batch: [KnowledgeEntry] = []
    private var keywordBytes: [UInt8] = []
    private var keywordRanges: [Range<Int>] = []
    private var snapshotBytes: [UInt8] = []
    private var snapshotRanges: [Range<Int>] = []
    /// The row id the next new entry is expected to get, and whether every entry got
    /// the id it was expected to (the reading thread's index assumes so).
    private var nextRowID: Int64
    private(set) var rowIDsAsExpected = true
    /// Reused for a revision written on its own.
    private var snapshot: [UInt8] = []
    /// The insert trigger (search index staleness) dropped for a bulk load.
    private var droppedTriggers: [String] = []
    private var bulk = false

    /// Below this many new rows the trigger's per-row cost does not matter.
    static let bulkIndexThreshold = 1_000
    static let bulkTriggers = ["knowledge_search_stale_ai"]
    static let batchSize = 32

    init(db: Database, changedAt: Date, changedBy: String, expectedNewRows: Int, firstRowID: Int64) throws {
        self.db = db
        // GRDB's text form of a date, bound as text by the raw statements.
        self.changedAt = String.fromDatabaseValue(changedAt.databaseValue) ?? ""
        self.changedBy = changedBy
        self.nextRowID = firstRowID
        let rows = try Row.fetchCursor(db, sql: "SELECT external_id, id FROM knowledge_entry")
        while let row = try rows.next() { existing[row[0]] = row[1] }
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

    /// The row id of a stored entry, `pending` for one of the batch, nil if unknown.
    func existingID(_ externalID: String) -> Int64? { existing[externalID] }

    var storedCount: Int { existing.count }

    /// Adds a new entry at revision 1 with its first revision to the batch, written when
    /// the batch fills or on `flush`; the row id it is expected to get. The first
    /// revision leaves its snapshot to the entry's row, which holds the same content
    /// until the entry changes (see `KnowledgeRevisionSchema`), unless its keywords or
    /// text are of the rare kind the trigger could not write back exactly.
    mutating func insert(_ entry: KnowledgeEntry) throws -> Int64 {
        let start = keywordBytes.count
        for (index, keyword) in entry.keywords.enumerated() {
            if index > 0 { keywordBytes.append(0x0A) }
            keywordBytes.append(contentsOf: keyword.utf8)
        }
        keywordRanges.append(start..<keywordBytes.count)
        let snapshotStart = snapshotBytes.count
        let content = entry.content
        if !KnowledgeRevision.canLeaveSnapshotToEntry(content) {
            KnowledgeContent.appendSnapshotJSON(content, to: &snapshotBytes)
        }
        snapshotRanges.append(snapshotStart..<snapshotBytes.count)
        batch.append(entry)
        existing[entry.externalID] = Self.pending
        let expected = nextRowID
        nextRowID += 1
        if batch.count == Self.batchSize { try flush() }
        return expected
    }

    /// Writes the batch: the entries in one statement, then their first revisions.
    mutating func flush() throws {
        let count = batch.count
        guard count > 0 else { return }
        let entries = try entryStatement(rows: count)
        let revisions = try revisionStatement(rows: count)
        let expectedFirst = nextRowID - Int64(count)
        try keywordBytes.withUnsafeBufferPointer { keywordBuffer in
            for (row, entry) in batch.enumerated() {
                let base = Int32(row * 13)
                entries.bind(base + 1, entry.externalID)
                entries.bind(base + 2, entry.departmentID)
                entries.bind(base + 3, entry.category)
                entries.bind(base + 4, entry.question)
                entries.bind(base + 5, entry.answer)
                entries.bind(base + 6, utf8: UnsafeBufferPointer(rebasing: keywordBuffer[keywordRanges[row]]))
                entries.bind(base + 7, entry.source)
                entries.bind(base + 8, entry.effectiveFrom)
                entries.bind(base + 9, entry.effectiveTo)
                entries.bind(base + 10, entry.status.rawValue)
                entries.bind(base + 11, entry.isSample)
                entries.bind(base + 12, changedAt)
                entries.bind(base + 13, changedBy)
            }
            try entries.run()
        }
        // The rows of one INSERT of an AUTOINCREMENT table get consecutive row ids.
        let first = db.lastInsertedRowID - Int64(count) + 1
        if first != expectedFirst {
            rowIDsAsExpected = false
            nextRowID = first + Int64(count)
        }
        try snapshotBytes.withUnsafeBufferPointer { snapshotBuffer in
            for (row, entry) in batch.enumerated() {
                let id = first + Int64(row)
                existing[entry.externalID] = id
                let base = Int32(row * 7)
                revisions.bind(base + 1, id)
                revisions.bind(base + 2, Int64(1))
                revisions.bind(base + 3, changedAt)
                revisions.bind(base + 4, changedBy)
                revisions.bind(base + 5, "import")
                revisions.bind(base + 6, "")
                revisions.bind(base + 7, utf8: UnsafeBufferPointer(rebasing: snapshotBuffer[snapshotRanges[row]]))
            }
            try revisions.run()
        }
        batch.removeAll(keepingCapacity: true)
        keywordBytes.removeAll(keepingCapacity: true)
        keywordRanges.removeAll(keepingCapacity: true)
        snapshotBytes.removeAll(keepingCapacity: true)
        snapshotRanges.removeAll(keepingCapacity: true)
    }

    private mutating func entryStatement(rows: Int) throws -> RawStatement {
        if let known = entryStatements[rows] { return known }
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)", count: rows).joined(separator: ", ")
        let statement = RawStatement(try db.makeStatement(sql: """
            INSERT INTO knowledge_entry (external_id, department_id, category, question, answer, keywords, source,
                effective_from, effective_to, status, revision, is_sample, updated_at, updated_by)
            VALUES \(values)
            """), db: db)
        entryStatements[rows] = statement
        return statement
    }

    private mutating func revisionStatement(rows: Int) throws -> RawStatement {
        if let known = revisionStatements[rows] { return known }
        let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
        let statement = RawStatement(try db.makeStatement(sql: """
            INSERT INTO knowledge_revision (entry_id, revision, changed_at, changed_by, change, changed_fields, snapshot)
            VALUES \(values)
            """), db: db)
        revisionStatements[rows] = statement
        return statement
    }

    /// Writes a revision on its own (an update of a stored entry); the batch goes first,
    /// so revisions keep the order of the rows.
    mutating func addRevision(entryID: Int64, revision: Int, change: String, changedFields: [String],
                              content: KnowledgeContent) throws {
        try flush()
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

    /// Writes what is left of the batch and puts the insert trigger back. Whether the
    /// search index must be rebuilt: the bulk load bypassed the trigger that marks new
    /// entries.
    mutating func finish() throws -> Bool {
        try flush()
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
