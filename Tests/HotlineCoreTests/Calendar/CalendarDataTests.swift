import Foundation
import XCTest
@testable import HotlineCore

/// The shipped data files and the data-file parsers.
final class CalendarDataTests: XCTestCase {
    /// DESIGN.md "Reference facts", copied row by row: days off (ranges include
    /// weekends) and weekend days worked, per year.
    private let designTable: [Int: (off: String, worked: String)] = [
        2021: ("1/1–3; 2/11–17; 4/3–5; 5/1–5; 6/12–14; 9/19–21; 10/1–7", "2/7, 2/20, 4/25, 5/8, 9/18, 9/26, 10/9"),
        2022: ("1/1–3; 1/31–2/6; 4/3–5; 4/30–5/4; 6/3–5; 9/10–12; 10/1–7; 12/31", "1/29, 1/30, 4/2, 4/24, 5/7, 10/8, 10/9"),
        2023: ("1/1–2; 1/21–27; 4/5; 4/29–5/3; 6/22–24; 9/29–10/6; 12/30–31", "1/28, 1/29, 4/23, 5/6, 6/25, 10/7, 10/8"),
        2024: ("1/1; 2/10–17; 4/4–6; 5/1–5; 6/10; 9/15–17; 10/1–7", "2/4, 2/18, 4/7, 4/28, 5/11, 9/14, 9/29, 10/12"),
        2025: ("1/1; 1/28–2/4; 4/4–6; 5/1–5; 5/31–6/2; 10/1–8", "1/26, 2/8, 4/27, 9/28, 10/11"),
        2026: ("1/1–3; 2/15–23; 4/4–6; 5/1–5; 6/19–21; 9/25–27; 10/1–7", "1/4, 2/14, 2/28, 5/9, 9/20, 10/10"),
    ]

    /// Expands `1/31–2/6`, `6/12–14`, `4/5` into ISO dates.
    private func expand(_ spec: String, year: Int) -> Set<String> {
        var result: Set<String> = []
        for part in spec.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let range = part.trimmingCharacters(in: .whitespaces).split(separator: "–")
            let first = range[0].split(separator: "/").map { Int($0)! }
            var last = first
            if range.count == 2 {
                let end = range[1].split(separator: "/").map { Int($0)! }
                last = end.count == 2 ? end : [first[0], end[0]]
            }
            var date = LocalDate(year: year, month: first[0], day: first[1])!
            let stop = LocalDate(year: year, month: last[0], day: last[1])!
            while date <= stop {
                result.insert(date.iso)
                date = date.adding(days: 1)
            }
        }
        return result
    }

    func testShippedHolidayFileMatchesDesignTable() throws {
        let days = try CalendarFixtures.shippedDays()
        XCTAssertEqual(HolidayFile.years(of: days), [2021, 2022, 2023, 2024, 2025, 2026])
        for (year, row) in designTable {
            let inYear = days.filter { $0.date.year == year }
            XCTAssertEqual(Set(inYear.filter { $0.kind == .holiday }.map(\.date.iso)), expand(row.off, year: year), "days off \(year)")
            XCTAssertEqual(Set(inYear.filter { $0.kind == .workday }.map(\.date.iso)), expand(row.worked, year: year), "days worked \(year)")
        }
        for day in days {
            XCTAssertFalse(day.name.isEmpty)
            if day.kind == .workday {
                XCTAssertTrue(day.date.isWeekend, "\(day.date) worked but not a weekend day")
                XCTAssertTrue(day.name.hasSuffix("调休上班"), day.name)
            }
        }
        XCTAssertEqual(days.count, 180 + 40)
    }

    func testShippedNamesOfKeyDays() throws {
        let calendar = try CalendarFixtures.shippedCalendar()
        func name(_ iso: String) -> String? { calendar.entry(on: LocalDate(iso: iso)!)?.name }
        XCTAssertEqual(name("2025-01-28"), "春节")        // 除夕, statutory from 2025
        XCTAssertEqual(name("2025-05-02"), "劳动节")
        XCTAssertEqual(name("2023-09-29"), "中秋节、国庆节")
        XCTAssertEqual(name("2024-10-12"), "国庆节调休上班")
        XCTAssertEqual(name("2026-02-14"), "春节调休上班")
        XCTAssertEqual(name("2022-12-31"), "元旦")
        XCTAssertEqual(name("2024-06-10"), "端午节")
        XCTAssertEqual(name("2024-04-04"), "清明节")
        XCTAssertNil(name("2024-10-08"))
        XCTAssertEqual(calendar.entries(inYear: 2024).count, 28 + 8)
    }

    func testParseAcceptsCommentsBlankLinesTabsCRLFAndMultiWordNames() throws {
        let text = "\u{FEFF}# 头部注释\r\n\r\n  # 缩进的注释\r\n2024-10-01\tholiday\t国庆节\r\n2024-09-29   workday   国庆节 调休上班\r\n"
        let days = try HolidayFile.parse(text, source: "t.txt")
        XCTAssertEqual(days.map(\.date.iso), ["2024-09-29", "2024-10-01"])   // sorted
        XCTAssertEqual(days[0].kind, .workday)
        XCTAssertEqual(days[0].name, "国庆节 调休上班")
        XCTAssertEqual(days[1], CalendarDay(date: LocalDate(iso: "2024-10-01")!, kind: .holiday, name: "国庆节"))
    }

    func testMalformedHolidayFileReportsEveryBadLineAndReturnsNothing() {
        let text = """
        # 测试文件
        2024-10-01 holiday 国庆节
        2024-02-30 holiday 春节
        2024-10-02 holliday 国庆节
        2024-10-03 holiday
        2024-10-05 holiday 国庆节
        2024-10-05 workday 国庆节调休上班
        2024-10-08 workday 调休
        1999-10-01 holiday 国庆节
        2024/10/09 holiday 国庆节

        2024-10-01 holiday 国庆节
        2024-10-06
        2024-10-07 holiday 国庆节\u{1B}[31m
        2024-10-04 holiday 国庆节
        """
        guard let error = assertCalendarError({ () throws(CalendarError) in try HolidayFile.parse(text, source: "holidays.txt") }) else { return }
        XCTAssertEqual(error.issues.map(\.line), [3, 4, 5, 7, 8, 9, 10, 12, 13, 14])
        let lines = error.description.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 10)
        XCTAssertTrue(lines[0].hasPrefix("holidays.txt:3: 日期无效 \"2024-02-30\""), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("holidays.txt:4: 类型无效 \"holliday\""), lines[1])
        XCTAssertTrue(lines[2].hasPrefix("holidays.txt:5: 缺少名称"), lines[2])
        XCTAssertEqual(lines[3], "holidays.txt:7: 2024-10-05 同时被列为 holiday 和 workday（另见第 6 行）")
        XCTAssertEqual(lines[4], "holidays.txt:8: 2024-10-08 是星期二，workday（调休上班）只能是星期六或星期日")
        XCTAssertTrue(lines[5].hasPrefix("holidays.txt:9: 年份 1999 超出支持范围"), lines[5])
        XCTAssertTrue(lines[6].hasPrefix("holidays.txt:10: 日期无效 \"2024/10/09\""), lines[6])
        XCTAssertEqual(lines[7], "holidays.txt:12: 2024-10-01 重复（另见第 2 行）")
        XCTAssertTrue(lines[8].hasPrefix("holidays.txt:13: 缺少类型"), lines[8])
        XCTAssertEqual(lines[9], "holidays.txt:14: 名称含有控制字符或格式字符")
        XCTAssertFalse(error.description.contains("\u{1B}"))
    }

    func testEmptyHolidayFileIsAnError() {
        let error = assertCalendarError({ () throws(CalendarError) in try HolidayFile.parse("# 只有注释\n\n", source: "empty.txt") })
        XCTAssertEqual(error?.description, "empty.txt: 文件中没有任何日期")
    }

    func testHostileTextInErrorsIsMadeVisible() {
        let error = assertCalendarError({ () throws(CalendarError) in
            try HolidayFile.parse("2024-10-01 \u{1B}]52;c;ZXZpbA==\u{07} 名称\n2024-10-02\u{202E}x holiday 名\n", source: "h.txt")
        })
        let text = error?.description ?? ""
        XCTAssertEqual(error?.issues.map(\.line), [1, 2])
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        XCTAssertTrue(text.contains("\\u{1B}"), text)
        XCTAssertTrue(text.contains("\\u{202E}"), text)
    }

    func testFormatRoundTrips() throws {
        let days = try CalendarFixtures.shippedDays()
        let text = HolidayFile.format(days, header: "导出\n第二行")
        XCTAssertTrue(text.hasPrefix("# 导出\n# 第二行\n"))
        XCTAssertEqual(try HolidayFile.parse(text, source: "export"), days)
    }

    // MARK: SLA policy

    func testShippedSLAPolicy() throws {
        let rules = try SLAPolicyFile.parse(CalendarFixtures.seedText("sla-policy.txt"), source: "sla-policy.txt")
        XCTAssertEqual(rules, SLAPolicyFile.jiangsuDefault)
        XCTAssertEqual(rules.map(\.kind), ["consult", "other"])
        XCTAssertEqual(rules[0].answerWorkingDays, 3)
        XCTAssertEqual(rules[1].returnWindowWorkingDays, 2)
        XCTAssertEqual(try SLAPolicyFile.parse(SLAPolicyFile.format(rules, header: "x"), source: "f"), rules)
    }

    func testSLAPolicyErrorsAreLineNumbered() {
        let text = """
        # kind sign_hours answer_days return_days
        consult 1 3
        other 1 x 2
        consult 0 3 1
        Consult 1 3 1
        other 1 5 2
        other 1 5 2
        weird 1 2 3
        big 1 99999 1
        consult 1 3 1 extra
        consult 1 3 1
        """
        guard let error = assertCalendarError({ () throws(CalendarError) in try SLAPolicyFile.parse(text, source: "sla-policy.txt") }) else { return }
        XCTAssertEqual(error.issues.map(\.line), [2, 3, 4, 5, 7, 8, 9, 10])
        let lines = error.description.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "sla-policy.txt:2: 应为 4 列（kind sign_hours answer_days return_days），实际 3 列")
        XCTAssertEqual(lines[1], "sla-policy.txt:3: answer_days（答复工作日） 应为正整数，实际 \"x\"")
        XCTAssertEqual(lines[2], "sla-policy.txt:4: sign_hours（签收工作小时） 应为正整数，实际 \"0\"")
        XCTAssertTrue(lines[3].hasPrefix("sla-policy.txt:5: 类型 \"Consult\" 无效"), lines[3])
        XCTAssertEqual(lines[4], "sla-policy.txt:7: 类型 other 重复（另见第 6 行）")
        XCTAssertEqual(lines[5], "sla-policy.txt:8: 退回时限 3 个工作日超过答复时限 2 个工作日")
        XCTAssertEqual(lines[6], "sla-policy.txt:9: answer_days（答复工作日） \"99999\" 超过上限 1000")
        XCTAssertTrue(lines[7].hasPrefix("sla-policy.txt:10: 应为 4 列"), lines[7])

        let empty = assertCalendarError({ () throws(CalendarError) in try SLAPolicyFile.parse("# nothing\n", source: "s.txt") })
        XCTAssertEqual(empty?.description, "s.txt: 文件中没有任何规则")
    }

    func testSLADeadlinesFollowTheRule() throws {
        let calendar = try CalendarFixtures.shippedCalendar()
        let dispatched = CalendarFixtures.instant("2024-09-30T16:00")
        let consult = calendar.deadlines(for: SLAPolicyFile.jiangsuDefault[0], dispatchedAt: dispatched)
        XCTAssertEqual(consult.sign.iso, "2024-09-30T17:00:00+08:00")
        XCTAssertEqual(consult.answer.iso, "2024-10-10T17:30:00+08:00")        // 10/8, 10/9, 10/10
        XCTAssertEqual(consult.returnWindow.iso, "2024-10-08T17:30:00+08:00")
        let other = calendar.deadlines(for: SLAPolicyFile.jiangsuDefault[1], dispatchedAt: dispatched)
        XCTAssertEqual(other.answer.iso, "2024-10-12T17:30:00+08:00")          // 10/12 Saturday worked
        XCTAssertEqual(other.returnWindow.iso, "2024-10-09T17:30:00+08:00")
    }
}
