import Foundation

/// A year the calendar has no holiday data for. Deadlines computed through such a year
/// treat it as Monday–Friday working, which is wrong around its holidays, so they say
/// so instead of being silently off (DESIGN.md "Working calendar").
public struct CalendarWarning: Sendable, Hashable, CustomStringConvertible {
    public let year: Int

    public init(year: Int) { self.year = year }

    public var message: String {
        "\(year) 年没有节假日安排数据，请导入国务院办公厅当年的节假日通知（hotline calendar import）"
    }

    public var description: String { message }
}

/// A computed deadline and the years without data it was computed through.
public struct Deadline: Sendable, Hashable, CustomStringConvertible {
    public let instant: Date
    public let warnings: [CalendarWarning]

    public init(instant: Date, warnings: [CalendarWarning] = []) {
        self.instant = instant
        self.warnings = warnings
    }

    /// `2024-10-08T17:30:00+08:00`.
    public var iso: String { ShanghaiTime.format(instant) }

    /// Whole seconds since 1970-01-01T00:00:00Z (what the store keeps).
    public var epochSeconds: Int { ShanghaiTime.epochSeconds(instant) }

    public var description: String { iso }
}

/// The hotline's working calendar: which dates are working days (Monday–Friday minus
/// statutory holidays plus the adjusted weekend working days of the State Council's
/// notices) and the working intervals of each working day. It computes every SLA
/// deadline: 签收 in working hours, 答复/退回 in working days, 延时, countdowns.
///
/// Speed: built once, it holds a day table for 2000-01-01 … 2100-12-31 (workday flag
/// and a prefix count of workdays, plus the list of workdays in order). A deadline is
/// then a few integer divisions and array reads on epoch seconds; Foundation's Calendar
/// is never used. Dates outside the table have no data and count as Monday–Friday,
/// computed in closed form.
public struct WorkingCalendar: Sendable {
    /// The entries the calendar was built from, one per date, sorted by date.
    public let days: [CalendarDay]
    public let workingHours: WorkingHours
    /// Years with at least one entry, ascending.
    public let coveredYears: [Int]

    // Day table. Day numbers are days since 1970-01-01.
    private let tableStart: Int            // 2000-01-01
    private let tableEnd: Int              // 2101-01-01 (exclusive)
    private let isWorkdayTable: [Bool]     // per day from tableStart
    private let prefix: [Int32]            // prefix[i] = workdays in [tableStart, tableStart + i)
    private let workdayOffsets: [Int32]    // offsets from tableStart of the workdays, in order
    private let indexAtStart: Int          // global workday index of the first table day
    private let indexAtEnd: Int            // global workday index at tableEnd
    private let coveredYear: [Bool]        // per supported year
    private let uncoveredBefore: [Int32]   // uncovered years among supported years before i
    private let entriesByDay: [Int: CalendarDay]

    // Working intervals in seconds of the local day.
    private let starts: [Int]
    private let ends: [Int]
    private let cumulativeBefore: [Int]    // working seconds of the intervals before i
    private let secondsPerDay: Int         // working seconds per working day
    private let lastEnd: Int               // end of the last interval

    /// Builds the calendar. When a date appears more than once, the later entry wins, so
    /// callers replacing a year can append the new entries. Entries outside
    /// `HolidayFile.supportedYears` are ignored (the parser rejects them anyway).
    public init(days: [CalendarDay] = [], workingHours: WorkingHours = .default) {
        self.workingHours = workingHours
        let start = LocalDate.days(year: HolidayFile.supportedYears.lowerBound, month: 1, day: 1)
        let end = LocalDate.days(year: HolidayFile.supportedYears.upperBound + 1, month: 1, day: 1)
        tableStart = start
        tableEnd = end

        var byDay: [Int: CalendarDay] = [:]
        for day in days where HolidayFile.supportedYears.contains(day.date.year) {
            byDay[day.date.dayNumber] = day
        }
        entriesByDay = byDay
        self.days = byDay.values.sorted { $0.date < $1.date }

        var covered = [Bool](repeating: false, count: HolidayFile.supportedYears.count)
        for day in byDay.values { covered[day.date.year - HolidayFile.supportedYears.lowerBound] = true }
        coveredYear = covered
        coveredYears = HolidayFile.supportedYears.filter { covered[$0 - HolidayFile.supportedYears.lowerBound] }
        var uncovered = [Int32](repeating: 0, count: covered.count + 1)
        for i in covered.indices { uncovered[i + 1] = uncovered[i] + (covered[i] ? 0 : 1) }
        uncoveredBefore = uncovered

        var flags = [Bool](repeating: false, count: end - start)
        var prefixCounts = [Int32](repeating: 0, count: end - start + 1)
        var offsets: [Int32] = []
        offsets.reserveCapacity((end - start) * 5 / 7 + 8)
        for i in 0..<(end - start) {
            let dayNumber = start + i
            let working: Bool
            if let entry = byDay[dayNumber] {
                working = entry.kind == .workday
            } else {
                working = LocalDate.isoWeekday(dayNumber: dayNumber) <= 5
            }
            flags[i] = working
            prefixCounts[i + 1] = prefixCounts[i] + (working ? 1 : 0)
            if working { offsets.append(Int32(i)) }
        }
        isWorkdayTable = flags
        prefix = prefixCounts
        workdayOffsets = offsets
        indexAtStart = Self.weekdaysBefore(start)
        indexAtEnd = Self.weekdaysBefore(start) + Int(prefixCounts[end - start])

        var s: [Int] = [], e: [Int] = [], c: [Int] = []
        var total = 0
        for interval in workingHours.intervals {
            s.append(interval.start * 60)
            e.append(interval.end * 60)
            c.append(total)
            total += interval.minutes * 60
        }
        starts = s
        ends = e
        cumulativeBefore = c
        secondsPerDay = total
        lastEnd = e.last ?? 0
    }

    /// The same data with other working hours.
    public func withWorkingHours(_ hours: WorkingHours) -> WorkingCalendar {
        WorkingCalendar(days: days, workingHours: hours)
    }

    /// Adds or replaces whole years (`hotline calendar import`): every existing entry of
    /// a year that `newDays` covers is dropped, then `newDays` are added.
    public func replacingYears(with newDays: [CalendarDay]) -> WorkingCalendar {
        let years = Set(newDays.map(\.date.year))
        return WorkingCalendar(days: days.filter { !years.contains($0.date.year) } + newDays, workingHours: workingHours)
    }

    // MARK: dates

    public func isWorkday(_ date: LocalDate) -> Bool { isWorkday(dayNumber: date.dayNumber) }

    /// The entry for a date, if the data lists it.
    public func entry(on date: LocalDate) -> CalendarDay? { entriesByDay[date.dayNumber] }

    /// The entries of one year, by date (for `hotline calendar show YEAR`).
    public func entries(inYear year: Int) -> [CalendarDay] { days.filter { $0.date.year == year } }

    public func covers(year: Int) -> Bool {
        guard HolidayFile.supportedYears.contains(year) else { return false }
        return coveredYear[year - HolidayFile.supportedYears.lowerBound]
    }

    /// The warning for a year without data, nil when the year has data.
    public func warning(forYear year: Int) -> CalendarWarning? {
        covers(year: year) ? nil : CalendarWarning(year: year)
    }

    /// Warnings for every year without data from `start` through `end` (inclusive).
    public func warnings(from start: LocalDate, through end: LocalDate) -> [CalendarWarning] {
        warnings(fromDay: start.dayNumber, throughDay: end.dayNumber)
    }

    /// Whether the instant is inside a working interval of a working day.
    public func isWorkingTime(_ date: Date) -> Bool {
        let local = ShanghaiTime.epochSeconds(date) + ShanghaiTime.offsetSeconds
        let day = CalendarMath.floorDiv(local, 86_400)
        guard isWorkday(dayNumber: day) else { return false }
        let sod = local - day * 86_400
        for i in starts.indices where sod >= starts[i] && sod < ends[i] { return true }
        return false
    }

    // MARK: deadlines

    /// "N working hours" from `start`: the instant at which N×60 working minutes have
    /// elapsed, counting from `start` if it is inside working hours, else from the next
    /// interval start. Ending exactly at an interval end gives that end (12:00, not 13:30).
    /// N ≤ 0 gives the instant counting starts from. N is capped at 1,000,000.
    public func due(from start: Date, workingHours n: Int) -> Deadline {
        let from = ShanghaiTime.epochSeconds(start)
        let result = dueSeconds(from: from, workingHours: n)
        return deadline(from: from, result: result)
    }

    /// "N working days" from `start`: the end of the last working interval (17:30 by
    /// default) of the Nth working day strictly after start's local date. The day of the
    /// start is never counted, whatever the time: 民法典 第二百零一条 — a period counted
    /// in days starts from the next day. N ≤ 0 returns `start` unchanged; N is capped at
    /// 1,000,000.
    public func due(from start: Date, workingDays n: Int) -> Deadline {
        let from = ShanghaiTime.epochSeconds(start)
        let day = CalendarMath.floorDiv(from + ShanghaiTime.offsetSeconds, 86_400)
        let result = dueSeconds(afterDay: day, workingDays: n, unchanged: from)
        return deadline(from: from, result: result)
    }

    /// 延时: the deadline after an extension of N working days, counted from the current
    /// deadline's local date by the same rule as `due(from:workingDays:)`. A deadline at
    /// 24:00 (hours ending at midnight) belongs to the day it ends, not the next one.
    public func extend(_ deadline: Date, byWorkingDays n: Int) -> Deadline {
        let from = ShanghaiTime.epochSeconds(deadline)
        let local = from + ShanghaiTime.offsetSeconds
        var day = CalendarMath.floorDiv(local, 86_400)
        if lastEnd == 86_400, local - day * 86_400 == 0 { day -= 1 }
        let result = dueSeconds(afterDay: day, workingDays: n, unchanged: from)
        return self.deadline(from: from, result: result)
    }

    /// The deadline of a batch/CLI request.
    public func due(from start: Date, amount: Int, unit: DueUnit) -> Deadline {
        switch unit {
        case .hours: return due(from: start, workingHours: amount)
        case .days: return due(from: start, workingDays: amount)
        }
    }

    /// Working seconds between two instants (negative when `end` is before `start`),
    /// for countdowns and the queue's "remaining" column.
    public func workingSeconds(from start: Date, to end: Date) -> Int {
        let a = ShanghaiTime.epochSeconds(start) + ShanghaiTime.offsetSeconds
        let b = ShanghaiTime.epochSeconds(end) + ShanghaiTime.offsetSeconds
        return elapsed(toLocal: b) - elapsed(toLocal: a)
    }

    // MARK: engine (integer epoch seconds)

    static let maximumAmount = 1_000_000

    /// Epoch seconds of the hours deadline.
    func dueSeconds(from: Int, workingHours n: Int) -> Int {
        let local = from + ShanghaiTime.offsetSeconds
        let hours = min(n, Self.maximumAmount)
        if hours <= 0 { return countingStart(local: local) - ShanghaiTime.offsetSeconds }
        return localInstant(atElapsed: elapsed(toLocal: local) + hours * 3600) - ShanghaiTime.offsetSeconds
    }

    /// Epoch seconds of the end of the Nth working day strictly after `day`.
    func dueSeconds(afterDay day: Int, workingDays n: Int, unchanged: Int) -> Int {
        guard n > 0 else { return unchanged }
        let count = min(n, Self.maximumAmount)
        let target = workdayIndex(before: day + 1) + count - 1
        return workday(atIndex: target) * 86_400 + lastEnd - ShanghaiTime.offsetSeconds
    }

    private func deadline(from: Int, result: Int) -> Deadline {
        let fromDay = CalendarMath.floorDiv(from + ShanghaiTime.offsetSeconds, 86_400)
        // An instant exactly at 24:00 belongs to the day that ends there.
        let resultDay = CalendarMath.floorDiv(result + ShanghaiTime.offsetSeconds - 1, 86_400)
        return Deadline(instant: ShanghaiTime.date(epochSeconds: result),
                        warnings: warnings(fromDay: fromDay, throughDay: max(fromDay, resultDay)))
    }

    func warnings(fromDay: Int, throughDay: Int) -> [CalendarWarning] {
        guard throughDay >= fromDay else { return [] }
        let first = LocalDate.year(ofDayNumber: fromDay)
        let last = LocalDate.year(ofDayNumber: throughDay)
        let lower = HolidayFile.supportedYears.lowerBound
        let upper = HolidayFile.supportedYears.upperBound
        // Fast path: the whole span lies in supported years that all have data.
        if first >= lower, last <= upper,
           uncoveredBefore[last - lower + 1] - uncoveredBefore[first - lower] == 0 {
            return []
        }
        var result: [CalendarWarning] = []
        for year in first...last where !covers(year: year) {
            result.append(CalendarWarning(year: year))
        }
        return result
    }

    @inline(__always)
    private func isWorkday(dayNumber day: Int) -> Bool {
        if day >= tableStart, day < tableEnd { return isWorkdayTable[day - tableStart] }
        return LocalDate.isoWeekday(dayNumber: day) <= 5
    }

    /// Global index of the first working day at or after `day` (= number of working
    /// days before `day`, counted from an arbitrary origin). Outside the table every
    /// Monday–Friday is a working day, so the count continues in closed form.
    @inline(__always)
    private func workdayIndex(before day: Int) -> Int {
        if day < tableStart { return Self.weekdaysBefore(day) }
        if day >= tableEnd { return indexAtEnd + Self.weekdaysBefore(day) - Self.weekdaysBefore(tableEnd) }
        return indexAtStart + Int(prefix[day - tableStart])
    }

    /// Day number of the working day with global index `k`.
    @inline(__always)
    private func workday(atIndex k: Int) -> Int {
        if k < indexAtStart { return Self.weekday(atIndex: k) }
        let local = k - indexAtStart
        if local < workdayOffsets.count { return tableStart + Int(workdayOffsets[local]) }
        return Self.weekday(atIndex: k - indexAtEnd + Self.weekdaysBefore(tableEnd))
    }

    /// Working seconds elapsed up to a local instant (seconds since 1970-01-01 00:00
    /// local), from the same arbitrary origin.
    @inline(__always)
    private func elapsed(toLocal local: Int) -> Int {
        let day = CalendarMath.floorDiv(local, 86_400)
        var total = workdayIndex(before: day) * secondsPerDay
        if isWorkday(dayNumber: day) {
            let sod = local - day * 86_400
            for i in starts.indices {
                if sod >= ends[i] {
                    total += ends[i] - starts[i]
                } else {
                    if sod > starts[i] { total += sod - starts[i] }
                    break
                }
            }
        }
        return total
    }

    /// The earliest local instant at which `elapsed` reaches `target`, so a deadline
    /// that uses up an interval exactly ends at that interval's end.
    @inline(__always)
    private func localInstant(atElapsed target: Int) -> Int {
        let q = CalendarMath.floorDiv(target, secondsPerDay)
        let r = target - q * secondsPerDay
        if r == 0 { return workday(atIndex: q - 1) * 86_400 + lastEnd }
        let base = workday(atIndex: q) * 86_400
        var i = 0
        while i + 1 < starts.count, r > cumulativeBefore[i] + (ends[i] - starts[i]) { i += 1 }
        return base + starts[i] + (r - cumulativeBefore[i])
    }

    /// The local instant from which working time is counted: itself inside working
    /// hours, else the start of the next working interval.
    private func countingStart(local: Int) -> Int {
        let day = CalendarMath.floorDiv(local, 86_400)
        if isWorkday(dayNumber: day) {
            let sod = local - day * 86_400
            for i in starts.indices {
                if sod < starts[i] { return day * 86_400 + starts[i] }
                if sod < ends[i] { return local }
            }
        }
        return workday(atIndex: workdayIndex(before: day + 1)) * 86_400 + starts[0]
    }

    // Monday–Friday counting in closed form, from Monday 1969-12-29 (day -3).

    @inline(__always)
    private static func weekdaysBefore(_ day: Int) -> Int {
        let d = day + 3
        let weeks = CalendarMath.floorDiv(d, 7)
        return weeks * 5 + min(d - weeks * 7, 5)
    }

    @inline(__always)
    private static func weekday(atIndex k: Int) -> Int {
        let weeks = CalendarMath.floorDiv(k, 5)
        return weeks * 7 + (k - weeks * 5) - 3
    }
}

/// The unit of a deadline request: working hours or working days.
public enum DueUnit: String, Sendable, Hashable, CaseIterable {
    case hours
    case days
}
