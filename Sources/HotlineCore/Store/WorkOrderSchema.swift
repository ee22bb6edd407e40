import GRDB

/// Migration v3: calls, policy specialists and three-way calls, work orders with their
/// append-only event log and callbacks (DESIGN.md "The workflow", steps 1–4).
enum WorkOrderSchema {
    static let orderStatuses = ["pending_dispatch", "dispatched", "signed", "answered", "awaiting_callback",
                                "rework", "closed", "merged"]

    static func create(_ db: Database) throws {
        try createCalls(db)
        try createSpecialists(db)
        try createOrders(db)
        try createEvents(db)
        try createCallbacks(db)
    }

    private static func createCalls(_ db: Database) throws {
        try db.create(table: "call") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("received_at", .datetime).notNull().indexed()
            t.column("channel", .text).notNull()
                .check { ["phone", "web", "app", "mini_program"].contains($0) }
            t.column("caller_phone", .text).indexed()
            t.column("caller_name", .text).notNull().defaults(to: "")
            t.column("enterprise_name", .text).indexed()
            t.column("enterprise_uscc", .text).indexed()
            // The agent kept a code whose check character fails (some early codes do).
            t.column("uscc_check_overridden", .boolean).notNull().defaults(to: false)
            t.column("request_type", .text).notNull()
                .check { ["consult", "help", "complaint", "report", "suggestion"].contains($0) }
            t.column("content", .text).notNull().defaults(to: "")
            t.column("outcome", .text).notNull().defaults(to: "open")
                .check { ["open", "knowledge", "specialist", "order", "out_of_scope", "transferred"].contains($0) }
            t.column("knowledge_entry_id", .integer).indexed().references("knowledge_entry", onDelete: .restrict)
            t.column("out_of_scope_reason", .text)
            t.column("transferred_to", .text)
            t.column("agent_login", .text)
            t.column("recorded_by", .text).notNull()
            t.column("acting_for", .text)
            t.column("updated_at", .datetime).notNull()
        }
        try db.create(table: "call_tag", options: .withoutRowID) { t in
            t.column("call_id", .integer).notNull().references("call", onDelete: .cascade)
            t.column("tag", .text).notNull().check(sql: "length(tag) BETWEEN 1 AND 20")
            t.primaryKey(["call_id", "tag"])
        }
        try db.create(index: "call_tag_on_tag", on: "call_tag", columns: ["tag", "call_id"])
    }

    private static func createSpecialists(_ db: Database) throws {
        try db.create(table: "specialist") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("department_id", .integer).notNull().indexed().references("department", onDelete: .restrict)
            t.column("name", .text).notNull()
            t.column("title", .text).notNull().defaults(to: "")
            t.column("phone", .text).notNull()
            // Expertise areas, separated by 、 as on the registration form.
            t.column("expertise", .text).notNull().defaults(to: "")
            t.column("active", .boolean).notNull().defaults(to: true)
            t.column("is_sample", .boolean).notNull().defaults(to: false)
            t.column("updated_at", .datetime).notNull()
            t.column("updated_by", .text).notNull()
            t.uniqueKey(["department_id", "name"])
        }
        try db.create(table: "three_way_call") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("call_id", .integer).notNull().indexed().references("call", onDelete: .restrict)
            t.column("specialist_id", .integer).notNull().indexed().references("specialist", onDelete: .restrict)
            t.column("started_at", .datetime).notNull()
            t.column("ended_at", .datetime)
            t.column("question", .text).notNull().defaults(to: "")
            t.column("answer", .text).notNull().defaults(to: "")
            t.column("resolved", .boolean)
            // The knowledge draft this answer was promoted to, if any.
            t.column("knowledge_entry_id", .integer).indexed().references("knowledge_entry", onDelete: .setNull)
            t.column("recorded_by", .text).notNull()
            t.column("acting_for", .text)
        }
        // The other direction of the promotion link: which three-way call a draft came from.
        try db.alter(table: "knowledge_entry") { t in
            t.add(column: "origin_three_way_call_id", .integer).references("three_way_call", onDelete: .setNull)
        }
    }

    private static func createOrders(_ db: Database) throws {
        try db.create(table: "order_number_sequence") { t in
            t.primaryKey("day", .text)
            t.column("last_value", .integer).notNull()
        }
        try db.create(table: "work_order") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("number", .text).notNull().unique()
            t.column("kind", .text).notNull().check(sql: "length(kind) BETWEEN 1 AND 32")
            t.column("title", .text).notNull()
            t.column("content", .text).notNull()
            t.column("enterprise_name", .text)
            t.column("enterprise_uscc", .text).indexed()
            t.column("contact_name", .text)
            t.column("contact_phone", .text).indexed()
            t.column("is_enterprise", .boolean).notNull().defaults(to: false)
            t.column("call_id", .integer).indexed().references("call", onDelete: .restrict)
            t.column("department_id", .integer).references("department", onDelete: .restrict)
            t.column("status", .text).notNull().check { orderStatuses.contains($0) }
            t.column("return_requested", .boolean).notNull().defaults(to: false)
            t.column("extension_requested", .boolean).notNull().defaults(to: false)
            t.column("sign_overdue", .boolean).notNull().defaults(to: false)
            t.column("answer_overdue", .boolean).notNull().defaults(to: false)
            t.column("supervised", .boolean).notNull().defaults(to: false)
            t.column("urge_count", .integer).notNull().defaults(to: 0)
            t.column("dispatched_at", .datetime)
            t.column("sign_due", .datetime)
            t.column("answer_due", .datetime)
            t.column("return_due", .datetime)
            t.column("signed_at", .datetime)
            t.column("answered_at", .datetime)
            t.column("accepted_at", .datetime)
            t.column("closed_at", .datetime).indexed()
            t.column("answer_text", .text)
            t.column("return_reason", .text)
            t.column("return_suggested_department_id", .integer).references("department", onDelete: .setNull)
            t.column("extension_days_requested", .integer)
            t.column("extension_reason", .text)
            t.column("extension_days_granted", .integer).notNull().defaults(to: 0)
            t.column("rework_count", .integer).notNull().defaults(to: 0)
            t.column("manual_callback_needed", .boolean).notNull().defaults(to: false)
            t.column("callback_result", .text)
            t.column("merged_into_id", .integer).indexed().references("work_order", onDelete: .restrict)
            t.column("version", .integer).notNull().defaults(to: 1)
            t.column("created_at", .datetime).notNull().indexed()
            t.column("created_by", .text).notNull()
            t.column("updated_at", .datetime).notNull()
            t.column("updated_by", .text).notNull()
            // The deadline that is running now: signing while dispatched, answering
            // while signed or in rework. The queue sorts on it.
            t.column("next_due", .datetime).generatedAs(sql: """
                CASE status WHEN 'dispatched' THEN sign_due WHEN 'signed' THEN answer_due \
                WHEN 'rework' THEN answer_due END
                """)
        }
        try db.create(index: "work_order_queue", on: "work_order", columns: ["department_id", "status", "next_due"])
        try db.create(index: "work_order_status_due", on: "work_order", columns: ["status", "next_due"])
        // The sweep looks only at orders not yet flagged, through these partial indexes.
        try db.execute(sql: """
            CREATE INDEX work_order_sign_watch ON work_order(sign_due)
                WHERE status = 'dispatched' AND sign_overdue = 0;
            CREATE INDEX work_order_answer_watch ON work_order(answer_due)
                WHERE status IN ('dispatched', 'signed', 'rework') AND answer_overdue = 0;
            """)
        try db.create(table: "work_order_cohandler", options: .withoutRowID) { t in
            t.column("order_id", .integer).notNull().references("work_order", onDelete: .cascade)
            t.column("department_id", .integer).notNull().indexed().references("department", onDelete: .restrict)
            t.primaryKey(["order_id", "department_id"])
        }
    }

    private static func createEvents(_ db: Database) throws {
        try db.create(table: "order_event") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().references("work_order", onDelete: .restrict)
            t.column("sequence", .integer).notNull()
            t.column("at", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("acting_for", .text)
            t.column("type", .text).notNull()
            t.column("payload", .text).notNull().defaults(to: "{}")
            t.uniqueKey(["order_id", "sequence"])
        }
        try db.create(index: "order_event_on_at", on: "order_event", columns: ["at"])
        // The record departments are held accountable on: never rewritten (第二十四至二十九条).
        try db.execute(sql: """
            CREATE TRIGGER order_event_no_update BEFORE UPDATE ON order_event
            BEGIN SELECT RAISE(ABORT, '工单事件只能追加，不能修改'); END;
            CREATE TRIGGER order_event_no_delete BEFORE DELETE ON order_event
            BEGIN SELECT RAISE(ABORT, '工单事件只能追加，不能删除'); END;
            """)
    }

    private static func createCallbacks(_ db: Database) throws {
        try db.create(table: "callback") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("order_id", .integer).notNull().indexed().references("work_order", onDelete: .restrict)
            t.column("at", .datetime).notNull().indexed()
            t.column("channel", .text).notNull().check { ["sms", "manual"].contains($0) }
            t.column("result", .text).notNull()
                .check { ["satisfied", "basic", "unsatisfied", "unreachable"].contains($0) }
            t.column("after_rework", .boolean).notNull().defaults(to: false)
            t.column("note", .text)
            t.column("recorded_by", .text).notNull()
            t.column("acting_for", .text)
        }
    }
}
