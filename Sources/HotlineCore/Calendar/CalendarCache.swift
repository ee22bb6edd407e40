import Foundation
import GRDB

/// Working calendars already built, by revision stamp. Building one parses every stored
/// holiday row; the queue needs it on each keystroke (remaining working time per row)
/// and the top bar on each refresh, while the calendar changes a few times a year.
final class CalendarCache: @unchecked Sendable {
    static let shared = CalendarCache()

    /// A handful: one per database a process has open, plus a calendar just replaced.
    private static let capacity = 8

    private let lock = NSLock()
    private var entries: [(stamp: String, calendar: WorkingCalendar)] = []

    /// The calendar stored in `db`: the cached one when the stamp still matches, else
    /// built by `build` (in the same transaction as the stamp read) and remembered.
    func calendar(_ db: Database, build: (Database) throws -> WorkingCalendar) throws -> WorkingCalendar {
        guard let stamp = try CalendarRevision.stamp(db) else { return try build(db) }
        if let cached = lock.withLock({ entries.first { $0.stamp == stamp }?.calendar }) { return cached }
        let calendar = try build(db)
        lock.withLock {
            entries.removeAll { $0.stamp == stamp }
            entries.insert((stamp, calendar), at: 0)
            if entries.count > Self.capacity { entries.removeLast(entries.count - Self.capacity) }
        }
        return calendar
    }

    /// How many calendars are held (tests).
    var count: Int { lock.withLock { entries.count } }
}
