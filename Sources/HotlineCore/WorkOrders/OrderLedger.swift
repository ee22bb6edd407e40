import Foundation
import GRDB

/// What an operation did: the order as it now stands, the events appended, and any
/// calendar warnings about the deadlines it computed.
public struct OrderChange: Sendable {
    public var order: WorkOrder
    public var events: [OrderEvent]
    public var warnings: [String]
}

/// The one place where a stored order changes. Every change loads the order inside the
/// write transaction, checks the role, the holding department and the version the
/// person saw, applies the step, bumps the version and appends the step's event, all
/// in one transaction: a state change never exists without its event, nor the reverse.
enum OrderLedger {
    static func load(_ number: String, in db: Database) throws -> WorkOrder {
        guard let order = try WorkOrder.numbered(number).fetchOne(db) else { throw OrderError.notFound(number) }
        return order
    }

    /// Runs `step` on the order `number`; `step` mutates the order and names the event.
    static func change(_ number: String, operation: OrderOperation, identity: Identity, expectedVersion: Int?,
                       at now: Date, in db: Database,
                       step: (inout WorkOrder) throws -> (OrderEventType, [String: Any])) throws -> OrderChange {
        try operation.authorize(identity)
        try identity.confirmActive(in: db)
        var order = try load(number, in: db)
        if operation.needsHoldingDepartment { try requireHolder(order, identity: identity, in: db) }
        if let expected = expectedVersion, expected != order.version {
            throw OrderError.staleVersion(number: order.number, expected: expected, actual: order.version,
                                          changedBy: order.updatedBy, changedAt: order.updatedAt)
        }
        let before = order.status
        let (type, details) = try step(&order)
        var payload = details
        if order.status != before {
            payload["from"] = before.rawValue
            payload["to"] = order.status.rawValue
        }
        order.version += 1
        order.updatedAt = now
        order.updatedBy = identity.actor.recorded
        try order.update(db)
        let event = try append(type, payload: payload, to: order, actor: identity.actor, at: now, in: db)
        return OrderChange(order: order, events: [event], warnings: [])
    }

    /// Appends one event to the order's log, numbered after its last one, and links it
    /// into the audit chain of the whole log.
    static func append(_ type: OrderEventType, payload: [String: Any], to order: WorkOrder, actor: Actor,
                       at now: Date, in db: Database) throws -> OrderEvent {
        guard let orderID = order.id else { preconditionFailure("event for an unsaved order") }
        let last = try Int.fetchOne(db, sql: "SELECT max(sequence) FROM order_event WHERE order_id = ?",
                                    arguments: [orderID]) ?? 0
        var event = OrderEvent(id: nil, orderID: orderID, sequence: last + 1, at: now, actor: actor.login,
                               actingFor: actor.onBehalfOf, type: type, payload: EventPayload.encode(payload))
        try AuditChain.seal(&event, in: db)
        try event.insert(db)
        return event
    }

    /// A department account acts only on the orders its own department holds.
    static func requireHolder(_ order: WorkOrder, identity: Identity, in db: Database) throws {
        guard let own = identity.account.departmentID, own == order.departmentID else {
            let holder = try order.departmentID.flatMap { try Department.fetchOne(db, key: $0)?.name } ?? "（尚未派发）"
            throw OrderError.notOwnDepartment(number: order.number, holder: holder)
        }
    }

    static func refuse(_ operation: OrderOperation, _ order: WorkOrder) -> OrderError {
        .illegalTransition(operation: operation.label, number: order.number, status: order.status)
    }

    static func requireStatus(_ allowed: Set<OrderStatus>, for operation: OrderOperation, _ order: WorkOrder) throws {
        guard allowed.contains(order.status) else { throw refuse(operation, order) }
    }
}
