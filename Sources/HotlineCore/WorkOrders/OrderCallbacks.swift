import Foundation
import GRDB

/// The satisfaction callback (回访) after an accepted answer:
/// - an SMS reply of satisfied or basically satisfied closes the order;
/// - an unsatisfied SMS reply, or none (unreachable), asks for a manual callback;
/// - a manual callback of satisfied or basic closes it; unreachable leaves it waiting;
/// - the first unsatisfied manual callback sends the order back for 核实整改 (rework,
///   with a fresh answer deadline);
/// - after a rework, the next callback's result is final and closes the order.
extension WorkOrders {
    @discardableResult
    public func callback(_ number: String, channel: CallbackChannel, result: CallbackResult, note: String? = nil,
                         expectedVersion: Int? = nil, identity: Identity) throws -> OrderChange {
        let now = self.now
        return try store.write { db in
            try Self.recordCallback(number, channel: channel, result: result, note: note, expectedVersion: expectedVersion,
                                    at: now, identity: identity, in: db)
        }
    }

    /// The callback as one step inside the caller's transaction, dated `now`: the SMS
    /// reply import records the platform's reply time and its own row in the same
    /// transaction as the order's change.
    static func recordCallback(_ number: String, channel: CallbackChannel, result: CallbackResult, note: String?,
                               expectedVersion: Int?, at now: Date, identity: Identity, in db: Database) throws -> OrderChange {
        try OrderLedger.change(number, operation: .callback, identity: identity, expectedVersion: expectedVersion,
                               at: now, in: db) { order in
            try OrderLedger.requireStatus([.awaitingCallback], for: .callback, order)
            let text = try OrderLimits.optionalText(note, field: "--note", limit: OrderLimits.note)
            let afterRework = order.reworkCount > 0
            var payload: [String: Any] = ["channel": channel.rawValue, "result": result.rawValue]
            if let text { payload["note"] = text }
            if afterRework { payload["final"] = true }

            switch Self.outcome(channel: channel, result: result, afterRework: afterRework) {
            case .close:
                order.status = .closed
                order.closedAt = now
                order.callbackResult = result
                order.manualCallbackNeeded = false
            case .manualCallbackNeeded:
                order.manualCallbackNeeded = true
            case .rework:
                order.status = .rework
                order.reworkCount += 1
                order.manualCallbackNeeded = false
                order.answerOverdue = false
                let due = try OrderDeadlines.freshAnswerDue(kind: order.kind, from: now, in: db)
                order.answerDue = due.instant
                payload["answer_due"] = due.iso
            }
            try db.execute(sql: """
                INSERT INTO callback(order_id, at, channel, result, after_rework, note, recorded_by, acting_for)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [order.id, StoredInstant.value(now), channel.rawValue, result.rawValue, afterRework, text,
                                 identity.actor.login, identity.actor.onBehalfOf])
            return (.callback, payload)
        }
    }

    enum CallbackOutcome: Equatable { case close, manualCallbackNeeded, rework }

    /// The callback rule as a pure function, so the console can say what a result will do.
    static func outcome(channel: CallbackChannel, result: CallbackResult, afterRework: Bool) -> CallbackOutcome {
        if afterRework { return .close }
        if result.isContent { return .close }
        switch (channel, result) {
        case (.manual, .unsatisfied): return .rework
        default: return .manualCallbackNeeded
        }
    }
}
