import Foundation
import XCTest
@testable import HotlineCore

/// The fast engine against the minute-by-minute reference on thousands of seeded random
/// instants, many of them on or next to interval boundaries and holidays.
final class CalendarReferenceTests: XCTestCase {
    private static let boundaryMinutes = [0, 8 * 60 + 29, 8 * 60 + 30, 8 * 60 + 31, 11 * 60 + 59, 12 * 60, 12 * 60 + 1,
                                          13 * 60 + 29, 13 * 60 + 30, 13 * 60 + 31, 17 * 60 + 29, 17 * 60 + 30,
                                          17 * 60 + 31, 23 * 60 + 59]

    /// Instants over `days` (local day numbers): a third anywhere in the day, a third on
    /// a boundary minute (optionally a few seconds off), a third next to data dates.
    private func instants(count: Int, seed: UInt64, dayRange: ClosedRange<Int>, dataDays: [Int], boundaries: [Int]) -> [Int] {
        var rng = CalendarTestRandom(seed: seed)
        var result: [Int] = []
        for i in 0..<count {
            let day: Int
            let secondOfDay: Int
            switch i % 3 {
            case 0:
                day = rng.int(dayRange)
                secondOfDay = rng.int(0...86_399)
            case 1:
                day = rng.int(dayRange)
                secondOfDay = rng.pick(boundaries) * 60 + rng.pick([0, 0, 0, 1, 59])
            default:
                day = dataDays.isEmpty ? rng.int(dayRange) : rng.pick(dataDays) + rng.int(-2...1)
                secondOfDay = rng.pick(boundaries) * 60 + rng.pick([0, 0, 30])
            }
            result.append(day * 86_400 + secondOfDay - 8 * 3600)
        }
        return result
    }

    private func localDayRange(_ first: String, _ last: String) -> ClosedRange<Int> {
        LocalDate(iso: first)!.dayNumber...LocalDate(iso: last)!.dayNumber
    }

    private func fmt(_ t: Int) -> String { ShanghaiTime.format(Date(timeIntervalSince1970: Double(t))) }

    func testWorkingHoursMatchReference() throws {
        let days = try CalendarFixtures.shippedDays()
        let engine = WorkingCalendar(days: days)
        let reference = ReferenceCalendar(days: days, intervals: [(510, 720), (810, 1050)])
        let points = instants(count: 3000, seed: 1, dayRange: localDayRange("2021-01-01", "2026-12-31"),
                              dataDays: days.map(\.date.dayNumber), boundaries: Self.boundaryMinutes)
        var rng = CalendarTestRandom(seed: 2)
        var failures = 0
        for t in points {
            let n = rng.int(1...16)
            let got = engine.due(from: Date(timeIntervalSince1970: Double(t)), workingHours: n).epochSeconds
            let want = reference.dueHours(from: t, hours: n)
            if got != want {
                failures += 1
                if failures <= 10 { XCTFail("\(fmt(t)) + \(n) 工作小时: engine \(fmt(got)), reference \(fmt(want))") }
            }
        }
        XCTAssertEqual(failures, 0)
    }

    func testWorkingDaysAndExtensionsMatchReference() throws {
        let days = try CalendarFixtures.shippedDays()
        let engine = WorkingCalendar(days: days)
        let reference = ReferenceCalendar(days: days, intervals: [(510, 720), (810, 1050)])
        let points = instants(count: 3000, seed: 3, dayRange: localDayRange("2021-01-01", "2026-12-31"),
                              dataDays: days.map(\.date.dayNumber), boundaries: Self.boundaryMinutes)
        var rng = CalendarTestRandom(seed: 4)
        var failures = 0
        for (i, t) in points.enumerated() {
            let n = rng.int(1...10)
            let date = Date(timeIntervalSince1970: Double(t))
            let got = i % 4 == 0 ? engine.extend(date, byWorkingDays: n) : engine.due(from: date, workingDays: n)
            let want = reference.dueDays(from: t, days: n)
            if got.epochSeconds != want {
                failures += 1
                if failures <= 10 { XCTFail("\(fmt(t)) + \(n) 工作日: engine \(got.iso), reference \(fmt(want))") }
            }
            // Warnings for the years of the span outside 2021–2026 (the shipped data).
            let firstYear = Int(fmt(t).prefix(4))!
            let lastYear = Int(fmt(want).prefix(4))!
            let expected = (firstYear...lastYear).filter { !(2021...2026).contains($0) }
            XCTAssertEqual(got.warnings.map(\.year), expected, "\(fmt(t)) + \(n)")
        }
        XCTAssertEqual(failures, 0)
    }

    func testWorkingSecondsMatchReference() throws {
        let days = try CalendarFixtures.shippedDays()
        let engine = WorkingCalendar(days: days)
        let reference = ReferenceCalendar(days: days, intervals: [(510, 720), (810, 1050)])
        let points = instants(count: 800, seed: 5, dayRange: localDayRange("2021-01-01", "2026-12-31"),
                              dataDays: days.map(\.date.dayNumber), boundaries: Self.boundaryMinutes)
        var rng = CalendarTestRandom(seed: 6)
        for t in points {
            let u = t + rng.int(-10 * 86_400...10 * 86_400)
            let got = engine.workingSeconds(from: Date(timeIntervalSince1970: Double(t)), to: Date(timeIntervalSince1970: Double(u)))
            XCTAssertEqual(got, reference.workingSeconds(from: t, to: u), "\(fmt(t)) → \(fmt(u))")
        }
    }

    /// Unusual hours (touching intervals, one ending at 24:00) and dates at both edges
    /// of the engine's day table, where it switches to closed-form Monday–Friday.
    func testOtherHoursAndTableEdgesMatchReference() throws {
        let days = try CalendarFixtures.shippedDays()
        let hours = try WorkingHours.parse("07:00-09:15,09:15-11:00,15:00-16:45,20:00-24:00")
        let engine = WorkingCalendar(days: days, workingHours: hours)
        let reference = ReferenceCalendar(days: days, intervals: hours.intervals.map { ($0.start, $0.end) })
        let boundaries = [0, 419, 420, 421, 554, 555, 556, 659, 660, 661, 899, 900, 1004, 1005, 1199, 1200, 1439]
        var points = instants(count: 900, seed: 7, dayRange: localDayRange("2021-01-01", "2026-12-31"),
                              dataDays: days.map(\.date.dayNumber), boundaries: boundaries)
        points += instants(count: 300, seed: 8, dayRange: localDayRange("1999-12-15", "2000-01-10"), dataDays: [], boundaries: boundaries)
        points += instants(count: 300, seed: 9, dayRange: localDayRange("2100-12-15", "2101-01-10"), dataDays: [], boundaries: boundaries)
        var rng = CalendarTestRandom(seed: 10)
        for (i, t) in points.enumerated() {
            let date = Date(timeIntervalSince1970: Double(t))
            if i % 2 == 0 {
                let n = rng.int(1...16)
                XCTAssertEqual(engine.due(from: date, workingHours: n).epochSeconds, reference.dueHours(from: t, hours: n), "\(fmt(t)) + \(n) h")
            } else {
                let n = rng.int(1...10)
                XCTAssertEqual(engine.due(from: date, workingDays: n).epochSeconds, reference.dueDays(from: t, days: n), "\(fmt(t)) + \(n) d")
            }
            if i % 5 == 0 {
                let u = t + rng.int(-4 * 86_400...4 * 86_400)
                XCTAssertEqual(engine.workingSeconds(from: date, to: Date(timeIntervalSince1970: Double(u))),
                               reference.workingSeconds(from: t, to: u), "\(fmt(t)) → \(fmt(u))")
            }
        }
    }

    func testIsWorkdayMatchesReferenceForEveryDay() throws {
        let days = try CalendarFixtures.shippedDays()
        let engine = WorkingCalendar(days: days)
        let reference = ReferenceCalendar(days: days, intervals: [(510, 720), (810, 1050)])
        for day in localDayRange("1999-12-20", "2027-01-10") {
            XCTAssertEqual(engine.isWorkday(LocalDate(dayNumber: day)), reference.day(containing: day * 86_400 - 8 * 3600 + 3600).working,
                           LocalDate(dayNumber: day).iso)
        }
    }

    func testBenchmarkRunsAndIsDeterministic() throws {
        let calendar = try CalendarFixtures.shippedCalendar()
        let a = CalendarBenchmark.run(cases: 5000, calendar: calendar)
        let b = CalendarBenchmark.run(cases: 5000, calendar: calendar)
        XCTAssertEqual(a.count, 5000)
        XCTAssertEqual(a.checksum, b.checksum)
        XCTAssertGreaterThan(a.seconds, 0)
        XCTAssertGreaterThan(a.perSecond, 0)
        XCTAssertTrue(a.description.contains("5000 次"))
    }
}
