import Foundation
import GRDB

/// A specialist's answer turned into a knowledge draft (notice 二、3: 将诉求内容和答复结果
/// 统一归集至知识库, 动态积累、持续利用). The draft belongs to the specialist's department,
/// says where it came from, and is linked both ways with its three-way call; trainers
/// edit and publish it as any other draft.
public struct KnowledgeDraftPromotion: Sendable, Equatable {
    public var entry: KnowledgeEntry
    public var threeWayCallID: Int64
    public var departmentName: String
}

extension KnowledgeBase {
    /// The external id a promoted answer gets: `DRAFT-TW<three-way call id>`.
    public static func draftExternalID(threeWayCallID: Int64) -> String { "DRAFT-TW\(threeWayCallID)" }

    /// Promotes a resolved three-way answer to a draft entry with its first revision, and
    /// links the call and the entry to each other, all in one transaction. Refused for a
    /// call still going on, an unresolved one, or one already promoted.
    public func promoteThreeWayAnswer(_ threeWayCallID: Int64, identity: Identity) throws -> KnowledgeDraftPromotion {
        try identity.require(.agent, .lead, .trainer, for: "将三方通话答复转为知识草稿")
        return try store.write { db in
            guard let call = try ThreeWayCall.fetchOne(db, key: threeWayCallID) else {
                throw ThreeWayCallError.unknownThreeWayCall(threeWayCallID)
            }
            if let linked = call.knowledgeEntryID {
                let external = try String.fetchOne(db, sql: "SELECT external_id FROM knowledge_entry WHERE id = ?",
                                                   arguments: [linked]) ?? "#\(linked)"
                throw ThreeWayCallError.alreadyPromoted(id: threeWayCallID, entry: external)
            }
            guard let endedAt = call.endedAt else { throw ThreeWayCallError.notFinished(id: threeWayCallID) }
            guard call.resolved == true else { throw ThreeWayCallError.unresolved(id: threeWayCallID) }
            let externalID = Self.draftExternalID(threeWayCallID: threeWayCallID)
            guard try KnowledgeEntry.withExternalID(externalID).fetchCount(db) == 0 else {
                throw ThreeWayCallError.draftIDTaken(externalID)
            }
            let specialist = try Specialist.fetchOne(db, key: call.specialistID)!
            let department = try Department.fetchOne(db, key: specialist.departmentID)!
            let answeredOn = ShanghaiTime.localDate(of: endedAt).iso
            var entry = KnowledgeEntry(
                externalID: externalID, departmentID: department.id!, category: "", question: call.question,
                answer: call.answer, keywords: try Self.draftKeywords(question: call.question, specialist: specialist, in: db),
                source: "政策专员 \(specialist.name)（\(department.name)）三方通话答复 \(answeredOn)",
                effectiveFrom: answeredOn, effectiveTo: nil, status: .draft,
                updatedAt: store.clock.now(), updatedBy: identity.actor.recorded)
            try entry.insert(db)
            var revision = try KnowledgeRevision(entry: entry, change: "promote", changedFields: [])
            try revision.insert(db)
            try db.execute(sql: "UPDATE knowledge_entry SET origin_three_way_call_id = ? WHERE id = ?",
                           arguments: [threeWayCallID, entry.id])
            try db.execute(sql: "UPDATE three_way_call SET knowledge_entry_id = ? WHERE id = ?",
                           arguments: [entry.id, threeWayCallID])
            return KnowledgeDraftPromotion(entry: entry, threeWayCallID: threeWayCallID, departmentName: department.name)
        }
    }

    /// The specialist's expertise areas the question touches: a head start for the
    /// trainer, who sets the final keywords before publishing.
    private static func draftKeywords(question: String, specialist: Specialist, in db: Database) throws -> [String] {
        let matcher = try TopicMatcher(topic: question, in: db)
        guard matcher.totalWeight > 0 else { return [] }
        let forms = try TopicMatcher.forms(of: Set(specialist.expertise), in: db)
        return matcher.match(specialist.expertise, forms: forms).areas
    }
}
