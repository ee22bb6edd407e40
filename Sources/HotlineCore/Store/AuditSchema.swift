import GRDB

/// Migration v4: the tamper-evident chain over the order event log (issue 7).
///
/// Every event carries `prev_hash` (the hash of the event before it in the whole log, by
/// id) and `hash` (SHA-256 over its canonical encoding and `prev_hash`; see `AuditChain`).
/// Events written before this migration are sealed here, in id order. A trigger refuses
/// an insert that does not continue the chain, so no code path can leave a hole in it by
/// accident; deliberate tampering is what `hotline audit verify` finds.
/// (v12 stores the hashes as bytes; this step writes them as the hex text of its time.)
enum AuditSchema {
    private static let genesisText = AuditChain.hex(AuditChain.genesis)

    static func create(_ db: Database) throws {
        try db.alter(table: "order_event") { t in
            t.add(column: "prev_hash", .text)
            t.add(column: "hash", .text)
        }
        try sealExisting(db)
        try db.execute(sql: """
            CREATE TRIGGER order_event_chain BEFORE INSERT ON order_event
            WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM order_event)
              OR NEW.prev_hash IS NOT (SELECT coalesce((SELECT hash FROM order_event ORDER BY id DESC LIMIT 1), '\(genesisText)'))
              OR NEW.hash IS NULL OR length(NEW.hash) != 64
            BEGIN SELECT RAISE(ABORT, '工单事件须接续审计链（id、prev_hash、hash）'); END;
            """)
    }

    /// Chains the events already stored. The append-only trigger is lifted for this one
    /// migration step and put back as it was.
    private static func sealExisting(_ db: Database) throws {
        guard try Int.fetchOne(db, sql: "SELECT count(*) FROM order_event") ?? 0 > 0 else { return }
        try db.execute(sql: "DROP TRIGGER order_event_no_update")
        let update = try db.makeStatement(sql: "UPDATE order_event SET prev_hash = ?, hash = ? WHERE id = ?")
        var previous = AuditChain.genesis
        let rows = try Row.fetchCursor(db, sql: "SELECT \(AuditChain.columnList) FROM order_event ORDER BY id")
        var sealed: [(Int64, String, String)] = []
        while let row = try rows.next() {
            let hash = AuditChain.hash(previous: previous, values: AuditChain.values(of: row))
            sealed.append((row["id"], AuditChain.hex(previous), AuditChain.hex(hash)))
            previous = hash
        }
        for (id, prev, hash) in sealed { try update.execute(arguments: [prev, hash, id]) }
        try db.execute(sql: """
            CREATE TRIGGER order_event_no_update BEFORE UPDATE ON order_event
            BEGIN SELECT RAISE(ABORT, '工单事件只能追加，不能修改'); END;
            """)
    }
}
