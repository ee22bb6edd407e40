import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Every order's stored state equals the replay of its events, through every kind of
/// step; and a state change made behind the ledger's back is found.
final class ReliabilityReplayTests: OrderTestCase {
    private func mismatches() throws -> [ReplayMismatch] {
        try store.read { db in try OrderReplay.check(in: db).mismatches }
    }

    func testEveryOperationKeepsStateEqualToItsReplay() throws {
        // Return, approved, then dispatched anew.
        let returned = try makeOrder(title: "不属本单位").number
        try orders.requestReturn(returned, reason: "属人社部门职责", suggestedDepartment: "HRSS", identity: tax)
        try orders.decideReturn(returned, approve: true, identity: lead)
        try orders.dispatch(returned, to: "HRSS", identity: lead)
        try orders.sign(returned, identity: hrss)
        // Denied return and extension, then an overdue answer cleared by an approved extension.
        let extended = try makeOrder(title: "延时").number
        try orders.requestReturn(extended, reason: "试试", suggestedDepartment: nil, identity: tax)
        try orders.decideReturn(extended, approve: false, identity: lead)
        try orders.sign(extended, identity: tax)
        try orders.requestExtension(extended, days: 2, reason: "需现场核查", identity: tax)
        try orders.decideExtension(extended, approve: false, identity: lead)
        try orders.requestExtension(extended, days: 3, reason: "仍需核查", identity: tax)
        // Callbacks to rework and the final close; urge, supervise, review reject.
        let reworked = try makeOrder(title: "回访不满意").number
        try orders.sign(reworked, identity: tax)
        try orders.answer(reworked, text: "初次答复", identity: tax)
        try orders.review(reworked, accept: false, reason: "不完整", identity: lead)
        try orders.answer(reworked, text: "补充答复", identity: tax)
        try orders.review(reworked, accept: true, identity: lead)
        try orders.callback(reworked, channel: .sms, result: .unsatisfied, identity: agent)
        try orders.callback(reworked, channel: .manual, result: .unsatisfied, identity: agent)
        try orders.contact(reworked, note: "已上门", identity: tax)
        try orders.urge(reworked, note: "加快", identity: lead)
        try orders.supervise(reworked, note: "列入督办", identity: lead)
        try orders.answer(reworked, text: "整改后答复", identity: tax)
        try orders.review(reworked, accept: true, identity: lead)
        try orders.callback(reworked, channel: .manual, result: .unsatisfied, identity: agent)
        // A duplicate merged, and one left for the sweep.
        let duplicate = try makeOrder(title: "重复").number
        try orders.merge(duplicate, into: extended, identity: lead)
        let late = try makeOrder(title: "无人签收").number

        clock.set("2026-11-27T09:00:00+08:00")  // Friday: past sign and answer deadlines
        let swept = try orders.sweep()
        XCTAssertTrue(swept.signOverdue.contains(late))
        XCTAssertTrue(swept.answerOverdue.contains(extended))
        try orders.decideExtension(extended, approve: true, identity: lead)
        try orders.sign(late, identity: tax)
        _ = try orders.export(OrderFilter(), format: .csv, unmask: true, identity: admin)

        XCTAssertEqual(try mismatches(), [])
        let detail = try orders.detail(extended, identity: lead)
        XCTAssertFalse(detail.order.answerOverdue, "the approved extension moved the deadline past now")
        XCTAssertEqual(OrderReplay.replay(detail.events).status, detail.order.status)
        XCTAssertEqual(try orders.detail(reworked, identity: lead).order.status, .closed)
    }

    func testAStateChangeWithoutItsEventIsFound() throws {
        let number = try makeOrder().number
        try orders.urge(number, note: "一次", identity: lead)
        try store.write { db in
            try db.execute(sql: "UPDATE work_order SET urge_count = 3, status = 'signed' WHERE number = ?", arguments: [number])
        }
        let found = try mismatches()
        XCTAssertEqual(Set(found.map(\.field)), ["status", "urge_count"])
        XCTAssertTrue(found.allSatisfy { $0.orderNumber == number })
        XCTAssertTrue(found.first { $0.field == "urge_count" }!.description.contains("应为 1"))
    }
}
