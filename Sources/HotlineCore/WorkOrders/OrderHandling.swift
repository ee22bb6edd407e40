import Foundation
import GRDB

/// The department's side of an order: sign, contact the requester, answer; and the
/// lead's dispatching and review of the answer (答复认定).
extension WorkOrders {
    /// Dispatches an order waiting for a department (new without one, or returned).
    @discardableResult
    public func dispatch(_ number: String, to departmentCode: String, expectedVersion: Int? = nil,
                         identity: Identity) throws -> OrderChange {
        var warnings: [String] = []
        var change = try change(number, .dispatch, identity: identity, expectedVersion: expectedVersion) { order, db in
            try OrderLedger.requireStatus([.pendingDispatch], for: .dispatch, order)
            let department = try Department.resolve(departmentCode, in: db)
            warnings = try Self.startDispatch(&order, to: department, at: self.now, in: db)
            return (.dispatched, Self.dispatchPayload(order, department, from: .pendingDispatch))
        }
        change.warnings = warnings
        return change
    }

    /// Gives the order to another department with fresh deadlines (改派); also dispatches
    /// an order that is waiting for one.
    @discardableResult
    public func reassign(_ number: String, to departmentCode: String, note: String? = nil, expectedVersion: Int? = nil,
                         identity: Identity) throws -> OrderChange {
        var warnings: [String] = []
        var change = try change(number, .reassign, identity: identity, expectedVersion: expectedVersion) { order, db in
            try OrderLedger.requireStatus([.pendingDispatch, .dispatched, .signed, .rework], for: .reassign, order)
            let department = try Department.resolve(departmentCode, in: db)
            let previous = try order.departmentID.flatMap { try Department.fetchOne(db, key: $0)?.code }
            let from = order.status
            warnings = try Self.startDispatch(&order, to: department, at: self.now, in: db)
            var payload = Self.dispatchPayload(order, department, from: from)
            if let previous { payload["previous_department"] = previous }
            if let note = try OrderLimits.optionalText(note, field: "--note", limit: OrderLimits.note) { payload["note"] = note }
            return (.reassigned, payload)
        }
        change.warnings = warnings
        return change
    }

    static func startDispatch(_ order: inout WorkOrder, to department: Department, at now: Date, in db: Database) throws -> [String] {
        order.departmentID = department.id
        order.status = .dispatched
        order.returnRequested = false
        order.returnReason = nil
        order.returnSuggestedDepartmentID = nil
        order.extensionRequested = false
        order.extensionDaysRequested = nil
        order.extensionReason = nil
        return try OrderDeadlines.dispatch(&order, at: now, in: db)
    }

    /// 签收. Signing after the sign deadline keeps the order marked as signed late.
    @discardableResult
    public func sign(_ number: String, note: String? = nil, expectedVersion: Int? = nil, identity: Identity) throws -> OrderChange {
        try change(number, .sign, identity: identity, expectedVersion: expectedVersion) { order, _ in
            try OrderLedger.requireStatus([.dispatched], for: .sign, order)
            let now = self.now
            order.status = .signed
            order.signedAt = now
            var payload: [String: Any] = [:]
            if let due = order.signDue, now > due {
                order.signOverdue = true
                payload["late"] = true
            }
            if let note = try OrderLimits.optionalText(note, field: "--note", limit: OrderLimits.note) { payload["note"] = note }
            return (.signed, payload)
        }
    }

    /// 联系诉求人: the department notes that it reached the requester.
    @discardableResult
    public func contact(_ number: String, note: String, expectedVersion: Int? = nil, identity: Identity) throws -> OrderChange {
        try change(number, .contact, identity: identity, expectedVersion: expectedVersion) { order, _ in
            try OrderLedger.requireStatus([.signed, .rework], for: .contact, order)
            let text = try OrderLimits.text(note, field: "--note 联系情况", limit: OrderLimits.note)
            return (.contacted, ["note": text])
        }
    }

    /// 答复: from signed, or from rework after an unsatisfied callback.
    @discardableResult
    public func answer(_ number: String, text: String, expectedVersion: Int? = nil, identity: Identity) throws -> OrderChange {
        try change(number, .answer, identity: identity, expectedVersion: expectedVersion) { order, _ in
            try OrderLedger.requireStatus([.signed, .rework], for: .answer, order)
            let answer = try OrderLimits.text(text, field: "--text 答复内容", limit: OrderLimits.content)
            let now = self.now
            order.status = .answered
            order.answeredAt = now
            order.answerText = answer
            var payload: [String: Any] = ["text": answer]
            if let due = order.answerDue, now > due {
                order.answerOverdue = true
                payload["late"] = true
            }
            return (.answered, payload)
        }
    }

    /// 答复认定: accept (on to the callback) or reject with a reason (back to the
    /// department, signed, with the original deadline).
    @discardableResult
    public func review(_ number: String, accept: Bool, reason: String? = nil, expectedVersion: Int? = nil,
                       identity: Identity) throws -> OrderChange {
        try change(number, .review, identity: identity, expectedVersion: expectedVersion) { order, _ in
            try OrderLedger.requireStatus([.answered], for: .review, order)
            if accept {
                order.status = .awaitingCallback
                order.acceptedAt = self.now
                order.manualCallbackNeeded = false
                var payload: [String: Any] = [:]
                if let reason = try OrderLimits.optionalText(reason, field: "--reason", limit: OrderLimits.note) { payload["note"] = reason }
                return (.answerAccepted, payload)
            }
            guard let reason = try OrderLimits.optionalText(reason, field: "--reason 退回补充理由", limit: OrderLimits.note) else {
                throw OrderError.invalid(field: "--reason", reason: "退回补充须写明理由（答复不规范、不明确或不完整之处）")
            }
            order.status = .signed
            return (.answerRejected, ["reason": reason])
        }
    }
}
