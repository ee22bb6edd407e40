import Foundation
import XCTest
@testable import HotlineCore

/// The stored calendar: loading at init, imports, working hours and SLA rules.
final class CalendarStoreTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-calstore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private var path: String { directory.appendingPathComponent("test.sqlite").path }

    private func initialize() throws -> (CalendarStore, SetupReport, Identity) {
        let (store, report) = try Setup.initialize(path: path, seed: CalendarFixtures.seedDirectory, includeSamples: false,
                                                   clock: .fixed(CalendarFixtures.instant("2026-11-20T10:00")),
                                                   osUser: "caladmin")
        let identity = try Identity.resolve(in: store, osUser: "caladmin")
        return (CalendarStore(store: store), report, identity)
    }

    func testInitLoadsShippedYearsAndRules() throws {
        let (calendars, report, _) = try initialize()
        XCTAssertEqual(report.calendarYearsAdded, Array(2021...2026))
        XCTAssertEqual(report.slaRulesAdded.sorted(), ["consult", "other"])
        XCTAssertEqual(try calendars.coveredYears(), Array(2021...2026))
        let calendar = try calendars.calendar()
        XCTAssertTrue(calendar.isWorkday(LocalDate(year: 2024, month: 9, day: 29)!))
        XCTAssertFalse(calendar.isWorkday(LocalDate(year: 2024, month: 10, day: 1)!))
        XCTAssertEqual(calendar.reason(for: LocalDate(year: 2024, month: 10, day: 1)!), .holiday(name: "国庆节"))
        XCTAssertEqual(calendar.reason(for: LocalDate(year: 2024, month: 10, day: 12)!).code, "workday")
        XCTAssertEqual(calendar.workingHours, .default)
        // The stored calendar equals the one built straight from the file.
        XCTAssertEqual(calendar.days, try CalendarFixtures.shippedCalendar().days)
        XCTAssertEqual(calendar.due(from: CalendarFixtures.instant("2024-09-30T16:00"), workingDays: 3).iso,
                       "2024-10-10T17:30:00+08:00")
    }

    func testReinitKeepsImportedCorrection() throws {
        let (calendars, _, admin) = try initialize()
        // An admin corrects 2024 to a single (fictional) entry.
        let summary = try calendars.importHolidays(text: "2024-10-01 holiday 国庆节（更正）\n", source: "fix.txt", identity: admin)
        XCTAssertEqual(summary.years, [2024])
        XCTAssertEqual(summary.holidays, 1)
        XCTAssertGreaterThan(summary.replacedEntries, 10)

        let (again, report, _) = try initialize()
        XCTAssertEqual(report.calendarYearsAdded, [])
        XCTAssertEqual(report.slaRulesAdded, [])
        let year = try again.year(2024)
        XCTAssertEqual(year.days.map(\.name), ["国庆节（更正）"])
        XCTAssertTrue(try again.calendar().isWorkday(LocalDate(year: 2024, month: 10, day: 2)!))
    }

    func testMalformedImportListsEveryBadLineAndWritesNothing() throws {
        let (calendars, _, admin) = try initialize()
        let before = try calendars.year(2025).days
        let text = """
            # 2025 更正
            2025-01-01 holiday 元旦
            2025-02-30 holiday 春节
            2025-01-28 vacation 春节
            2025-01-29 holiday 春节
            2025-01-06 workday 调休
            2027-01-01 holiday
            """
        XCTAssertThrowsError(try calendars.importHolidays(text: text, source: "bad.txt", identity: admin)) { error in
            guard let calendarError = error as? CalendarError else { return XCTFail("unexpected \(error)") }
            XCTAssertEqual(calendarError.issues.map(\.line), [3, 4, 6, 7])
            XCTAssertEqual((error as? any HotlineFailure)?.exitCode, .badData)
            XCTAssertTrue(calendarError.description.hasPrefix("bad.txt:3: "), calendarError.description)
        }
        XCTAssertEqual(try calendars.year(2025).days, before)
        XCTAssertEqual(try calendars.coveredYears(), Array(2021...2026))
    }

    func testImportReplacesOnlyCoveredYear() throws {
        let (calendars, _, admin) = try initialize()
        let before2024 = try calendars.year(2024).days
        let text = """
            2027-01-01 holiday 元旦
            2027-02-06 holiday 春节
            2027-02-07 holiday 春节
            2027-02-13 workday 春节调休上班
            """
        let summary = try calendars.importHolidays(text: text, source: "2027.txt", identity: admin)
        XCTAssertEqual(summary.years, [2027])
        XCTAssertEqual(summary.workdays, 1)
        XCTAssertEqual(summary.replacedEntries, 0)
        XCTAssertEqual(try calendars.year(2024).days, before2024)
        XCTAssertEqual(try calendars.year(2027).days.count, 4)
        XCTAssertEqual(try calendars.coveredYears(), Array(2021...2027))
        // Importing 2027 again replaces it as a whole.
        let again = try calendars.importHolidays(text: "2027-01-01 holiday 元旦\n", source: "2027b.txt", identity: admin)
        XCTAssertEqual(again.replacedEntries, 4)
        XCTAssertEqual(try calendars.year(2027).days.count, 1)
        XCTAssertEqual(try calendars.year(2024).days, before2024)
        let deadline = try calendars.calendar().due(from: CalendarFixtures.instant("2027-01-04T09:00"), workingDays: 1)
        XCTAssertEqual(deadline.warnings, [])
    }

    func testWorkingHoursValidationAndAdminOnly() throws {
        let (calendars, _, admin) = try initialize()
        XCTAssertThrowsError(try calendars.setWorkingHours("13:30-17:30,08:30-12:00", identity: admin)) { error in
            guard case .invalidWorkingHours = error as? CalendarError else { return XCTFail("unexpected \(error)") }
        }
        XCTAssertThrowsError(try calendars.setWorkingHours("08:30-12:00,11:00-17:00", identity: admin))
        XCTAssertThrowsError(try calendars.setWorkingHours("08:30-25:00", identity: admin))
        XCTAssertEqual(try calendars.workingHours(), .default)

        let hours = try calendars.setWorkingHours("09:00-12:00,14:00-18:00", identity: admin)
        XCTAssertEqual(try calendars.workingHours(), hours)
        XCTAssertEqual(try calendars.calendar().due(from: CalendarFixtures.instant("2024-09-30T16:00"), workingDays: 3).iso,
                       "2024-10-10T18:00:00+08:00")

        var agentAccount = admin.account
        agentAccount.role = .agent
        let agent = Identity(account: agentAccount, actingAdmin: nil)
        XCTAssertThrowsError(try calendars.setWorkingHours("08:00-17:00", identity: agent)) { error in
            XCTAssertEqual((error as? AccessError)?.exitCode, .permissionDenied)
        }
        XCTAssertThrowsError(try calendars.importHolidays(text: "2027-01-01 holiday 元旦\n", source: "x", identity: agent))
        XCTAssertThrowsError(try calendars.setSLARules("consult 2 3 1", identity: agent))
        XCTAssertEqual(try calendars.workingHours(), hours)
    }

    func testSLARulesLoadedAndEditable() throws {
        let (calendars, _, admin) = try initialize()
        XCTAssertEqual(try calendars.slaRules(), SLAPolicyFile.jiangsuDefault)

        let dispatched = CalendarFixtures.instant("2024-09-30T16:00")
        let consult = try calendars.deadlines(kind: "consult", dispatchedAt: dispatched)
        XCTAssertEqual(consult.sign.iso, "2024-09-30T17:00:00+08:00")
        XCTAssertEqual(consult.answer.iso, "2024-10-10T17:30:00+08:00")
        XCTAssertEqual(consult.returnWindow.iso, "2024-10-08T17:30:00+08:00")
        XCTAssertEqual(try calendars.deadlines(kind: "other", dispatchedAt: dispatched).answer.iso, "2024-10-12T17:30:00+08:00")

        try calendars.setSLARules("consult 2 4 1", identity: admin)
        try calendars.setSLARules("urgent 1 1 1", identity: admin)
        let rules = try calendars.slaRules()
        XCTAssertEqual(rules.map(\.kind), ["consult", "other", "urgent"])
        XCTAssertEqual(rules[0], SLARule(kind: "consult", signWorkingHours: 2, answerWorkingDays: 4, returnWindowWorkingDays: 1))
        XCTAssertEqual(try calendars.deadlines(kind: "consult", dispatchedAt: dispatched).answer.iso, "2024-10-11T17:30:00+08:00")

        XCTAssertThrowsError(try calendars.setSLARules("consult 1 3 5", identity: admin)) { error in
            XCTAssertEqual((error as? CalendarError)?.issues.map(\.line), [1])
        }
        XCTAssertThrowsError(try calendars.setSLARules("consult 0 3 1", identity: admin))
        XCTAssertThrowsError(try calendars.deadlines(kind: "nosuch", dispatchedAt: dispatched)) { error in
            XCTAssertEqual(error as? CalendarStoreError, .unknownKind("nosuch", known: ["consult", "other", "urgent"]))
        }
        XCTAssertEqual(try calendars.slaRules()[0].answerWorkingDays, 4)

        // Re-running init keeps the edited rule.
        let (again, _, _) = try initialize()
        XCTAssertEqual(try again.slaRules()[0].answerWorkingDays, 4)
    }

    func testDeadlineInto2027CarriesMissingYearWarning() throws {
        let (calendars, _, _) = try initialize()
        let calendar = try calendars.calendar()
        let deadline = calendar.due(from: CalendarFixtures.instant("2027-01-04T09:00"), workingDays: 1)
        XCTAssertEqual(deadline.iso, "2027-01-05T17:30:00+08:00")
        XCTAssertEqual(deadline.warnings, [CalendarWarning(year: 2027)])
        XCTAssertTrue(deadline.warnings[0].message.contains("2027"))
        let crossing = try calendars.deadlines(kind: "other", dispatchedAt: CalendarFixtures.instant("2026-12-29T10:00"))
        XCTAssertEqual(crossing.answer.warnings, [CalendarWarning(year: 2027)])
        XCTAssertEqual(calendar.due(from: CalendarFixtures.instant("2026-06-01T10:00"), workingDays: 3).warnings, [])
        XCTAssertEqual(try calendars.year(2027).warning, CalendarWarning(year: 2027))
    }
}
