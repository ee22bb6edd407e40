import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The queue as the console reads it: filters, a department's scope, remaining working
/// time, and the overdue filter reading flagged orders through its partial index.
final class OrderQueueTests: OrderTestCase {
    private func numbers(_ filter: OrderFilter, _ identity: Identity) throws -> [String] {
        try orders.queue(filter, identity: identity).map(\.number)
    }

    func testOverdueFilterFindsFlaggedOrdersInEveryStatusAndNothingElse() throws {
        let answeredOnTime = try makeOrder(title: "按时答复")
        let answeredLate = try makeOrder(title: "超时答复")
        let unsigned = try makeOrder(title: "未签收")
        let unanswered = try makeOrder(title: "未答复")
        for order in [answeredOnTime, answeredLate, unanswered] { try orders.sign(order.number, identity: tax) }
        try orders.answer(answeredOnTime.number, text: "已答复", identity: tax)
        // Friday afternoon: past the Monday orders' sign (11:00) and answer (Thursday 17:30)
        // deadlines; answering now is late, and the sweep flags the rest.
        clock.set("2026-11-27T16:00:00+08:00")
        try orders.answer(answeredLate.number, text: "已答复（超时）", identity: tax)
        _ = try orders.sweep()
        let overdue = try numbers(OrderFilter(statuses: WorkOrders.openStatuses, overdueOnly: true, limit: 200), lead)
        XCTAssertEqual(Set(overdue), [answeredLate.number, unsigned.number, unanswered.number])
        XCTAssertEqual(try numbers(OrderFilter(statuses: [.answered], overdueOnly: true), lead), [answeredLate.number],
                       "an order answered late stays overdue; one answered in time never is")
        XCTAssertEqual(Set(try numbers(OrderFilter(statuses: [.answered]), lead)), [answeredOnTime.number, answeredLate.number])
        XCTAssertEqual(try numbers(OrderFilter(statuses: [.dispatched], overdueOnly: true), tax), [unsigned.number])
    }

    func testOverdueQueriesSeekThePartialIndexes() throws {
        try makeOrder()
        let plans = try store.read { db -> [String] in
            var plans: [String] = []
            for filter in [OrderFilter(statuses: [.answered], overdueOnly: true),
                           OrderFilter(statuses: [.awaitingCallback], department: "TAX", overdueOnly: true)] {
                let plan = try OrderQueuePlan(filter, identity: self.lead, columns: "o.id", in: db)
                for run in plan.runs {
                    let rows = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + run.sql, arguments: run.arguments + [10])
                    plans.append(rows.map { $0["detail"] as String }.joined(separator: " | "))
                }
            }
            return plans
        }
        XCTAssertTrue(plans[0].contains("work_order_overdue "), plans[0])
        XCTAssertTrue(plans[1].contains("work_order_overdue_by_department"), plans[1])
        for plan in plans { XCTAssertFalse(plan.contains("TEMP B-TREE"), "no sort: \(plan)") }
    }

    func testUnfilteredRunsWalkTheQueueIndexesWithoutSorting() throws {
        try makeOrder()
        try store.read { db in
            let plan = try OrderQueuePlan(OrderFilter(statuses: WorkOrders.openStatuses, kind: .consult, enterpriseOnly: true),
                                          identity: self.lead, columns: "o.id", in: db)
            for run in plan.runs {
                let detail = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + run.sql, arguments: run.arguments + [10])
                    .map { $0["detail"] as String }.joined(separator: " | ")
                XCTAssertFalse(detail.contains("TEMP B-TREE"), detail)
            }
        }
    }

    func testStatesWithoutADeadlineFillOnlyWhatThePageLacks() throws {
        let answered = try makeOrder(title: "已答复")
        try orders.sign(answered.number, identity: tax)
        try orders.answer(answered.number, text: "已答复", identity: tax)
        let waiting = try makeOrder(title: "待签收一")
        let second = try makeOrder(title: "待签收二")
        let all = try numbers(OrderFilter(statuses: WorkOrders.openStatuses), lead)
        XCTAssertEqual(all, [waiting.number, second.number, answered.number], "running deadlines first, then the rest")
        XCTAssertEqual(try numbers(OrderFilter(statuses: WorkOrders.openStatuses, limit: 2), lead), [waiting.number, second.number])
        XCTAssertEqual(try numbers(OrderFilter(statuses: WorkOrders.openStatuses, limit: 2, offset: 1), lead),
                       [second.number, answered.number])
        XCTAssertEqual(try orders.list(OrderFilter(statuses: WorkOrders.openStatuses, limit: 1, offset: 2), identity: lead)
            .map(\.order.number), [answered.number])
    }

    func testDepartmentSeesItsOwnAndCoHandledOrdersOnlyWhateverTheFilterSays() throws {
        let own = try makeOrder(title: "税务")
        let other = try makeOrder(department: "HRSS", title: "社保")
        let shared = try orders.create(NewOrder(kind: .other, department: "HRSS", coHandlers: ["TAX"], title: "会办",
                                                content: "两部门会办", phone: "13812345678"), identity: agent).order
        XCTAssertEqual(Set(try numbers(OrderFilter(statuses: WorkOrders.openStatuses), tax)), [own.number, shared.number])
        XCTAssertEqual(try numbers(OrderFilter(statuses: WorkOrders.openStatuses, department: "HRSS"), tax), [shared.number])
        XCTAssertEqual(Set(try numbers(OrderFilter(statuses: WorkOrders.openStatuses, department: "HRSS"), lead)),
                       [other.number, shared.number])
        XCTAssertEqual(try numbers(OrderFilter(statuses: WorkOrders.openStatuses, kind: .other), lead), [shared.number])
        XCTAssertEqual(try orders.queueDepartments(identity: tax), [], "a department cannot filter by department")
        XCTAssertEqual(try orders.queueDepartments(identity: lead).map(\.code), ["HRSS", "TAX"])
    }

    func testQueueRowsCarryRemainingWorkingTimeAndMatchTheList() throws {
        let first = try makeOrder(title: "先到期")
        clock.set("2026-11-23T10:30:00+08:00")
        let second = try makeOrder(title: "后到期")
        let entries = try orders.queue(OrderFilter(statuses: WorkOrders.openStatuses), identity: lead)
        XCTAssertEqual(entries.map(\.number), [first.number, second.number])
        // Dispatched at 10:00 with one working hour to sign; at 10:30 half of it is left.
        XCTAssertEqual(entries[0].remainingWorkingSeconds, 1_800)
        XCTAssertEqual(entries[1].remainingWorkingSeconds, 3_600)
        XCTAssertEqual(entries.map(\.number), try orders.list(OrderFilter(statuses: WorkOrders.openStatuses), identity: lead)
            .map(\.order.number))
        clock.set("2026-11-23T13:45:00+08:00")
        // The second was due at 11:30: 11:30 → 12:00 and 13:30 → 13:45 are working time, 45 minutes past.
        XCTAssertEqual(try orders.queue(OrderFilter(statuses: [.dispatched]), identity: lead).last?.remainingWorkingSeconds, -2_700)
    }
}
