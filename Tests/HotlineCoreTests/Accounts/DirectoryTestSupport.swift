import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// A fresh `--empty` database per test with one account of every role, and helpers to
/// act as each of them.
class DirectoryTestCase: XCTestCase {
    private(set) var directory: URL!
    private(set) var store: HotlineStore!

    /// 2026-06-01T10:00:00+08:00 (a Monday).
    static let now: Date = {
        do { return try ShanghaiTime.parse("2026-06-01T10:00:00+08:00") } catch { fatalError("\(error)") }
    }()

    static let adminUser = "diradmin"

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hotline-directory-tests-" + UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("hotline.sqlite").path
        store = try Setup.initialize(path: path, seed: KnowledgeFixtures.seedDirectory, includeSamples: false,
                                     clock: .fixed(Self.now), osUser: Self.adminUser).0
        let admin = try identity(Self.adminUser)
        let departments = DepartmentRegistry(store: store)
        _ = try departments.add(code: "TAX", name: "如皋市税务局", kind: .city, identity: admin)
        _ = try departments.add(code: "RC", name: "如城街道", kind: .town, identity: admin)
        let accounts = AccountDirectory(store: store)
        _ = try accounts.add(NewAccount(login: "agent1", name: "张坐席", role: .agent), identity: admin)
        _ = try accounts.add(NewAccount(login: "lead1", name: "李班长", role: .lead), identity: admin)
        _ = try accounts.add(NewAccount(login: "trainer1", name: "王培训", role: .trainer), identity: admin)
        _ = try accounts.add(NewAccount(login: "tax1", name: "赵联络", role: .department, departmentCode: "TAX"), identity: admin)
    }

    override func tearDownWithError() throws {
        store = nil
        if let directory { try? FileManager.default.removeItem(at: directory) }
        directory = nil
        try super.tearDownWithError()
    }

    /// The identity of an OS user (accounts added here map login = OS user).
    func identity(_ osUser: String, actingAs: String? = nil) throws -> Identity {
        try Identity.resolve(in: store, osUser: osUser, actingAs: actingAs)
    }

    var admin: Identity { get throws { try identity(Self.adminUser) } }
    var agent: Identity { get throws { try identity("agent1") } }
    var lead: Identity { get throws { try identity("lead1") } }
    var trainer: Identity { get throws { try identity("trainer1") } }
    var departmentUser: Identity { get throws { try identity("tax1") } }

    func count(_ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Asserts that `body` is refused with exit 77 naming `needed` as the role required.
    func assertRefused<T>(_ body: @autoclosure () throws -> T, needs needed: [Role],
                          file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let access = error as? AccessError, case .roleRequired(_, let roles, _) = access else {
                return XCTFail("expected a role refusal, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(roles, needed, file: file, line: line)
            XCTAssertEqual(access.exitCode, .permissionDenied, file: file, line: line)
            for role in needed { XCTAssertTrue(access.description.contains(role.rawValue), access.description, file: file, line: line) }
        }
    }

    /// The thrown error, or a failure when nothing was thrown.
    func thrown<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> (any Error)? {
        do {
            let value = try body()
            XCTFail("expected an error, got \(value)", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }
}
