import Foundation
import GRDB

/// Requests a department makes of the center, and the lead's decisions on them:
/// 退回 (not our remit) within the return window, and 延时 before the answer deadline.
extension WorkOrders {
    /// 申请退回: only within the return window (1 working day 咨询类, 2 非咨询类 from
    /// dispatch), with the basis and a suggested department.
    @discardableResult
    public func requestReturn(_ number: String, reason: String, suggestedDepartment: String?, expectedVersion: Int? = nil,
                              identity: Identity) throws -> OrderChange {
        try change(number, .requestReturn, identity: identity, expectedVersion: expectedVersion) { order, db in
            try OrderLedger.requireStatus([.dispatched, .signed], for: .requestReturn, order)
            guard !order.returnRequested else { throw OrderError.alreadyRequested(number: order.number, what: "退回") }
            if let end = order.returnDue, self.now > end {
                throw OrderError.returnWindowClosed(number: order.number, windowEnd: end)
            }
            let text = try OrderLimits.text(reason, field: "--reason 退回理由及依据", limit: OrderLimits.note)
            var payload: [String: Any] = ["reason": text]
            order.returnRequested = true
            order.returnReason = text
            if let code = suggestedDepartment {
                let suggested = try Department.resolve(code, in: db)
                guard suggested.id != order.departmentID else {
                    throw OrderError.invalid(field: "--suggest", reason: "建议的承办单位就是本单位")
                }
                order.returnSuggestedDepartmentID = suggested.id
                payload["suggested_department"] = suggested.code
            }
            return (.returnRequested, payload)
        }
    }

    /// Approve: back to pending dispatch, deadlines cleared (the next dispatch starts
    /// them afresh). Deny: the department keeps the order, deadlines unchanged.
    @discardableResult
    public func decideReturn(_ number: String, approve: Bool, note: String? = nil, expectedVersion: Int? = nil,
                             identity: Identity) throws -> OrderChange {
        try change(number, .decideReturn, identity: identity, expectedVersion: expectedVersion) { order, db in
            guard order.returnRequested else { throw OrderError.nothingPending(number: order.number, what: "退回") }
            var payload: [String: Any] = [:]
            if let note = try OrderLimits.optionalText(note, field: "--note", limit: OrderLimits.note) { payload["note"] = note }
            order.returnRequested = false
            guard approve else { return (.returnDenied, payload) }
            if let code = try order.departmentID.flatMap({ try Department.fetchOne(db, key: $0)?.code }) {
                payload["returned_by"] = code
            }
            if let suggested = try order.returnSuggestedDepartmentID.flatMap({ try Department.fetchOne(db, key: $0)?.code }) {
                payload["suggested_department"] = suggested
            }
            order.status = .pendingDispatch
            order.departmentID = nil
            order.dispatchedAt = nil
            order.signDue = nil
            order.answerDue = nil
            order.returnDue = nil
            order.signedAt = nil
            order.signOverdue = false
            order.answerOverdue = false
            order.extensionRequested = false
            order.extensionDaysRequested = nil
            order.extensionReason = nil
            return (.returnApproved, payload)
        }
    }

    /// 申请延时: only before the answer deadline has passed.
    @discardableResult
    public func requestExtension(_ number: String, days: Int, reason: String, expectedVersion: Int? = nil,
                                 identity: Identity) throws -> OrderChange {
        try change(number, .requestExtension, identity: identity, expectedVersion: expectedVersion) { order, _ in
            try OrderLedger.requireStatus([.dispatched, .signed, .rework], for: .requestExtension, order)
            guard !order.extensionRequested else { throw OrderError.alreadyRequested(number: order.number, what: "延时") }
            if let due = order.answerDue, self.now >= due {
                throw OrderError.extensionTooLate(number: order.number, answerDue: due)
            }
            guard (1...OrderLimits.extensionDays).contains(days) else {
                throw OrderError.invalid(field: "--days", reason: "延时天数应为 1 到 \(OrderLimits.extensionDays) 个工作日，收到 \(days)")
            }
            let text = try OrderLimits.text(reason, field: "--reason 延时理由", limit: OrderLimits.note)
            order.extensionRequested = true
            order.extensionDaysRequested = days
            order.extensionReason = text
            return (.extensionRequested, ["days": days, "reason": text])
        }
    }

    /// Approve: the answer deadline moves by the requested working days (counted from
    /// the current deadline). Deny: unchanged.
    @discardableResult
    public func decideExtension(_ number: String, approve: Bool, note: String? = nil, expectedVersion: Int? = nil,
                                identity: Identity) throws -> (OrderChange) {
        var warnings: [String] = []
        var change = try change(number, .decideExtension, identity: identity, expectedVersion: expectedVersion) { order, db in
            guard order.extensionRequested, let days = order.extensionDaysRequested else {
                throw OrderError.nothingPending(number: order.number, what: "延时")
            }
            var payload: [String: Any] = ["days": days]
            if let note = try OrderLimits.optionalText(note, field: "--note", limit: OrderLimits.note) { payload["note"] = note }
            order.extensionRequested = false
            order.extensionDaysRequested = nil
            guard approve else { return (.extensionDenied, payload) }
            if let due = order.answerDue {
                let moved = try OrderDeadlines.extended(due, byWorkingDays: days, in: db)
                warnings = moved.warnings.map(\.message)
                payload["previous_answer_due"] = ShanghaiTime.format(due)
                payload["answer_due"] = moved.iso
                order.answerDue = moved.instant
                if order.answerOverdue && self.now <= moved.instant { order.answerOverdue = false }
            }
            order.extensionDaysGranted += days
            return (.extensionApproved, payload)
        }
        change.warnings = warnings
        return change
    }
}
