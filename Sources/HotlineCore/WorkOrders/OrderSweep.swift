import Foundation
import GRDB

/// What one sweep found.
public struct SweepSummary: Sendable, Equatable {
    public var at: Date
    /// Orders newly past their sign deadline, by number.
    public var signOverdue: [String]
    /// Orders newly past their answer deadline, by number.
    public var answerOverdue: [String]
    /// Open orders already flagged overdue when this sweep began.
    public var alreadyOverdue: Int
}

/// The overdue sweep (`hotline sweep`, from cron every minute). Each order is flagged
/// once, with one event, by whichever sweep gets there first; the flag check inside the
/// UPDATE makes concurrent sweeps harmless. Work goes in short transactions so desks
/// writing at the same time wait milliseconds, not the length of the sweep. Flags do not
/// bump an order's version: a person holding the order has not been overtaken by anyone.
extension WorkOrders {
    static let sweepBatch = 500
    static let sweepActor = Actor(login: "sweep")

    public func sweep() throws -> SweepSummary {
        let now = self.now
        let already = try store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM work_order
                WHERE status IN ('dispatched', 'signed', 'rework') AND (sign_overdue = 1 OR answer_overdue = 1)
                """) ?? 0
        }
        return SweepSummary(at: now, signOverdue: try flag(.signOverdue, at: now),
                            answerOverdue: try flag(.answerOverdue, at: now), alreadyOverdue: already)
    }

    private func flag(_ type: OrderEventType, at now: Date) throws -> [String] {
        let (candidates, update): (String, String) = type == .signOverdue
            ? ("SELECT id FROM work_order WHERE status = 'dispatched' AND sign_overdue = 0 AND sign_due < ? ORDER BY sign_due LIMIT ?",
               "UPDATE work_order SET sign_overdue = 1 WHERE id = ? AND status = 'dispatched' AND sign_overdue = 0 AND sign_due < ?")
            : ("""
               SELECT id FROM work_order WHERE status IN ('dispatched', 'signed', 'rework') AND answer_overdue = 0
               AND answer_due < ? ORDER BY answer_due LIMIT ?
               """,
               """
               UPDATE work_order SET answer_overdue = 1 WHERE id = ? AND status IN ('dispatched', 'signed', 'rework')
               AND answer_overdue = 0 AND answer_due < ?
               """)
        var flagged: [String] = []
        while true {
            let batch: [String] = try store.write { db in
                let ids = try Int64.fetchAll(db, sql: candidates, arguments: [StoredInstant.value(now), Self.sweepBatch])
                var numbers: [String] = []
                for id in ids {
                    try db.execute(sql: update, arguments: [id, StoredInstant.value(now)])
                    guard db.changesCount == 1, let order = try WorkOrder.fetchOne(db, key: id) else { continue }
                    let due = type == .signOverdue ? order.signDue : order.answerDue
                    _ = try OrderLedger.append(type, payload: ["due": due.map(ShanghaiTime.format) ?? ""], to: order,
                                               actor: Self.sweepActor, at: now, in: db)
                    numbers.append(order.number)
                }
                return numbers
            }
            flagged += batch
            if batch.count < Self.sweepBatch { return flagged }
        }
    }
}
