import Foundation
import GRDB

extension CallService {
    /// A caller's earlier calls (newest first) and open orders, by phone and/or 统一社会信用代码.
    public func history(phone: String?, uscc: String?, limit: Int = 20, identity: Identity) throws -> CallerHistory {
        try requireIntake(identity, "查看来电人历史")
        let key = try CallerKey(phone: phone, uscc: uscc)
        return try store.read { db in try CallService.history(phone: key.phone, uscc: key.uscc, limit: limit, in: db) }
    }

    /// Open orders the request may repeat, best first (see RepeatDetection, ContentSimilarity).
    public func repeats(phone: String?, uscc: String? = nil, enterpriseName: String? = nil, content: String,
                        identity: Identity) throws -> [RepeatCandidate] {
        try requireIntake(identity, "重复诉求查询")
        let key = try CallerKey(phone: phone, uscc: uscc, enterpriseName: enterpriseName)
        let text = try IntakeText.clean(content, field: "诉求内容", limit: IntakeText.contentLimit, multiline: true, required: true)!
        let now = store.clock.now()
        return try store.read { db in
            try RepeatDetection.candidates(phone: key.phone, uscc: key.uscc, enterpriseName: key.enterpriseName,
                                           content: text, now: now, in: db)
        }
    }

    static func history(phone: String?, uscc: String?, limit: Int, in db: Database) throws -> CallerHistory {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let phone { conditions.append("caller_phone = ?"); arguments += [phone] }
        if let uscc { conditions.append("enterprise_uscc = ?"); arguments += [uscc] }
        guard !conditions.isEmpty else { return CallerHistory(calls: [], openOrders: []) }
        let calls = try Call.fetchAll(db, sql: """
            SELECT * FROM call WHERE \(conditions.joined(separator: " OR "))
            ORDER BY received_at DESC, id DESC LIMIT ?
            """, arguments: arguments + [max(1, limit)])

        var orderKeys: [String] = []
        var orderArguments = StatementArguments()
        if let phone {
            orderKeys.append("SELECT id FROM work_order WHERE contact_phone = ?")
            orderKeys.append("SELECT o.id FROM call c JOIN work_order o ON o.call_id = c.id WHERE c.caller_phone = ?")
            orderArguments += [phone, phone]
        }
        if let uscc {
            orderKeys.append("SELECT id FROM work_order WHERE enterprise_uscc = ?")
            orderKeys.append("SELECT o.id FROM call c JOIN work_order o ON o.call_id = c.id WHERE c.enterprise_uscc = ?")
            orderArguments += [uscc, uscc]
        }
        let orders = try Row.fetchAll(db, sql: """
            SELECT \(OrderSummary.selection) FROM \(OrderSummary.from)
            WHERE o.id IN (\(orderKeys.joined(separator: " UNION "))) AND o.status NOT IN ('closed', 'merged')
            ORDER BY o.created_at DESC, o.id DESC
            """, arguments: orderArguments).map(OrderSummary.init(row:))
        return CallerHistory(calls: try details(of: calls, in: db), openOrders: orders)
    }
}

/// Who a lookup is about, validated and normalised like intake.
struct CallerKey {
    var phone: String?
    var uscc: String?
    var enterpriseName: String?

    init(phone: String?, uscc: String?, enterpriseName: String? = nil) throws(IntakeError) {
        func present(_ text: String?) -> String? {
            guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return text
        }
        self.phone = try present(phone).map { text throws(IntakeError) in try PhoneNumber.normalize(text) }
        // A lookup takes the code as given, check character or not: it only reads.
        self.uscc = try present(uscc).map { text throws(IntakeError) in try USCC.check(text).normalized }
        self.enterpriseName = try IntakeText.clean(enterpriseName, field: "企业名称", limit: IntakeText.enterpriseNameLimit)
        if self.phone == nil && self.uscc == nil && self.enterpriseName == nil { throw .nothingToMatch }
    }
}
