import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// What people type and hand over to the reports: periods, call record files.
final class ReportInputTests: ReportTestCase {
    func testPeriodsAreLocalDatesAndISOWeeks() throws {
        let week = try ReportPeriod.parse(week: "2026-W48")
        XCTAssertEqual([week.first.iso, week.last.iso], ["2026-11-23", "2026-11-29"])
        XCTAssertEqual(week.start, Self.instant("2026-11-23T00:00:00+08:00"))
        XCTAssertEqual(week.end, Self.instant("2026-11-30T00:00:00+08:00"))
        XCTAssertEqual(try ReportPeriod.parse(week: "2026-w01").first.iso, "2025-12-29", "week 1 holds 4 January")
        XCTAssertEqual(try ReportPeriod.parse(week: "2026-W53").last.iso, "2027-01-03", "2026 has 53 ISO weeks")
        XCTAssertThrowsError(try ReportPeriod.parse(week: "2025-W53"))
        XCTAssertThrowsError(try ReportPeriod.parse(week: "2026-48"))
        XCTAssertEqual(week.previous.label, "2026-W47")
        XCTAssertEqual(ReportPeriod.isoWeek(of: LocalDate(year: 2027, month: 1, day: 1)!).week, 53)

        let month = try ReportPeriod.parse(month: "2024-02")
        XCTAssertEqual(month.last.iso, "2024-02-29")
        XCTAssertEqual(ReportPeriod.month(year: 2026, month: 1)!.previous.label, "2025-12")
        XCTAssertThrowsError(try ReportPeriod.parse(month: "2026-13"))
        XCTAssertEqual(try ReportPeriod.parse(year: "2026").dayCount, 365)

        let range = try ReportPeriod.parse(from: "2026-11-01", to: "2026-11-30")
        XCTAssertEqual(range.dayCount, 30)
        XCTAssertEqual(range.previous.first.iso, "2026-10-02")
        XCTAssertThrowsError(try ReportPeriod.parse(from: "2026-11-30", to: "2026-11-01")) { error in
            XCTAssertEqual((error as? ReportError)?.exitCode, .usage)
        }
        XCTAssertThrowsError(try ReportPeriod.parse(from: "2026/11/01", to: "2026-11-30"))
    }

    func testABadCallRecordRejectsTheWholeFileNamingEveryLine() throws {
        let path = try writeFile("bad.csv", """
            R1,一企来,2026-11-23 09:00:00,2026-11-23 09:00:05,2026-11-23 09:03:00,agent1,13900000001
            R2,一企来,2026-11-23 09:10:00,2026-11-23 09:09:00,2026-11-23 09:12:00,agent1,
            R3,一企来,昨天,,2026-11-23 09:12:00,,
            R4,一企来,2026-11-23 09:10:00
            R1,一企来,2026-11-23 09:00:00,,2026-11-23 09:03:00,agent1,13900000001
            """)
        XCTAssertThrowsError(try CallRecords(store: store).importFile(path: path, identity: lead)) { error in
            let lines = (error as? ReportError)?.description.split(separator: "\n").map(String.init) ?? []
            XCTAssertEqual(lines.map { $0.components(separatedBy: ": ")[0] }, (2...5).map { "\(path):\($0)" }, lines.description)
            XCTAssertTrue(lines[0].contains("接听时间"))
        }
        XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM cdr") }, 0, "nothing written")
        XCTAssertThrowsError(try CallRecords(store: store).importFile(path: path, identity: agent)) { error in
            XCTAssertEqual((error as? AccessError)?.exitCode, .permissionDenied)
        }
    }

    func testACorrectedCallRecordIsUpdatedNotAdded() throws {
        let first = try writeFile("a.csv", "R1,一企来,2026-11-23 09:00:00,,2026-11-23 09:00:30,,13900000001\n")
        let corrected = try writeFile("b.csv", "R1,一企来,2026-11-23 09:00:00,2026-11-23 09:00:12,2026-11-23 09:03:00,agent1,13900000001\n")
        XCTAssertEqual(try CallRecords(store: store).importFile(path: first, identity: lead).added, 1)
        let summary = try CallRecords(store: store).importFile(path: corrected, identity: lead)
        XCTAssertEqual([summary.added, summary.updated], [0, 1])
        let kpi = try reports.kpi(.day(LocalDate(year: 2026, month: 11, day: 23)!), identity: lead)
        XCTAssertEqual(kpi.connection?.connection, Rate(1, of: 1))
        XCTAssertEqual(kpi.connection?.averageWaitSeconds, 12)
    }
}
