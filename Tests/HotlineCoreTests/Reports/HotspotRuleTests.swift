import Foundation
import GRDB
import XCTest
@testable import HotlineCore
@testable import HotlineReportHTML
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Hotspot rules on crafted calls in ISO weeks 2026-W44 … W48 (W48 = 23–29 November):
/// topics from knowledge categories and from key terms, the change against the previous
/// four weeks, 集中事件 (≥5 similar calls within 48 h from ≥3 callers), 持续性事件 (≥3
/// consecutive weeks with ≥3 calls), and the 企业 share.
final class HotspotRuleTests: ReportTestCase {
    var week48: ReportPeriod { ReportPeriod.week(year: 2026, week: 48)! }
    var phone = 13_700_000_000

    func nextPhone() -> String {
        phone += 1
        return String(phone)
    }

    /// `count` knowledge-answered calls in `category` on the Tuesday of ISO week `week`.
    func kbCalls(_ category: String, week: Int, count: Int, entry: Int64) throws {
        let tuesday = ReportPeriod.week(year: 2026, week: week)!.first.adding(days: 1)
        for index in 0..<count {
            try insertCall(at: "\(tuesday.iso)T\(String(format: "%02d", 9 + index)):00:00+08:00", outcome: "knowledge",
                           phone: nextPhone(), entry: entry, tags: index == 0 ? ["企业"] : [])
        }
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        let refund = try insertEntry("K-REFUND", category: "留抵退税")
        let social = try insertEntry("K-SOCIAL", category: "社保缴费")
        let fund = try insertEntry("K-FUND", category: "住房公积金")
        for week in [46, 47, 48] { try kbCalls("留抵退税", week: week, count: 3, entry: refund) }
        for week in [45, 46, 48] { try kbCalls("社保缴费", week: week, count: 3, entry: social) }
        for week in 44...48 { try kbCalls("住房公积金", week: week, count: 5, entry: fund) }

        // Five similar calls within 35 hours from three callers: a concentrated event.
        let invoice = "数电发票领用失败，系统提示税控设备异常"
        for (time, caller) in [("2026-11-23T09:00", "13600000001"), ("2026-11-23T15:00", "13600000002"),
                               ("2026-11-24T08:00", "13600000003"), ("2026-11-24T12:00", "13600000001"),
                               ("2026-11-24T20:00", "13600000002")] {
            try insertCall(at: time + ":00+08:00", phone: caller, content: invoice, tags: ["企业"])
        }
        // Five similar calls in ten hours, but from two callers only.
        for (index, caller) in ["13600000004", "13600000005", "13600000004", "13600000005", "13600000004"].enumerated() {
            try insertCall(at: "2026-11-25T\(String(format: "%02d", 8 + 2 * index)):00:00+08:00", phone: caller,
                           content: "出口单证备案逾期能否补办")
        }
        // Five similar calls from five callers, a day apart: never five within 48 hours.
        for day in 0..<5 {
            try insertCall(at: "\(LocalDate(year: 2026, month: 11, day: 23 + day)!.iso)T09:30:00+08:00", phone: nextPhone(),
                           content: "稳岗返还资金到账查询")
        }
    }

    func testTopicsAndTheirChangeAgainstTheBaseline() throws {
        let report = try reports.hotspots(week48, identity: lead)
        XCTAssertEqual(report.window.map(\.label), ["2026-W44", "2026-W45", "2026-W46", "2026-W47", "2026-W48"])
        XCTAssertEqual(report.calls, 3 + 3 + 5 + 15)
        XCTAssertEqual(report.callsPerDay.count, 7)
        XCTAssertEqual(report.callsPerDay.map(\.1).reduce(0, +), report.calls)
        let byName = Dictionary(uniqueKeysWithValues: report.topics.map { ($0.topic.name, $0) })
        let fund = try XCTUnwrap(byName["住房公积金"])
        XCTAssertEqual(fund.calls, 5)
        XCTAssertEqual(fund.baselineAverage, 5)
        XCTAssertEqual(fund.change, 0)
        XCTAssertEqual(fund.arrow, "→")
        let refund = try XCTUnwrap(byName["留抵退税"])
        XCTAssertEqual(refund.baselineAverage, 1.5, "(0 + 0 + 3 + 3) / 4")
        XCTAssertEqual(refund.change, 1)
        XCTAssertEqual(refund.arrow, "▲")
        XCTAssertEqual(refund.history, [0, 0, 3, 3, 3])
        let terms = report.topics.filter { $0.topic.kind == .term }
        XCTAssertEqual(terms.map(\.calls), [5, 5, 5], "each crafted group of calls shares one key term")
        XCTAssertEqual(report.withoutTopic, 0)
    }

    func testConcentratedEventsNeedEnoughCallsCallersAndCloseness() throws {
        let report = try reports.hotspots(week48, identity: lead)
        // The invoice calls, and the five 住房公积金 calls of one Tuesday from five callers
        // (the same knowledge entry counts as similar content).
        XCTAssertEqual(report.clusters.map(\.topic.kind), [.term, .knowledge], report.clusters.map(\.topic.label).description)
        XCTAssertEqual(report.clusters[1].topic.name, "住房公积金")
        let cluster = report.clusters[0]
        XCTAssertEqual(cluster.callIDs.count, 5)
        XCTAssertEqual(cluster.callers, 3)
        XCTAssertEqual(cluster.first, Self.instant("2026-11-23T09:00:00+08:00"))
        XCTAssertEqual(cluster.last, Self.instant("2026-11-24T20:00:00+08:00"))
        XCTAssertTrue(cluster.example.contains("数电发票"))

        _ = try ReportParameters(store: store).setHotspotSettings(["cluster_min_callers=2"], identity: admin)
        XCTAssertEqual(try reports.hotspots(week48, identity: lead).clusters.count, 3, "two callers now suffice")
        _ = try ReportParameters(store: store).setHotspotSettings(["cluster_window_hours=96"], identity: admin)
        XCTAssertEqual(try reports.hotspots(week48, identity: lead).clusters.count, 4, "a four-day window takes in the daily calls")
        XCTAssertThrowsError(try ReportParameters(store: store).setHotspotSettings(["cluster_min_calls=0"], identity: admin))
        XCTAssertThrowsError(try ReportParameters(store: store).setHotspotSettings(["cluster_min_calls=6"], identity: lead))
    }

    func testPersistentEventsNeedConsecutivePeriods() throws {
        let report = try reports.hotspots(week48, identity: lead)
        let persistent = Dictionary(uniqueKeysWithValues: report.persistent.map { ($0.topic.name, $0) })
        XCTAssertEqual(persistent["留抵退税"]?.periods, 3)
        XCTAssertEqual(persistent["留抵退税"]?.atLeast, false)
        XCTAssertEqual(persistent["住房公积金"]?.periods, 5)
        XCTAssertEqual(persistent["住房公积金"]?.atLeast, true, "present in every week read")
        XCTAssertNil(persistent["社保缴费"], "a gap in W47 breaks the run")
        XCTAssertEqual(report.persistent.count, 2)

        let daily = try reports.hotspots(.day(LocalDate(year: 2026, month: 11, day: 24)!), identity: lead)
        XCTAssertEqual(daily.window.count, 5)
        XCTAssertEqual(daily.persistent.map(\.topic.name), [], "no topic on three consecutive days")
    }

    func testEnterpriseShareOverallAndByDepartment() throws {
        let report = try reports.hotspots(week48, identity: lead)
        XCTAssertEqual(report.enterprise, Rate(3 + 5, of: 26), "one tagged call per knowledge group, five invoice calls")
        let tax = report.enterpriseByDepartment.first { $0.department?.code == "TAX" }
        XCTAssertEqual(tax?.share, Rate(3, of: 11), "knowledge calls belong to the entry's department")
        let unassigned = report.enterpriseByDepartment.first { $0.department == nil }
        XCTAssertEqual(unassigned?.share, Rate(5, of: 15))
    }

    func testHTMLReportIsOneWellFormedSelfContainedPage() throws {
        let report = try reports.hotspots(week48, identity: lead)
        let html = ReportHTML.render(report)
        assertSelfContained(html)
        XCTAssertTrue(html.contains("留抵退税"))
        XCTAssertTrue(html.contains("▲"))
        XCTAssertGreaterThanOrEqual(html.components(separatedBy: "<svg").count - 1, 2, "calls per day and topic bars")
        XCTAssertTrue(html.contains("<rect"))
        XCTAssertTrue(html.contains("@page"), "A4 print rules")

        let evaluation = ReportHTML.render(try reports.evaluation(ReportPeriod.month(year: 2026, month: 11)!, identity: lead))
        assertSelfContained(evaluation)
        let kpi = ReportHTML.render(try reports.kpi(ReportPeriod.month(year: 2026, month: 11)!, identity: lead))
        assertSelfContained(kpi)

        // Caller text is escaped, never markup.
        try insertCall(at: "2026-11-25T10:00:00+08:00", outcome: "order", content: "<script>alert(1)</script>&<b>")
        let hostile = ReportHTML.render(try reports.hotspots(week48, identity: lead))
        assertSelfContained(hostile)
    }

    func assertSelfContained(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let parser = XMLParser(data: Data(html.utf8))
        XCTAssertTrue(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")", file: file, line: line)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), file: file, line: line)
        for forbidden in ["<script", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img"] {
            XCTAssertFalse(html.lowercased().contains(forbidden), "found \(forbidden)", file: file, line: line)
        }
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        XCTAssertFalse(withoutNamespace.contains("http"), "no external resources", file: file, line: line)
    }
}
