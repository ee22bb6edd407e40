import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Return window, extension deadline, merge, version conflicts, the sweep, and who may do what.
final class OrderRulesTests: OrderTestCase {
    // Dispatched Monday 2026-11-23 10:00 (consult): return window ends Tuesday 17:30,
    // answer due Thursday 17:30.

    func testReturnAllowedUntilTheEndOfTheWindow() throws {
        let number = try makeOrder().number
        clock.set("2026-11-24T17:30:00+08:00")
        let requested = try orders.requestReturn(number, reason: "属人社部门职责", suggestedDepartment: "HRSS", identity: tax).order
        XCTAssertTrue(requested.returnRequested)
        assertRefused(.badData) {
            try self.orders.requestReturn(number, reason: "再次申请", suggestedDepartment: nil, identity: self.tax)
        }
        let approved = try orders.decideReturn(number, approve: true, identity: lead).order
        XCTAssertEqual(approved.status, .pendingDispatch)
        XCTAssertNil(approved.departmentID)
        XCTAssertNil(approved.signDue)
        XCTAssertFalse(approved.returnRequested)
        clock.set("2026-11-25T09:00:00+08:00")
        let redispatched = try orders.reassign(number, to: "HRSS", identity: lead).order
        XCTAssertEqual(redispatched.status, .dispatched)
        XCTAssertEqual(redispatched.signDue, Self.instant("2026-11-25T10:00:00+08:00"))
        XCTAssertEqual(redispatched.answerDue, Self.instant("2026-11-30T17:30:00+08:00"))
    }

    func testReturnRefusedAfterTheWindowNamingItsEnd() throws {
        let number = try makeOrder().number
        clock.set("2026-11-24T17:30:01+08:00")
        let message = assertRefused(.badData) {
            try self.orders.requestReturn(number, reason: "不属本单位", suggestedDepartment: "HRSS", identity: self.tax)
        }
        XCTAssertTrue(message.contains("2026-11-24T17:30:00+08:00"), message)
    }

    func testReturnWindowOfNonConsultOrdersIsTwoWorkingDaysOverAWeekend() throws {
        // Thursday 16:00: the window's two working days are Friday and Monday.
        clock.set("2026-11-26T16:00:00+08:00")
        let number = try makeOrder(kind: .other).number
        clock.set("2026-11-30T17:00:00+08:00")
        XCTAssertTrue(try orders.requestReturn(number, reason: "不属本单位", suggestedDepartment: nil, identity: tax).order.returnRequested)
        let denied = try orders.decideReturn(number, approve: false, note: "属税务职责", identity: lead).order
        XCTAssertEqual(denied.status, .dispatched)
        XCTAssertFalse(denied.returnRequested)
        XCTAssertEqual(denied.departmentID, tax.account.departmentID)
        assertRefused(.badData) { try self.orders.decideReturn(number, approve: true, identity: self.lead) }
    }

    func testExtensionOnlyBeforeTheAnswerDeadline() throws {
        let number = try makeOrder().number
        try orders.sign(number, identity: tax)
        clock.set("2026-11-26T17:30:00+08:00")
        let late = assertRefused(.badData) { try self.orders.requestExtension(number, days: 2, reason: "需调查", identity: self.tax) }
        XCTAssertTrue(late.contains("2026-11-26T17:30:00+08:00"), late)
        clock.set("2026-11-26T17:29:59+08:00")
        assertRefused(.badData) { try self.orders.requestExtension(number, days: 0, reason: "需调查", identity: self.tax) }
        try orders.requestExtension(number, days: 2, reason: "需现场核实", identity: tax)
        assertRefused(.permissionDenied) { try self.orders.decideExtension(number, approve: true, identity: self.agent) }
        // Decided after the old deadline: the new one counts from it, Friday and Monday.
        clock.set("2026-11-27T09:00:00+08:00")
        let approved = try orders.decideExtension(number, approve: true, identity: lead).order
        XCTAssertEqual(approved.answerDue, Self.instant("2026-11-30T17:30:00+08:00"))
        XCTAssertEqual(approved.extensionDaysGranted, 2)
        XCTAssertFalse(approved.extensionRequested)
        assertRefused(.badData) { try self.orders.decideExtension(number, approve: false, identity: self.lead) }
    }

    func testMergeAndItsRefusals() throws {
        let master = try makeOrder().number
        let duplicate = try makeOrder(content: "同一企业再次来电询问发票领用").number
        let third = try makeOrder().number
        assertRefused(.badData) { try self.orders.merge(master, into: master, identity: self.lead) }
        assertRefused(.permissionDenied) { try self.orders.merge(duplicate, into: master, identity: self.agent) }
        let merged = try orders.merge(duplicate, into: master, note: "重复来电", identity: lead)
        XCTAssertEqual(merged.order.status, .merged)
        XCTAssertEqual(merged.events.map(\.type), [.merged, .mergedIn])
        let masterDetail = try orders.detail(master, identity: lead)
        XCTAssertEqual(masterDetail.duplicates, [duplicate])
        XCTAssertEqual(try orders.detail(duplicate, identity: lead).mergedInto, master)
        // Into a merged order, back into its own duplicate, or into a closed order: refused.
        assertRefused(.badData) { try self.orders.merge(third, into: duplicate, identity: self.lead) }
        assertRefused(.badData) { try self.orders.merge(master, into: duplicate, identity: self.lead) }
        try bringToCallback(third)
        try orders.callback(third, channel: .sms, result: .satisfied, identity: agent)
        assertRefused(.badData) { try self.orders.merge(master, into: third, identity: self.lead) }
    }

    func testTwoLeadsMergingTwoOrdersIntoEachOtherAtOnce() throws {
        for _ in 0..<5 {
            let first = try makeOrder().number
            let second = try makeOrder().number
            let outcomes = MergeOutcomes()
            let (orders, lead) = (self.orders, self.lead!)
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                let (from, into) = index == 0 ? (first, second) : (second, first)
                do {
                    try orders.merge(from, into: into, identity: lead)
                    outcomes.record(success: true)
                } catch {
                    outcomes.record(success: false)
                }
            }
            XCTAssertEqual(outcomes.successes, 1)
            let statuses = [try status(first), try status(second)]
            XCTAssertEqual(statuses.filter { $0 == .merged }.count, 1, "\(statuses)")
        }
    }

    func testStaleVersionNamesWhoChangedTheOrderAndWhen() throws {
        let order = try makeOrder()
        XCTAssertEqual(order.version, 1)
        clock.set("2026-11-23T10:05:00+08:00")
        try orders.sign(order.number, identity: tax)
        let message = assertRefused(.badData) {
            try self.orders.urge(order.number, note: "请尽快", expectedVersion: 1, identity: self.lead)
        }
        XCTAssertTrue(message.contains("tax1"), message)
        XCTAssertTrue(message.contains("2026-11-23T10:05:00+08:00"), message)
        XCTAssertEqual(try orders.detail(order.number, identity: lead).events.count, 3, "the refused urge left no event")
        XCTAssertEqual(try orders.urge(order.number, note: "请尽快", expectedVersion: 2, identity: lead).order.version, 3)
    }

    func testSweepFlagsEachOverdueOrderOnce() throws {
        let late = try makeOrder().number
        let signed = try makeOrder().number
        try orders.sign(signed, identity: tax)
        clock.set("2026-11-23T11:00:00+08:00")
        XCTAssertEqual(try orders.sweep().signOverdue, [], "due exactly now is not yet overdue")
        clock.set("2026-11-23T11:00:01+08:00")
        let first = try orders.sweep()
        XCTAssertEqual(first.signOverdue, [late])
        XCTAssertEqual(first.answerOverdue, [])
        let second = try orders.sweep()
        XCTAssertEqual(second.signOverdue, [])
        XCTAssertEqual(second.alreadyOverdue, 1)
        XCTAssertEqual(try eventTypes(late).filter { $0 == .signOverdue }.count, 1)
        XCTAssertEqual(try orders.detail(late, identity: lead).order.version, 1, "flags do not overtake a person's version")

        clock.set("2026-11-26T17:30:01+08:00")
        let answer = try orders.sweep()
        XCTAssertEqual(Set(answer.answerOverdue), [late, signed])
        let third = try orders.sweep()
        XCTAssertEqual(third.answerOverdue, [])
        XCTAssertTrue(try orders.list(OrderFilter(overdueOnly: true), identity: lead).count == 2)
        // Signing late still records the lateness.
        XCTAssertTrue(try orders.sign(late, identity: tax).order.signOverdue)
    }

    func testConcurrentSweepsFlagOnce() throws {
        for _ in 0..<30 { try makeOrder() }
        clock.set("2026-11-24T09:00:00+08:00")
        let totals = MergeOutcomes()
        let orders = self.orders
        DispatchQueue.concurrentPerform(iterations: 3) { _ in
            if let summary = try? orders.sweep() { totals.add(summary.signOverdue.count) }
        }
        XCTAssertEqual(totals.sum, 30)
        let events = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM order_event WHERE type = 'sign_overdue'") }
        XCTAssertEqual(events, 30)
    }

    func testRoleRefusals() throws {
        let number = try makeOrder().number
        assertRefused(.permissionDenied) {
            try self.orders.create(NewOrder(kind: .consult, department: "TAX", title: "t", content: "c"), identity: self.trainer)
        }
        assertRefused(.permissionDenied) {
            try self.orders.create(NewOrder(kind: .consult, department: "TAX", title: "t", content: "c"), identity: self.tax)
        }
        assertRefused(.permissionDenied) { try self.orders.sign(number, identity: self.agent) }
        assertRefused(.permissionDenied) { try self.orders.sign(number, identity: self.lead) }
        assertRefused(.permissionDenied) { try self.orders.sign(number, identity: self.hrss) }
        try orders.sign(number, identity: tax)
        assertRefused(.permissionDenied) { try self.orders.answer(number, text: "答复", identity: self.hrss) }
        try orders.answer(number, text: "答复", identity: tax)
        assertRefused(.permissionDenied) { try self.orders.review(number, accept: true, identity: self.agent) }
        assertRefused(.permissionDenied) { try self.orders.review(number, accept: true, identity: self.tax) }
        try orders.review(number, accept: true, identity: lead)
        assertRefused(.permissionDenied) {
            try self.orders.callback(number, channel: .sms, result: .satisfied, identity: self.tax)
        }
        assertRefused(.permissionDenied) { try self.orders.reassign(number, to: "HRSS", identity: self.agent) }
        let message = assertRefused(.permissionDenied) { try self.orders.urge(number, note: "n", identity: self.tax) }
        XCTAssertTrue(message.contains("班长"), message)
    }

    func testStateRefusalsNameTheCurrentState() throws {
        let number = try makeOrder().number
        let message = assertRefused(.badData) { try self.orders.answer(number, text: "答复", identity: self.tax) }
        XCTAssertTrue(message.contains("dispatched"), message)
        assertRefused(.badData) { try self.orders.review(number, accept: true, identity: self.lead) }
        assertRefused(.badData) { try self.orders.callback(number, channel: .sms, result: .satisfied, identity: self.agent) }
        assertRefused(.badData) { try self.orders.contact(number, note: "已联系", identity: self.tax) }
        try bringToCallback(number)
        assertRefused(.badData) { try self.orders.requestReturn(number, reason: "r", suggestedDepartment: nil, identity: self.tax) }
        assertRefused(.badData) { try self.orders.requestExtension(number, days: 1, reason: "r", identity: self.tax) }
        assertRefused(.badData) { try self.orders.reassign(number, to: "HRSS", identity: self.lead) }
        assertRefused(.badData) { try self.orders.urge(number, note: "n", identity: self.lead) }
        try orders.callback(number, channel: .sms, result: .satisfied, identity: agent)
        assertRefused(.badData) { try self.orders.supervise(number, note: "n", identity: self.lead) }
    }

    func testDepartmentsSeeOnlyTheirOwnOrders() throws {
        let taxOrder = try makeOrder().number
        let hrssOrder = try makeOrder(department: "HRSS").number
        XCTAssertEqual(try orders.list(OrderFilter(), identity: tax).map(\.order.number), [taxOrder])
        XCTAssertEqual(try orders.list(OrderFilter(), identity: hrss).map(\.order.number), [hrssOrder])
        XCTAssertEqual(try orders.list(OrderFilter(), identity: lead).count, 2)
        assertRefused(.permissionDenied) { try self.orders.detail(taxOrder, identity: self.hrss) }
        assertRefused(.permissionDenied) { try self.orders.list(OrderFilter(), identity: self.trainer) }
        XCTAssertEqual(try orders.detail(taxOrder, identity: tax).contactPhoneForViewer, "13812345678")
        XCTAssertEqual(try orders.detail(taxOrder, identity: admin).contactPhoneForViewer, "138****5678")
    }

    func testQueueListsByTheRunningDeadline() throws {
        let first = try makeOrder().number
        clock.set("2026-11-23T10:30:00+08:00")
        let second = try makeOrder().number
        try orders.sign(first, identity: tax)
        let dispatched = try orders.list(OrderFilter(statuses: [.dispatched], department: "TAX"), identity: lead)
        XCTAssertEqual(dispatched.map(\.order.number), [second])
        let all = try orders.list(OrderFilter(department: "TAX"), identity: lead)
        XCTAssertEqual(all.map(\.order.number), [second, first], "sign due 11:30 before answer due Thursday")
        let counters = try orders.counters(identity: lead)
        XCTAssertEqual(counters.dueSoon, 1)
        XCTAssertEqual(counters.overdue, 0)
    }
}

/// Thread-safe tallies for the concurrency tests.
final class MergeOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var total = 0

    func record(success: Bool) { lock.withLock { if success { count += 1 } } }
    func add(_ value: Int) { lock.withLock { total += value } }
    var successes: Int { lock.withLock { count } }
    var sum: Int { lock.withLock { total } }
}
