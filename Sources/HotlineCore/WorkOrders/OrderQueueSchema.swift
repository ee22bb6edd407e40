import GRDB

/// Migration v9-queue-speed: what the console's queue needs to answer within a keystroke
/// at a million orders.
enum OrderQueueSchema {
    static func create(_ db: Database) throws {
        // The overdue filter: answered and awaiting-callback orders have no running
        // deadline, so through (status, next_due) finding the few flagged ones walked every
        // row of those states. Flagged orders are a small share; these partial indexes hold
        // only them, in the queue's order (next_due, then id, which SQLite appends).
        // Queries must repeat the WHERE term exactly (`overdueTerm`) for SQLite to use them.
        try db.execute(sql: """
            CREATE INDEX work_order_overdue ON work_order(status, next_due) WHERE \(overdueTerm);
            CREATE INDEX work_order_overdue_by_department ON work_order(department_id, status, next_due) WHERE \(overdueTerm);
            """)
        // Where the planner has statistics for the other indexes (a database someone ran
        // ANALYZE on), give it these two as well, or it would compare measured indexes with
        // guessed ones; analysing an index reads only that index.
        if try db.tableExists("sqlite_stat1") {
            try db.execute(sql: "ANALYZE work_order_overdue; ANALYZE work_order_overdue_by_department")
        }
        // The working calendar is cached per process by a stamp its changes renew.
        try CalendarRevision.create(db)
    }

    /// An order flagged overdue (signing or answering), as the partial indexes state it.
    static let overdueTerm = "(sign_overdue = 1 OR answer_overdue = 1)"
}
