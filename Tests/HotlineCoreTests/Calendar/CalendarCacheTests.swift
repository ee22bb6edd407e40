import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The built calendar is cached by a revision stamp that every change of the stored
/// calendar renews, through triggers, whoever makes it: a second connection (another
/// desk, the CLI) or plain SQL.
final class CalendarCacheTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-calcache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var path: String { directory.appendingPathComponent("test.sqlite").path }

    private func initialize() throws -> (HotlineStore, Identity) {
        let (store, _) = try Setup.initialize(path: path, seed: CalendarFixtures.seedDirectory, includeSamples: false,
                                              clock: .fixed(CalendarFixtures.instant("2026-11-20T10:00")), osUser: "caladmin")
        return (store, try Identity.resolve(in: store, osUser: "caladmin"))
    }

    private func stamp(_ store: HotlineStore) throws -> String? {
        try store.read { db in try CalendarRevision.stamp(db) }
    }

    func testAnUnchangedCalendarKeepsItsStampAndOtherWritesDoNotRenewIt() throws {
        let (store, admin) = try initialize()
        let before = try XCTUnwrap(try stamp(store))
        let first = try CalendarStore(store: store).calendar()
        try CalendarStore(store: store).setSLARules("consult 1 3 1", identity: admin)
        XCTAssertEqual(try stamp(store), before, "SLA rules are not part of the cached calendar")
        let second = try CalendarStore(store: store).calendar()
        XCTAssertEqual(first.days, second.days)
    }

    func testHolidaysImportedThroughAnotherConnectionAreSeenAtOnce() throws {
        let (desk, _) = try initialize()
        XCTAssertFalse(try CalendarStore(store: desk).calendar().covers(year: 2027))
        let before = try stamp(desk)
        // The CLI is another process with its own connections to the same file.
        let cli = try HotlineStore.open(at: path, mode: .existing, clock: .fixed(CalendarFixtures.instant("2026-11-20T10:00")))
        let admin = try Identity.resolve(in: cli, osUser: "caladmin")
        _ = try CalendarStore(store: cli).importHolidays(text: "2027-01-01 holiday 元旦\n2027-02-06 holiday 春节\n",
                                                        source: "2027.txt", identity: admin)
        XCTAssertNotEqual(try stamp(desk), before)
        let calendar = try CalendarStore(store: desk).calendar()
        XCTAssertTrue(calendar.covers(year: 2027))
        XCTAssertEqual(calendar.reason(for: LocalDate(year: 2027, month: 2, day: 6)!), .holiday(name: "春节"))
    }

    func testWorkingHoursAndPlainSQLChangesRenewTheStamp() throws {
        let (store, admin) = try initialize()
        let calendars = CalendarStore(store: store)
        XCTAssertEqual(try calendars.calendar().workingHours, .default)
        try calendars.setWorkingHours("09:00-12:00,13:00-17:00", identity: admin)
        XCTAssertEqual(try calendars.calendar().workingHours, try WorkingHours.parse("09:00-12:00,13:00-17:00"))
        // Someone with the sqlite3 tool: the triggers still see it.
        try store.write { db in try db.execute(sql: "DELETE FROM calendar_day WHERE date LIKE '2026-%'") }
        XCTAssertFalse(try calendars.calendar().covers(year: 2026))
        // Deadlines computed in the core use the same cache.
        XCTAssertNotNil(try calendars.deadlines(kind: "consult", dispatchedAt: CalendarFixtures.instant("2026-11-20T10:00")))
    }

    func testTwoDatabasesNeverShareAStamp() throws {
        let (first, _) = try initialize()
        let other = directory.appendingPathComponent("other.sqlite").path
        let (second, _) = try Setup.initialize(path: other, seed: CalendarFixtures.seedDirectory, includeSamples: false,
                                               clock: .fixed(CalendarFixtures.instant("2026-11-20T10:00")), osUser: "caladmin")
        XCTAssertNotEqual(try stamp(first), try stamp(second), "one process-wide cache serves both")
    }
}
