import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Three-way call records: start, finish, the call's outcome, promotion to a linked
/// knowledge draft, and who may do each.
final class SpecialistsThreeWayCallTests: SpecialistTestCase {
    private var ji: Specialist!

    override func setUpWithError() throws {
        try super.setUpWithError()
        try initialize()
        try addDepartment("TAX", "如皋市税务局")
        try importForm("""
            department,name,title,phone,expertise
            TAX,季晓岚,税政一股副股长,13812345678,增值税、留抵退税、出口退税
            TAX,顾文澜,纳税服务股股长,0513-80001001,发票管理
            TAX,冒俊驰,税政二股科员,0513-80001003,企业所得税
            """)
        ji = try specialist(named: "季晓岚")
    }

    private let question = "制造业企业申请增值税留抵退税需要什么条件？"
    private let answer = "符合条件的制造业纳税人可在申报期内向主管税务机关申请退还增量留抵税额，通过电子税务局提交《退（抵）税申请表》。"

    /// A call with a three-way call that started at 10:00 and ended at 10:07:30.
    private func finishedThreeWay(resolved: Bool, outcome: String = "open") throws -> (call: Int64, record: ThreeWayCall) {
        let call = try addCall(outcome: outcome)
        let started = try log.start(callID: call, specialistID: ji.id!, question: question, identity: try identity(.agent))
        let later = ThreeWayCallLog(store: try store(at: "2026-06-01T10:07:30+08:00"))
        let finished = try later.finish(id: started.id!, answer: answer, resolved: resolved, identity: try identity(.agent))
        return (call, finished)
    }

    func testStartRecordsNowAndWho() throws {
        let call = try addCall()
        let record = try log.start(callID: call, specialistID: ji.id!, question: "  \(question)\n", identity: try identity(.agent))
        XCTAssertEqual(record.startedAt, Self.now)
        XCTAssertNil(record.endedAt)
        XCTAssertNil(record.resolved)
        XCTAssertNil(record.durationSeconds)
        XCTAssertEqual(record.question, question, "trimmed")
        XCTAssertEqual(record.recordedBy, "agent1")
        XCTAssertNil(record.actingFor)
        XCTAssertEqual(try callOutcome(call), "open", "starting does not settle the call")
        let detail = try log.detail(id: record.id!, identity: try identity(.agent))
        XCTAssertEqual(detail.specialist.name, "季晓岚")
        XCTAssertEqual(detail.department.code, "TAX")
    }

    func testFinishResolvedSetsDurationAndCallOutcome() throws {
        let (call, record) = try finishedThreeWay(resolved: true)
        XCTAssertEqual(record.resolved, true)
        XCTAssertEqual(record.answer, answer)
        XCTAssertEqual(record.endedAt.map(ShanghaiTime.format), "2026-06-01T10:07:30+08:00")
        XCTAssertEqual(record.durationSeconds, 450)
        XCTAssertEqual(try callOutcome(call), "specialist")
        let stored = try log.detail(id: record.id!, identity: try identity(.lead)).threeWayCall
        XCTAssertEqual(stored, record)
    }

    func testFinishUnresolvedLeavesTheCallOpen() throws {
        let (call, record) = try finishedThreeWay(resolved: false)
        XCTAssertEqual(record.resolved, false)
        XCTAssertEqual(try callOutcome(call), "open")
    }

    func testResolvedAnswerDoesNotReplaceAnOrderOutcome() throws {
        let (orderCall, _) = try finishedThreeWay(resolved: true, outcome: "order")
        XCTAssertEqual(try callOutcome(orderCall), "order")
        let (knowledgeCall, _) = try finishedThreeWay(resolved: true, outcome: "knowledge")
        XCTAssertEqual(try callOutcome(knowledgeCall), "specialist")
    }

    func testFinishRefusals() throws {
        let (_, record) = try finishedThreeWay(resolved: true)
        XCTAssertThrowsError(try log.finish(id: record.id!, answer: "again", resolved: true, identity: try identity(.agent))) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .alreadyFinished(id: record.id!, endedAt: "2026-06-01T10:07:30+08:00"))
        }
        let call = try addCall()
        let open = try log.start(callID: call, specialistID: ji.id!, question: question, identity: try identity(.agent))
        XCTAssertThrowsError(try log.finish(id: open.id!, answer: "  ", resolved: true, identity: try identity(.agent))) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .emptyAnswer)
        }
        XCTAssertNoThrow(try log.finish(id: open.id!, answer: "", resolved: false, identity: try identity(.agent)),
                         "an unresolved conference may have no answer")
        XCTAssertThrowsError(try log.finish(id: 999, answer: answer, resolved: true, identity: try identity(.agent))) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .unknownThreeWayCall(999))
        }
        let early = ThreeWayCallLog(store: try store(at: "2026-06-01T09:00:00+08:00"))
        let another = try log.start(callID: call, specialistID: ji.id!, question: question, identity: try identity(.agent))
        XCTAssertThrowsError(try early.finish(id: another.id!, answer: answer, resolved: true, identity: try identity(.agent))) { error in
            guard case .endsBeforeStart? = error as? ThreeWayCallError else { return XCTFail("\(error)") }
        }
    }

    func testStartRefusals() throws {
        let call = try addCall()
        let agent = try identity(.agent)
        XCTAssertThrowsError(try log.start(callID: 404, specialistID: ji.id!, question: question, identity: agent)) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .unknownCall(404))
            XCTAssertEqual((error as? ThreeWayCallError)?.exitCode, .badData)
        }
        XCTAssertThrowsError(try log.start(callID: call, specialistID: 404, question: question, identity: agent)) { error in
            XCTAssertEqual(error as? SpecialistError, .unknownSpecialist(404))
        }
        XCTAssertThrowsError(try log.start(callID: call, specialistID: ji.id!, question: " \n", identity: agent)) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .emptyQuestion)
        }
        XCTAssertThrowsError(try log.start(callID: call, specialistID: ji.id!, question: String(repeating: "问", count: 501), identity: agent)) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .tooLong(field: "--question", limit: 500))
        }
        try store.write { db in try db.execute(sql: "UPDATE specialist SET active = 0 WHERE id = ?", arguments: [self.ji.id]) }
        XCTAssertThrowsError(try log.start(callID: call, specialistID: ji.id!, question: question, identity: agent)) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .inactiveSpecialist(id: ji.id!, name: "季晓岚"))
        }
        XCTAssertEqual(try count("three_way_call"), 0)
    }

    func testListShowsTheCallsThreeWayCallsInOrder() throws {
        let call = try addCall()
        let gu = try specialist(named: "顾文澜")
        let first = try log.start(callID: call, specialistID: gu.id!, question: "发票问题", identity: try identity(.agent))
        let second = try log.start(callID: call, specialistID: ji.id!, question: question, identity: try identity(.lead))
        _ = try finishedThreeWay(resolved: true)
        let listed = try log.list(callID: call, identity: try identity(.trainer))
        XCTAssertEqual(listed.map(\.threeWayCall.id), [first.id, second.id])
        XCTAssertEqual(listed.map(\.specialist.name), ["顾文澜", "季晓岚"])
        XCTAssertThrowsError(try log.list(callID: 404, identity: try identity(.agent)))
    }

    func testPromoteMakesADraftLinkedBothWays() throws {
        let (_, record) = try finishedThreeWay(resolved: true)
        let promotion = try KnowledgeBase(store: store).promoteThreeWayAnswer(record.id!, identity: try identity(.trainer))
        let entry = promotion.entry
        XCTAssertEqual(entry.externalID, "DRAFT-TW\(record.id!)")
        XCTAssertEqual(entry.status, .draft)
        XCTAssertEqual(entry.departmentID, ji.departmentID)
        XCTAssertEqual(entry.question, question)
        XCTAssertEqual(entry.answer, answer)
        XCTAssertEqual(entry.source, "政策专员 季晓岚（如皋市税务局）三方通话答复 2026-06-01")
        XCTAssertEqual(entry.effectiveFrom, "2026-06-01")
        XCTAssertEqual(entry.keywords, ["增值税", "留抵退税"], "the expertise areas the question touches")
        XCTAssertEqual(entry.revision, 1)
        XCTAssertEqual(entry.updatedBy, "trainer1")
        XCTAssertEqual(promotion.departmentName, "如皋市税务局")

        try store.read { db in
            let origin = try Int64.fetchOne(db, sql: "SELECT origin_three_way_call_id FROM knowledge_entry WHERE id = ?",
                                            arguments: [entry.id])
            XCTAssertEqual(origin, record.id)
            let linked = try Int64.fetchOne(db, sql: "SELECT knowledge_entry_id FROM three_way_call WHERE id = ?",
                                            arguments: [record.id])
            XCTAssertEqual(linked, entry.id)
            let revisions = try KnowledgeRevision.filter(Column("entry_id") == entry.id!).fetchAll(db)
            XCTAssertEqual(revisions.map(\.revision), [1])
            XCTAssertEqual(revisions.first?.change, "promote")
            XCTAssertTrue(revisions.first?.snapshot.contains("\"status\":\"draft\"") ?? false)
        }
        XCTAssertEqual(try log.detail(id: record.id!, identity: try identity(.agent)).knowledgeEntryExternalID, entry.externalID)
        // The draft is a knowledge entry like any other: kb show reads it, search does not offer it.
        let detail = try KnowledgeBase(store: store).detail(externalID: entry.externalID)
        XCTAssertEqual(detail.revisions.count, 1)
        XCTAssertFalse(try KnowledgeBase(store: store).search(SearchRequest(text: "留抵退税"))
            .hits.contains { $0.externalID == entry.externalID })
    }

    func testPromoteRefusals() throws {
        let knowledge = KnowledgeBase(store: store)
        let agent = try identity(.agent)
        let (_, unresolved) = try finishedThreeWay(resolved: false)
        XCTAssertThrowsError(try knowledge.promoteThreeWayAnswer(unresolved.id!, identity: agent)) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .unresolved(id: unresolved.id!))
        }
        let open = try log.start(callID: try addCall(), specialistID: ji.id!, question: question, identity: agent)
        XCTAssertThrowsError(try knowledge.promoteThreeWayAnswer(open.id!, identity: agent)) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .notFinished(id: open.id!))
        }
        let (_, resolved) = try finishedThreeWay(resolved: true)
        _ = try knowledge.promoteThreeWayAnswer(resolved.id!, identity: agent)
        XCTAssertThrowsError(try knowledge.promoteThreeWayAnswer(resolved.id!, identity: try identity(.lead))) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .alreadyPromoted(id: resolved.id!, entry: "DRAFT-TW\(resolved.id!)"))
        }
        XCTAssertThrowsError(try knowledge.promoteThreeWayAnswer(999, identity: agent)) { error in
            XCTAssertEqual(error as? ThreeWayCallError, .unknownThreeWayCall(999))
        }
        XCTAssertEqual(try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry WHERE status = 'draft'")
        }, 1, "only the one promotion wrote anything")
    }

    func testWhoMayRecordReadAndPromote() throws {
        let call = try addCall()
        let knowledge = KnowledgeBase(store: store)
        // Recording is for the desk: agents and leads.
        for role in [Role.trainer, .department, .admin] {
            let who = role == .admin ? try admin() : try identity(role)
            assertRefused(try self.log.start(callID: call, specialistID: self.ji.id!, question: self.question, identity: who))
        }
        let record = try log.start(callID: call, specialistID: ji.id!, question: question, identity: try identity(.lead))
        assertRefused(try self.log.finish(id: record.id!, answer: self.answer, resolved: true, identity: try self.identity(.trainer)))
        assertRefused(try self.log.finish(id: record.id!, answer: self.answer, resolved: true, identity: try self.admin()))
        // Reading: not for department accounts.
        assertRefused(try self.log.detail(id: record.id!, identity: try self.identity(.department)))
        assertRefused(try self.log.list(callID: call, identity: try self.identity(.department)))
        _ = try log.finish(id: record.id!, answer: answer, resolved: true, identity: try identity(.agent))
        // Promoting: agents, leads, trainers; not departments, not an admin as such.
        assertRefused(try knowledge.promoteThreeWayAnswer(record.id!, identity: try self.identity(.department)))
        assertRefused(try knowledge.promoteThreeWayAnswer(record.id!, identity: try self.admin()))
        XCTAssertNoThrow(try knowledge.promoteThreeWayAnswer(record.id!, identity: try identity(.lead)))
        let refusal = AccessError.roleRequired(operation: "记录三方通话", roles: [.agent, .lead], actual: .trainer)
        XCTAssertTrue(refusal.description.contains("坐席（agent）或班长（lead）"), refusal.description)
    }

    func testAdminActingForAnAgentIsRecordedWithBoth() throws {
        _ = try identity(.agent)
        let actingAs = try Identity.resolve(in: store, osUser: Self.adminUser, actingAs: "agent1")
        let record = try log.start(callID: try addCall(), specialistID: ji.id!, question: question, identity: actingAs)
        XCTAssertEqual(record.recordedBy, "agent1")
        XCTAssertEqual(record.actingFor, Self.adminUser)
    }
}
