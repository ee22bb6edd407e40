import GRDB

/// Migration v4: the tamper-evident chain over the order event log (issue 7).
enum AuditSchema {
    static func create(_ db: Database) throws {
    }
}
