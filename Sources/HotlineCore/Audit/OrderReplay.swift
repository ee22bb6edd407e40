import Foundation
import GRDB

/// An order's state as its events tell it. The event log is the record departments are
/// held accountable on; the order row is a cache of it for the queue. Replaying the
/// events and comparing proves that no state change happened without its event (and no
/// event without its state change).
public struct ReplayedOrder: Sendable, Equatable {
    public var status: OrderStatus = .pendingDispatch
    public var departmentCode: String?
    public var returnRequested = false
    public var extensionRequested = false
    public var signOverdue = false
    public var answerOverdue = false
    public var supervised = false
    public var urgeCount = 0
    public var manualCallbackNeeded = false
    public var events = 0
}

/// One field where the row and the replay of its events disagree.
public struct ReplayMismatch: Sendable, Equatable, CustomStringConvertible {
    public var orderNumber: String
    public var field: String
    public var stored: String
    public var replayed: String

    public var description: String {
        "工单 \(orderNumber) 的 \(field) 为 \(stored)，但按事件重放应为 \(replayed)"
    }
}

public enum OrderReplay {
    /// Folds events (in sequence order) into the state they describe. Any event with
    /// `from`/`to` in its payload moves the status; the flags follow the rules of the
    /// operations that wrote the events (OrderHandling, OrderRequests, OrderCallbacks,
    /// OrderSupervision, OrderSweep).
    public static func replay(_ events: [OrderEvent]) -> ReplayedOrder {
        var state = ReplayedOrder()
        for event in events { apply(event.type, payload: event.payloadObject, at: event.at, to: &state) }
        return state
    }

    static func apply(_ type: OrderEventType, payload: [String: Any], at: Date, to state: inout ReplayedOrder) {
        state.events += 1
        if let to = payload["to"] as? String, let status = OrderStatus(rawValue: to) { state.status = status }
        let late = payload["late"] as? Bool ?? false
        switch type {
        case .dispatched, .reassigned:
            state.departmentCode = payload["department"] as? String
            state.returnRequested = false
            state.extensionRequested = false
            state.signOverdue = false
            state.answerOverdue = false
        case .signed:
            if late { state.signOverdue = true }
        case .answered:
            if late { state.answerOverdue = true }
        case .answerAccepted:
            state.manualCallbackNeeded = false
        case .returnRequested:
            state.returnRequested = true
        case .returnApproved:
            state.returnRequested = false
            state.departmentCode = nil
            state.signOverdue = false
            state.answerOverdue = false
            state.extensionRequested = false
        case .returnDenied:
            state.returnRequested = false
        case .extensionRequested:
            state.extensionRequested = true
        case .extensionApproved:
            state.extensionRequested = false
            if state.answerOverdue, let text = payload["answer_due"] as? String,
               let due = try? ShanghaiTime.parse(text), at <= due {
                state.answerOverdue = false
            }
        case .extensionDenied:
            state.extensionRequested = false
        case .callback:
            switch payload["to"] as? String {
            case OrderStatus.closed.rawValue: state.manualCallbackNeeded = false
            case OrderStatus.rework.rawValue:
                state.manualCallbackNeeded = false
                state.answerOverdue = false
            default: state.manualCallbackNeeded = true
            }
        case .urged:
            state.urgeCount += 1
        case .supervised:
            state.supervised = true
        case .signOverdue:
            state.signOverdue = true
        case .answerOverdue:
            state.answerOverdue = true
        case .created, .contacted, .answerRejected, .merged, .mergedIn, .exportedUnmasked:
            break
        }
    }

    /// The fields of `order` that its replayed events contradict.
    public static func mismatches(_ order: WorkOrder, departmentCode: String?, replayed: ReplayedOrder) -> [ReplayMismatch] {
        var found: [ReplayMismatch] = []
        func compare<T: Equatable>(_ field: String, _ stored: T, _ replayed: T) {
            if stored != replayed {
                found.append(ReplayMismatch(orderNumber: order.number, field: field, stored: "\(stored)", replayed: "\(replayed)"))
            }
        }
        compare("status", order.status.rawValue, replayed.status.rawValue)
        compare("department", departmentCode ?? "（无）", replayed.departmentCode ?? "（无）")
        compare("return_requested", order.returnRequested, replayed.returnRequested)
        compare("extension_requested", order.extensionRequested, replayed.extensionRequested)
        compare("sign_overdue", order.signOverdue, replayed.signOverdue)
        compare("answer_overdue", order.answerOverdue, replayed.answerOverdue)
        compare("supervised", order.supervised, replayed.supervised)
        compare("urge_count", order.urgeCount, replayed.urgeCount)
        compare("manual_callback_needed", order.manualCallbackNeeded, replayed.manualCallbackNeeded)
        return found
    }

    /// Replays every order in the database; also checks that each order's events are
    /// numbered 1…n and start with `created`. At most `limit` mismatches are returned.
    static func check(in db: Database, limit: Int = 100) throws -> (orders: Int, mismatches: [ReplayMismatch]) {
        let codes = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, code FROM department")
            .map { ($0["id"] as Int64, $0["code"] as String) })
        let orders = try WorkOrder.fetchCursor(db, sql: "SELECT * FROM work_order ORDER BY id")
        let events = try OrderEvent.fetchCursor(db, sql: "SELECT * FROM order_event ORDER BY order_id, sequence")
        var pending = try events.next()
        var count = 0
        var found: [ReplayMismatch] = []
        while let order = try orders.next(), found.count < limit {
            count += 1
            var own: [OrderEvent] = []
            while let event = pending, event.orderID <= order.id! {
                if event.orderID == order.id { own.append(event) }
                pending = try events.next()
            }
            if own.first?.type != .created {
                found.append(ReplayMismatch(orderNumber: order.number, field: "events", stored: own.first?.type.rawValue ?? "（无事件）",
                                            replayed: OrderEventType.created.rawValue))
            }
            if let gap = own.enumerated().first(where: { $0.element.sequence != $0.offset + 1 }) {
                found.append(ReplayMismatch(orderNumber: order.number, field: "sequence", stored: "\(gap.element.sequence)",
                                            replayed: "\(gap.offset + 1)"))
            }
            found += mismatches(order, departmentCode: order.departmentID.flatMap { codes[$0] }, replayed: replay(own))
        }
        return (count, Array(found.prefix(limit)))
    }
}
