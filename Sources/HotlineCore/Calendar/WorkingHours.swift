import Foundation

/// One working interval of a day, in minutes since local midnight (Asia/Shanghai):
/// `start` inclusive, `end` exclusive (0 … 1440, 1440 meaning 24:00).
public struct WorkingInterval: Sendable, Hashable, CustomStringConvertible {
    public let start: Int
    public let end: Int

    /// Not validated on its own: `WorkingHours(validating:)` checks a whole list.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// Convenience: `WorkingInterval(8, 30, 12, 0)` is 08:30–12:00.
    public init(_ startHour: Int, _ startMinute: Int, _ endHour: Int, _ endMinute: Int) {
        self.init(start: startHour * 60 + startMinute, end: endHour * 60 + endMinute)
    }

    public var minutes: Int { end - start }

    /// `08:30-12:00`.
    public var description: String { Self.clock(start) + "-" + Self.clock(end) }

    static func clock(_ minutes: Int) -> String {
        guard (0...1440).contains(minutes) else { return "\(minutes)分" }
        return CalendarDigits.pad(minutes / 60, 2) + ":" + CalendarDigits.pad(minutes % 60, 2)
    }
}

/// The working intervals of every working day (the same on each), ordered and
/// non-overlapping. Default 08:30–12:00 and 13:30–17:30 (DESIGN.md "Working calendar");
/// admins set others with `hotline calendar hours`.
public struct WorkingHours: Sendable, Hashable, CustomStringConvertible {
    public let intervals: [WorkingInterval]

    /// 08:30–12:00, 13:30–17:30.
    public static let `default` = WorkingHours(unchecked: [WorkingInterval(8, 30, 12, 0), WorkingInterval(13, 30, 17, 30)])

    public init() { self = .default }

    private init(unchecked intervals: [WorkingInterval]) { self.intervals = intervals }

    /// Checks that the list is non-empty, each interval lies inside 00:00–24:00 with
    /// start < end, and the intervals are in time order without overlapping (touching,
    /// like 08:00–12:00,12:00–17:00, is allowed).
    public init(validating intervals: [WorkingInterval]) throws(CalendarError) {
        guard !intervals.isEmpty else { throw .invalidWorkingHours(reason: "没有任何工作时段") }
        for (index, interval) in intervals.enumerated() {
            guard (0...1440).contains(interval.start), (0...1440).contains(interval.end) else {
                throw .invalidWorkingHours(reason: "第 \(index + 1) 段 \(interval) 超出 00:00–24:00")
            }
            guard interval.start < interval.end else {
                throw .invalidWorkingHours(reason: "第 \(index + 1) 段 \(interval) 的开始时间不早于结束时间")
            }
            if index > 0 {
                let previous = intervals[index - 1]
                guard interval.start >= previous.start else {
                    throw .invalidWorkingHours(reason: "第 \(index + 1) 段 \(interval) 排在 \(previous) 之后，时段须按时间先后排列")
                }
                guard interval.start >= previous.end else {
                    throw .invalidWorkingHours(reason: "第 \(index + 1) 段 \(interval) 与 \(previous) 重叠")
                }
            }
        }
        self.intervals = intervals
    }

    /// Parses the text form `08:30-12:00,13:30-17:30` (spaces allowed; `，` and `、`
    /// accepted as separators, `–` `~` `～` as range dashes; `24:00` allowed as an end).
    public static func parse(_ text: String) throws(CalendarError) -> WorkingHours {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidWorkingHours(reason: "没有任何工作时段") }
        guard trimmed.count <= 200 else { throw .invalidWorkingHours(reason: "内容过长") }
        var intervals: [WorkingInterval] = []
        for (index, part) in trimmed.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" || $0 == ";" }).enumerated() {
            let piece = part.trimmingCharacters(in: .whitespaces)
            let ends = piece.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "–" || $0 == "~" || $0 == "～" })
            guard ends.count == 2,
                  let start = clockMinutes(ends[0].trimmingCharacters(in: .whitespaces)),
                  let end = clockMinutes(ends[1].trimmingCharacters(in: .whitespaces))
            else {
                throw .invalidWorkingHours(reason: "第 \(index + 1) 段 \(CalendarText.quoted(piece)) 格式无效（应为 HH:MM-HH:MM，如 08:30-12:00）")
            }
            intervals.append(WorkingInterval(start: start, end: end))
        }
        return try WorkingHours(validating: intervals)
    }

    /// `H:MM` or `HH:MM`, 00:00 … 24:00, as minutes; nil otherwise.
    private static func clockMinutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].utf8.count), parts[1].utf8.count == 2,
              let h = CalendarDigits.value(Array(parts[0].utf8), 0, parts[0].utf8.count),
              let m = CalendarDigits.value(Array(parts[1].utf8), 0, 2),
              m <= 59, h * 60 + m <= 1440
        else { return nil }
        return h * 60 + m
    }

    /// `08:30-12:00,13:30-17:30`, the form `parse` reads and the database stores.
    public var text: String { intervals.map(\.description).joined(separator: ",") }

    public var description: String { text }

    /// Working minutes in one working day (450 by default).
    public var minutesPerDay: Int { intervals.reduce(0) { $0 + $1.minutes } }
}
