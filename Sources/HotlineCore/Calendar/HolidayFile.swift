import Foundation

/// What a dated entry of the State Council's yearly notice says about that date.
public enum CalendarDayKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 放假: a day off, whatever its weekday (holiday ranges include weekends).
    case holiday
    /// 调休上班: a Saturday or Sunday worked in exchange for a day off.
    case workday

    public var chineseName: String { self == .holiday ? "放假" : "调休上班" }
    public var description: String { rawValue }
}

/// One dated entry: `2024-10-01 holiday 国庆节`, `2024-10-12 workday 国庆节调休上班`.
public struct CalendarDay: Sendable, Hashable, CustomStringConvertible {
    public let date: LocalDate
    public let kind: CalendarDayKind
    public let name: String

    public init(date: LocalDate, kind: CalendarDayKind, name: String) {
        self.date = date
        self.kind = kind
        self.name = name
    }

    /// The line of the data file for this entry.
    public var description: String { "\(date.iso)  \(kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(name)" }
}

/// The holiday data file (knowledge-seed/holidays.txt, and the files admins import each
/// November with `hotline calendar import`): one line per date,
/// `YYYY-MM-DD <whitespace> holiday|workday <whitespace> name`; `#` comment lines and
/// blank lines are ignored. The data itself comes from the State Council notices
/// (国务院办公厅关于XXXX年部分节假日安排的通知).
public enum HolidayFile {
    /// Years the working calendar can hold data for (its precomputed day table).
    public static let supportedYears = 2000...2100

    /// Longest accepted name, in characters.
    public static let maximumNameLength = 40

    /// Parses a data file. Every bad line is collected and reported together as
    /// `source:line: reason`; if there is any, nothing is returned (an import either
    /// takes the whole file or nothing). The result is sorted by date.
    public static func parse(_ text: String, source: String) throws(CalendarError) -> [CalendarDay] {
        var issues: [CalendarLineIssue] = []
        var days: [CalendarDay] = []
        var seen: [LocalDate: (line: Int, kind: CalendarDayKind)] = [:]

        for (index, line) in CalendarText.lines(text).enumerated() {
            let number = index + 1
            if CalendarText.isBlankOrComment(line) { continue }
            func bad(_ reason: String) { issues.append(CalendarLineIssue(line: number, reason: reason)) }

            let fields = CalendarText.fields(line)
            let dateText = fields[0]
            guard let date = LocalDate(iso: dateText) else {
                bad("日期无效 \(CalendarText.quoted(dateText))（应为 YYYY-MM-DD 且确有此日）")
                continue
            }
            guard supportedYears.contains(date.year) else {
                bad("年份 \(date.year) 超出支持范围 \(supportedYears.lowerBound)–\(supportedYears.upperBound)")
                continue
            }
            guard fields.count >= 2 else {
                bad("缺少类型（holiday 或 workday）和名称")
                continue
            }
            guard let kind = CalendarDayKind(rawValue: String(fields[1])) else {
                bad("类型无效 \(CalendarText.quoted(fields[1]))（应为 holiday 或 workday）")
                continue
            }
            guard fields.count >= 3 else {
                bad("缺少名称（如 国庆节、春节调休上班）")
                continue
            }
            // The name is the rest of the line after the kind, inner spacing kept.
            let name = String(line[fields[2].startIndex..<fields[fields.count - 1].endIndex])
            if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                bad("名称含有控制字符或格式字符")
                continue
            }
            if name.count > maximumNameLength {
                bad("名称过长（最多 \(maximumNameLength) 个字）")
                continue
            }
            // The notices only ever move work onto a Saturday or Sunday (调休上班); a
            // "workday" on Monday–Friday is a typo for a date or for "holiday".
            if kind == .workday, !date.isWeekend {
                bad("\(date.iso) 是\(date.weekday.chineseName)，workday（调休上班）只能是星期六或星期日")
                continue
            }
            if let earlier = seen[date] {
                if earlier.kind != kind {
                    bad("\(date.iso) 同时被列为 holiday 和 workday（另见第 \(earlier.line) 行）")
                } else {
                    bad("\(date.iso) 重复（另见第 \(earlier.line) 行）")
                }
                continue
            }
            seen[date] = (number, kind)
            days.append(CalendarDay(date: date, kind: kind, name: name))
        }
        if issues.isEmpty, days.isEmpty {
            issues.append(CalendarLineIssue(line: 0, reason: "文件中没有任何日期"))
        }
        guard issues.isEmpty else { throw .invalidLines(source: source, issues: issues) }
        return days.sorted { $0.date < $1.date }
    }

    /// The years a list of entries covers: the years of its dates, ascending.
    public static func years(of days: [CalendarDay]) -> [Int] {
        Array(Set(days.map(\.date.year))).sorted()
    }

    /// Writes entries back in the file format (for `hotline calendar show`/export),
    /// one line per date in date order, preceded by `header` as `#` comment lines.
    public static func format(_ days: [CalendarDay], header: String? = nil) -> String {
        var out = ""
        if let header {
            for line in header.split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "#\n" : "# \(line)\n"
            }
        }
        for day in days.sorted(by: { $0.date < $1.date }) {
            out += day.description + "\n"
        }
        return out
    }
}
