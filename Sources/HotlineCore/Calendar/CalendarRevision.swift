import GRDB

/// A stamp that changes whenever the stored calendar does (holiday days or working
/// hours), written by triggers, so every process can tell in one primary-key read
/// whether the calendar it built earlier is still the stored one — whoever changed it.
///
/// The stamp is random rather than a counter: two databases (a test's, a restored copy
/// changed since) never share a stamp unless they share the calendar it stands for, so
/// one process-wide cache can serve every store it opens.
enum CalendarRevision {
    static let settingKey = "calendar_revision"

    private static let newStamp = "lower(hex(randomblob(8)))"

    /// The current stamp; nil on a database from before the stamp existed (the caller
    /// then builds the calendar without caching it).
    static func stamp(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [settingKey])
    }

    /// Part of migration v9-queue-speed: the first stamp and the triggers that renew it.
    static func create(_ db: Database) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, \(newStamp))", arguments: [settingKey])
        for table in ["calendar_day", "working_interval"] {
            for change in ["INSERT", "UPDATE", "DELETE"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_revision_on_\(change.lowercased()) AFTER \(change) ON \(table)
                    BEGIN UPDATE setting SET value = \(newStamp) WHERE key = '\(settingKey)'; END
                    """)
            }
        }
    }
}
