import Foundation
import XCTest

/// The real `desk` in tmux: keys through send-keys, the screen through capture-pane.
/// Waits poll the screen with a deadline (never a fixed sleep) and print the screen when
/// an expectation is not met.
final class DeskEndToEndTests: XCTestCase {
    private var directory: URL!
    private var session = ""
    /// A tmux server of this test's own (`-L`), so nothing depends on, or disturbs, a
    /// server someone else runs, and teardown can end it.
    private var server = ""

    /// `desk` and `hotline` sit beside the test bundle in the build folder.
    private var binaries: URL {
        let candidates = [Bundle.main.executableURL?.deletingLastPathComponent(),
                          Bundle(for: Self.self).bundleURL.deletingLastPathComponent(),
                          Bundle.main.bundleURL]
        return candidates.compactMap { $0 }.first {
            FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("desk").path)
        } ?? Bundle.main.bundleURL
    }

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            throw XCTSkip("tmux is not installed (.ci/run installs it)")
        }
        guard FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent("desk").path) else {
            throw XCTSkip("the desk binary is not built beside the tests")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-e2e-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        session = "desk-e2e-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        server = session
    }

    override func tearDownWithError() throws {
        _ = try? tmux(["kill-server"])
        // tmux leaves the socket file of an ended server behind.
        let socketDirectory = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(socketDirectory)/tmux-\(getuid())/\(server)")
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    @discardableResult
    private func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private func hotline(_ arguments: [String]) throws {
        let (status, output) = try run(binaries.appendingPathComponent("hotline").path, arguments,
                                       environment: ["HOTLINE_NOW": "2026-11-23T10:00:00+08:00"])
        XCTAssertEqual(status, 0, "hotline \(arguments.joined(separator: " ")): \(output)")
    }

    /// A tmux client command on this test's server; such commands never start a server.
    @discardableResult
    private func tmux(_ arguments: [String]) throws -> (Int32, String) {
        try run("/usr/bin/tmux", ["-L", server] + arguments)
    }

    /// Starts the session without waiting for the client: the client forks the server,
    /// which inherits the socket Foundation watches for the child's end, so waiting would
    /// last as long as the server. The screen polls that follow are the wait.
    private func startSession(columns: Int, rows: Int, command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tmux")
        process.arguments = ["-L", server, "new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)", command]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    private func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    private func text(_ text: String) throws { try tmux(["send-keys", "-t", session, "-l", text]) }

    private func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", session]).1 }

    /// Polls the screen until it shows `expected`, for at most `seconds`.
    private func waitFor(_ expected: String, seconds: Double = 15, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if screen.contains(expected) { return }
            usleep(100_000)
        }
        XCTFail("the screen never showed \"\(expected)\"; it shows:\n\(screen)", file: file, line: line)
        throw XCTSkip("stopping after a failed wait")
    }

    func testSearchTakeACallRaiseAnOrderAndResize() throws {
        let database = directory.appendingPathComponent("desk.sqlite").path
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("knowledge-seed").path
        try hotline(["--db", database, "init", "--seed", seed])
        try hotline(["--db", database, "account", "add", "lead1", "--name", "班长甲", "--role", "lead", "--os-user", "e2e-lead1"])
        let desk = binaries.appendingPathComponent("desk").path
        let command = "env LANG=C.UTF-8 HOTLINE_NOW=2026-11-23T10:00:00+08:00 '\(desk)' --db '\(database)' --as lead1"
        try startSession(columns: 100, rows: 30, command: command)
        try waitFor("工单队列")

        try keys("F3")
        try waitFor("检索：")
        try text("社保")
        try waitFor("社保的承诺书")
        try waitFor("依据：")

        try keys("F2")
        try waitFor("来电号码")
        try text("13812345678")
        try keys("Tab")
        try text("王会计")
        try keys("Tab")
        try text("如皋市某某机械有限公司")
        try keys("Tab", "Tab", "Tab", "Tab")
        try text("员工自愿放弃社保是否可以")
        try keys("Tab", "Enter")
        try waitFor("已保存来电")
        try waitFor("[企业] 标签已打上")

        try keys("C-o")
        try waitFor("签收时限 2026-11-23T11:00:00+08:00")
        try keys("Enter")
        try waitFor("YQL-20261123-0001")
        try waitFor("如皋市人力资源")

        try tmux(["resize-window", "-t", session, "-x", "120", "-y", "40"])
        try waitFor("YQL-20261123-0001")
        let wide = try capture()
        XCTAssertTrue(wide.split(separator: "\n").contains { $0.contains("1小时内到期") }, wide)
        try tmux(["resize-window", "-t", session, "-x", "60", "-y", "20"])
        try waitFor("至少需要 80×24")
        try tmux(["resize-window", "-t", session, "-x", "100", "-y", "30"])
        try waitFor("YQL-20261123-0001")
        try keys("F10")
    }
}
