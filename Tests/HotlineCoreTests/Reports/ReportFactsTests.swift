import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The report facts kept by triggers agree with a recount from the events after every kind
/// of lifecycle step, and can be checked and rebuilt.
final class ReportFactsTests: ReportTestCase {
    func assertFactsAgree(_ step: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let mismatches = try store.read { db in try ReportFacts.verify(in: db) }
        XCTAssertEqual(mismatches, [], "after \(step)", file: file, line: line)
    }

    /// Every fact table's rows, in key order, as text.
    func snapshot() throws -> [String: [String]] {
        try store.read { db in
            var tables: [String: [String]] = [:]
            for table in ReportFacts.tables {
                tables[table.name] = try Row.fetchAll(db, sql: "SELECT \(table.columns) FROM \(table.name) ORDER BY 1, 2, 3")
                    .map { $0.description }
            }
            return tables
        }
    }

    func dispatches(_ number: String) throws -> [Row] {
        try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.code, d.sign_due, d.end_type, d.end_late FROM report_dispatch d
                JOIN work_order o ON o.id = d.order_id LEFT JOIN department p ON p.id = d.department_id
                WHERE o.number = ? ORDER BY d.sequence
                """, arguments: [number])
        }
    }

    func orderFacts(_ number: String) throws -> Row? {
        try store.read { db in
            try Row.fetchOne(db, sql: """
                SELECT r.* FROM report_order r JOIN work_order o ON o.id = r.order_id WHERE o.number = ?
                """, arguments: [number])
        }
    }

    func count(_ sql: String, _ number: String) throws -> Int {
        try store.read { db in
            try Int.fetchOne(db, sql: sql + " AND order_id = (SELECT id FROM work_order WHERE number = ?)", arguments: [number]) ?? 0
        }
    }

    func testFactsFollowEveryLifecycleStep() throws {
        at("2026-11-23T10:00:00+08:00")
        let a = try create(phone: "13800000001").number
        try assertFactsAgree("dispatch")
        XCTAssertEqual(try dispatches(a).map { $0[0] as String? }, ["TAX"])
        XCTAssertEqual(try dispatches(a)[0][1] as Date?, try ShanghaiTime.parse("2026-11-23T11:00:00+08:00"),
                       "sign due 11:00 Beijing time")
        XCTAssertEqual(try dispatches(a)[0][1] as Int64?, 1_795_402_800, "kept as epoch seconds")
        XCTAssertNil(try dispatches(a)[0][2] as String?, "still running")

        at("2026-11-23T10:10:00+08:00"); try orders.requestReturn(a, reason: "属人社职责", suggestedDepartment: "HRSS", identity: tax)
        try assertFactsAgree("return requested")
        at("2026-11-23T10:20:00+08:00"); try orders.decideReturn(a, approve: true, identity: lead)
        try assertFactsAgree("return approved")
        XCTAssertEqual(try dispatches(a)[0][2] as String?, "return_approved")
        at("2026-11-23T10:30:00+08:00"); try orders.dispatch(a, to: "HRSS", identity: lead)
        try assertFactsAgree("re-dispatch after the return")
        at("2026-11-23T10:40:00+08:00"); try orders.reassign(a, to: "TAX", identity: lead)
        try assertFactsAgree("reassign")
        XCTAssertEqual(try dispatches(a).map { $0[0] as String? }, ["TAX", "HRSS", "TAX"])
        XCTAssertEqual(try dispatches(a).map { $0[2] as String? }, ["return_approved", "reassigned", nil])

        at("2026-11-23T12:00:00+08:00"); try orders.sign(a, identity: tax)
        try assertFactsAgree("late sign")
        XCTAssertEqual(try dispatches(a)[2][2] as String?, "signed")
        XCTAssertEqual(try dispatches(a)[2][3] as Int?, 1, "signed after 11:40")
        XCTAssertEqual(try orderFacts(a)?["sign_late"] as Int?, 1)
        XCTAssertEqual(try count("SELECT count(*) FROM report_mark WHERE type = 'signed'", a), 1)

        at("2026-11-23T13:35:00+08:00"); try orders.requestExtension(a, days: 2, reason: "需现场核实", identity: tax)
        at("2026-11-23T13:40:00+08:00"); try orders.decideExtension(a, approve: true, identity: lead)
        try assertFactsAgree("extension approved")
        XCTAssertEqual(try orderFacts(a)?["extended"] as Int?, 1)

        at("2026-11-23T14:00:00+08:00"); try orders.answer(a, text: "已答复", identity: tax)
        try assertFactsAgree("answer")
        XCTAssertEqual(try orderFacts(a)?["answer_late"] as Int?, 0)
        at("2026-11-23T14:10:00+08:00"); try orders.review(a, accept: false, reason: "答复不完整", identity: lead)
        try assertFactsAgree("review rejected")
        XCTAssertEqual(try count("SELECT count(*) FROM report_acceptance WHERE 1", a), 0)
        at("2026-11-23T14:20:00+08:00"); try orders.answer(a, text: "补充后的答复", identity: tax)
        at("2026-11-23T14:30:00+08:00"); try orders.review(a, accept: true, identity: lead)
        try assertFactsAgree("review accepted")
        XCTAssertEqual(try count("SELECT count(*) FROM report_acceptance WHERE answer_late = 0 AND extended = 1", a), 1)

        at("2026-11-24T09:00:00+08:00"); try orders.callback(a, channel: .sms, result: .unreachable, identity: agent)
        try assertFactsAgree("callback unreachable")
        XCTAssertNil(try orderFacts(a)?["first_result"] as String?, "an unreachable callback reached nobody")
        at("2026-11-24T10:00:00+08:00"); try orders.callback(a, channel: .manual, result: .unsatisfied, identity: agent)
        try assertFactsAgree("rework")
        XCTAssertEqual(try orderFacts(a)?["reworked"] as Int?, 1)
        XCTAssertEqual(try orderFacts(a)?["first_result"] as String?, "unsatisfied")

        at("2026-12-07T10:00:00+08:00"); try orders.answer(a, text: "核实整改后再次答复", identity: tax)
        try assertFactsAgree("late answer after rework")
        XCTAssertEqual(try orderFacts(a)?["answer_late"] as Int?, 1)
        XCTAssertEqual(try orderFacts(a)?["accepted_answer_late"] as Int?, 0, "the accepted answer is still the earlier one")
        at("2026-12-07T11:00:00+08:00"); try orders.review(a, accept: true, identity: lead)
        at("2026-12-07T15:00:00+08:00"); try orders.callback(a, channel: .manual, result: .basic, identity: agent)
        try assertFactsAgree("callback reached, close")
        let closed = try XCTUnwrap(orderFacts(a))
        XCTAssertEqual(closed["accepted_answer_late"] as Int?, 1)
        XCTAssertEqual([closed["first_result"], closed["final_result"]] as [String?], ["unsatisfied", "basic"])
        XCTAssertEqual(try count("SELECT count(*) FROM report_acceptance WHERE 1", a), 2)

        // Merge, and the sweep's overdue flags.
        let duplicate = try create(phone: "13800000002").number
        let master = try create(phone: "13800000003").number
        try orders.merge(duplicate, into: master, identity: lead)
        try assertFactsAgree("merge")
        XCTAssertEqual(try dispatches(duplicate)[0][2] as String?, "merged")
        at("2026-12-08T10:00:00+08:00"); _ = try orders.sweep()
        try assertFactsAgree("sweep")
        XCTAssertEqual(try count("SELECT count(*) FROM report_mark WHERE type = 'sign_overdue'", master), 1)
    }

    func testSMSRepliesAndOutOfOrderCallbacksKeepFirstAndFinal() throws {
        let a = try create(phone: "13800000001").number
        at("2026-11-23T10:30:00+08:00"); try orders.sign(a, identity: tax)
        at("2026-11-23T11:00:00+08:00"); try orders.answer(a, text: "已答复", identity: tax)
        at("2026-11-23T11:30:00+08:00"); try orders.review(a, accept: true, identity: lead)
        at("2026-11-24T10:00:00+08:00"); try orders.callback(a, channel: .manual, result: .unreachable, identity: agent)
        // An SMS reply imported later, dated before the manual attempt: it is the first.
        try store.write { db in
            _ = try WorkOrders.recordCallback(a, channel: .sms, result: .unsatisfied, note: nil, expectedVersion: nil,
                                              at: Self.instant("2026-11-24T09:00:00+08:00"), identity: self.agent, in: db)
        }
        try assertFactsAgree("SMS reply dated before an earlier-recorded callback")
        at("2026-11-24T11:00:00+08:00"); try orders.callback(a, channel: .manual, result: .satisfied, identity: agent)
        try assertFactsAgree("manual callback closes")
        let facts = try XCTUnwrap(orderFacts(a))
        XCTAssertEqual([facts["first_result"], facts["final_result"]] as [String?], ["unsatisfied", "satisfied"])

        // A corrected callback row has its order's callback facts recounted.
        try store.write { db in
            try db.execute(sql: "UPDATE callback SET result = 'basic' WHERE result = 'unsatisfied'")
        }
        try assertFactsAgree("a corrected callback")
        XCTAssertEqual(try orderFacts(a)?["first_result"] as String?, "basic")
    }

    func testCheckFindsTamperedFactsAndRebuildRestoresThem() throws {
        let a = try create(phone: "13800000001").number
        at("2026-11-23T12:00:00+08:00"); try orders.sign(a, identity: tax)
        at("2026-11-23T13:00:00+08:00"); try orders.answer(a, text: "已答复", identity: tax)
        at("2026-11-23T13:30:00+08:00"); try orders.review(a, accept: true, identity: lead)
        at("2026-11-23T15:00:00+08:00"); try orders.callback(a, channel: .sms, result: .satisfied, identity: agent)
        _ = try create(phone: "13800000002")
        let kept = try snapshot()
        XCTAssertEqual(kept["report_dispatch"]?.count, 2)

        try store.write { db in
            try db.execute(sql: "UPDATE report_dispatch SET end_late = 0 WHERE end_type = 'signed'")
            try db.execute(sql: "DELETE FROM report_mark")
            try db.execute(sql: "UPDATE report_order SET final_result = 'unsatisfied'")
        }
        let found = try store.read { db in try ReportFacts.verify(in: db) }
        XCTAssertEqual(found.map(\.table), ["report_dispatch", "report_mark", "report_order"])
        XCTAssertEqual(found.first?.orders, [a])
        XCTAssertTrue(found[1].description.contains("缺少或不同 1 行"), found[1].description)

        let health = try HealthCheck.run(store, identity: admin)
        XCTAssertEqual(health.findings.filter { $0.area == .reportFacts }.count, 3)
        XCTAssertThrowsError(try ReportFacts.rebuild(store, identity: lead), "only admins rebuild")

        let rebuilt = try ReportFacts.rebuild(store, identity: admin)
        XCTAssertEqual(rebuilt["report_dispatch"], 2)
        XCTAssertEqual(try snapshot(), kept)
        XCTAssertEqual(try ReportFacts.check(store, identity: admin), [])
        XCTAssertTrue(try HealthCheck.run(store, identity: admin).findings.filter { $0.area == .reportFacts }.isEmpty)
    }

    /// The migration on a database that already holds orders: its backfill writes the
    /// facts the triggers would have kept, and the reports count the same figures.
    func testMigrationBackfillsExistingOrders() throws {
        let a = try create(phone: "13800000001").number
        let b = try create("HRSS", phone: "13800000002").number
        at("2026-11-23T10:20:00+08:00"); try orders.requestReturn(b, reason: "属税务职责", suggestedDepartment: "TAX", identity: hrss)
        at("2026-11-23T10:40:00+08:00"); try orders.decideReturn(b, approve: true, identity: lead)
        at("2026-11-23T10:50:00+08:00"); try orders.dispatch(b, to: "TAX", identity: lead)
        at("2026-11-23T12:00:00+08:00"); try orders.sign(a, identity: tax)
        at("2026-11-23T13:00:00+08:00"); try orders.answer(a, text: "已答复", identity: tax)
        at("2026-11-23T13:30:00+08:00"); try orders.review(a, accept: true, identity: lead)
        at("2026-11-23T15:00:00+08:00"); try orders.callback(a, channel: .sms, result: .satisfied, identity: agent)
        at("2026-11-24T12:00:00+08:00"); _ = try orders.sweep()
        let kept = try snapshot()
        let november = ReportPeriod.month(year: 2026, month: 11)!
        let figures = try reports.kpi(november, identity: lead).orders
        let evaluation = try reports.evaluation(november, identity: lead).total

        // As if the database predated v8: no fact tables, triggers or index; then the
        // migration, and v14's remaking of the facts with numeric times.
        try store.write { db in
            for table in ReportFacts.tables { try db.execute(sql: "DROP TABLE \(table.name)") }
            try db.execute(sql: "DROP INDEX report_callback_on_at")
            for name in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'report_fact_%'") {
                try db.execute(sql: "DROP TRIGGER \(name)")
            }
            try ReportFactsSchema.create(db)
            try InstantStorageSchema.remakeReportFacts(db)
        }
        XCTAssertEqual(try snapshot(), kept)
        XCTAssertEqual(try reports.kpi(november, identity: lead).orders, figures)
        XCTAssertEqual(try reports.evaluation(november, identity: lead).total, evaluation)
        try assertFactsAgree("backfill")
    }
}
