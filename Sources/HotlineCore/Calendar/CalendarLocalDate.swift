import Foundation

/// A calendar date in Asia/Shanghai (proleptic Gregorian), without time or zone.
///
/// Day arithmetic uses a day number (days since 1970-01-01) computed with integer
/// formulas (H. Hinnant's days_from_civil / civil_from_days) instead of Foundation's
/// Calendar: the working-calendar engine converts dates in its inner loop, and
/// Calendar/DateComponents are far too slow there.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// ISO weekday, Monday = 1 … Sunday = 7.
    public enum Weekday: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

        public var isWeekend: Bool { self == .saturday || self == .sunday }

        /// 星期一 … 星期日, as shown to agents.
        public var chineseName: String {
            ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][rawValue - 1]
        }

        public var description: String { chineseName }
    }

    /// Years we accept from text and from callers: four-digit years, so every date has
    /// an ISO form and day numbers stay far from overflow.
    public static let supportedYears = 1...9999

    /// A valid date, or nil (2024-02-30, month 13, year 0 …).
    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
              day >= 1, day <= Self.daysInMonth(year: year, month: month)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Strict `YYYY-MM-DD` (ASCII digits, exactly that shape), or nil.
    public init?(iso text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45,
              let y = CalendarDigits.value(bytes, 0, 4),
              let m = CalendarDigits.value(bytes, 5, 2),
              let d = CalendarDigits.value(bytes, 8, 2)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date of a day number (days since 1970-01-01; negative before). Total: any
    /// Int within ±(year 1_000_000) gives a date; the year may fall outside
    /// `supportedYears` when callers go that far.
    public init(dayNumber z: Int) {
        let (y, m, d) = Self.civil(fromDays: z)
        year = y
        month = m
        day = d
    }

    /// Days since 1970-01-01 (1970-01-01 is 0, a Thursday).
    public var dayNumber: Int { Self.days(year: year, month: month, day: day) }

    public var weekday: Weekday { Weekday(rawValue: Self.isoWeekday(dayNumber: dayNumber))! }

    public var isWeekend: Bool { weekday.isWeekend }

    /// `2024-10-01`.
    public var iso: String {
        CalendarDigits.pad(year, 4) + "-" + CalendarDigits.pad(month, 2) + "-" + CalendarDigits.pad(day, 2)
    }

    public var description: String { iso }

    public func adding(days n: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + n) }

    /// Days from self to other (positive when other is later).
    public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // MARK: integer civil-date arithmetic

    /// Days since 1970-01-01 of a proleptic Gregorian date (days_from_civil).
    @inline(__always)
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of a day number (civil_from_days).
    @inline(__always)
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Year of a day number, for the warnings check.
    @inline(__always)
    static func year(ofDayNumber days: Int) -> Int { civil(fromDays: days).0 }

    /// ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday.
    @inline(__always)
    static func isoWeekday(dayNumber: Int) -> Int { CalendarMath.floorMod(dayNumber + 3, 7) + 1 }
}

/// Integer helpers with floor semantics (instants before 1970 are negative).
enum CalendarMath {
    @inline(__always)
    static func floorDiv(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
    }

    @inline(__always)
    static func floorMod(_ a: Int, _ b: Int) -> Int { a - floorDiv(a, b) * b }
}

/// Fixed-width ASCII digit reading and writing for the date/time parsers.
enum CalendarDigits {
    /// The value of `count` ASCII digits at `offset`, or nil if any is not a digit.
    static func value(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int? {
        guard offset >= 0, count > 0, offset + count <= bytes.count else { return nil }
        var v = 0
        for i in offset..<(offset + count) {
            let b = bytes[i]
            guard b >= 48, b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return v
    }

    /// Zero-padded decimal; negative numbers keep their sign (never reached for
    /// supported years, but must not crash).
    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n.magnitude)
        let padded = s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        return n < 0 ? "-" + padded : padded
    }
}
