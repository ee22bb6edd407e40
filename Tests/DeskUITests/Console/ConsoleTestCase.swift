import Foundation
import GRDB
import XCTest
@testable import DeskUI
@testable import HotlineCore

/// A console on a seeded temporary database, driven through the reducer with effects run
/// synchronously by the real runtime: what the desk does, without a terminal.
class ConsoleTestCase: XCTestCase {
    private(set) var directory: URL!
    private(set) var runtime: DeskRuntime!
    var state: DeskState!
    let reducer = DeskReducer(keys: Keymap.builtinDefault)

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `department`: the code of a seeded department, for a department account.
    func makeConsole(role: Role = .agent, department: String? = nil, rows: Int = 24, columns: Int = 80) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-desk-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let now = try ShanghaiTime.parse("2026-11-23T10:00:00+08:00")
        let (store, _) = try Setup.initialize(path: directory.appendingPathComponent("desk.sqlite").path,
                                              seed: Self.repositoryRoot.appendingPathComponent("knowledge-seed"),
                                              includeSamples: true, clock: .fixed(now), osUser: "deskadmin")
        let account = try store.write { db -> Account in
            let departmentID = try department.flatMap {
                try Int64.fetchOne(db, sql: "SELECT id FROM department WHERE code = ?", arguments: [$0])
            }
            var account = Account(login: "desk1", name: "坐席一", role: role, departmentID: departmentID, osUser: nil, createdAt: now)
            try account.insert(db)
            return account
        }
        runtime = DeskRuntime(store: store, identity: Identity(account: account, actingAdmin: nil))
        state = DeskState(rows: rows, columns: columns, login: "desk1", role: role, now: now)
    }

    override func tearDownWithError() throws {
        runtime = nil
        if let directory { try? FileManager.default.removeItem(at: directory) }
        try super.tearDownWithError()
    }

    /// Sends an event and runs every effect it causes (and theirs) to completion.
    func send(_ event: DeskEvent) {
        var effects = reducer.reduce(&state, event)
        while !effects.isEmpty {
            let effect = effects.removeFirst()
            effects += reducer.reduce(&state, .result(runtime.perform(effect)))
        }
    }

    func press(_ keys: Key...) { for key in keys { send(.key(key)) } }

    func type(_ text: String) { send(.text(text)) }

    var screen: [String] { DeskView.render(state, keys: Keymap.builtinDefault).lines }

    func assertScreen(contains text: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = screen
        XCTAssertTrue(lines.contains { $0.contains(text) }, "screen lacks \"\(text)\":\n" + lines.joined(separator: "\n"),
                      file: file, line: line)
    }
}
