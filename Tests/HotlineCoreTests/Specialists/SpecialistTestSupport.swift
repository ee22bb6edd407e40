import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// A fresh database per test (synonyms loaded, no samples unless asked), accounts of
/// every role, departments and calls made straight in SQL.
class SpecialistTestCase: XCTestCase {
    private(set) var directory: URL!
    private(set) var store: HotlineStore!
    /// The OS user who ran init: the first admin.
    static let adminUser = "spadmin"
    /// 2026-06-01T10:00:00+08:00.
    static let now: Date = try! ShanghaiTime.parse("2026-06-01T10:00:00+08:00")

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hotline-specialist-tests-" + UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        store = nil
        if let directory { try? FileManager.default.removeItem(at: directory) }
        directory = nil
        try super.tearDownWithError()
    }

    var databasePath: String { directory.appendingPathComponent("hotline.sqlite").path }

    /// `hotline init` with the repository's knowledge-seed/ and the pinned clock.
    @discardableResult
    func initialize(includeSamples: Bool = false) throws -> SetupReport {
        let (opened, report) = try Setup.initialize(path: databasePath, seed: KnowledgeFixtures.seedDirectory,
                                                    includeSamples: includeSamples, clock: .fixed(Self.now),
                                                    osUser: Self.adminUser)
        store = opened
        return report
    }

    /// The same database seen through another clock (a later "now").
    func store(at instant: String) throws -> HotlineStore {
        try HotlineStore.open(at: databasePath, mode: .existing, clock: .fixed(try ShanghaiTime.parse(instant)))
    }

    var roster: SpecialistRoster { SpecialistRoster(store: store) }
    var log: ThreeWayCallLog { ThreeWayCallLog(store: store) }

    func admin() throws -> Identity { try Identity.resolve(in: store, osUser: Self.adminUser) }

    /// An account of `role` mapped to the OS user `login`, resolved as an identity.
    func identity(_ role: Role, login: String? = nil) throws -> Identity {
        let login = login ?? role.rawValue + "1"
        try store.write { db in
            if try Account.filter(Column("login") == login).fetchCount(db) == 0 {
                let departmentID = role == .department ? try Int64.fetchOne(db, sql: "SELECT min(id) FROM department") : nil
                var account = Account(login: login, name: login, role: role, departmentID: departmentID,
                                      osUser: login, createdAt: Self.now)
                try account.insert(db)
            }
        }
        return try Identity.resolve(in: store, osUser: login)
    }

    @discardableResult
    func addDepartment(_ code: String, _ name: String) throws -> Int64 {
        try store.write { db in
            var department = Department(code: code, name: name, kind: .city, createdAt: Self.now)
            try department.insert(db)
            return department.id!
        }
    }

    /// A call as the intake code would leave it; only the columns three-way calls touch matter.
    func addCall(outcome: String = "open") throws -> Int64 {
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO call (received_at, channel, request_type, content, outcome, recorded_by, updated_at)
                VALUES (?, 'phone', 'consult', '企业咨询', ?, 'agent1', ?)
                """, arguments: [Self.now, outcome, Self.now])
            return db.lastInsertedRowID
        }
    }

    func callOutcome(_ id: Int64) throws -> String? {
        try store.read { db in try String.fetchOne(db, sql: "SELECT outcome FROM call WHERE id = ?", arguments: [id]) }
    }

    func count(_ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    func specialist(named name: String) throws -> Specialist {
        try XCTUnwrap(try store.read { db in try Specialist.filter(Column("name") == name).fetchOne(db) }, "no specialist \(name)")
    }

    /// A resolved three-way call of `specialistID` that ended at `endedAt`, straight in SQL
    /// (for the recent-answers tie-break).
    func addResolvedAnswer(specialistID: Int64, endedAt: String) throws {
        let callID = try addCall()
        let end = try ShanghaiTime.parse(endedAt)
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO three_way_call (call_id, specialist_id, started_at, ended_at, question, answer, resolved, recorded_by)
                VALUES (?, ?, ?, ?, '问题', '答复', 1, 'agent1')
                """, arguments: [callID, specialistID, end.addingTimeInterval(-300), end])
        }
    }

    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        try write(Data(text.utf8), to: name)
    }

    @discardableResult
    func write(_ data: Data, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Imports `text` as an admin.
    @discardableResult
    func importForm(_ text: String, name: String = "form.csv",
                    options: SpecialistImportOptions = SpecialistImportOptions()) throws -> SpecialistImportSummary {
        try roster.importForm(path: try write(text, to: name), options: options, identity: try admin())
    }

    /// The import's problems, or a test failure if it was not rejected with an ImportFailure.
    func importProblems(_ text: String, name: String = "form.csv",
                        file: StaticString = #filePath, line: UInt = #line) throws -> [ImportProblem] {
        let path = try write(text, to: name)
        do {
            let summary = try roster.importForm(path: path, identity: try admin())
            XCTFail("import should have been rejected, but it succeeded: \(summary)", file: file, line: line)
        } catch let failure as ImportFailure {
            XCTAssertEqual(failure.exitCode, .badData, file: file, line: line)
            return failure.problems
        }
        return []
    }

    /// Asserts that `body` is refused for lack of a role (exit 77).
    func assertRefused<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let access = error as? AccessError, case .roleRequired = access else {
                return XCTFail("expected a role refusal, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(access.exitCode, .permissionDenied, file: file, line: line)
        }
    }

    func gb18030(_ text: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "iconv failed")
        return data
    }
}
