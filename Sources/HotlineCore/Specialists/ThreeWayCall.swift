import Foundation
import GRDB

/// A 三方通话: the agent conferences a 政策专员 into a caller's call (workflow step 3).
/// The record keeps who, when, how long, the question, the answer and whether it
/// resolved the call, so the answer can feed the knowledge base later.
public struct ThreeWayCall: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "three_way_call"

    public var id: Int64?
    public var callID: Int64
    public var specialistID: Int64
    public var startedAt: Date
    /// nil while the conference is still going on.
    public var endedAt: Date?
    public var question: String
    public var answer: String
    /// nil until finished.
    public var resolved: Bool?
    /// The knowledge draft the answer was promoted to.
    public var knowledgeEntryID: Int64?
    /// The account the record was made as; `actingFor` is the admin behind `--as`
    /// (the same convention as order events).
    public var recordedBy: String
    public var actingFor: String?

    public init(id: Int64? = nil, callID: Int64, specialistID: Int64, startedAt: Date, endedAt: Date? = nil,
                question: String, answer: String = "", resolved: Bool? = nil, knowledgeEntryID: Int64? = nil,
                recordedBy: String, actingFor: String? = nil) {
        self.id = id
        self.callID = callID
        self.specialistID = specialistID
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.question = question
        self.answer = answer
        self.resolved = resolved
        self.knowledgeEntryID = knowledgeEntryID
        self.recordedBy = recordedBy
        self.actingFor = actingFor
    }

    public var isFinished: Bool { endedAt != nil }

    /// Whole seconds from start to end, once finished.
    public var durationSeconds: Int? {
        endedAt.map { Int(($0.timeIntervalSince(startedAt)).rounded(.down)) }
    }

    public init(row: Row) throws {
        id = row["id"]
        callID = row["call_id"]
        specialistID = row["specialist_id"]
        startedAt = row["started_at"]
        endedAt = row["ended_at"]
        question = row["question"]
        answer = row["answer"]
        resolved = row["resolved"]
        knowledgeEntryID = row["knowledge_entry_id"]
        recordedBy = row["recorded_by"]
        actingFor = row["acting_for"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["call_id"] = callID
        container["specialist_id"] = specialistID
        container["started_at"] = startedAt
        container["ended_at"] = endedAt
        container["question"] = question
        container["answer"] = answer
        container["resolved"] = resolved
        container["knowledge_entry_id"] = knowledgeEntryID
        container["recorded_by"] = recordedBy
        container["acting_for"] = actingFor
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A three-way call with the specialist and department it reached, and the external id
/// of the knowledge draft made from it, as show and list print them.
public struct ThreeWayCallDetail: Sendable, Equatable {
    public var threeWayCall: ThreeWayCall
    public var specialist: Specialist
    public var department: Department
    public var knowledgeEntryExternalID: String?
}
