import Foundation
import GRDB

/// How the order domain stores an instant (migration v14): seconds since the Unix epoch
/// to the millisecond, a number, where GRDB would write 23 characters of text. A year at
/// a million orders holds some thirty million instants across the orders, their events,
/// callbacks and report facts (issue 4: the year in under 2 GB).
///
/// GRDB reads a number back as a `Date` by itself. Writing is where care is needed: a
/// `Date` bound as an SQL argument becomes text, and SQLite orders every number before
/// every text, so a comparison with a stored instant must bind `value(_:)`.
public enum StoredInstant {
    /// The stored number of `date`, rounded to the millisecond (as the text was).
    public static func value(_ date: Date) -> Double {
        (date.timeIntervalSince1970 * 1000).rounded() / 1000
    }

    /// The stored number of whole epoch seconds (the benchmarks generate those).
    static func value(epochSeconds: Int) -> Double { Double(epochSeconds) }

    /// For Codable records whose dates are instants of the order domain.
    public static let encoding = DatabaseDateEncodingStrategy.custom { value($0) }

    /// SQL that turns an SQLite date text (GRDB's stored text, or an ISO instant with its
    /// offset as event payloads carry) into the stored number; numbers pass unchanged, and
    /// so does a text that is no date at all, rather than become NULL and be lost.
    static func sql(fromText expression: String) -> String {
        """
        (CASE WHEN typeof(\(expression)) = 'text' AND julianday(\(expression)) IS NOT NULL \
        THEN round((julianday(\(expression)) - 2440587.5) * 86400000.0) / 1000.0 ELSE \(expression) END)
        """
    }

    /// The text GRDB stored for this instant before v14 (UTC, `yyyy-MM-dd HH:mm:ss.SSS`).
    /// The audit chain hashes an event's time in this form whichever way it is stored, so
    /// hashes and anchors taken before v14 still verify. Written digit by digit rather than
    /// through a formatter or string padding: verification formats every event's time, six
    /// million of them in a year at a million orders.
    static func legacyText(_ value: Double) -> String {
        let milliseconds = Int((value * 1000).rounded())
        let seconds = CalendarMath.floorDiv(milliseconds, 1000)
        let day = CalendarMath.floorDiv(seconds, 86_400)
        let second = seconds - day * 86_400
        let date = LocalDate(dayNumber: day)
        var text = [UInt8]()
        text.reserveCapacity(23)
        func digits(_ number: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = number
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(date.year, 4); text.append(UInt8(ascii: "-"))
        digits(date.month, 2); text.append(UInt8(ascii: "-"))
        digits(date.day, 2); text.append(UInt8(ascii: " "))
        digits(second / 3600, 2); text.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2); text.append(UInt8(ascii: ":"))
        digits(second % 60, 2); text.append(UInt8(ascii: "."))
        digits(milliseconds - seconds * 1000, 3)
        return String(decoding: text, as: UTF8.self)
    }

    /// The value the audit chain hashes for a stored time: text as it is, a number as its
    /// pre-v14 text.
    static func hashed(_ stored: DatabaseValue) -> DatabaseValue {
        switch stored.storage {
        case .int64(let seconds): return legacyText(Double(seconds)).databaseValue
        case .double(let seconds): return legacyText(seconds).databaseValue
        default: return stored
        }
    }
}
