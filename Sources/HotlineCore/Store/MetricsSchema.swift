import GRDB

/// Migration v5: what the service metrics and reports need (issue 6).
enum MetricsSchema {
    static func create(_ db: Database) throws {
    }
}
