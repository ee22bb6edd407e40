import Foundation
import XCTest
@testable import HotlineCore

/// Fixed cases of the deadline rules, worked out by hand from the State Council data.
final class CalendarEngineTests: XCTestCase {
    private var calendar: WorkingCalendar!

    override func setUpWithError() throws {
        calendar = try CalendarFixtures.shippedCalendar()
    }

    private func hours(_ from: String, _ n: Int) -> String {
        calendar.due(from: CalendarFixtures.instant(from), workingHours: n).iso
    }

    private func days(_ from: String, _ n: Int) -> String {
        calendar.due(from: CalendarFixtures.instant(from), workingDays: n).iso
    }

    private func workday(_ iso: String) -> Bool { calendar.isWorkday(LocalDate(iso: iso)!) }

    func testNationalDayWeek2024() {
        XCTAssertFalse(workday("2024-09-28"))
        XCTAssertTrue(workday("2024-09-29"))                 // Sunday worked
        for d in 1...7 { XCTAssertFalse(workday("2024-10-0\(d)"), "10/\(d)") }
        XCTAssertTrue(workday("2024-10-08"))
        XCTAssertTrue(workday("2024-10-12"))                 // Saturday worked
        XCTAssertFalse(workday("2024-10-13"))

        XCTAssertEqual(days("2024-09-27T10:00", 1), "2024-09-29T17:30:00+08:00")
        XCTAssertEqual(days("2024-09-29T10:00", 1), "2024-09-30T17:30:00+08:00")
        XCTAssertEqual(days("2024-09-30T16:00", 1), "2024-10-08T17:30:00+08:00")
        XCTAssertEqual(days("2024-09-30T16:00", 5), "2024-10-12T17:30:00+08:00")
        XCTAssertEqual(days("2024-09-30T16:00", 6), "2024-10-14T17:30:00+08:00")
        XCTAssertEqual(hours("2024-09-30T16:00", 2), "2024-10-08T09:00:00+08:00")
        XCTAssertEqual(hours("2024-09-29T17:00", 1), "2024-09-30T09:00:00+08:00")
    }

    func testSpringFestival2026() {
        XCTAssertTrue(workday("2026-02-14"))                 // Saturday worked
        for d in 15...23 { XCTAssertFalse(workday("2026-02-\(d)"), "2/\(d)") }
        XCTAssertTrue(workday("2026-02-24"))
        XCTAssertTrue(workday("2026-02-28"))                 // Saturday worked
        XCTAssertFalse(workday("2026-03-01"))

        XCTAssertEqual(days("2026-02-13T15:00", 1), "2026-02-14T17:30:00+08:00")
        XCTAssertEqual(days("2026-02-14T10:00", 1), "2026-02-24T17:30:00+08:00")
        XCTAssertEqual(days("2026-02-14T10:00", 5), "2026-02-28T17:30:00+08:00")
        XCTAssertEqual(days("2026-02-14T10:00", 6), "2026-03-02T17:30:00+08:00")
        // 2 h left before noon + 4 h afternoon on the worked Saturday, then 2 h after the break.
        XCTAssertEqual(hours("2026-02-14T10:00", 8), "2026-02-24T10:30:00+08:00")
    }

    func testNewStatutoryDays2025() {
        XCTAssertFalse(workday("2025-01-28"))                // 除夕, a Tuesday
        XCTAssertTrue(workday("2025-01-26"))                 // Sunday worked
        XCTAssertTrue(workday("2025-02-08"))                 // Saturday worked
        XCTAssertFalse(workday("2025-05-02"))                // a Friday, now statutory
        XCTAssertFalse(workday("2025-05-05"))

        XCTAssertEqual(days("2025-01-27T10:00", 1), "2025-02-05T17:30:00+08:00")
        XCTAssertEqual(hours("2025-01-27T17:00", 1), "2025-02-05T09:00:00+08:00")
        XCTAssertEqual(days("2025-04-30T09:00", 1), "2025-05-06T17:30:00+08:00")
        XCTAssertEqual(days("2025-04-30T09:00", 2), "2025-05-07T17:30:00+08:00")
    }

    func testInstantsOnIntervalBoundaries() {
        // 2024-03-05 is an ordinary Tuesday.
        XCTAssertEqual(hours("2024-03-05T08:30", 1), "2024-03-05T09:30:00+08:00")
        XCTAssertEqual(hours("2024-03-05T12:00", 1), "2024-03-05T14:30:00+08:00")
        XCTAssertEqual(hours("2024-03-05T17:30", 1), "2024-03-06T09:30:00+08:00")
        XCTAssertEqual(hours("2024-03-05T07:00", 1), "2024-03-05T09:30:00+08:00")
        XCTAssertEqual(hours("2024-03-05T12:30", 1), "2024-03-05T14:30:00+08:00")
        XCTAssertEqual(hours("2024-03-05T11:59:59", 1), "2024-03-05T14:29:59+08:00")
        // Ending exactly at an interval end gives that end, never the next start.
        XCTAssertEqual(hours("2024-03-05T09:00", 3), "2024-03-05T12:00:00+08:00")
        XCTAssertEqual(hours("2024-03-05T12:00", 15), "2024-03-07T12:00:00+08:00")
        XCTAssertEqual(hours("2024-03-05T13:30", 4), "2024-03-05T17:30:00+08:00")
        XCTAssertEqual(hours("2024-03-05T08:30", 15), "2024-03-06T17:30:00+08:00")
        XCTAssertEqual(hours("2024-03-08T16:30", 2), "2024-03-11T09:30:00+08:00")   // over a weekend
        // The day of the start is never counted, whatever the time.
        XCTAssertEqual(days("2024-03-05T00:00", 1), "2024-03-06T17:30:00+08:00")
        XCTAssertEqual(days("2024-03-05T08:30", 1), "2024-03-06T17:30:00+08:00")
        XCTAssertEqual(days("2024-03-05T17:30", 1), "2024-03-06T17:30:00+08:00")
        XCTAssertEqual(days("2024-03-05T23:59:59", 1), "2024-03-06T17:30:00+08:00")
        XCTAssertEqual(days("2024-03-08T12:00", 1), "2024-03-11T17:30:00+08:00")
    }

    func testInstantOnHolidayAndOnWorkedSaturday() {
        XCTAssertEqual(hours("2024-10-03T10:00", 1), "2024-10-08T09:30:00+08:00")
        XCTAssertEqual(days("2024-10-03T10:00", 1), "2024-10-08T17:30:00+08:00")
        XCTAssertEqual(hours("2024-10-12T09:00", 1), "2024-10-12T10:00:00+08:00")
        XCTAssertEqual(hours("2024-10-12T17:00", 1), "2024-10-14T09:00:00+08:00")
        XCTAssertEqual(days("2024-10-12T09:00", 1), "2024-10-14T17:30:00+08:00")
        XCTAssertTrue(calendar.isWorkingTime(CalendarFixtures.instant("2024-10-12T09:00")))
        XCTAssertFalse(calendar.isWorkingTime(CalendarFixtures.instant("2024-10-03T09:00")))
        XCTAssertFalse(calendar.isWorkingTime(CalendarFixtures.instant("2024-10-08T12:00")))
        XCTAssertTrue(calendar.isWorkingTime(CalendarFixtures.instant("2024-10-08T08:30")))
    }

    func testMissingYearWarning() {
        XCTAssertEqual(calendar.coveredYears, [2021, 2022, 2023, 2024, 2025, 2026])
        XCTAssertNil(calendar.warning(forYear: 2024))
        XCTAssertEqual(calendar.warning(forYear: 2027)?.message,
                       "2027 年没有节假日安排数据，请导入国务院办公厅当年的节假日通知（hotline calendar import）")

        let late = calendar.due(from: CalendarFixtures.instant("2026-12-30T10:00"), workingDays: 5)
        // 12/31, then 2027-01-01 counts as an ordinary Friday: no data says otherwise.
        XCTAssertEqual(late.iso, "2027-01-06T17:30:00+08:00")
        XCTAssertEqual(late.warnings, [CalendarWarning(year: 2027)])
        XCTAssertTrue(calendar.isWorkday(LocalDate(iso: "2027-10-01")!))

        let inside = calendar.due(from: CalendarFixtures.instant("2026-12-30T10:00"), workingDays: 1)
        XCTAssertEqual(inside.iso, "2026-12-31T17:30:00+08:00")
        XCTAssertEqual(inside.warnings, [])

        let hoursAcross = calendar.due(from: CalendarFixtures.instant("2026-12-31T17:00"), workingHours: 1)
        XCTAssertEqual(hoursAcross.iso, "2027-01-01T09:00:00+08:00")
        XCTAssertEqual(hoursAcross.warnings.map(\.year), [2027])

        let before = calendar.due(from: CalendarFixtures.instant("2020-12-31T10:00"), workingDays: 1)
        XCTAssertEqual(before.iso, "2021-01-04T17:30:00+08:00")                  // 2021-01-01–03 off
        XCTAssertEqual(before.warnings.map(\.year), [2020])

        let far = calendar.due(from: CalendarFixtures.instant("2026-12-30T10:00"), workingDays: 600)
        XCTAssertEqual(far.warnings.map(\.year), [2027, 2028, 2029])
        XCTAssertEqual(calendar.warnings(from: LocalDate(iso: "2019-06-01")!, through: LocalDate(iso: "2022-01-01")!).map(\.year), [2019, 2020])
    }

    func testImportedYearReplacesWarningAndData() throws {
        let file = "2027-01-01 holiday 元旦\n2027-01-02 holiday 元旦\n2027-01-03 holiday 元旦\n"
        let updated = calendar.replacingYears(with: try HolidayFile.parse(file, source: "2027.txt"))
        XCTAssertEqual(updated.coveredYears.last, 2027)
        let deadline = updated.due(from: CalendarFixtures.instant("2026-12-30T10:00"), workingDays: 5)
        XCTAssertEqual(deadline.iso, "2027-01-07T17:30:00+08:00")
        XCTAssertEqual(deadline.warnings, [])

        // Replacing a year drops its old entries.
        let replaced = calendar.replacingYears(with: try HolidayFile.parse("2024-10-01 holiday 国庆节\n", source: "x"))
        XCTAssertEqual(replaced.entries(inYear: 2024).count, 1)
        XCTAssertTrue(replaced.isWorkday(LocalDate(iso: "2024-10-08")!))
        XCTAssertTrue(replaced.isWorkday(LocalDate(iso: "2024-10-02")!))
        XCTAssertFalse(replaced.isWorkday(LocalDate(iso: "2024-10-12")!))
        XCTAssertEqual(replaced.entries(inYear: 2025), calendar.entries(inYear: 2025))
    }

    func testExtension() {
        let current = CalendarFixtures.instant("2024-09-30T17:30")
        XCTAssertEqual(calendar.extend(current, byWorkingDays: 1).iso, "2024-10-08T17:30:00+08:00")
        XCTAssertEqual(calendar.extend(current, byWorkingDays: 5).iso, "2024-10-12T17:30:00+08:00")
        XCTAssertEqual(calendar.extend(current, byWorkingDays: 0).instant, current)
        let late = calendar.extend(CalendarFixtures.instant("2026-12-31T17:30"), byWorkingDays: 1)
        XCTAssertEqual(late.iso, "2027-01-01T17:30:00+08:00")
        XCTAssertEqual(late.warnings.map(\.year), [2027])
    }

    func testWorkingSeconds() {
        func seconds(_ a: String, _ b: String) -> Int {
            calendar.workingSeconds(from: CalendarFixtures.instant(a), to: CalendarFixtures.instant(b))
        }
        XCTAssertEqual(seconds("2024-03-08T16:30", "2024-03-11T09:30"), 7200)        // weekend
        XCTAssertEqual(seconds("2024-03-08T11:00", "2024-03-11T14:00"), 32_400)
        XCTAssertEqual(seconds("2024-09-30T17:00", "2024-10-08T09:00"), 3600)        // National Day
        XCTAssertEqual(seconds("2024-10-08T09:00", "2024-09-30T17:00"), -3600)       // negative direction
        XCTAssertEqual(seconds("2024-03-05T08:00", "2024-03-05T18:00"), 27_000)
        XCTAssertEqual(seconds("2024-03-05T12:10", "2024-03-05T13:20"), 0)
        XCTAssertEqual(seconds("2024-03-05T10:00", "2024-03-05T10:00"), 0)
        XCTAssertEqual(seconds("2024-10-12T08:30", "2024-10-13T23:00"), 27_000)      // worked Saturday
        // A deadline and the elapsed working time agree.
        let from = CalendarFixtures.instant("2024-09-30T16:00")
        XCTAssertEqual(calendar.workingSeconds(from: from, to: calendar.due(from: from, workingHours: 9).instant), 9 * 3600)
    }

    func testZeroNegativeAndHugeAmountsDoNotCrash() {
        let t = CalendarFixtures.instant("2024-03-05T12:30")
        XCTAssertEqual(calendar.due(from: t, workingHours: 0).iso, "2024-03-05T13:30:00+08:00")
        XCTAssertEqual(calendar.due(from: CalendarFixtures.instant("2024-03-05T10:00"), workingHours: -5).iso, "2024-03-05T10:00:00+08:00")
        XCTAssertEqual(calendar.due(from: CalendarFixtures.instant("2024-10-03T10:00"), workingHours: 0).iso, "2024-10-08T08:30:00+08:00")
        XCTAssertEqual(calendar.due(from: t, workingDays: 0).instant, t)
        _ = calendar.due(from: t, workingHours: Int.max)
        _ = calendar.due(from: t, workingDays: Int.max)
        _ = calendar.due(from: .distantFuture, workingDays: 3)
        _ = calendar.due(from: .distantPast, workingHours: 3)
        _ = calendar.due(from: Date(timeIntervalSince1970: .nan), workingHours: 3)
        _ = calendar.workingSeconds(from: .distantPast, to: .distantFuture)
        XCTAssertFalse(calendar.isWorkingTime(Date(timeIntervalSince1970: .infinity)))
    }

    func testOtherWorkingHoursIncludingMidnightEnd() throws {
        let hours = try WorkingHours.parse("09:00-12:00,14:00-24:00")
        let late = calendar.withWorkingHours(hours)
        let t = CalendarFixtures.instant("2024-03-05T23:00")
        XCTAssertEqual(late.due(from: t, workingHours: 1).iso, "2024-03-06T00:00:00+08:00")
        XCTAssertEqual(late.due(from: t, workingHours: 2).iso, "2024-03-06T10:00:00+08:00")
        let daysDue = late.due(from: t, workingDays: 1)
        XCTAssertEqual(daysDue.iso, "2024-03-07T00:00:00+08:00")                     // 24:00 of 3/6
        // Extending a 24:00 deadline counts from the day that ends there (3/6), not 3/7.
        XCTAssertEqual(late.extend(daysDue.instant, byWorkingDays: 1).iso, "2024-03-08T00:00:00+08:00")
        XCTAssertEqual(late.workingHours.minutesPerDay, 180 + 600)
    }
}
