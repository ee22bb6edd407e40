import Foundation
import GRDB

/// Migration v12: the event log and its companions in less space (issue 4: a year at one
/// million orders in under 2 GB).
///
/// - Hashes are stored as 32-byte blobs instead of 64 hex characters, and `prev_hash`
///   gives way to `prev_tag`, its first four bytes (see `AuditChain`). Stored values are
///   converted, not recomputed: every hash and every anchor stays what it was.
/// - The event indexes by time and by type and time go: the reports read the report
///   facts (v8) now, and only approved and requested returns are still read from the
///   log by time, through two small partial indexes.
/// - Order indexes on columns that many orders leave empty index only the filled rows.
/// - Callback indexes that are the leading part of a wider one (v5, v8) go.
/// - The dispatch facts are kept in dispatch-time order without a rowid, so neither the
///   index by time nor the covering index by sign deadline is needed: a dispatch is due
///   to be signed within the sign look-back of its dispatch, and the reports read the
///   sign deadlines of a period along the dispatch times that can reach it.
enum CompactStorageSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER order_event_chain;
            DROP TRIGGER order_event_no_update;
            DROP INDEX order_event_on_type_at;
            DROP INDEX order_event_on_at;
            ALTER TABLE order_event ADD COLUMN prev_tag BLOB;
            ALTER TABLE order_event ADD COLUMN hash_bytes BLOB;
            """)
        try convertStoredHashes(db)
        try db.execute(sql: """
            ALTER TABLE order_event DROP COLUMN prev_hash;
            ALTER TABLE order_event DROP COLUMN hash;
            ALTER TABLE order_event RENAME COLUMN hash_bytes TO hash;
            CREATE TRIGGER order_event_no_update BEFORE UPDATE ON order_event
            BEGIN SELECT RAISE(ABORT, '工单事件只能追加，不能修改'); END;
            CREATE TRIGGER order_event_chain BEFORE INSERT ON order_event
            WHEN NEW.id IS NOT (SELECT coalesce(max(id), 0) + 1 FROM order_event)
              OR NEW.prev_tag IS NOT (SELECT coalesce((SELECT substr(hash, 1, \(AuditChain.tagLength)) FROM order_event
                                                       ORDER BY id DESC LIMIT 1), zeroblob(\(AuditChain.tagLength))))
              OR typeof(NEW.hash) IS NOT 'blob' OR length(NEW.hash) != \(AuditChain.hashLength)
            BEGIN SELECT RAISE(ABORT, '工单事件须接续审计链（id、prev_tag、hash）'); END;
            CREATE INDEX order_event_return_requests ON order_event(at) WHERE type = 'return_requested';
            CREATE INDEX order_event_return_approvals ON order_event(at) WHERE type = 'return_approved';
            DROP INDEX work_order_on_merged_into_id;
            CREATE INDEX work_order_on_merged_into_id ON work_order(merged_into_id) WHERE merged_into_id IS NOT NULL;
            DROP INDEX work_order_on_call_id;
            CREATE INDEX work_order_on_call_id ON work_order(call_id) WHERE call_id IS NOT NULL;
            DROP INDEX work_order_on_enterprise_uscc;
            CREATE INDEX work_order_on_enterprise_uscc ON work_order(enterprise_uscc) WHERE enterprise_uscc IS NOT NULL;
            DROP INDEX callback_on_order_id;
            DROP INDEX callback_on_at;
            """)
        try rebuildDispatchFacts(db)
    }

    /// The triggers that keep `report_dispatch` name it in their bodies; with the legacy
    /// rename they are neither rewritten nor checked while the old table is gone, and
    /// name the new one once it takes the name.
    private static func rebuildDispatchFacts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE report_dispatch_v12 (
              dispatched_at TEXT NOT NULL,
              event_id INTEGER NOT NULL,
              order_id INTEGER NOT NULL,
              sequence INTEGER NOT NULL,
              department_id INTEGER,
              sign_due TEXT,
              end_type TEXT,
              end_at TEXT,
              end_late INTEGER,
              PRIMARY KEY (dispatched_at, event_id)
            ) WITHOUT ROWID;
            INSERT INTO report_dispatch_v12(dispatched_at, event_id, order_id, sequence, department_id, sign_due,
                                            end_type, end_at, end_late)
              SELECT dispatched_at, event_id, order_id, sequence, department_id, sign_due, end_type, end_at, end_late
              FROM report_dispatch;
            PRAGMA legacy_alter_table = ON;
            DROP TABLE report_dispatch;
            ALTER TABLE report_dispatch_v12 RENAME TO report_dispatch;
            PRAGMA legacy_alter_table = OFF;
            CREATE INDEX report_dispatch_open ON report_dispatch(order_id) WHERE end_type IS NULL;
            """)
    }

    /// Hex text to bytes, through a function this migration alone registers (SQLite
    /// before 3.41 has no `unhex`).
    private static func convertStoredHashes(_ db: Database) throws {
        let unhex = DatabaseFunction("hotline_unhex", argumentCount: 1, pure: true) { values in
            guard let text = String.fromDatabaseValue(values[0]) else { return nil }
            return AuditChain.bytes(hex: text)
        }
        db.add(function: unhex)
        defer { db.remove(function: unhex) }
        try db.execute(sql: """
            UPDATE order_event SET hash_bytes = hotline_unhex(hash),
                                   prev_tag = hotline_unhex(substr(prev_hash, 1, \(2 * AuditChain.tagLength)))
            """)
    }
}
