import Foundation
import GRDB

/// One callback SMS for the center's SMS platform to send.
public struct SmsMessage: Sendable, Equatable {
    public var orderNumber: String
    public var kind: OrderKind
    public var department: String
    public var phone: String
    public var text: String
}

/// The SMS side of 回访. The platform sends and receives; we hand it the messages
/// (`outbox`) and apply what came back (`importReplies`, in SmsReplies.swift).
/// Admins and leads run both (DESIGN.md roles: imports and exchanges).
public struct SmsCallbacks: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    static let operators: [Role] = [.admin, .lead]

    /// An SMS without a reply after this long puts the order on the manual queue.
    public static let replyWindow: TimeInterval = 24 * 3600

    func requireOperator(_ identity: Identity, _ operation: String) throws {
        guard Self.operators.contains(identity.role) else {
            throw AccessError.roleRequired(operation: operation, roles: Self.operators, actual: identity.role)
        }
    }

    /// Orders waiting for their SMS: awaiting a callback, no manual callback asked for,
    /// a mobile number to text, and no SMS yet in this callback round.
    static let pendingSQL = """
        SELECT o.id, o.number, o.kind, o.contact_phone, o.accepted_at, coalesce(d.name, '') AS department
        FROM work_order o LEFT JOIN department d ON d.id = o.department_id
        WHERE o.status = 'awaiting_callback' AND o.manual_callback_needed = 0 AND o.accepted_at IS NOT NULL
          AND length(o.contact_phone) = 11 AND o.contact_phone GLOB '1[3-9][0-9]*'
          AND NOT EXISTS (SELECT 1 FROM sms_outbox s WHERE s.order_id = o.id AND s.round_accepted_at = o.accepted_at)
        ORDER BY o.accepted_at, o.id
        """

    /// Lists the SMS to send and, unless `dryRun`, records them as sent (handed to the
    /// platform) in the same transaction, so the next run does not list them again.
    public func outbox(dryRun: Bool = false, identity: Identity) throws -> [SmsMessage] {
        try requireOperator(identity, "导出回访短信")
        let now = store.clock.now()
        let body: (Database) throws -> [SmsMessage] = { db in
            let templates = try SmsTemplate.all(db)
            var messages: [SmsMessage] = []
            for row in try Row.fetchAll(db, sql: Self.pendingSQL) {
                let kind = OrderKind(rawValue: row["kind"]) ?? .other
                let template = templates[kind.rawValue] ?? SmsTemplate(kind: kind.rawValue, body: SmsTemplateDefaults.body,
                                                                      updatedAt: now, updatedBy: "")
                let message = SmsMessage(orderNumber: row["number"], kind: kind, department: row["department"],
                                         phone: row["contact_phone"],
                                         text: template.render(number: row["number"], department: row["department"]))
                if !dryRun {
                    try db.execute(sql: """
                        INSERT INTO sms_outbox(order_id, round_accepted_at, phone, message, sent_at, sent_by)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [row["id"] as Int64, row["accepted_at"] as DatabaseValue, message.phone, message.text, now,
                                         identity.actor.recorded])
                }
                messages.append(message)
            }
            return messages
        }
        return dryRun ? try store.read(body) : try store.write(body)
    }

    public func templates(identity: Identity) throws -> [SmsTemplate] {
        try requireOperator(identity, "查看短信模板")
        return try store.read { db in try SmsTemplate.all(db).values.sorted { $0.kind < $1.kind } }
    }

    public func setTemplate(kind: String, body: String, identity: Identity) throws -> SmsTemplate {
        try requireOperator(identity, "修改短信模板")
        guard let orderKind = OrderKind(rawValue: kind.trimmingCharacters(in: .whitespaces)) else { throw CallbackError.unknownKind(kind) }
        let text = try SmsTemplate.validate(body)
        let now = store.clock.now()
        return try store.write { db in
            try db.execute(sql: """
                INSERT INTO sms_template(kind, body, updated_at, updated_by) VALUES (?, ?, ?, ?)
                ON CONFLICT(kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, arguments: [orderKind.rawValue, text, now, identity.actor.recorded])
            return SmsTemplate(kind: orderKind.rawValue, body: text, updatedAt: now, updatedBy: identity.actor.recorded)
        }
    }
}
