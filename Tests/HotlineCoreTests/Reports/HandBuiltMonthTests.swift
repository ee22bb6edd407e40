import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// November 2026, built by hand through the work-order service, with every figure worked
/// out in advance (the comments give the working):
///
/// - A (TAX): signed on time, answered on time, SMS satisfied → closed 24 Nov.
/// - B (TAX): signed late; 2-day extension approved; answered after the original deadline
///   but before the extended one; SMS unsatisfied, manual satisfied → closed 30 Nov.
/// - C (TAX): SMS unreachable, first manual callback unsatisfied → rework; answered again
///   on time; manual basic (final) → closed 25 Nov.
/// - D (TAX): answered and accepted 30 Nov, SMS satisfied on 1 Dec → closed next month.
/// - E: dispatched to HRSS, returned (approved), dispatched to TAX, signed late, still open
///   and flagged answer-overdue by the sweep.
/// - F (TAX): never signed; flagged sign-overdue by the sweep.
final class HandBuiltMonthTests: ReportTestCase {
    var numbers: [String: String] = [:]

    override func setUpWithError() throws {
        try super.setUpWithError()
        at("2026-11-23T10:00:00+08:00")
        numbers["A"] = try create(phone: "13800000001").number
        numbers["B"] = try create(phone: "13800000002").number
        numbers["C"] = try create(phone: "13800000003").number
        numbers["E"] = try create("HRSS", phone: "13800000005").number
        at("2026-11-23T10:10:00+08:00"); try orders.sign(n("C"), identity: tax)
        at("2026-11-23T10:20:00+08:00"); try orders.requestReturn(n("E"), reason: "属税务职责", suggestedDepartment: "TAX", identity: hrss)
        at("2026-11-23T10:30:00+08:00"); try orders.sign(n("A"), identity: tax)
        at("2026-11-23T10:40:00+08:00"); try orders.decideReturn(n("E"), approve: true, identity: lead)
        at("2026-11-23T10:50:00+08:00"); try orders.dispatch(n("E"), to: "TAX", identity: lead)
        at("2026-11-23T11:30:00+08:00"); try orders.sign(n("B"), identity: tax)
        at("2026-11-23T14:00:00+08:00"); try orders.sign(n("E"), identity: tax)
        at("2026-11-23T14:05:00+08:00"); try orders.requestExtension(n("B"), days: 2, reason: "需现场核实", identity: tax)
        at("2026-11-23T14:30:00+08:00"); try orders.decideExtension(n("B"), approve: true, identity: lead)
        at("2026-11-23T16:00:00+08:00"); try orders.answer(n("C"), text: "已答复", identity: tax)
        at("2026-11-23T16:30:00+08:00"); try orders.review(n("C"), accept: true, identity: lead)
        at("2026-11-24T09:00:00+08:00"); try orders.callback(n("C"), channel: .sms, result: .unreachable, identity: agent)
        at("2026-11-24T10:00:00+08:00")
        try orders.answer(n("A"), text: "可在电子税务局领用", identity: tax)
        try orders.callback(n("C"), channel: .manual, result: .unsatisfied, identity: agent)
        at("2026-11-24T11:00:00+08:00"); try orders.review(n("A"), accept: true, identity: lead)
        at("2026-11-24T15:00:00+08:00"); try orders.callback(n("A"), channel: .sms, result: .satisfied, identity: agent)
        at("2026-11-25T10:00:00+08:00"); try orders.answer(n("C"), text: "核实整改后再次答复", identity: tax)
        at("2026-11-25T11:00:00+08:00"); try orders.review(n("C"), accept: true, identity: lead)
        at("2026-11-25T15:00:00+08:00"); try orders.callback(n("C"), channel: .manual, result: .basic, identity: agent)
        at("2026-11-26T10:00:00+08:00"); numbers["D"] = try create(phone: "13800000004").number
        at("2026-11-26T10:30:00+08:00"); try orders.sign(n("D"), identity: tax)
        at("2026-11-27T10:00:00+08:00")
        numbers["F"] = try create(phone: "13800000006").number
        try orders.answer(n("B"), text: "现场核实后答复", identity: tax)
        at("2026-11-27T11:00:00+08:00"); try orders.review(n("B"), accept: true, identity: lead)
        at("2026-11-27T11:30:00+08:00"); _ = try orders.sweep()
        at("2026-11-27T15:00:00+08:00"); try orders.callback(n("B"), channel: .sms, result: .unsatisfied, identity: agent)
        at("2026-11-30T09:00:00+08:00"); try orders.callback(n("B"), channel: .manual, result: .satisfied, identity: agent)
        at("2026-11-30T10:00:00+08:00"); try orders.answer(n("D"), text: "已答复", identity: tax)
        at("2026-11-30T11:00:00+08:00"); try orders.review(n("D"), accept: true, identity: lead)
        at("2026-11-30T16:00:00+08:00")
        let bad = try ServiceReviews(store: store).record(orderNumber: n("A"), level: .veryUnsatisfied, comment: "答复敷衍", identity: agent)
        XCTAssertNotNil(bad.rectificationID)
        let good = try ServiceReviews(store: store).record(orderNumber: n("C"), level: .satisfied, comment: nil, identity: agent)
        XCTAssertNil(good.rectificationID)
        at("2026-12-01T10:00:00+08:00"); try orders.callback(n("D"), channel: .sms, result: .satisfied, identity: agent)

        // Calls: 2 knowledge, 1 specialist, 2 orders, 1 out of scope, 1 transferred, 1 still open; 4 tagged 企业;
        // one October call outside the month.
        let entry = try insertEntry("K1", category: "发票")
        try insertCall(at: "2026-11-23T09:00:00+08:00", outcome: "knowledge", entry: entry, tags: ["企业"])
        try insertCall(at: "2026-11-23T09:05:00+08:00", outcome: "knowledge", entry: entry)
        try insertCall(at: "2026-11-23T09:10:00+08:00", outcome: "specialist", tags: ["企业"])
        try insertCall(at: "2026-11-23T09:15:00+08:00", outcome: "order", tags: ["企业"])
        try insertCall(at: "2026-11-23T09:20:00+08:00", outcome: "order", tags: ["企业"])
        try insertCall(at: "2026-11-23T09:25:00+08:00", outcome: "out_of_scope")
        try insertCall(at: "2026-11-23T09:30:00+08:00", outcome: "transferred")
        try insertCall(at: "2026-11-30T23:59:59+08:00", outcome: "open")
        try insertCall(at: "2026-10-31T23:59:59+08:00", outcome: "knowledge", entry: entry)

        // Call records: waits 5, 15, 20 and 40 s, one abandoned; one row in October.
        let cdr = """
            call_id,queue,offered_at,answered_at,ended_at,agent,caller
            T1,一企来,2026-11-23 09:00:00,2026-11-23 09:00:05,2026-11-23 09:03:00,agent1,13900000001
            T2,一企来,2026-11-23 09:10:00,2026-11-23 09:10:15,2026-11-23 09:12:00,agent1,13900000002
            T3,一企来,2026-11-23 09:20:00,2026-11-23 09:20:20,2026-11-23 09:22:00,agent1,0513-80001001
            T4,一企来,2026-11-24 09:00:00,2026-11-24 09:00:40,2026-11-24 09:05:00,agent1,13900000004
            T5,一企来,2026-11-24 09:30:00,,2026-11-24 09:30:50,,13900000005
            T0,一企来,2026-10-31 09:30:00,2026-10-31 09:30:02,2026-10-31 09:31:00,agent1,13900000009
            """
        let path = try writeFile("cdr.csv", cdr)
        let first = try CallRecords(store: store).importFile(path: path, identity: lead)
        XCTAssertEqual([first.rows, first.added, first.unchanged], [6, 6, 0])
        let again = try CallRecords(store: store).importFile(path: path, identity: admin)
        XCTAssertEqual([again.rows, again.added, again.unchanged, again.updated], [6, 0, 6, 0], "a repeated import counts nothing twice")
        at("2026-12-01T12:00:00+08:00")
    }

    func n(_ key: String) -> String { numbers[key]! }

    var november: ReportPeriod { ReportPeriod.month(year: 2026, month: 11)! }

    func testKPIOfTheMonth() throws {
        let kpi = try reports.kpi(november, identity: lead)
        let c = try XCTUnwrap(kpi.connection)
        XCTAssertEqual([c.offered, c.answered], [5, 4])
        XCTAssertEqual(c.connection, Rate(4, of: 5))
        XCTAssertEqual(c.within15s, Rate(2, of: 5), "waits of 5 and 15 s")
        XCTAssertEqual(c.within30s, Rate(3, of: 5))
        XCTAssertEqual(c.averageWaitSeconds, 20)

        XCTAssertEqual(kpi.calls.received, 8)
        XCTAssertEqual(kpi.calls.accepted, 6, "out of scope and still-open calls are not accepted calls")
        XCTAssertEqual(kpi.calls.onlineAnswer, Rate(3, of: 6))
        XCTAssertEqual(try reports.hotspots(.day(LocalDate(year: 2026, month: 11, day: 23)!), identity: lead).enterprise,
                       Rate(4, of: 7), "the 企业 share is a hotspot figure")

        let o = kpi.orders
        XCTAssertEqual(o.dispatches, 7)
        XCTAssertEqual(o.signOnTime, Rate(3, of: 6), "A, C, D on time; B and E late; F unsigned; E's HRSS dispatch returned before its deadline")
        XCTAssertEqual(o.answerOnTime, Rate(4, of: 4), "B on time thanks to the extension; C judged by its answer after rework")
        XCTAssertEqual(o.extensionRate, Rate(1, of: 4))
        XCTAssertEqual(o.returnRate, Rate(1, of: 7))
        XCTAssertEqual(o.returnRequests, 1)
        XCTAssertEqual(o.closed, 3, "D closed in December")
        XCTAssertEqual(o.reworkRate, Rate(1, of: 3))
        XCTAssertEqual([o.signedLate, o.answeredLate, o.signOverdueFlags, o.answerOverdueFlags], [2, 0, 1, 1])
        XCTAssertEqual(o.satisfactionFirst, Rate(1, of: 3), "B's first reply and C's first reached callback were unsatisfied")
        XCTAssertEqual(o.satisfactionFinal, Rate(3, of: 3), "C's unreachable SMS never counts")
        XCTAssertEqual(o.callbacks[.sms], [.satisfied: 1, .unsatisfied: 1, .unreachable: 1])
        XCTAssertEqual(o.callbacks[.manual], [.unsatisfied: 1, .basic: 1, .satisfied: 1])

        let json = kpi.json
        let sign = try XCTUnwrap(json["sign_on_time_rate"] as? [String: Any])
        XCTAssertEqual(sign["numerator"] as? Int, 3)
        XCTAssertEqual(sign["denominator"] as? Int, 6)
        XCTAssertEqual(sign["rate"] as? Double, 0.5)
    }

    func testKPIForOneDepartmentAndAnEmptyPeriod() throws {
        let hrss = try reports.kpi(november, department: "HRSS", identity: lead)
        XCTAssertNil(hrss.connection, "call records have queues, not departments")
        XCTAssertEqual(hrss.orders.dispatches, 1)
        XCTAssertEqual(hrss.orders.returnRate, Rate(1, of: 1))
        XCTAssertEqual(hrss.orders.signOnTime, Rate(0, of: 0))
        XCTAssertNil(hrss.orders.signOnTime.value)
        let rate = try XCTUnwrap(hrss.json["sign_on_time_rate"] as? [String: Any])
        XCTAssertTrue(rate["rate"] is NSNull, "no denominator, no rate")
        XCTAssertNil(hrss.json["connection_rate"] as? [String: Any])

        let tax = try reports.kpi(november, department: "TAX", identity: lead)
        XCTAssertEqual(tax.orders.signOnTime, Rate(3, of: 6))
        XCTAssertEqual(tax.orders.returnRate, Rate(0, of: 6))
        XCTAssertEqual(tax.calls.byOutcome[.knowledge], 2, "knowledge calls belong to the entry's department")

        let october = try reports.kpi(ReportPeriod.month(year: 2026, month: 10)!, identity: lead)
        XCTAssertEqual(october.orders.dispatches, 0)
        XCTAssertEqual(october.connection?.offered, 1)
        XCTAssertEqual(october.calls.received, 1)
    }

    func testMonthlyEvaluationCountsOrdersInTheMonthTheyClosed() throws {
        let evaluation = try reports.evaluation(november, identity: lead)
        XCTAssertEqual(evaluation.departments.map { $0.department?.code }, ["TAX", "HRSS"])
        let tax = evaluation.departments[0]
        XCTAssertEqual(tax.closed, 3)
        XCTAssertEqual(tax.signOnTime, Rate(2, of: 3))
        XCTAssertEqual(tax.answerOnTime, Rate(3, of: 3))
        XCTAssertEqual(tax.extensionRate, Rate(1, of: 3))
        XCTAssertEqual(tax.reworkRate, Rate(1, of: 3))
        XCTAssertEqual(tax.satisfactionFirst, Rate(1, of: 3))
        XCTAssertEqual(tax.satisfactionFinal, Rate(3, of: 3))
        XCTAssertEqual(tax.returnRate, Rate(0, of: 6))
        XCTAssertEqual([tax.reviews, tax.badReviews], [2, 1])
        // 100 × (15·⅔ + 30·1 + 35·1 + 10·1 + 10·⅔) / 100 − 2 × 1 bad review.
        XCTAssertEqual(tax.score, 89.67)
        XCTAssertEqual(tax.rank, 1)
        let hrss = evaluation.departments[1]
        XCTAssertEqual(hrss.closed, 0)
        XCTAssertEqual(hrss.returnRate, Rate(1, of: 1))
        XCTAssertEqual(hrss.score, 0, "its only counted component: every dispatch returned")
        XCTAssertEqual(evaluation.total.closed, 3)
        XCTAssertEqual(evaluation.weights.weight(.answerOnTime), 30)

        let december = try reports.evaluation(ReportPeriod.month(year: 2026, month: 12)!, identity: lead)
        XCTAssertEqual(december.departments.first?.closed, 1, "D counts in December, the month it closed")
        XCTAssertEqual(december.departments.first?.satisfactionFinal, Rate(1, of: 1))
    }

    func testWeightsAreDataAndChangeTheScore() throws {
        let parameters = ReportParameters(store: store)
        XCTAssertThrowsError(try parameters.setWeights(["answer_on_time=40"], identity: lead))
        XCTAssertThrowsError(try parameters.setWeights(["nonsense=1"], identity: admin))
        XCTAssertThrowsError(try parameters.setWeights(["answer_on_time=abc"], identity: admin))
        _ = try parameters.setWeights(["bad_review_penalty=0"], identity: admin)
        let tax = try reports.evaluation(november, department: "TAX", identity: lead).departments[0]
        XCTAssertEqual(tax.score, 91.67)
    }

    func testDepartmentsSeeOnlyTheirOwnEvaluation() throws {
        let own = try reports.evaluation(november, identity: tax)
        XCTAssertEqual(own.departments.map { $0.department?.code }, ["TAX"])
        XCTAssertThrowsError(try reports.evaluation(november, department: "HRSS", identity: tax)) { error in
            XCTAssertEqual((error as? ReportError)?.exitCode, .permissionDenied)
        }
        XCTAssertThrowsError(try reports.kpi(november, identity: tax))
        XCTAssertThrowsError(try reports.kpi(november, identity: agent))
        XCTAssertThrowsError(try reports.hotspots(.day(LocalDate(year: 2026, month: 11, day: 23)!), identity: trainer))
    }

    func testRectificationOpenedByTheBadReview() throws {
        let items = try ServiceReviews(store: store).rectifications(identity: tax)
        XCTAssertEqual(items.map(\.orderNumber), [n("A")])
        XCTAssertThrowsError(try ServiceReviews(store: store).completeRectification(items[0].id, note: "已整改", identity: hrss))
        let done = try ServiceReviews(store: store).completeRectification(items[0].id, note: "已重新答复并致歉", identity: tax)
        XCTAssertTrue(done.done)
        XCTAssertEqual(try ServiceReviews(store: store).rectifications(identity: lead).count, 0)
    }

    func testDashboardForTheShiftLead() throws {
        at("2026-11-23T17:00:00+08:00")
        let board = try reports.dashboard(identity: lead)
        XCTAssertEqual(board.callsPerHour.count, 24)
        XCTAssertEqual(board.callsPerHour[9], 7, "the seven calls of 09:00–09:30")
        XCTAssertEqual(board.offeredPerHour[9], 3)
        XCTAssertEqual(board.today.headline.map(\.key).first, "connection_rate")
        XCTAssertEqual(board.departments.map(\.department.code), ["HRSS", "TAX"])
        XCTAssertThrowsError(try reports.dashboard(identity: agent))
    }
}
