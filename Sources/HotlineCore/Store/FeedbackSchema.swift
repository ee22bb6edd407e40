import GRDB

/// Migration v7: agents' helpful / not helpful marks on the entries they used, for the
/// trainers who keep the base alive (第十二条 动态积累、持续利用).
enum FeedbackSchema {
    static func create(_ db: Database) throws {
        try db.create(table: "knowledge_feedback") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("entry_id", .integer).notNull().indexed().references("knowledge_entry", onDelete: .cascade)
            t.column("helpful", .boolean).notNull()
            t.column("query", .text).notNull().defaults(to: "")
            t.column("given_at", .datetime).notNull()
            t.column("given_by", .text).notNull()
        }
    }
}
