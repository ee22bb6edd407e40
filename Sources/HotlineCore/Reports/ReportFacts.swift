import Foundation
import GRDB

/// One kind of report fact where the stored rows and a recomputation from the events and
/// callbacks disagree.
public struct ReportFactMismatch: Sendable, Equatable, CustomStringConvertible {
    public var table: String
    /// Rows stored that the events do not give.
    public var extra: Int
    /// Rows the events give that are not stored (or are stored differently).
    public var missing: Int
    /// Order numbers of some of the orders concerned.
    public var orders: [String]
    /// Some of the days concerned, for the daily counts.
    public var days: [String] = []

    public var description: String {
        let examples = !orders.isEmpty ? "（如工单 \(orders.joined(separator: "、"))）"
            : !days.isEmpty ? "（如 \(days.joined(separator: "、"))）" : ""
        return "报表事实 \(table) 与事件重算不符：多出 \(extra) 行，缺少或不同 \(missing) 行" + examples
            + "；可用 hotline report facts --rebuild 重建"
    }
}

/// The report facts (`ReportFactsSchema`) recomputed from the events and callbacks with
/// the definitions the reports used before the facts existed: each fact by its own
/// look-up into the event log. The triggers keep the facts one step at a time; this is
/// the independent recount they are checked against and rebuilt from.
public enum ReportFacts {
    struct Table {
        var name: String
        var columns: String
        var recompute: String
        /// Stored rows that carry no fact (an order row created by a step that set nothing
        /// yet, a day whose count went back to zero) are left out of the comparison.
        var carriesFacts = "1"
        /// The column that names a differing row: an order id, or a day for daily counts.
        var example = "order_id"
    }

    /// Every table of derived figures: the facts of migration v8 and the daily counts of v13.
    static var allTables: [Table] { tables + dailyTables }

    /// Calls and call records per local day (migration v13).
    static var dailyTables: [Table] {
        let callDay = DailyCountsSchema.localDay("received_at")
        let recordDay = DailyCountsSchema.localDay("offered_at")
        return [
            Table(name: "report_call_day", columns: "day, outcome, calls",
                  recompute: "SELECT \(callDay) AS day, outcome, count(*) AS calls FROM call GROUP BY 1, 2",
                  carriesFacts: "calls <> 0", example: "day"),
            Table(name: "report_cdr_day", columns: "day, queue, offered, answered, within15, within30, waited",
                  recompute: """
                    SELECT \(recordDay) AS day, queue, count(*) AS offered, sum(answered <> 0) AS answered,
                           sum(answered <> 0 AND wait_seconds <= 15) AS within15, sum(answered <> 0 AND wait_seconds <= 30) AS within30,
                           sum(CASE WHEN answered <> 0 THEN wait_seconds ELSE 0 END) AS waited
                    FROM cdr GROUP BY 1, 2
                    """,
                  carriesFacts: "offered <> 0", example: "day"),
        ]
    }

    static var tables: [Table] {
        let ends = ReportFactsSchema.dispatchEnds
        let late = "coalesce(json_extract(n.payload, '$.late'), 0)"
        return [
            Table(name: "report_dispatch",
                  columns: "event_id, order_id, sequence, dispatched_at, department_id, sign_due, end_type, end_at, end_late",
                  recompute: """
                    SELECT d.id AS event_id, d.order_id AS order_id, d.sequence AS sequence, d.at AS dispatched_at,
                           (SELECT p.id FROM department p WHERE p.code = json_extract(d.payload, '$.department')) AS department_id,
                           \(StoredInstant.sql(fromText: "json_extract(d.payload, '$.sign_due')")) AS sign_due,
                           n.type AS end_type, n.at AS end_at, CASE n.type WHEN 'signed' THEN \(late) END AS end_late
                    FROM order_event d
                    LEFT JOIN order_event n ON n.id = (
                      SELECT e.id FROM order_event e WHERE e.order_id = d.order_id AND e.sequence > d.sequence
                        AND e.type IN (\(ends)) ORDER BY e.sequence LIMIT 1)
                    WHERE d.type IN ('dispatched', 'reassigned')
                    """),
            Table(name: "report_acceptance",
                  columns: "accepted_at, order_id, sequence, answer_late, extended",
                  recompute: """
                    SELECT a.at AS accepted_at, a.order_id AS order_id, a.sequence AS sequence,
                           (SELECT \(late) FROM order_event n WHERE n.order_id = a.order_id AND n.sequence < a.sequence
                              AND n.type = 'answered' ORDER BY n.sequence DESC LIMIT 1) AS answer_late,
                           EXISTS (SELECT 1 FROM order_event n WHERE n.order_id = a.order_id AND n.sequence < a.sequence
                                   AND n.type = 'extension_approved') AS extended
                    FROM order_event a WHERE a.type = 'answer_accepted'
                    """),
            Table(name: "report_mark",
                  columns: "at, event_id, type, order_id",
                  recompute: """
                    SELECT e.at AS at, e.id AS event_id, e.type AS type, e.order_id AS order_id FROM order_event e
                    WHERE e.type IN ('sign_overdue', 'answer_overdue')
                       OR (e.type IN ('signed', 'answered') AND json_extract(e.payload, '$.late'))
                    """),
            Table(name: "report_order",
                  columns: """
                    order_id, sign_late, answer_late, accepted_answer_late, extended, reworked,
                    first_callback_id, first_at, first_result, final_callback_id, final_at, final_result
                    """,
                  recompute: """
                    SELECT x.order_id AS order_id,
                      (SELECT \(late) FROM order_event n WHERE n.order_id = x.order_id AND n.type = 'signed'
                       ORDER BY n.sequence DESC LIMIT 1) AS sign_late,
                      (SELECT \(late) FROM order_event n WHERE n.order_id = x.order_id AND n.type = 'answered'
                       ORDER BY n.sequence DESC LIMIT 1) AS answer_late,
                      (SELECT \(late) FROM order_event n WHERE n.order_id = x.order_id AND n.type = 'answered'
                         AND n.sequence < (SELECT max(a.sequence) FROM order_event a
                                           WHERE a.order_id = x.order_id AND a.type = 'answer_accepted')
                       ORDER BY n.sequence DESC LIMIT 1) AS accepted_answer_late,
                      EXISTS (SELECT 1 FROM order_event n WHERE n.order_id = x.order_id AND n.type = 'extension_approved') AS extended,
                      EXISTS (SELECT 1 FROM callback c WHERE c.order_id = x.order_id AND c.channel = 'manual'
                              AND c.result = 'unsatisfied' AND c.after_rework = 0) AS reworked,
                      f.id AS first_callback_id, f.at AS first_at, f.result AS first_result,
                      l.id AS final_callback_id, l.at AS final_at, l.result AS final_result
                    FROM (SELECT order_id FROM order_event
                          WHERE type IN ('signed', 'answered', 'answer_accepted', 'extension_approved')
                          UNION SELECT order_id FROM callback) x
                    LEFT JOIN callback f ON f.id = (SELECT c.id FROM callback c WHERE c.order_id = x.order_id
                                                     AND c.result <> 'unreachable' ORDER BY c.at, c.id LIMIT 1)
                    LEFT JOIN callback l ON l.id = (SELECT c.id FROM callback c WHERE c.order_id = x.order_id
                                                     AND c.result <> 'unreachable' ORDER BY c.at DESC, c.id DESC LIMIT 1)
                    """,
                  carriesFacts: """
                    sign_late IS NOT NULL OR answer_late IS NOT NULL OR accepted_answer_late IS NOT NULL OR extended <> 0
                    OR reworked <> 0 OR first_callback_id IS NOT NULL OR final_callback_id IS NOT NULL
                    """),
        ]
    }

    /// Writes the facts of every event and callback into the empty fact tables of v8 (the
    /// migration that made them calls this; later tables fill in their own migrations).
    static func fill(_ db: Database) throws { try fill(tables, db) }

    static func fill(_ tables: [Table], _ db: Database) throws {
        for table in tables {
            try db.execute(sql: "INSERT INTO \(table.name)(\(table.columns)) \(table.recompute)")
        }
    }

    /// Replaces every fact with its recomputation from the events and callbacks (admins),
    /// in one transaction. Returns the rows written per table.
    public static func rebuild(_ store: HotlineStore, identity: Identity) throws -> [String: Int] {
        try identity.require(.admin, for: "重建报表事实")
        return try store.write { db in
            try identity.confirmActive(in: db)
            try rebuild(db)
            return try Dictionary(uniqueKeysWithValues: allTables.map {
                ($0.name, try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0.name)") ?? 0)
            })
        }
    }

    static func rebuild(_ db: Database) throws {
        for table in allTables { try db.execute(sql: "DELETE FROM \(table.name)") }
        try fill(allTables, db)
    }

    /// Compares every fact table with its recomputation; one mismatch per table that
    /// differs. Read-only; as costly as a rebuild, twice over.
    public static func verify(in db: Database, examples: Int = 5) throws -> [ReportFactMismatch] {
        var found: [ReportFactMismatch] = []
        for table in allTables {
            let stored = "SELECT \(table.columns) FROM \(table.name) WHERE \(table.carriesFacts)"
            let recount = "SELECT \(table.columns) FROM (\(table.recompute)) WHERE \(table.carriesFacts)"
            let extra = try DatabaseValue.fetchAll(db, sql: "SELECT \(table.example) FROM (\(stored) EXCEPT \(recount))")
            let missing = try DatabaseValue.fetchAll(db, sql: "SELECT \(table.example) FROM (\(recount) EXCEPT \(stored))")
            guard !extra.isEmpty || !missing.isEmpty else { continue }
            var keys: [DatabaseValue] = []
            for key in extra + missing where !keys.contains(key) && keys.count < examples { keys.append(key) }
            var mismatch = ReportFactMismatch(table: table.name, extra: extra.count, missing: missing.count, orders: [])
            if table.example == "order_id" {
                mismatch.orders = try keys.compactMap { Int64.fromDatabaseValue($0) }.map { id in
                    try String.fetchOne(db, sql: "SELECT number FROM work_order WHERE id = ?", arguments: [id]) ?? "#\(id)"
                }
            } else {
                mismatch.days = keys.compactMap { String.fromDatabaseValue($0) }
            }
            found.append(mismatch)
        }
        return found
    }
}

extension ReportFacts {
    /// `hotline report facts`: compares the facts with a recount from the events (admins).
    public static func check(_ store: HotlineStore, identity: Identity) throws -> [ReportFactMismatch] {
        try identity.require(.admin, for: "核对报表事实")
        return try store.read { db in
            try identity.confirmActive(in: db)
            return try verify(in: db)
        }
    }
}
