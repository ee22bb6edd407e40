import Foundation

/// Asia/Shanghai time: fixed UTC+8 with no daylight saving since 1992, so a constant
/// offset is exact for every date the hotline handles and needs no tz database.
/// Instants are stored as UTC `Date`s; people see local time printed with `+08:00`.
///
/// The engine keeps time to the second: fractional seconds are accepted in input and
/// dropped (floored) when computing, so printed results never show fractions.
public enum ShanghaiTime {
    public static let offsetSeconds = 8 * 3600

    /// Earliest and latest instants we convert, 0001-01-01T00:00:00+08:00 …
    /// 9999-12-31T23:59:59+08:00 (local dates stay four-digit); any `Date` is clamped
    /// into this range, so NaN, infinity or `distantFuture` cannot trap an Int conversion.
    static let minEpochSeconds = -62_135_596_800 - 8 * 3600
    static let maxEpochSeconds = 253_402_300_799 - 8 * 3600

    // MARK: parsing

    /// Parses an ISO 8601 instant:
    /// `2024-09-30T16:00:00+08:00`, `2024-09-30T08:00:00Z`, `2024-09-30T16:00`,
    /// `2024-09-30 16:00:00`, `2024-09-30T16:00:00.250+0800`, `2024-09-30` (midnight).
    /// Without an offset the time is Asia/Shanghai local time. Total over any String:
    /// bad text gives `CalendarError.invalidInstant`, never a crash.
    public static func parse(_ text: String) throws(CalendarError) -> Date {
        let (seconds, fraction) = try parseEpoch(text)
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// The parse as whole epoch seconds (fraction floored) plus the fraction in [0, 1).
    static func parseEpoch(_ text: String) throws(CalendarError) -> (seconds: Int, fraction: Double) {
        func fail(_ reason: String) -> CalendarError { .invalidInstant(text: text, reason: reason) }
        let shape = "应为 ISO 8601，如 2024-09-30T16:00:00+08:00、2024-09-30T08:00:00Z 或 2024-09-30 16:00"

        // Work on bytes: every accepted character is ASCII, so anything else is an error.
        var bytes = Array(text.utf8.prefix(80))
        guard text.utf8.count <= 64 else { throw fail("过长") }
        while let last = bytes.last, last == 32 || last == 9 { bytes.removeLast() }
        var start = 0
        while start < bytes.count, bytes[start] == 32 || bytes[start] == 9 { start += 1 }
        bytes = Array(bytes[start...])
        guard !bytes.isEmpty else { throw fail("为空") }

        guard bytes.count >= 10, bytes[4] == 45, bytes[7] == 45,
              let y = CalendarDigits.value(bytes, 0, 4),
              let mo = CalendarDigits.value(bytes, 5, 2),
              let d = CalendarDigits.value(bytes, 8, 2)
        else { throw fail(shape) }
        guard let date = LocalDate(year: y, month: mo, day: d) else {
            throw fail("日期不存在")
        }
        var local = date.dayNumber * 86_400
        var fraction = 0.0
        var offset = offsetSeconds
        var i = 10

        if i < bytes.count {
            // Time part: `T`, `t` or one space, then HH:MM[:SS[.fff]].
            guard bytes[i] == 84 || bytes[i] == 116 || bytes[i] == 32 else { throw fail(shape) }
            i += 1
            guard let h = CalendarDigits.value(bytes, i, 2), i + 2 < bytes.count, bytes[i + 2] == 58,
                  let mi = CalendarDigits.value(bytes, i + 3, 2)
            else { throw fail(shape) }
            guard h <= 23 else { throw fail("小时 \(h) 超出 00–23") }
            guard mi <= 59 else { throw fail("分钟 \(mi) 超出 00–59") }
            i += 5
            var s = 0
            if i < bytes.count, bytes[i] == 58 {
                guard let sec = CalendarDigits.value(bytes, i + 1, 2) else { throw fail(shape) }
                guard sec <= 59 else { throw fail("秒 \(sec) 超出 00–59") }
                s = sec
                i += 3
                if i < bytes.count, bytes[i] == 46 || bytes[i] == 44 {
                    i += 1
                    let digitsStart = i
                    var scale = 0.1
                    while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                        fraction += Double(bytes[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > digitsStart else { throw fail("小数秒缺少数字") }
                    guard i - digitsStart <= 9 else { throw fail("小数秒位数过多") }
                }
            }
            local += h * 3600 + mi * 60 + s

            if i < bytes.count {
                // Offset: Z, or ±HH, ±HHMM, ±HH:MM.
                let c = bytes[i]
                if c == 90 || c == 122 {
                    offset = 0
                    i += 1
                } else if c == 43 || c == 45 {
                    let sign = c == 43 ? 1 : -1
                    i += 1
                    guard let oh = CalendarDigits.value(bytes, i, 2) else { throw fail("时区偏移无效") }
                    i += 2
                    var om = 0
                    if i < bytes.count {
                        if bytes[i] == 58 { i += 1 }
                        guard let m = CalendarDigits.value(bytes, i, 2) else { throw fail("时区偏移无效") }
                        om = m
                        i += 2
                    }
                    guard oh <= 23, om <= 59 else { throw fail("时区偏移超出范围") }
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    throw fail(shape)
                }
                guard i == bytes.count else { throw fail("末尾有多余内容") }
            }
        }
        let seconds = local - offset
        guard seconds >= minEpochSeconds, seconds <= maxEpochSeconds else {
            throw fail("超出支持范围（0001-01-01 至 9999-12-31，北京时间）")
        }
        return (seconds, fraction)
    }

    // MARK: formatting and conversion

    /// `2024-09-30T16:00:00+08:00` (whole seconds, fraction dropped).
    public static func format(_ date: Date) -> String { format(epochSeconds: epochSeconds(date)) }

    static func format(epochSeconds: Int) -> String {
        let local = epochSeconds + offsetSeconds
        let day = CalendarMath.floorDiv(local, 86_400)
        let sod = local - day * 86_400
        return LocalDate(dayNumber: day).iso + "T" + CalendarDigits.pad(sod / 3600, 2) + ":"
            + CalendarDigits.pad(sod / 60 % 60, 2) + ":" + CalendarDigits.pad(sod % 60, 2) + "+08:00"
    }

    /// The local (Asia/Shanghai) date of an instant.
    public static func localDate(of date: Date) -> LocalDate {
        LocalDate(dayNumber: CalendarMath.floorDiv(epochSeconds(date) + offsetSeconds, 86_400))
    }

    /// The instant of a local date and wall-clock time in Asia/Shanghai.
    /// `hour` may be 24 (with minute 0) for the end of the day.
    public static func instant(_ date: LocalDate, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Date {
        let local = date.dayNumber * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: Double(local - offsetSeconds))
    }

    /// Whole epoch seconds of a Date (floored), clamped to years 0001–9999.
    @inline(__always)
    static func epochSeconds(_ date: Date) -> Int {
        let t = date.timeIntervalSince1970
        guard t.isFinite else { return t.isNaN ? 0 : (t > 0 ? maxEpochSeconds : minEpochSeconds) }
        if t <= Double(minEpochSeconds) { return minEpochSeconds }
        if t >= Double(maxEpochSeconds) { return maxEpochSeconds }
        return Int(t.rounded(.down))
    }

    static func date(epochSeconds: Int) -> Date { Date(timeIntervalSince1970: Double(epochSeconds)) }
}
