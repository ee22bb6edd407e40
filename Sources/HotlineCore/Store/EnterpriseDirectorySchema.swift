import GRDB

/// Migration v11: the enterprises that have called, one row each, for completing the name
/// on the intake form while the caller spells it. Counting the calls of every name that
/// matches what was typed would read millions of call rows for a common prefix such as
/// 如皋市; this table holds one row per enterprise, kept by triggers on `call` (a call is
/// recorded, then amended as the caller gives details), and filled from the calls already
/// stored when the migration runs.
enum EnterpriseDirectorySchema {
    static func create(_ db: Database) throws {
        try db.create(table: "known_enterprise") { t in
            t.primaryKey("name", .text)
            // The code most recently given with this name.
            t.column("uscc", .text).indexed()
            t.column("calls", .integer).notNull()
            t.column("last_call_at", .datetime).notNull()
        }
        // Covering: the completion walks it most called first and matches the names in it,
        // never visiting the table, so a fragment no enterprise has costs one index pass.
        try db.create(index: "known_enterprise_by_calls", on: "known_enterprise",
                      columns: ["calls", "last_call_at", "name", "uscc"])
        try db.execute(sql: """
            INSERT INTO known_enterprise(name, uscc, calls, last_call_at)
            SELECT enterprise_name,
                   (SELECT c2.enterprise_uscc FROM call c2
                     WHERE c2.enterprise_name = c.enterprise_name AND c2.enterprise_uscc IS NOT NULL
                     ORDER BY c2.received_at DESC, c2.id DESC LIMIT 1),
                   count(*), max(received_at)
            FROM call c WHERE enterprise_name IS NOT NULL AND enterprise_name <> ''
            GROUP BY enterprise_name;

            CREATE TRIGGER known_enterprise_on_call_insert
            AFTER INSERT ON call WHEN NEW.enterprise_name IS NOT NULL AND NEW.enterprise_name <> ''
            BEGIN
                \(countCall("NEW"))
            END;

            -- A name given (or corrected) on an amended call moves its count; a code given
            -- later under the same name becomes the name's code.
            CREATE TRIGGER known_enterprise_on_call_rename
            AFTER UPDATE OF enterprise_name ON call WHEN OLD.enterprise_name IS NOT NEW.enterprise_name
            BEGIN
                UPDATE known_enterprise SET calls = calls - 1 WHERE name = OLD.enterprise_name;
                DELETE FROM known_enterprise WHERE name = OLD.enterprise_name AND calls <= 0;
                \(countCall("NEW", when: "NEW.enterprise_name IS NOT NULL AND NEW.enterprise_name <> ''"))
            END;

            CREATE TRIGGER known_enterprise_on_call_code
            AFTER UPDATE OF enterprise_uscc ON call
            WHEN OLD.enterprise_name IS NEW.enterprise_name AND NEW.enterprise_uscc IS NOT NULL
            BEGIN
                UPDATE known_enterprise SET uscc = NEW.enterprise_uscc WHERE name = NEW.enterprise_name;
            END;
            """)
    }

    /// Counts the call `row` under its enterprise name, creating the name on its first call.
    private static func countCall(_ row: String, when condition: String = "1") -> String {
        """
        INSERT INTO known_enterprise(name, uscc, calls, last_call_at)
        SELECT \(row).enterprise_name, \(row).enterprise_uscc, 1, \(row).received_at WHERE \(condition)
        ON CONFLICT(name) DO UPDATE SET calls = calls + 1,
            uscc = coalesce(excluded.uscc, uscc),
            last_call_at = max(last_call_at, excluded.last_call_at);
        """
    }
}
