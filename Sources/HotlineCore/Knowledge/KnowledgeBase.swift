import Foundation
import GRDB

/// The policy knowledge base (政策知识库): import, read, search, lint, export.
public struct KnowledgeBase: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    /// Today's date in Asia/Shanghai as `YYYY-MM-DD`, for validity checks.
    var today: String { ShanghaiDay.string(for: store.clock.now()) }
}

/// Calendar day of an instant in Asia/Shanghai (UTC+8, no daylight saving).
enum ShanghaiDay {
    static func string(for instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + 8 * 3600
        var days = seconds / 86_400
        if seconds < 0 && seconds % 86_400 != 0 { days -= 1 }
        // Civil-from-days (Howard Hinnant's algorithm), proleptic Gregorian.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
