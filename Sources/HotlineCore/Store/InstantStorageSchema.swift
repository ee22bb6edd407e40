import GRDB

/// Migration v14: the instants of the order domain stored as numbers (`StoredInstant`),
/// seconds since the Unix epoch to the millisecond, instead of 23 characters of text.
///
/// A year at a million orders holds some thirty million of them: ten per order row, one
/// per event, one per callback, and their copies in the report facts. As text they were
/// about a sixth of the file (issue 4: the year in under 2 GB).
///
/// - Orders, events, callbacks and the SMS round they key on are converted in place. An
///   event keeps its hash: the chain hashes an event's time as the text it was stored as
///   before (`AuditChain`), and the migration first checks that every event's text comes
///   back unchanged from its number; if one does not, nothing is converted.
/// - The report facts (v8) are rebuilt: their tables declared text columns, which would
///   turn numbers back into text, so they are made anew with numeric columns and filled
///   from the events and callbacks, as `report facts --rebuild` would.
enum InstantStorageSchema {
    static let orderInstants = ["dispatched_at", "sign_due", "answer_due", "return_due", "signed_at", "answered_at",
                                "accepted_at", "closed_at", "created_at", "updated_at"]

    static func create(_ db: Database) throws {
        try refuseUnconvertibleEventTimes(db)
        func converted(_ column: String) -> String { "\(column) = \(StoredInstant.sql(fromText: column))" }
        try db.execute(sql: """
            DROP TRIGGER order_event_no_update;
            DROP TRIGGER report_fact_callback_update;
            UPDATE work_order SET \(orderInstants.map(converted).joined(separator: ", "));
            UPDATE order_event SET \(converted("at"));
            UPDATE callback SET \(converted("at"));
            UPDATE sms_outbox SET \(converted("round_accepted_at"));
            CREATE TRIGGER order_event_no_update BEFORE UPDATE ON order_event
            BEGIN SELECT RAISE(ABORT, '工单事件只能追加，不能修改'); END;
            """)
        try remakeReportFacts(db)
        try refuseTextInstants(db)
    }

    /// A `Date` bound as an SQL argument is text, and text in these columns would sort
    /// after every number and fall out of every period: writes that carry one are refused.
    private static func refuseTextInstants(_ db: Database) throws {
        func guardTrigger(_ name: String, _ event: String, _ table: String, _ columns: [String]) -> String {
            """
            CREATE TRIGGER \(name) BEFORE \(event) ON \(table)
            WHEN \(columns.map { "typeof(NEW.\($0)) = 'text'" }.joined(separator: " OR "))
            BEGIN SELECT RAISE(ABORT, '\(table) 的时间须存为数值（StoredInstant），不能是文本'); END;
            """
        }
        let orderColumns = orderInstants.joined(separator: ", ")
        try db.execute(sql: [
            guardTrigger("work_order_instants_on_insert", "INSERT", "work_order", orderInstants),
            guardTrigger("work_order_instants_on_update", "UPDATE OF \(orderColumns)", "work_order", orderInstants),
            guardTrigger("order_event_instant", "INSERT", "order_event", ["at"]),
            guardTrigger("callback_instant_on_insert", "INSERT", "callback", ["at"]),
            guardTrigger("callback_instant_on_update", "UPDATE OF at", "callback", ["at"]),
            guardTrigger("sms_outbox_round_on_insert", "INSERT", "sms_outbox", ["round_accepted_at"]),
        ].joined(separator: "\n"))
    }

    /// The check that makes the conversion safe for the audit chain: each event's stored
    /// text is what its number gives back.
    private static func refuseUnconvertibleEventTimes(_ db: Database) throws {
        let number = StoredInstant.sql(fromText: "at")
        if let row = try Row.fetchOne(db, sql: """
            SELECT id, at FROM order_event
            WHERE typeof(at) = 'text' AND strftime('%Y-%m-%d %H:%M:%f', \(number), 'unixepoch') IS NOT at
            LIMIT 1
            """) {
            throw StoreError.eventTimeUnconvertible(eventID: row["id"], stored: row["at"])
        }
    }

    /// The v8 facts as they stand after v12 (dispatches by time without a rowid), with
    /// numeric time columns; the triggers that write them are unchanged but for the
    /// dispatch's sign deadline, now converted from the payload's ISO text.
    static func remakeReportFacts(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER report_fact_dispatch;
            DROP TRIGGER IF EXISTS report_fact_callback_update;
            DROP TABLE report_dispatch;
            DROP TABLE report_acceptance;
            DROP TABLE report_mark;
            DROP TABLE report_order;
            CREATE TABLE report_dispatch (
              dispatched_at DATETIME NOT NULL,
              event_id INTEGER NOT NULL,
              order_id INTEGER NOT NULL,
              sequence INTEGER NOT NULL,
              department_id INTEGER,
              sign_due DATETIME,
              end_type TEXT,
              end_at DATETIME,
              end_late INTEGER,
              PRIMARY KEY (dispatched_at, event_id)
            ) WITHOUT ROWID;
            CREATE INDEX report_dispatch_open ON report_dispatch(order_id) WHERE end_type IS NULL;

            \(ReportFactsSchema.perOrderTables(time: "DATETIME"))

            \(ReportFactsSchema.dispatchTrigger(signDue: StoredInstant.sql(fromText: "json_extract(NEW.payload, '$.sign_due')")))
            \(ReportFactsSchema.callbackUpdateTrigger)
            """)
        try ReportFacts.fill(ReportFacts.tables, db)
    }
}
