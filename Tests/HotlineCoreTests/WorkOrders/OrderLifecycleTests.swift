import Foundation
import GRDB
import XCTest
@testable import HotlineCore

final class OrderLifecycleTests: OrderTestCase {
    func testCreateDispatchesWithDeadlinesOnTheWorkingCalendar() throws {
        let change = try orders.create(NewOrder(kind: .consult, department: "TAX", title: "数电发票", content: "怎么领用"),
                                       identity: agent)
        let order = change.order
        XCTAssertEqual(order.number, "YQL-20261123-0001")
        XCTAssertEqual(order.status, .dispatched)
        // Monday 10:00: sign within 1 working hour, answer in 3 working days, return within 1.
        XCTAssertEqual(order.signDue, Self.instant("2026-11-23T11:00:00+08:00"))
        XCTAssertEqual(order.answerDue, Self.instant("2026-11-26T17:30:00+08:00"))
        XCTAssertEqual(order.returnDue, Self.instant("2026-11-24T17:30:00+08:00"))
        XCTAssertEqual(change.events.map(\.type), [.created, .dispatched])
        XCTAssertEqual(change.events.map(\.sequence), [1, 2])

        let other = try makeOrder(kind: .other)
        XCTAssertEqual(other.number, "YQL-20261123-0002")
        XCTAssertEqual(other.answerDue, Self.instant("2026-11-30T17:30:00+08:00"))
        XCTAssertEqual(other.returnDue, Self.instant("2026-11-25T17:30:00+08:00"))
    }

    func testOrderNumbersRestartEachDayAndNeverRepeat() throws {
        try makeOrder()
        clock.set("2026-11-24T09:00:00+08:00")
        XCTAssertEqual(try makeOrder().number, "YQL-20261124-0001")
        XCTAssertEqual(try makeOrder().number, "YQL-20261124-0002")
    }

    func testDeadlinesSkipTheNationalDayHoliday() throws {
        // Wednesday 30 September 2026, 16:00: the holiday runs 1–7 October.
        clock.set("2026-09-30T16:00:00+08:00")
        let order = try makeOrder()
        XCTAssertEqual(order.signDue, Self.instant("2026-09-30T17:00:00+08:00"))
        XCTAssertEqual(order.returnDue, Self.instant("2026-10-08T17:30:00+08:00"))
        XCTAssertEqual(order.answerDue, Self.instant("2026-10-10T17:30:00+08:00"), "Saturday 10 October is a 调休 working day")
    }

    func testCreateWithoutDepartmentWaitsForDispatch() throws {
        let order = try makeOrder(department: nil)
        XCTAssertEqual(order.status, .pendingDispatch)
        XCTAssertNil(order.signDue)
        // No department holds it yet, so no department may sign it.
        assertRefused(.permissionDenied) { try self.orders.sign(order.number, identity: self.tax) }
        assertRefused(.permissionDenied) { try self.orders.dispatch(order.number, to: "TAX", identity: self.agent) }
        let dispatched = try orders.dispatch(order.number, to: "TAX", identity: lead).order
        XCTAssertEqual(dispatched.status, .dispatched)
        XCTAssertEqual(dispatched.signDue, Self.instant("2026-11-23T11:00:00+08:00"))
    }

    func testCreateValidatesInput() throws {
        let message = assertRefused(.badData) {
            try self.orders.create(NewOrder(kind: .consult, department: "NOPE", title: "t", content: "c"), identity: self.agent)
        }
        XCTAssertTrue(message.contains("NOPE"), message)
        assertRefused(.badData) {
            try self.orders.create(NewOrder(kind: .consult, department: "TAX", title: "  ", content: "c"), identity: self.agent)
        }
        assertRefused(.badData) {
            try self.orders.create(NewOrder(kind: .consult, department: "TAX", title: "t",
                                            content: String(repeating: "长", count: 10_001)), identity: self.agent)
        }
        assertRefused(.badData) {
            try self.orders.create(NewOrder(kind: .consult, department: "TAX", title: "t", content: "c", phone: "12345"),
                                   identity: self.agent)
        }
        XCTAssertEqual(try count("work_order"), 0, "refused creations write nothing")
        XCTAssertEqual(try count("order_event"), 0)
    }

    func testUSCCWithFailingCheckCharacterNeedsOverride() throws {
        let first17 = "91320682MA1X2Y3Z4"
        let valid = first17.replacingOccurrences(of: "Z", with: "0")
        guard let check = USCC.checkCharacter(for: valid) else { return XCTFail("no check character for \(valid)") }
        let wrong = USCC.alphabet.first { $0 != check }!
        let message = assertRefused(.badData) {
            try self.orders.create(NewOrder(kind: .consult, department: "TAX", title: "t", content: "c", uscc: valid + String(wrong)),
                                   identity: self.agent)
        }
        XCTAssertTrue(message.contains(String(check)), message)
        let kept = try orders.create(NewOrder(kind: .consult, department: "TAX", title: "t", content: "c",
                                              uscc: (valid + String(wrong)).lowercased(), acceptFailingUSCC: true), identity: agent)
        XCTAssertEqual(kept.order.enterpriseUSCC, valid + String(wrong))
        XCTAssertTrue(kept.order.isEnterprise)
    }

    func testFullPathToClosedBySatisfiedSMS() throws {
        let number = try makeOrder().number
        clock.set("2026-11-23T10:20:00+08:00")
        try orders.sign(number, identity: tax)
        try orders.contact(number, note: "已电话联系企业财务", identity: tax)
        try orders.answer(number, text: "登录电子税务局申领数电发票额度", identity: tax)
        try orders.review(number, accept: true, identity: lead)
        XCTAssertEqual(try status(number), .awaitingCallback)
        let closed = try orders.callback(number, channel: .sms, result: .satisfied, identity: agent).order
        XCTAssertEqual(closed.status, .closed)
        XCTAssertEqual(closed.callbackResult, .satisfied)
        XCTAssertEqual(closed.closedAt, clock.now)
        XCTAssertEqual(try eventTypes(number),
                       [.created, .dispatched, .signed, .contacted, .answered, .answerAccepted, .callback])
        XCTAssertFalse(closed.signOverdue)
    }

    func testReviewRejectGoesBackToSignedWithTheSameDeadline() throws {
        let order = try makeOrder()
        try orders.sign(order.number, identity: tax)
        try orders.answer(order.number, text: "详见政策", identity: tax)
        assertRefused(.badData) { try self.orders.review(order.number, accept: false, reason: nil, identity: self.lead) }
        let rejected = try orders.review(order.number, accept: false, reason: "答复不具体，请写明办理渠道", identity: lead).order
        XCTAssertEqual(rejected.status, .signed)
        XCTAssertEqual(rejected.answerDue, order.answerDue)
        try orders.answer(order.number, text: "登录电子税务局，在发票业务中申领", identity: tax)
        XCTAssertEqual(try status(order.number), .answered)
    }

    func testCallbackPathsToManualAndRework() throws {
        let number = try makeOrder().number
        try bringToCallback(number)
        var order = try orders.callback(number, channel: .sms, result: .unreachable, identity: agent).order
        XCTAssertEqual(order.status, .awaitingCallback)
        XCTAssertTrue(order.manualCallbackNeeded)
        order = try orders.callback(number, channel: .manual, result: .unreachable, identity: agent).order
        XCTAssertEqual(order.status, .awaitingCallback, "an unreachable manual callback waits for another try")
        clock.set("2026-11-25T09:00:00+08:00")
        order = try orders.callback(number, channel: .manual, result: .unsatisfied, identity: lead).order
        XCTAssertEqual(order.status, .rework)
        XCTAssertEqual(order.reworkCount, 1)
        XCTAssertEqual(order.answerDue, Self.instant("2026-11-30T17:30:00+08:00"), "rework gets a fresh answer deadline")
        try orders.contact(number, note: "上门核实", identity: tax)
        try orders.answer(number, text: "已核实并补充办理", identity: tax)
        try orders.review(number, accept: true, identity: lead)
        // After a rework the next callback is final, whatever it says.
        order = try orders.callback(number, channel: .sms, result: .unsatisfied, identity: agent).order
        XCTAssertEqual(order.status, .closed)
        XCTAssertEqual(order.callbackResult, .unsatisfied)
        let detail = try orders.detail(number, identity: lead)
        XCTAssertEqual(detail.callbacks.map(\.result), [.unreachable, .unreachable, .unsatisfied, .unsatisfied])
        XCTAssertEqual(detail.callbacks.map(\.afterRework), [false, false, false, true])
    }

    func testSMSUnsatisfiedThenManualSatisfiedCloses() throws {
        let number = try makeOrder().number
        try bringToCallback(number)
        XCTAssertEqual(try orders.callback(number, channel: .sms, result: .unsatisfied, identity: agent).order.status, .awaitingCallback)
        XCTAssertEqual(try orders.callback(number, channel: .manual, result: .basic, identity: agent).order.status, .closed)
        assertRefused(.badData) { try self.orders.callback(number, channel: .manual, result: .satisfied, identity: self.agent) }
    }

    func testUrgeAndSuperviseByLeadOnly() throws {
        let number = try makeOrder().number
        assertRefused(.permissionDenied) { try self.orders.urge(number, note: "请尽快", identity: self.agent) }
        assertRefused(.permissionDenied) { try self.orders.supervise(number, note: "督办", identity: self.tax) }
        try orders.urge(number, note: "请尽快签收", identity: lead)
        let urged = try orders.urge(number, note: "再次催办", identity: lead).order
        XCTAssertEqual(urged.urgeCount, 2)
        XCTAssertTrue(try orders.supervise(number, note: "列入督办", identity: lead).order.supervised)
        assertRefused(.badData) { try self.orders.supervise(number, note: "再督办", identity: self.lead) }
        assertRefused(.badData) { try self.orders.urge(number, note: "", identity: self.lead) }
    }

    func testReassignGivesFreshDeadlinesToTheNewDepartment() throws {
        let number = try makeOrder().number
        try orders.sign(number, identity: tax)
        clock.set("2026-11-24T14:00:00+08:00")
        let moved = try orders.reassign(number, to: "HRSS", note: "属社保事项", identity: lead).order
        XCTAssertEqual(moved.status, .dispatched)
        XCTAssertEqual(moved.signDue, Self.instant("2026-11-24T15:00:00+08:00"))
        XCTAssertEqual(moved.answerDue, Self.instant("2026-11-27T17:30:00+08:00"))
        assertRefused(.permissionDenied) { try self.orders.sign(number, identity: self.tax) }
        try orders.sign(number, identity: hrss)
        let payload = try orders.detail(number, identity: lead).events.first { $0.type == .reassigned }!.payloadObject
        XCTAssertEqual(payload["previous_department"] as? String, "TAX")
        XCTAssertEqual(payload["department"] as? String, "HRSS")
    }

    func testEveryStepIsOneEventWithVersionAndActor() throws {
        let number = try makeOrder().number
        let actingTax = Identity(account: tax.account, actingAdmin: "orderadmin")
        try orders.sign(number, identity: actingTax)
        let detail = try orders.detail(number, identity: lead)
        XCTAssertEqual(detail.order.version, 2)
        XCTAssertEqual(detail.events.map(\.sequence), [1, 2, 3])
        XCTAssertEqual(detail.events.last?.actor, "tax1")
        XCTAssertEqual(detail.events.last?.actingFor, "orderadmin")
        XCTAssertEqual(detail.order.updatedBy, "tax1（由 orderadmin 代为操作）")
    }

    func testEventsCannotBeUpdatedOrDeleted() throws {
        try makeOrder()
        XCTAssertThrowsError(try store.write { db in try db.execute(sql: "UPDATE order_event SET actor = 'x'") })
        XCTAssertThrowsError(try store.write { db in try db.execute(sql: "DELETE FROM order_event") })
        XCTAssertEqual(try count("order_event"), 2)
    }

    func testCreateFromCallTakesCallerDetailsAndMarksTheCall() throws {
        let now = clock.now
        let callID: Int64 = try store.write { db in
            try db.execute(sql: """
                INSERT INTO call(received_at, channel, caller_phone, caller_name, enterprise_name, request_type, content,
                                 recorded_by, updated_at)
                VALUES (?, 'phone', '13900001111', '王会计', '如皋市某某纺织有限公司', 'consult', '问留抵退税', 'agent1', ?)
                """, arguments: [now, now])
            return db.lastInsertedRowID
        }
        let order = try orders.create(NewOrder(kind: .consult, department: "TAX", title: "留抵退税", content: "问留抵退税",
                                               callID: callID), identity: agent).order
        XCTAssertEqual(order.contactPhone, "13900001111")
        XCTAssertEqual(order.contactName, "王会计")
        XCTAssertEqual(order.enterpriseName, "如皋市某某纺织有限公司")
        XCTAssertTrue(order.isEnterprise)
        let outcome = try store.read { db in try String.fetchOne(db, sql: "SELECT outcome FROM call WHERE id = ?", arguments: [callID]) }
        XCTAssertEqual(outcome, "order")
    }

    func count(_ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }
}
