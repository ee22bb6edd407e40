import Foundation
import XCTest
@testable import HotlineCore

/// Dates, ISO 8601 instants, working-hours text and the batch form.
final class CalendarParsingTests: XCTestCase {
    // MARK: LocalDate

    func testLocalDate() {
        XCTAssertEqual(LocalDate(iso: "2024-10-01")?.weekday, .tuesday)
        XCTAssertEqual(LocalDate(iso: "2024-02-29")?.iso, "2024-02-29")
        XCTAssertNil(LocalDate(iso: "2023-02-29"))
        XCTAssertNil(LocalDate(iso: "2024-02-30"))
        XCTAssertNil(LocalDate(iso: "2024-1-01"))
        XCTAssertNil(LocalDate(iso: "2024-13-01"))
        XCTAssertNil(LocalDate(iso: "0000-01-01"))
        XCTAssertNil(LocalDate(iso: "2024-10-01 "))
        XCTAssertNil(LocalDate(iso: "２０２４-10-01"))
        XCTAssertEqual(LocalDate(iso: "1970-01-01")?.dayNumber, 0)
        XCTAssertEqual(LocalDate(iso: "1969-12-31")?.dayNumber, -1)
        XCTAssertEqual(LocalDate(iso: "2024-12-31")!.adding(days: 1).iso, "2025-01-01")
        XCTAssertEqual(LocalDate(iso: "2024-03-01")!.adding(days: -1).iso, "2024-02-29")
        XCTAssertEqual(LocalDate(iso: "2024-01-01")!.days(to: LocalDate(iso: "2025-01-01")!), 366)
        XCTAssertTrue(LocalDate(iso: "2024-09-30")! < LocalDate(iso: "2024-10-01")!)
        XCTAssertTrue(LocalDate(iso: "2024-10-12")!.isWeekend)
        XCTAssertEqual(LocalDate(iso: "2024-10-13")?.weekday.chineseName, "星期日")
    }

    /// Day numbers and weekdays agree with Foundation's Calendar over four centuries.
    func testLocalDateAgreesWithFoundation() {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(secondsFromGMT: 0)!
        var rng = CalendarTestRandom(seed: 11)
        for _ in 0..<3000 {
            let dayNumber = rng.int(-25_000...120_000)
            let date = LocalDate(dayNumber: dayNumber)
            let c = cal.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(dayNumber) * 86_400))
            XCTAssertEqual([date.year, date.month, date.day], [c.year!, c.month!, c.day!])
            XCTAssertEqual(date.weekday.rawValue, (c.weekday! + 5) % 7 + 1)
            XCTAssertEqual(date.dayNumber, dayNumber)
            XCTAssertEqual(LocalDate(iso: date.iso), date)
        }
    }

    // MARK: ISO 8601 instants

    func testParseInstantForms() throws {
        let expected = Date(timeIntervalSince1970: 1_727_683_200)   // 2024-09-30T08:00:00Z
        for text in ["2024-09-30T16:00:00+08:00", "2024-09-30T08:00:00Z", "2024-09-30T16:00", "2024-09-30 16:00:00",
                     "2024-09-30 16:00", "2024-09-30T16:00:00.000+08:00", "2024-09-30T17:00:00+09:00",
                     "2024-09-30T03:00:00-05:00", "2024-09-30T16:00:00+0800", "2024-09-30T16:00+08", "2024-09-30t08:00:00z",
                     "  2024-09-30T16:00\t", "2024-09-30T16:00:00,0+08:00", "2024-09-30T08:00Z"] {
            XCTAssertEqual(try ShanghaiTime.parse(text), expected, text)
        }
        XCTAssertEqual(try ShanghaiTime.parse("2024-09-30T16:00:00.25+08:00").timeIntervalSince1970, 1_727_683_200.25, accuracy: 1e-6)
        XCTAssertEqual(try ShanghaiTime.parse("2024-10-01"), Date(timeIntervalSince1970: 1_727_683_200 + 8 * 3600))
        XCTAssertEqual(ShanghaiTime.format(expected), "2024-09-30T16:00:00+08:00")
        XCTAssertEqual(ShanghaiTime.format(Date(timeIntervalSince1970: 1_727_683_200.999)), "2024-09-30T16:00:00+08:00")
        XCTAssertEqual(ShanghaiTime.format(Date(timeIntervalSince1970: -1)), "1970-01-01T07:59:59+08:00")
        XCTAssertEqual(ShanghaiTime.localDate(of: Date(timeIntervalSince1970: 1_727_711_999)).iso, "2024-09-30")
        XCTAssertEqual(ShanghaiTime.localDate(of: Date(timeIntervalSince1970: 1_727_712_000)).iso, "2024-10-01")
        XCTAssertEqual(ShanghaiTime.instant(LocalDate(iso: "2024-09-30")!, hour: 16), expected)
        // Never a crash on extreme Dates.
        XCTAssertEqual(ShanghaiTime.format(Date(timeIntervalSince1970: .nan)), "1970-01-01T08:00:00+08:00")
        XCTAssertEqual(ShanghaiTime.format(Date(timeIntervalSince1970: 1e300)), "9999-12-31T23:59:59+08:00")
        XCTAssertEqual(ShanghaiTime.format(Date(timeIntervalSince1970: -.infinity)), "0001-01-01T00:00:00+08:00")
        XCTAssertTrue(ShanghaiTime.format(.distantFuture).hasPrefix("4001-01-01T"))
    }

    func testParseInstantRejectsBadText() {
        let bad = ["", "   ", "yesterday", "2024-09-30T25:00", "2024-09-30T24:00", "2024-02-30T10:00", "2024-09-30T16:60",
                   "2024-09-30T16:00:60", "2024-09-30T16:00:00+08:00x", "2024-9-30T16:00", "2024-09-30T16", "2024-09-30T16:00:00.",
                   "2024-09-30T16:00+8", "2024-09-30T16:00+08:0", "2024-09-30T16:00+24:00", "２０２４-09-30T16:00",
                   "2024-09-30T16:00:00.1234567890", "2024-09-30X16:00", "2024-09-30  16:00", "2024-09-30T16:00 +08:00",
                   "2024-09-30Z", "2024-09-30T16:00:00+08:00\u{1B}[31m", String(repeating: "9", count: 5000)]
        for text in bad {
            guard let error = assertCalendarError({ () throws(CalendarError) in try ShanghaiTime.parse(text) }) else { continue }
            guard case .invalidInstant = error else { XCTFail("\(error)"); continue }
            XCTAssertFalse(error.description.contains("\u{1B}"))
            XCTAssertFalse(error.description.contains("\n"))
            XCTAssertLessThan(error.description.count, 200)
        }
        let error = assertCalendarError({ () throws(CalendarError) in try ShanghaiTime.parse("2024-02-30T10:00") })
        XCTAssertEqual(error?.description, "时间无效 \"2024-02-30T10:00\"：日期不存在")
    }

    /// Random and mutated text: parse either throws or gives an instant that prints and
    /// parses back to the same second.
    func testParseInstantFuzz() {
        var rng = CalendarTestRandom(seed: 12)
        let alphabet = Array("0123456789-:T Z+.,tz\u{1B}\t\r\n中\u{202E}é")
        let seeds = ["2024-09-30T16:00:00+08:00", "2024-09-30T08:00:00.123Z", "2024-02-29 23:59:59", "2026-12-31T23:59"]
        var accepted = 0
        for i in 0..<20_000 {
            var text: String
            if i % 2 == 0 {
                text = String((0..<rng.int(0...30)).map { _ in rng.pick(alphabet) })
            } else {
                var chars = Array(rng.pick(seeds))
                for _ in 0..<rng.int(1...3) {
                    let position = rng.int(0...chars.count)
                    switch rng.int(0...2) {
                    case 0 where position < chars.count: chars.remove(at: position)
                    case 1 where position < chars.count: chars[position] = rng.pick(alphabet)
                    default: chars.insert(rng.pick(alphabet), at: position)
                    }
                }
                text = String(chars)
            }
            if let date = try? ShanghaiTime.parse(text) {
                accepted += 1
                let printed = ShanghaiTime.format(date)
                XCTAssertEqual(try? ShanghaiTime.parse(printed).timeIntervalSince1970, date.timeIntervalSince1970.rounded(.down), text)
            }
        }
        XCTAssertGreaterThan(accepted, 100)
    }

    // MARK: working hours

    func testWorkingHoursTextForm() throws {
        XCTAssertEqual(WorkingHours.default.text, "08:30-12:00,13:30-17:30")
        XCTAssertEqual(WorkingHours().minutesPerDay, 450)
        XCTAssertEqual(try WorkingHours.parse(" 8:30-12:00 , 13:30-17:30 "), .default)
        XCTAssertEqual(try WorkingHours.parse("08:30–12:00，13:30–17:30"), .default)
        XCTAssertEqual(try WorkingHours.parse("00:00-24:00").text, "00:00-24:00")
        XCTAssertEqual(try WorkingHours.parse("08:00-12:00,12:00-17:00").intervals.count, 2)   // touching is fine
        XCTAssertEqual(try WorkingHours(validating: [WorkingInterval(9, 0, 17, 0)]).text, "09:00-17:00")
    }

    func testWorkingHoursConfigurationErrors() {
        func reason(_ text: String) -> String {
            let error = assertCalendarError({ () throws(CalendarError) in try WorkingHours.parse(text) })
            guard case let .invalidWorkingHours(reason)? = error else { XCTFail("\(String(describing: error))"); return "" }
            return reason
        }
        XCTAssertTrue(reason("08:30-12:00,11:00-13:00").contains("重叠"))
        XCTAssertTrue(reason("13:30-17:30,08:30-12:00").contains("先后"))
        XCTAssertTrue(reason("12:00-08:30").contains("开始时间不早于结束时间"))
        XCTAssertTrue(reason("12:00-12:00").contains("开始时间不早于结束时间"))
        XCTAssertTrue(reason("").contains("没有任何工作时段"))
        XCTAssertTrue(reason("08:30-24:30").contains("格式无效"))
        XCTAssertTrue(reason("8:30").contains("格式无效"))
        XCTAssertTrue(reason("08:30-12:00,,13:30-17:30x").contains("格式无效"))
        XCTAssertTrue(reason("08:61-12:00").contains("格式无效"))

        func validating(_ intervals: [WorkingInterval]) -> String {
            let error = assertCalendarError({ () throws(CalendarError) in try WorkingHours(validating: intervals) })
            return error?.description ?? ""
        }
        XCTAssertEqual(validating([]), "工作时段设置无效：没有任何工作时段")
        XCTAssertTrue(validating([WorkingInterval(start: -10, end: 100)]).contains("超出 00:00–24:00"))
        XCTAssertTrue(validating([WorkingInterval(start: 1000, end: 1500)]).contains("超出 00:00–24:00"))
        XCTAssertTrue(validating([WorkingInterval(8, 0, 12, 0), WorkingInterval(9, 0, 10, 0)]).contains("重叠"))
        XCTAssertTrue(validating([WorkingInterval(13, 0, 17, 0), WorkingInterval(8, 0, 12, 0)]).contains("先后"))
    }

    // MARK: batch

    func testBatchEvaluatesInOrder() throws {
        let calendar = try CalendarFixtures.shippedCalendar()
        let input = """
        2024-09-30T16:00:00+08:00 days 1
        2024-09-30T08:00:00Z hours 2

        2024-09-30 16:00 hours 2\r
        2024-09-30T16:00 days 5
        \t2026-12-30T10:00 DAYS 5\t
        2024-03-05T12:00:00.500+08:00 hours 15
        """
        let results = try DueBatch.evaluate(input, calendar: calendar)
        XCTAssertEqual(results.map(\.formatted), [
            "2024-10-08T17:30:00+08:00",
            "2024-10-08T09:00:00+08:00",
            "2024-10-08T09:00:00+08:00",
            "2024-10-12T17:30:00+08:00",
            "2027-01-06T17:30:00+08:00",
            "2024-03-07T12:00:00+08:00",
        ])
        XCTAssertEqual(results.map(\.line), [1, 2, 4, 5, 6, 7])
        XCTAssertEqual(results[4].deadline.warnings.map(\.year), [2027])
        XCTAssertEqual(results[0].request, DueRequest(from: Date(timeIntervalSince1970: 1_727_683_200), unit: .days, amount: 1))
        XCTAssertEqual(try DueBatch.evaluate("\n\n", calendar: calendar), [])
    }

    func testBatchBadLinesAreAllReported() throws {
        let calendar = try CalendarFixtures.shippedCalendar()
        let input = """
        2024-09-30T16:00 days 1
        2024-09-30T16:00 weeks 1
        2024-13-01T00:00 days 1

        2024-09-30T16:00 days 0
        2024-09-30T16:00 days
        2024-09-30T16:00 hours -1
        2024-09-30T16:00 hours 99999999999999999999999
        tomorrow hours two
        2024-09-30 16:00 hours 1 extra
        2024-09-30T16:00 hours 1
        """
        guard let error = assertCalendarError({ () throws(CalendarError) in try DueBatch.evaluate(input, calendar: calendar, source: "batch") }) else { return }
        XCTAssertEqual(error.issues.map(\.line), [2, 3, 5, 6, 7, 8, 9, 10])
        let lines = error.description.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "batch:2: 单位无效 \"weeks\"（应为 hours 或 days）")
        XCTAssertEqual(lines[1], "batch:3: 时间无效 \"2024-13-01T00:00\"：日期不存在")
        XCTAssertEqual(lines[2], "batch:5: 数量无效 \"0\"（应为正整数）")
        XCTAssertTrue(lines[3].hasPrefix("batch:6: 字段不足"), lines[3])
        XCTAssertEqual(lines[4], "batch:7: 数量无效 \"-1\"（应为正整数）")
        XCTAssertEqual(lines[5], "batch:8: 数量 \"99999999999999999999999\" 超过上限 10000")
        XCTAssertTrue(lines[6].hasPrefix("batch:9: 时间无效 \"tomorrow\""), lines[6])
        XCTAssertTrue(lines[6].contains("单位无效 \"hours\"") == false && lines[6].contains("数量无效 \"two\""), lines[6])
        XCTAssertTrue(lines[7].hasPrefix("batch:10: 字段过多"), lines[7])
    }

    func testBatchSingleLineForStreaming() throws {
        let calendar = try CalendarFixtures.shippedCalendar()
        XCTAssertNil(try DueBatch.evaluateLine("   ", lineNumber: 1, calendar: calendar))
        let result = try DueBatch.evaluateLine("2024-10-12T17:00 hours 1\r", lineNumber: 7, calendar: calendar)
        XCTAssertEqual(result?.formatted, "2024-10-14T09:00:00+08:00")
        XCTAssertEqual(result?.line, 7)
        let error = assertCalendarError({ () throws(CalendarError) in try DueBatch.evaluateLine("2024-10-12 days x", lineNumber: 42, calendar: calendar) })
        XCTAssertEqual(error?.description, "<stdin>:42: 数量无效 \"x\"（应为正整数）")
        XCTAssertEqual(try DueBatch.parseLine("2024-10-12T09:00 days 3", lineNumber: 1)?.unit, .days)
    }
}
