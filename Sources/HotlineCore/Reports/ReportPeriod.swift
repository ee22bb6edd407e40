import Foundation
import GRDB

/// The local (Asia/Shanghai) dates a report covers, both ends inclusive. A period of a
/// named kind (day, ISO week, month, year) knows its predecessors, which hotspot
/// baselines and persistence look back through.
public struct ReportPeriod: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case range, day, week, month, year }

    public var kind: Kind
    public var first: LocalDate
    public var last: LocalDate

    public init(kind: Kind = .range, first: LocalDate, last: LocalDate) {
        self.kind = kind
        self.first = first
        self.last = last
    }

    /// First instant of the period (00:00 Beijing time of its first day).
    public var start: Date { ShanghaiTime.instant(first) }
    /// First instant after the period (00:00 of the day after its last day).
    public var end: Date { ShanghaiTime.instant(last.adding(days: 1)) }
    /// `start` and `end` as bound against the order domain's stored instants (`StoredInstant`).
    var storedBounds: StatementArguments { [StoredInstant.value(start), StoredInstant.value(end)] }
    public var dayCount: Int { first.days(to: last) + 1 }
    public var days: [LocalDate] { (0..<dayCount).map { first.adding(days: $0) } }

    public func contains(_ instant: Date) -> Bool { instant >= start && instant < end }

    /// `2026-W48`, `2026-11`, `2026`, `2026-11-23`, or `2026-11-01 至 2026-11-30`.
    public var label: String {
        switch kind {
        case .day: return first.iso
        case .week:
            let (year, week) = Self.isoWeek(of: first)
            return String(format: "%04d-W%02d", year, week)
        case .month: return String(format: "%04d-%02d", first.year, first.month)
        case .year: return String(format: "%04d", first.year)
        case .range: return first == last ? first.iso : "\(first.iso) 至 \(last.iso)"
        }
    }

    public var description: String { label }

    /// The period of the same kind just before this one (a range: the same number of days).
    public var previous: ReportPeriod {
        switch kind {
        case .day, .week, .range:
            return ReportPeriod(kind: kind, first: first.adding(days: -dayCount), last: first.adding(days: -1))
        case .month:
            let (y, m) = first.month == 1 ? (first.year - 1, 12) : (first.year, first.month - 1)
            return Self.month(year: y, month: m)!
        case .year:
            return Self.year(first.year - 1)!
        }
    }

    /// The `count` periods before this one, oldest first.
    public func preceding(_ count: Int) -> [ReportPeriod] {
        var result: [ReportPeriod] = []
        var cursor = self
        for _ in 0..<count {
            cursor = cursor.previous
            result.insert(cursor, at: 0)
        }
        return result
    }

    // MARK: construction from what people type

    public static func day(_ date: LocalDate) -> ReportPeriod { ReportPeriod(kind: .day, first: date, last: date) }

    public static func month(year: Int, month: Int) -> ReportPeriod? {
        guard let first = LocalDate(year: year, month: month, day: 1) else { return nil }
        return ReportPeriod(kind: .month, first: first,
                            last: LocalDate(year: year, month: month, day: LocalDate.daysInMonth(year: year, month: month))!)
    }

    public static func year(_ year: Int) -> ReportPeriod? {
        guard let first = LocalDate(year: year, month: 1, day: 1), let last = LocalDate(year: year, month: 12, day: 31) else { return nil }
        return ReportPeriod(kind: .year, first: first, last: last)
    }

    /// ISO 8601 week `week` of ISO year `year`: Monday to Sunday, week 1 holding 4 January.
    public static func week(year: Int, week: Int) -> ReportPeriod? {
        guard (1...53).contains(week), let january4 = LocalDate(year: year, month: 1, day: 4) else { return nil }
        let monday = january4.adding(days: 1 - january4.weekday.rawValue).adding(days: (week - 1) * 7)
        guard isoWeek(of: monday) == (year, week) else { return nil }
        return ReportPeriod(kind: .week, first: monday, last: monday.adding(days: 6))
    }

    /// The ISO week-numbering year and week of a date.
    public static func isoWeek(of date: LocalDate) -> (year: Int, week: Int) {
        let thursday = date.adding(days: 4 - date.weekday.rawValue)
        let january1 = LocalDate(year: thursday.year, month: 1, day: 1)!
        return (thursday.year, january1.days(to: thursday) / 7 + 1)
    }

    /// `--from DATE --to DATE` (inclusive local dates).
    public static func parse(from: String, to: String) throws(ReportError) -> ReportPeriod {
        guard let first = LocalDate(iso: from.trimmingCharacters(in: .whitespaces)) else {
            throw .badPeriod(option: "--from", text: from, expected: "YYYY-MM-DD")
        }
        guard let last = LocalDate(iso: to.trimmingCharacters(in: .whitespaces)) else {
            throw .badPeriod(option: "--to", text: to, expected: "YYYY-MM-DD")
        }
        guard first <= last else { throw .emptyPeriod(from: first.iso, to: last.iso) }
        guard first.days(to: last) < 3_660 else { throw .badPeriod(option: "--to", text: to, expected: "距 --from 不超过十年") }
        return ReportPeriod(kind: first == last ? .day : .range, first: first, last: last)
    }

    /// `--week YYYY-Www`.
    public static func parse(week text: String) throws(ReportError) -> ReportPeriod {
        let parts = text.trimmingCharacters(in: .whitespaces).uppercased().split(separator: "-W", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let week = Int(parts[1]),
              let period = Self.week(year: year, week: week) else {
            throw .badPeriod(option: "--week", text: text, expected: "ISO 周 YYYY-Www，如 2026-W48")
        }
        return period
    }

    /// `--month YYYY-MM`.
    public static func parse(month text: String) throws(ReportError) -> ReportPeriod {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              let period = Self.month(year: year, month: month) else {
            throw .badPeriod(option: "--month", text: text, expected: "YYYY-MM，如 2026-11")
        }
        return period
    }

    /// `--year YYYY`.
    public static func parse(year text: String) throws(ReportError) -> ReportPeriod {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count == 4, let year = Int(trimmed), let period = Self.year(year) else {
            throw .badPeriod(option: "--year", text: text, expected: "四位年份，如 2026")
        }
        return period
    }

    /// `--day YYYY-MM-DD`.
    public static func parse(day text: String) throws(ReportError) -> ReportPeriod {
        guard let date = LocalDate(iso: text.trimmingCharacters(in: .whitespaces)) else {
            throw .badPeriod(option: "--day", text: text, expected: "YYYY-MM-DD")
        }
        return .day(date)
    }
}
