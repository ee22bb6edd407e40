import GRDB

/// Migration v13: calls and call records counted per local day, so a centre-wide KPI
/// adds up a month's thirty-odd rows instead of reading a quarter of a million index
/// entries twice (issue 6: one month's KPI within a second at 3,000,000 calls a year).
///
/// - `report_call_day`: calls received per Asia/Shanghai day and outcome. A call's
///   outcome changes as the agent concludes it; the triggers move the count with it.
/// - `report_cdr_day`: call detail records per day and queue: offered, answered, answered
///   within 15 s and 30 s, and the seconds answered calls waited.
///
/// Like the report facts (v8) they are derived data: `ReportFacts` recounts them from the
/// calls and records for `hotline check` and rebuilds them with the rest.
enum DailyCountsSchema {
    /// The local day of a stored UTC instant, as `YYYY-MM-DD`.
    static func localDay(_ column: String) -> String {
        "date(\(column), '+\(ShanghaiTime.offsetSeconds) seconds')"
    }

    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE report_call_day (
              day TEXT NOT NULL,
              outcome TEXT NOT NULL,
              calls INTEGER NOT NULL,
              PRIMARY KEY (day, outcome)
            ) WITHOUT ROWID;
            CREATE TABLE report_cdr_day (
              day TEXT NOT NULL,
              queue TEXT NOT NULL,
              offered INTEGER NOT NULL,
              answered INTEGER NOT NULL,
              within15 INTEGER NOT NULL,
              within30 INTEGER NOT NULL,
              waited INTEGER NOT NULL,
              PRIMARY KEY (day, queue)
            ) WITHOUT ROWID;
            -- The reports read calls by day through these now; the older index on the
            -- time alone is the leading part of the one with the outcome.
            DROP INDEX IF EXISTS call_on_received_at;
            """)
        try createTriggers(db)
        try ReportFacts.fill(ReportFacts.dailyTables, db)
    }

    private static func createTriggers(_ db: Database) throws {
        func callCount(_ row: String, _ delta: Int) -> String {
            """
            INSERT INTO report_call_day(day, outcome, calls) VALUES (\(localDay("\(row).received_at")), \(row).outcome, \(delta))
              ON CONFLICT(day, outcome) DO UPDATE SET calls = calls + excluded.calls;
            """
        }
        func recordCount(_ row: String, _ sign: String) -> String {
            """
            INSERT INTO report_cdr_day(day, queue, offered, answered, within15, within30, waited)
              VALUES (\(localDay("\(row).offered_at")), \(row).queue, \(sign)1, \(sign)(\(row).answered <> 0),
                      \(sign)(\(row).answered <> 0 AND \(row).wait_seconds <= 15), \(sign)(\(row).answered <> 0 AND \(row).wait_seconds <= 30),
                      \(sign)(CASE WHEN \(row).answered <> 0 THEN \(row).wait_seconds ELSE 0 END))
              ON CONFLICT(day, queue) DO UPDATE SET offered = offered + excluded.offered, answered = answered + excluded.answered,
                within15 = within15 + excluded.within15, within30 = within30 + excluded.within30, waited = waited + excluded.waited;
            """
        }
        try db.execute(sql: """
            CREATE TRIGGER report_call_day_insert AFTER INSERT ON call
            BEGIN \(callCount("NEW", 1)) END;
            CREATE TRIGGER report_call_day_update AFTER UPDATE OF received_at, outcome ON call
            WHEN OLD.received_at IS NOT NEW.received_at OR OLD.outcome IS NOT NEW.outcome
            BEGIN \(callCount("OLD", -1)) \(callCount("NEW", 1)) END;
            CREATE TRIGGER report_call_day_delete AFTER DELETE ON call
            BEGIN \(callCount("OLD", -1)) END;

            CREATE TRIGGER report_cdr_day_insert AFTER INSERT ON cdr
            BEGIN \(recordCount("NEW", "")) END;
            CREATE TRIGGER report_cdr_day_update AFTER UPDATE OF offered_at, queue, answered, wait_seconds ON cdr
            BEGIN \(recordCount("OLD", "-")) \(recordCount("NEW", "")) END;
            CREATE TRIGGER report_cdr_day_delete AFTER DELETE ON cdr
            BEGIN \(recordCount("OLD", "-")) END;
            """)
    }
}
