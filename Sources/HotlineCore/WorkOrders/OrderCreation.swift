import Foundation
import GRDB

/// What an agent fills in to raise an order (from a call, or by hand).
public struct NewOrder: Sendable, Equatable {
    public var kind: OrderKind
    /// Responsible department (code or name); nil leaves the order pending dispatch.
    public var department: String?
    /// Co-handling departments (会办).
    public var coHandlers: [String]
    public var title: String
    public var content: String
    public var enterpriseName: String?
    public var uscc: String?
    /// Keep a 统一社会信用代码 whose check character fails (some early codes do).
    public var acceptFailingUSCC: Bool
    public var contactName: String?
    public var phone: String?
    public var callID: Int64?
    /// The 企业 tag; nil derives it (an enterprise named, or the call tagged 企业).
    public var isEnterprise: Bool?

    public init(kind: OrderKind, department: String?, coHandlers: [String] = [], title: String, content: String,
                enterpriseName: String? = nil, uscc: String? = nil, acceptFailingUSCC: Bool = false,
                contactName: String? = nil, phone: String? = nil, callID: Int64? = nil, isEnterprise: Bool? = nil) {
        self.kind = kind
        self.department = department
        self.coHandlers = coHandlers
        self.title = title
        self.content = content
        self.enterpriseName = enterpriseName
        self.uscc = uscc
        self.acceptFailingUSCC = acceptFailingUSCC
        self.contactName = contactName
        self.phone = phone
        self.callID = callID
        self.isEnterprise = isEnterprise
    }
}

extension WorkOrders {
    /// Raises an order and, when a department is given, dispatches it at once with its
    /// deadlines. Two events: created, then dispatched.
    @discardableResult
    public func create(_ new: NewOrder, identity: Identity) throws -> OrderChange {
        try OrderOperation.create.authorize(identity)
        let now = self.now
        return try store.write { db in
            try identity.confirmActive(in: db)
            var order = try Self.validated(new, at: now, by: identity.actor.recorded, in: db)
            order.number = try OrderNumber.next(at: now, in: db)
            let department = try new.department.map { try Department.resolve($0, in: db) }
            let coHandlers = try new.coHandlers.map { try Department.resolve($0, in: db) }
            try order.insert(db)
            for coHandler in coHandlers where coHandler.id != department?.id {
                try db.execute(sql: "INSERT OR IGNORE INTO work_order_cohandler(order_id, department_id) VALUES (?, ?)",
                               arguments: [order.id, coHandler.id])
            }
            var created: [String: Any] = ["kind": order.kind.rawValue, "title": order.title]
            if let callID = order.callID { created["call_id"] = callID }
            if !coHandlers.isEmpty { created["cohandlers"] = coHandlers.map(\.code) }
            var events = [try OrderLedger.append(.created, payload: created, to: order, actor: identity.actor, at: now, in: db)]
            var warnings: [String] = []
            if let department {
                order.departmentID = department.id
                order.status = .dispatched
                warnings = try OrderDeadlines.dispatch(&order, at: now, in: db)
                try order.update(db)
                events.append(try OrderLedger.append(.dispatched, payload: Self.dispatchPayload(order, department, from: .pendingDispatch),
                                                     to: order, actor: identity.actor, at: now, in: db))
            }
            if let callID = order.callID { try Call.markOrdered(callID: callID, at: now, in: db) }
            return OrderChange(order: order, events: events, warnings: warnings)
        }
    }

    static func dispatchPayload(_ order: WorkOrder, _ department: Department, from: OrderStatus) -> [String: Any] {
        var payload: [String: Any] = ["department": department.code, "from": from.rawValue, "to": order.status.rawValue]
        if let due = order.signDue { payload["sign_due"] = ShanghaiTime.format(due) }
        if let due = order.answerDue { payload["answer_due"] = ShanghaiTime.format(due) }
        if let due = order.returnDue { payload["return_due"] = ShanghaiTime.format(due) }
        return payload
    }

    private static func validated(_ new: NewOrder, at now: Date, by who: String, in db: Database) throws -> WorkOrder {
        let title = try OrderLimits.text(new.title, field: "--title 标题", limit: OrderLimits.title)
        let content = try OrderLimits.text(new.content, field: "--content 内容", limit: OrderLimits.content)
        var enterprise = try OrderLimits.optionalText(new.enterpriseName, field: "--enterprise 企业名称", limit: 100)
        var contactName = try OrderLimits.optionalText(new.contactName, field: "联系人", limit: 50)
        var phone = try new.phone.map { try PhoneNumber.normalize($0) }
        var uscc: String?
        if let text = new.uscc, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            let check = try USCC.check(text)
            if !check.checkCharacterValid && !new.acceptFailingUSCC {
                throw OrderError.invalid(field: "--uscc 统一社会信用代码",
                                         reason: "\(check.normalized) 校验位应为 \(check.expectedCheckCharacter)；核对无误仍要使用请加 --accept-uscc")
            }
            uscc = check.normalized
        }
        var tagged = false
        if let callID = new.callID {
            guard let call = try Row.fetchOne(db, sql: """
                SELECT caller_phone, caller_name, enterprise_name, enterprise_uscc,
                       EXISTS(SELECT 1 FROM call_tag WHERE call_id = call.id AND tag = '企业') AS tagged
                FROM call WHERE id = ?
                """, arguments: [callID]) else {
                throw OrderError.invalid(field: "--call", reason: "没有来电记录 \(callID)")
            }
            phone = phone ?? call["caller_phone"]
            let callerName: String? = call["caller_name"]
            contactName = contactName ?? (callerName?.isEmpty == false ? callerName : nil)
            enterprise = enterprise ?? call["enterprise_name"]
            uscc = uscc ?? call["enterprise_uscc"]
            tagged = call["tagged"]
        }
        let isEnterprise = new.isEnterprise ?? (tagged || enterprise != nil || uscc != nil)
        return WorkOrder(number: "", kind: new.kind, title: title, content: content, enterpriseName: enterprise,
                         enterpriseUSCC: uscc, contactName: contactName, contactPhone: phone, isEnterprise: isEnterprise,
                         callID: new.callID, departmentID: nil, status: .pendingDispatch,
                         createdAt: now, createdBy: who, updatedAt: now, updatedBy: who)
    }
}
