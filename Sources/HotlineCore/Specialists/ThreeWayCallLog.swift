import Foundation
import GRDB

/// Recording three-way calls: agents and shift leads on the desk record them (an admin
/// acts through `--as`); trainers may read them, since they turn answers into knowledge.
public struct ThreeWayCallLog: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    /// The same limits as a knowledge entry's question and answer, so that any answer
    /// can become a draft unchanged.
    public static let questionLimit = 500
    public static let answerLimit = 10_000

    /// Opens the record when the specialist joins the call; started_at is now.
    public func start(callID: Int64, specialistID: Int64, question: String, identity: Identity) throws -> ThreeWayCall {
        try identity.require(.agent, .lead, for: "记录三方通话")
        let question = question.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw ThreeWayCallError.emptyQuestion }
        guard question.count <= Self.questionLimit else {
            throw ThreeWayCallError.tooLong(field: "--question", limit: Self.questionLimit)
        }
        return try store.write { db in
            try identity.confirmActive(in: db)
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM call WHERE id = ?", arguments: [callID]) != nil else {
                throw ThreeWayCallError.unknownCall(callID)
            }
            guard let specialist = try Specialist.fetchOne(db, key: specialistID) else {
                throw SpecialistError.unknownSpecialist(specialistID)
            }
            guard specialist.active else { throw ThreeWayCallError.inactiveSpecialist(id: specialistID, name: specialist.name) }
            var record = ThreeWayCall(callID: callID, specialistID: specialistID, startedAt: store.clock.now(),
                                      question: question, recordedBy: identity.actor.login,
                                      actingFor: identity.actor.onBehalfOf)
            try record.insert(db)
            return record
        }
    }

    /// Closes the record with the specialist's answer. A resolved answer settles the call:
    /// its outcome becomes 'specialist' in the same transaction, unless a work order was
    /// already raised for it (an order is the stronger outcome and keeps its number).
    public func finish(id: Int64, answer: String, resolved: Bool, identity: Identity) throws -> ThreeWayCall {
        try identity.require(.agent, .lead, for: "记录三方通话")
        let answer = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        if resolved && answer.isEmpty { throw ThreeWayCallError.emptyAnswer }
        guard answer.count <= Self.answerLimit else { throw ThreeWayCallError.tooLong(field: "--answer", limit: Self.answerLimit) }
        return try store.write { db in
            try identity.confirmActive(in: db)
            guard var record = try ThreeWayCall.fetchOne(db, key: id) else { throw ThreeWayCallError.unknownThreeWayCall(id) }
            if let endedAt = record.endedAt {
                throw ThreeWayCallError.alreadyFinished(id: id, endedAt: ShanghaiTime.format(endedAt))
            }
            let now = store.clock.now()
            guard now >= record.startedAt else {
                throw ThreeWayCallError.endsBeforeStart(id: id, startedAt: ShanghaiTime.format(record.startedAt))
            }
            record.endedAt = now
            record.answer = answer
            record.resolved = resolved
            try record.update(db)
            if resolved {
                // The calls code owns the call row; only the outcome and its timestamp move here.
                try db.execute(sql: """
                    UPDATE call SET outcome = 'specialist', updated_at = ? WHERE id = ? AND outcome <> 'order'
                    """, arguments: [now, record.callID])
            }
            return record
        }
    }

    public func detail(id: Int64, identity: Identity) throws -> ThreeWayCallDetail {
        try identity.require(.agent, .lead, .trainer, for: "查看三方通话")
        return try store.read { db in
            guard let record = try ThreeWayCall.fetchOne(db, key: id) else { throw ThreeWayCallError.unknownThreeWayCall(id) }
            return try Self.details([record], in: db)[0]
        }
    }

    /// The three-way calls of one call, in the order they were made.
    public func list(callID: Int64, identity: Identity) throws -> [ThreeWayCallDetail] {
        try identity.require(.agent, .lead, .trainer, for: "查看三方通话")
        return try store.read { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM call WHERE id = ?", arguments: [callID]) != nil else {
                throw ThreeWayCallError.unknownCall(callID)
            }
            let records = try ThreeWayCall.filter(Column("call_id") == callID).order(Column("id")).fetchAll(db)
            return try Self.details(records, in: db)
        }
    }

    static func details(_ records: [ThreeWayCall], in db: Database) throws -> [ThreeWayCallDetail] {
        try records.map { record in
            let specialist = try Specialist.fetchOne(db, key: record.specialistID)!
            let department = try Department.fetchOne(db, key: specialist.departmentID)!
            let external = try record.knowledgeEntryID.flatMap {
                try String.fetchOne(db, sql: "SELECT external_id FROM knowledge_entry WHERE id = ?", arguments: [$0])
            }
            return ThreeWayCallDetail(threeWayCall: record, specialist: specialist, department: department,
                                      knowledgeEntryExternalID: external)
        }
    }
}
