import GRDB

/// The schema, as an ordered list of migrations. A migration, once released, is never
/// edited: later changes come as new migrations appended here.
enum HotlineMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation", migrate: foundation)
        migrator.registerMigration("v2-calendar", migrate: calendar)
        migrator.registerMigration("v3-workorders", migrate: WorkOrderSchema.create)
        migrator.registerMigration("v4-audit-chain", migrate: AuditSchema.create)
        migrator.registerMigration("v5-service-metrics", migrate: MetricsSchema.create)
        migrator.registerMigration("v6-knowledge-speed", migrate: KnowledgeSearchSchema.create)
        migrator.registerMigration("v7-knowledge-feedback", migrate: FeedbackSchema.create)
        migrator.registerMigration("v8-report-facts", migrate: ReportFactsSchema.create)
        migrator.registerMigration("v9-queue-speed", migrate: OrderQueueSchema.create)
        migrator.registerMigration("v10-knowledge-postings", migrate: KnowledgePostingsSchema.create)
        migrator.registerMigration("v11-enterprise-directory", migrate: EnterpriseDirectorySchema.create)
        migrator.registerMigration("v12-compact-storage", migrate: CompactStorageSchema.create)
        migrator.registerMigration("v13-daily-counts", migrate: DailyCountsSchema.create)
        migrator.registerMigration("v14-numeric-instants", migrate: InstantStorageSchema.create)
        migrator.registerMigration("v15-knowledge-first-revisions", migrate: KnowledgeRevisionSchema.create)
        return migrator
    }

    /// Departments, accounts, the knowledge base with its revisions and index, synonyms,
    /// the pinyin term dictionary and the search log.
    private static func foundation(_ db: Database) throws {
        try db.create(table: "setting") { t in
            t.primaryKey("key", .text)
            t.column("value", .text).notNull()
        }
        try db.create(table: "department") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("code", .text).notNull().unique()
            t.column("name", .text).notNull().unique()
            t.column("kind", .text).notNull().defaults(to: "city")
                .check { ["city", "town"].contains($0) }
            t.column("is_sample", .boolean).notNull().defaults(to: false)
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "account") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("login", .text).notNull().unique()
            t.column("name", .text).notNull()
            t.column("role", .text).notNull()
                .check { ["agent", "lead", "trainer", "department", "admin"].contains($0) }
            t.column("department_id", .integer).indexed().references("department", onDelete: .restrict)
            t.column("os_user", .text).unique()
            t.column("active", .boolean).notNull().defaults(to: true)
            t.column("created_at", .datetime).notNull()
        }
        try db.create(table: "knowledge_entry") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("external_id", .text).notNull().unique()
            t.column("department_id", .integer).notNull().indexed().references("department", onDelete: .restrict)
            t.column("category", .text).notNull().defaults(to: "")
            t.column("question", .text).notNull()
            t.column("answer", .text).notNull()
            t.column("keywords", .text).notNull().defaults(to: "")
            t.column("source", .text).notNull().defaults(to: "")
            t.column("effective_from", .text)
            t.column("effective_to", .text)
            t.column("status", .text).notNull()
                .check { ["draft", "published", "retired"].contains($0) }
            t.column("revision", .integer).notNull().defaults(to: 1)
            t.column("is_sample", .boolean).notNull().defaults(to: false)
            t.column("updated_at", .datetime).notNull()
            t.column("updated_by", .text).notNull()
        }
        try db.create(index: "knowledge_entry_on_status", on: "knowledge_entry", columns: ["status", "department_id"])
        try db.create(table: "knowledge_revision") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("entry_id", .integer).notNull().references("knowledge_entry", onDelete: .cascade)
            t.column("revision", .integer).notNull()
            t.column("changed_at", .datetime).notNull()
            t.column("changed_by", .text).notNull()
            t.column("change", .text).notNull()
            t.column("changed_fields", .text).notNull().defaults(to: "")
            t.column("snapshot", .text).notNull()
            t.uniqueKey(["entry_id", "revision"])
        }
        // External-content FTS5 index over the entries, kept in step by triggers.
        try db.create(virtualTable: "knowledge_fts", using: FTS5()) { t in
            t.synchronize(withTable: "knowledge_entry")
            t.tokenizer = HanFTS5Tokenizer.tokenizerDescriptor()
            t.column("question")
            t.column("keywords")
            t.column("category")
            t.column("answer")
        }
        try db.execute(sql: "CREATE VIRTUAL TABLE knowledge_vocabulary USING fts5vocab(knowledge_fts, 'row')")
        try db.create(table: "synonym") { t in
            t.primaryKey("term", .text)
            t.column("group_id", .integer).notNull().indexed()
            t.column("is_canonical", .boolean).notNull().defaults(to: false)
        }
        // The pinyin term dictionary: words that a Latin-letter query or a homophone
        // typo can stand for, with their toneless pinyin and initials.
        try db.create(table: "search_term", options: .withoutRowID) { t in
            t.column("term", .text).notNull()
            t.column("pinyin", .text).notNull().indexed()
            t.primaryKey(["term", "pinyin"])
            t.column("initials", .text).notNull().indexed()
            t.column("weight", .integer).notNull()
            t.column("frequency", .integer).notNull()
        }
        try db.create(table: "search_log") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("searched_at", .datetime).notNull()
            t.column("searched_by", .text).notNull()
            t.column("query", .text).notNull()
            t.column("normalized_query", .text).notNull()
            t.column("department_filter", .text)
            t.column("hit_count", .integer).notNull()
            t.column("chosen_entry_id", .integer).indexed().references("knowledge_entry", onDelete: .setNull)
        }
        try db.create(index: "search_log_on_gaps", on: "search_log", columns: ["hit_count", "normalized_query"])
    }

    /// The working calendar: dated entries of the State Council notices (statutory
    /// holidays and 调休 working days), the working intervals of a working day, and the
    /// SLA deadline rules per order kind (DESIGN.md "Working calendar").
    private static func calendar(_ db: Database) throws {
        try db.create(table: "calendar_day") { t in
            t.primaryKey("date", .text)
                .check(sql: "length(date) = 10 AND date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'")
            t.column("kind", .text).notNull()
                .check { ["holiday", "workday"].contains($0) }
            t.column("name", .text).notNull()
                .check(sql: "length(name) BETWEEN 1 AND 40")
            t.column("imported_at", .datetime).notNull()
            t.column("imported_by", .text).notNull()
        }
        try db.create(table: "working_interval") { t in
            t.primaryKey("position", .integer)
                .check(sql: "position >= 1")
            t.column("start_minute", .integer).notNull()
                .check(sql: "start_minute BETWEEN 0 AND 1440")
            t.column("end_minute", .integer).notNull()
                .check(sql: "end_minute BETWEEN 0 AND 1440")
            t.check(sql: "start_minute < end_minute")
        }
        try db.create(table: "sla_rule") { t in
            t.primaryKey("kind", .text)
                .check(sql: "length(kind) BETWEEN 1 AND 32")
            t.column("sign_working_hours", .integer).notNull()
                .check(sql: "sign_working_hours BETWEEN 1 AND 1000")
            t.column("answer_working_days", .integer).notNull()
                .check(sql: "answer_working_days BETWEEN 1 AND 1000")
            t.column("return_window_working_days", .integer).notNull()
                .check(sql: "return_window_working_days BETWEEN 1 AND 1000")
            t.check(sql: "return_window_working_days <= answer_working_days")
            t.column("updated_at", .datetime).notNull()
            t.column("updated_by", .text).notNull()
        }
    }
}
