import Foundation
import XCTest
@testable import HotlineCore

/// Shared fixtures for the calendar tests: the shipped data file and an independent,
/// deliberately naive reference implementation.
enum CalendarFixtures {
    /// knowledge-seed/holidays.txt of this checkout, found from this file's path
    /// (Tests/HotlineCoreTests/Calendar/ → repository root).
    static var seedDirectory: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("knowledge-seed")
    }

    static func seedText(_ name: String) throws -> String {
        try String(contentsOf: seedDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    static func shippedDays() throws -> [CalendarDay] {
        try HolidayFile.parse(seedText("holidays.txt"), source: "holidays.txt")
    }

    static func shippedCalendar(hours: WorkingHours = .default) throws -> WorkingCalendar {
        WorkingCalendar(days: try shippedDays(), workingHours: hours)
    }

    /// An instant from local Asia/Shanghai wall-clock text, through Foundation's own
    /// ISO 8601 parser (independent of ShanghaiTime).
    static func instant(_ local: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let text = local.count == 16 ? local + ":00+08:00" : local + "+08:00"
        guard let date = formatter.date(from: text) else { fatalError("bad fixture \(local)") }
        return date
    }
}

/// Deterministic generator for the randomised tests (same cases every run).
struct CalendarTestRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// The rules of DESIGN.md "Working calendar", implemented the obvious slow way and
/// sharing nothing with the engine: dates come from Foundation's Calendar with the real
/// Asia/Shanghai zone from the tz database, workdays from two sets of date strings, and
/// working hours are counted by stepping minute by minute.
final class ReferenceCalendar {
    private let holidays: Set<String>
    private let workdays: Set<String>
    private let intervals: [(start: Int, end: Int)]   // minutes of the day
    private let calendar: Calendar
    private var dayCache: [Int: (start: Int, working: Bool)] = [:]

    init(days: [CalendarDay], intervals: [(Int, Int)]) {
        holidays = Set(days.filter { $0.kind == .holiday }.map(\.date.iso))
        workdays = Set(days.filter { $0.kind == .workday }.map(\.date.iso))
        self.intervals = intervals.map { (start: $0.0, end: $0.1) }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        calendar = cal
    }

    /// Epoch second at which the local day containing `t` starts, and whether that day
    /// is a working day.
    func day(containing t: Int) -> (start: Int, working: Bool) {
        let date = Date(timeIntervalSince1970: Double(t))
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let start = t - (c.hour! * 3600 + c.minute! * 60 + c.second!)
        if let cached = dayCache[start] { return cached }
        let key = String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        let weekend = c.weekday! == 1 || c.weekday! == 7   // Foundation: 1 = Sunday
        let working = workdays.contains(key) || (!holidays.contains(key) && !weekend)
        dayCache[start] = (start, working)
        return (start, working)
    }

    /// The last day looked up: minute stepping stays inside it for up to 1440 steps, so
    /// Foundation is asked once per day rather than once per minute.
    private var lastDay: (start: Int, end: Int, working: Bool)?

    func isWorkingSecond(_ t: Int) -> Bool {
        let d: (start: Int, end: Int, working: Bool)
        if let last = lastDay, t >= last.start, t < last.end {
            d = last
        } else {
            let found = day(containing: t)
            let next = calendar.date(byAdding: .day, value: 1, to: Date(timeIntervalSince1970: Double(found.start)))!
            d = (found.start, Int(next.timeIntervalSince1970), found.working)
            lastDay = d
        }
        guard d.working else { return false }
        let minute = (t - d.start) / 60
        return intervals.contains { minute >= $0.start && minute < $0.end }
    }

    /// N working hours: walk forward a minute (or the rest of a minute) at a time,
    /// spending the budget only on working minutes; stop the moment it is used up.
    func dueHours(from t: Int, hours: Int) -> Int {
        var remaining = hours * 3600
        var current = t
        while true {
            let step = 60 - (((current % 60) + 60) % 60)
            if isWorkingSecond(current) {
                if remaining <= step { return current + remaining }
                remaining -= step
            }
            current += step
        }
    }

    /// N working days: go to the next day, and the next, counting working days; the
    /// answer is the end of the last interval of the Nth one.
    func dueDays(from t: Int, days: Int) -> Int {
        var dayStart = day(containing: t).start
        var counted = 0
        while true {
            let next = calendar.date(byAdding: .day, value: 1, to: Date(timeIntervalSince1970: Double(dayStart)))!
            dayStart = Int(next.timeIntervalSince1970)
            if day(containing: dayStart).working {
                counted += 1
                if counted == days { return dayStart + intervals.last!.end * 60 }
            }
        }
    }

    /// Working seconds between two instants, second-exact by minute steps.
    func workingSeconds(from a: Int, to b: Int) -> Int {
        if b < a { return -workingSeconds(from: b, to: a) }
        var total = 0
        var current = a
        while current < b {
            let step = min(60 - (((current % 60) + 60) % 60), b - current)
            if isWorkingSecond(current) { total += step }
            current += step
        }
        return total
    }
}

extension XCTestCase {
    /// Asserts that `body` throws a CalendarError and returns it.
    func assertCalendarError<T>(_ body: () throws(CalendarError) -> T, file: StaticString = #filePath, line: UInt = #line) -> CalendarError? {
        do {
            let value = try body()
            XCTFail("expected a CalendarError, got \(value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }
}
