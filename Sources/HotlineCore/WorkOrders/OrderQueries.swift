import Foundation
import GRDB

/// Which orders to list. Empty statuses: every status.
public struct OrderFilter: Sendable, Equatable {
    public var statuses: [OrderStatus] = []
    public var department: String?
    public var overdueOnly = false
    public var kind: OrderKind?
    public var enterpriseOnly = false
    public var supervisedOnly = false
    public var limit = 50
    public var offset = 0

    public init(statuses: [OrderStatus] = [], department: String? = nil, overdueOnly: Bool = false, kind: OrderKind? = nil,
                enterpriseOnly: Bool = false, supervisedOnly: Bool = false, limit: Int = 50, offset: Int = 0) {
        self.statuses = statuses
        self.department = department
        self.overdueOnly = overdueOnly
        self.kind = kind
        self.enterpriseOnly = enterpriseOnly
        self.supervisedOnly = supervisedOnly
        self.limit = limit
        self.offset = offset
    }
}

/// A row of the queue: the order and its department's name.
public struct OrderListItem: Sendable, Equatable {
    public var order: WorkOrder
    public var departmentCode: String?
    public var departmentName: String?
}

public struct OrderCallbackRecord: Sendable, Equatable, Codable, FetchableRecord {
    public var at: Date
    public var channel: CallbackChannel
    public var result: CallbackResult
    public var afterRework: Bool
    public var note: String?
    public var recordedBy: String

    enum CodingKeys: String, CodingKey {
        case at, channel, result, note
        case afterRework = "after_rework"
        case recordedBy = "recorded_by"
    }
}

/// Everything the detail view shows.
public struct OrderDetail: Sendable {
    public var order: WorkOrder
    public var department: Department?
    public var coHandlers: [Department]
    public var suggestedDepartment: Department?
    public var mergedInto: String?
    public var duplicates: [String]
    public var events: [OrderEvent]
    public var callbacks: [OrderCallbackRecord]
    /// Whether this viewer may see the requester's phone in full.
    public var showsContact: Bool

    public var contactPhoneForViewer: String? {
        guard let phone = order.contactPhone else { return nil }
        return showsContact ? phone : PhoneNumber.masked(phone)
    }
}

extension WorkOrders {
    /// Agents, leads and admins see every order; a department sees the orders it holds
    /// or co-handles; trainers work on the knowledge base only.
    static func requireReader(_ identity: Identity) throws {
        guard identity.role != .trainer else {
            throw AccessError.roleRequired(operation: "查看工单", roles: [.agent, .lead, .department, .admin], actual: identity.role)
        }
    }

    public func detail(_ number: String, identity: Identity) throws -> OrderDetail {
        try Self.requireReader(identity)
        return try store.read { db in
            try identity.confirmActive(in: db)
            let order = try OrderLedger.load(number, in: db)
            let coHandlers = try Department.fetchAll(db, sql: """
                SELECT department.* FROM department JOIN work_order_cohandler ON department_id = department.id
                WHERE order_id = ? ORDER BY code
                """, arguments: [order.id])
            if identity.role == .department {
                let own = identity.account.departmentID
                let coHandles = coHandlers.contains { $0.id == own }
                if !coHandles { try OrderLedger.requireHolder(order, identity: identity, in: db) }
            }
            let department = try order.departmentID.flatMap { try Department.fetchOne(db, key: $0) }
            return OrderDetail(
                order: order, department: department, coHandlers: coHandlers,
                suggestedDepartment: try order.returnSuggestedDepartmentID.flatMap { try Department.fetchOne(db, key: $0) },
                mergedInto: try order.mergedIntoID.flatMap {
                    try String.fetchOne(db, sql: "SELECT number FROM work_order WHERE id = ?", arguments: [$0])
                },
                duplicates: try String.fetchAll(db, sql: "SELECT number FROM work_order WHERE merged_into_id = ? ORDER BY id",
                                                arguments: [order.id]),
                events: try OrderEvent.filter(Column("order_id") == order.id).order(Column("sequence")).fetchAll(db),
                callbacks: try OrderCallbackRecord.fetchAll(db, sql: """
                    SELECT at, channel, result, after_rework, note, recorded_by FROM callback WHERE order_id = ? ORDER BY id
                    """, arguments: [order.id]),
                showsContact: identity.role == .agent || identity.role == .lead
                    || (identity.role == .department && identity.account.departmentID == order.departmentID))
        }
    }

    /// Orders by the deadline running now (soonest first; orders without one after,
    /// oldest first). A department account only ever sees its own department's orders
    /// and those it co-handles. How the page is read: `OrderQueuePlan`.
    public func list(_ filter: OrderFilter, identity: Identity) throws -> [OrderListItem] {
        try Self.requireReader(identity)
        return try store.read { db in
            try identity.confirmActive(in: db)
            let plan = try OrderQueuePlan(filter, identity: identity,
                                          columns: "o.*, d.code AS department_code, d.name AS department_name", in: db)
            return try plan.fetch(db, decode: { row in
                OrderListItem(order: try WorkOrder(row: row), departmentCode: row["department_code"],
                              departmentName: row["department_name"])
            }, key: { ($0.order.nextDue, $0.order.id ?? 0) })
        }
    }

    /// The queue counters of the console's top bar; "due soon" is within one working hour.
    public func counters(identity: Identity) throws -> OrderCounters {
        try Self.requireReader(identity)
        let now = self.now
        return try store.read { db in
            try identity.confirmActive(in: db)
            var scope = ""
            var arguments: StatementArguments = []
            if identity.role == .department {
                scope = "AND department_id = ?"
                arguments += [identity.account.departmentID]
            }
            let row = try Row.fetchOne(db, sql: """
                SELECT
                  (SELECT count(*) FROM work_order WHERE status IN ('dispatched','signed','rework')
                     AND next_due >= ? AND next_due <= ? \(scope)) AS due_soon,
                  (SELECT count(*) FROM work_order WHERE status IN ('dispatched','signed','rework')
                     AND (sign_overdue = 1 OR answer_overdue = 1) \(scope)) AS overdue,
                  (SELECT count(*) FROM work_order WHERE status = 'awaiting_callback' \(scope)) AS awaiting_callback
                """, arguments: [StoredInstant.value(now),
                                        StoredInstant.value(try CalendarStore.calendar(db).due(from: now, workingHours: 1).instant)]
                    + arguments + arguments + arguments)
            return OrderCounters(dueSoon: row?["due_soon"] ?? 0, overdue: row?["overdue"] ?? 0,
                                 awaitingCallback: row?["awaiting_callback"] ?? 0)
        }
    }
}

public struct OrderCounters: Sendable, Equatable {
    public var dueSoon: Int
    public var overdue: Int
    public var awaitingCallback: Int
}
