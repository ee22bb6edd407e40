import GRDB

/// Migration v5: what the service metrics and reports need (issue 6): the telephony
/// system's call detail records (接通率), the SMS callback outbox and the replies applied
/// from it, 好差评 reviews with the rectification items a bad one opens, the evaluation
/// weights and hotspot thresholds as data, and the indexes the reports read through.
enum MetricsSchema {
    static func create(_ db: Database) throws {
        try createCallRecords(db)
        try createSms(db)
        try createReviews(db)
        try createParameters(db)
        try createReportIndexes(db)
    }

    private static func createCallRecords(_ db: Database) throws {
        try db.create(table: "cdr") { t in
            t.autoIncrementedPrimaryKey("id")
            // The telephony system's own id: re-importing a file must not count a call twice.
            t.column("call_ref", .text).notNull().unique().check(sql: "length(call_ref) BETWEEN 1 AND 64")
            t.column("queue", .text).notNull().check(sql: "length(queue) BETWEEN 1 AND 64")
            t.column("offered_at", .datetime).notNull()
            t.column("answered_at", .datetime)
            t.column("ended_at", .datetime).notNull()
            t.column("answered", .boolean).notNull()
            // Seconds from offered to answered (or to hang-up, unanswered): kept so the
            // connection figures aggregate from one covering index.
            t.column("wait_seconds", .integer).notNull().check(sql: "wait_seconds >= 0")
            t.column("agent", .text)
            t.column("caller", .text)
            t.column("imported_at", .datetime).notNull()
            t.column("imported_by", .text).notNull()
            t.check(sql: "answered = (answered_at IS NOT NULL) AND (answered_at IS NULL OR answered_at >= offered_at)")
            t.check(sql: "ended_at >= offered_at")
        }
        try db.execute(sql: """
            CREATE INDEX cdr_on_offered ON cdr(offered_at, queue, answered, wait_seconds)
            """)
    }

    private static func createSms(_ db: Database) throws {
        try db.create(table: "sms_template") { t in
            t.primaryKey("kind", .text).check(sql: "length(kind) BETWEEN 1 AND 32")
            t.column("body", .text).notNull().check(sql: "length(body) BETWEEN 1 AND 300")
            t.column("updated_at", .datetime).notNull()
            t.column("updated_by", .text).notNull()
        }
        for kind in ["consult", "other"] {
            try db.execute(sql: "INSERT INTO sms_template(kind, body, updated_at, updated_by) VALUES (?, ?, datetime('now'), 'hotline init')",
                           arguments: [kind, SmsTemplateDefaults.body])
        }
        // One SMS per order and callback round: a round starts when a lead accepts an
        // answer, so an order answered again after rework gets a fresh SMS.
        try db.create(table: "sms_outbox") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().references("work_order", onDelete: .restrict)
            t.column("round_accepted_at", .datetime).notNull()
            t.column("phone", .text).notNull()
            t.column("message", .text).notNull()
            t.column("sent_at", .datetime).notNull()
            t.column("sent_by", .text).notNull()
            t.uniqueKey(["order_id", "round_accepted_at"])
        }
        try db.create(index: "sms_outbox_on_phone", on: "sms_outbox", columns: ["phone", "sent_at"])
        try db.create(table: "sms_reply") { t in
            t.autoIncrementedPrimaryKey("id")
            // The first reply to an SMS decides; later ones are reported, not applied.
            t.column("outbox_id", .integer).notNull().unique().references("sms_outbox", onDelete: .restrict)
            t.column("order_id", .integer).notNull().indexed().references("work_order", onDelete: .restrict)
            t.column("replied_at", .datetime).notNull()
            t.column("reply", .text).notNull()
            t.column("result", .text).notNull().check { ["satisfied", "basic", "unsatisfied"].contains($0) }
            t.column("source", .text).notNull()
            t.column("imported_at", .datetime).notNull()
            t.column("imported_by", .text).notNull()
        }
    }

    private static func createReviews(_ db: Database) throws {
        // 好差评 (国办发〔2019〕51号): 1 非常满意 … 5 非常不满意, against the order and the
        // department that answered it.
        try db.create(table: "service_review") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().indexed().references("work_order", onDelete: .restrict)
            t.column("department_id", .integer).notNull().references("department", onDelete: .restrict)
            t.column("level", .integer).notNull().check(sql: "level BETWEEN 1 AND 5")
            t.column("comment", .text)
            t.column("at", .datetime).notNull()
            t.column("recorded_by", .text).notNull()
            t.column("acting_for", .text)
        }
        try db.create(index: "service_review_on_at", on: "service_review", columns: ["at", "department_id", "level"])
        try db.create(table: "rectification") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("review_id", .integer).notNull().unique().references("service_review", onDelete: .restrict)
            t.column("order_id", .integer).notNull().references("work_order", onDelete: .restrict)
            t.column("department_id", .integer).notNull().indexed().references("department", onDelete: .restrict)
            t.column("opened_at", .datetime).notNull()
            t.column("due_at", .datetime).notNull()
            t.column("status", .text).notNull().defaults(to: "open").check { ["open", "done"].contains($0) }
            t.column("done_at", .datetime)
            t.column("done_by", .text)
            t.column("note", .text)
        }
    }

    private static func createParameters(_ db: Database) throws {
        try db.create(table: "evaluation_weight") { t in
            t.primaryKey("metric", .text)
            t.column("weight", .double).notNull().check(sql: "weight >= 0 AND weight <= 100")
            t.column("updated_at", .datetime).notNull()
            t.column("updated_by", .text).notNull()
        }
        for (metric, weight) in EvaluationWeights.defaults {
            try db.execute(sql: "INSERT INTO evaluation_weight(metric, weight, updated_at, updated_by) VALUES (?, ?, datetime('now'), 'hotline init')",
                           arguments: [metric.rawValue, weight])
        }
        try db.create(table: "hotspot_setting") { t in
            t.primaryKey("key", .text)
            t.column("value", .integer).notNull().check(sql: "value BETWEEN 1 AND 100000")
            t.column("updated_at", .datetime).notNull()
            t.column("updated_by", .text).notNull()
        }
        for (key, value) in HotspotSettings.defaults {
            try db.execute(sql: "INSERT INTO hotspot_setting(key, value, updated_at, updated_by) VALUES (?, ?, datetime('now'), 'hotline init')",
                           arguments: [key.rawValue, value])
        }
    }

    /// The reports read events by type over a time range, calls by day with their
    /// outcome, and callbacks by order; these keep a month's KPI to index range scans.
    private static func createReportIndexes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX order_event_on_type_at ON order_event(type, at);
            CREATE INDEX call_on_received_outcome ON call(received_at, outcome);
            CREATE INDEX callback_on_order_at ON callback(order_id, at);
            """)
    }
}
