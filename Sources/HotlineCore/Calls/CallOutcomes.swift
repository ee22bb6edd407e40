import Foundation
import GRDB

extension CallService {
    /// Records how the agent ended the call. A call that became a work order keeps that
    /// outcome: the order is the record the department is held to.
    public func setOutcome(_ choice: OutcomeChoice, for callID: Int64, identity: Identity) throws -> CallDetails {
        try requireIntake(identity, "记录来电处理结果")
        let transferTarget: String?
        if case .transferred(let to) = choice {
            transferTarget = try IntakeText.clean(to, field: "转接去向", limit: IntakeText.transferredToLimit, required: true)
        } else {
            transferTarget = nil
        }
        let now = store.clock.now()
        return try store.write { db in
            try identity.confirmActive(in: db)
            var call = try CallService.fetch(callID, in: db)
            if call.outcome == .order { throw IntakeError.outcomeLocked(callID: callID, outcome: "生成工单") }
            call.clearOutcome()
            switch choice {
            case .knowledge(let externalID):
                let key = externalID.trimmingCharacters(in: .whitespaces)
                guard let row = try Row.fetchOne(db, sql: "SELECT id, status FROM knowledge_entry WHERE external_id = ?",
                                                 arguments: [key]) else {
                    throw IntakeError.unknownKnowledgeEntry(key)
                }
                if (row["status"] as String) == "draft" { throw IntakeError.draftKnowledgeEntry(key) }
                call.outcome = .knowledge
                call.knowledgeEntryID = row["id"]
            case .outOfScope(let reason):
                call.outcome = .outOfScope
                call.outOfScopeReasonCode = reason.rawValue
            case .transferred:
                call.outcome = .transferred
                call.transferredTo = transferTarget
            }
            call.updatedAt = now
            try call.update(db)
            return try CallService.details(of: call, in: db)
        }
    }
}

extension Call {
    mutating func clearOutcome() {
        outcome = .open
        knowledgeEntryID = nil
        outOfScopeReasonCode = nil
        transferredTo = nil
    }

    /// The call became a work order: for the work-order code, inside its own transaction.
    /// Whatever the agent had recorded before gives way, since the order now carries the
    /// matter. Throws `IntakeError.callNotFound` for an unknown call.
    static func markOrdered(callID: Int64, at now: Date, in db: Database) throws {
        var call = try CallService.fetch(callID, in: db)
        guard call.outcome != .order else { return }
        call.clearOutcome()
        call.outcome = .order
        call.updatedAt = now
        try call.update(db)
    }

    /// A three-way call with a policy specialist resolved the call: for the specialists
    /// code, inside its own transaction. A call already raised as an order keeps that
    /// outcome (returns false); otherwise the outcome becomes `specialist` (returns true).
    @discardableResult
    static func markResolvedBySpecialist(callID: Int64, at now: Date, in db: Database) throws -> Bool {
        var call = try CallService.fetch(callID, in: db)
        guard call.outcome != .order else { return false }
        call.clearOutcome()
        call.outcome = .specialist
        call.updatedAt = now
        try call.update(db)
        return true
    }
}
