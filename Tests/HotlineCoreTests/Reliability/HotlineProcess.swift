import Foundation
import XCTest

/// The real `hotline` executable, run as a separate process, as cron and the desks do.
struct HotlineProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Killed by a signal rather than exiting.
        var crashed: Bool
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `hotline` built beside this test bundle: the tests run from the build products
    /// directory, which holds the executables of the same build. Built on demand only
    /// when missing (a test-only build of one target).
    static let executable: URL? = {
        let manager = FileManager.default
        var starts = [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()]
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") { starts.append(bundle.bundleURL) }
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<5 {
                let candidate = directory.appendingPathComponent("hotline")
                var isDirectory: ObjCBool = false
                if manager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                   manager.isExecutableFile(atPath: candidate.path) {
                    return candidate
                }
                directory = directory.deletingLastPathComponent()
            }
        }
        let built = repositoryRoot.appendingPathComponent(".build/debug/hotline")
        if !manager.isExecutableFile(atPath: built.path) {
            let build = Process()
            build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            build.arguments = ["swift", "build", "--product", "hotline"]
            build.currentDirectoryURL = repositoryRoot
            try? build.run()
            build.waitUntilExit()
        }
        return manager.isExecutableFile(atPath: built.path) ? built : nil
    }()

    var environment: [String: String]
    var directory: URL

    init(database: String, now: String, directory: URL) {
        var environment = ProcessInfo.processInfo.environment
        environment["HOTLINE_DB"] = database
        environment["HOTLINE_NOW"] = now
        environment["LANG"] = "C.UTF-8"
        self.environment = environment
        self.directory = directory
    }

    /// Starts `hotline args…` and returns without waiting; output goes to files so a
    /// chatty command cannot block on a full pipe.
    func start(_ arguments: [String], now: String? = nil) throws -> (Process, URL, URL) {
        guard let executable = Self.executable else { throw XCTSkip("hotline executable not found next to the tests") }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = self.environment
        if let now { environment["HOTLINE_NOW"] = now }
        process.environment = environment
        let id = UUID().uuidString
        let out = directory.appendingPathComponent("out-\(id)")
        let err = directory.appendingPathComponent("err-\(id)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: [String], now: String? = nil) throws -> Result {
        let (process, out, err) = try start(arguments, now: now)
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
                      crashed: process.terminationReason == .uncaughtSignal)
    }

    /// Runs a command that must succeed.
    @discardableResult
    func must(_ arguments: [String], now: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Result {
        let result = try run(arguments, now: now)
        XCTAssertEqual(result.status, 0, "hotline \(arguments.joined(separator: " ")): \(result.stderr)", file: file, line: line)
        return result
    }
}

/// A fresh database made through the CLI: the OS user running the tests is its admin,
/// and the accounts act through `--as`.
class ProcessTestCase: XCTestCase {
    private(set) var directory: URL!
    private(set) var database: String!
    private(set) var hotline: HotlineProcess!

    /// Monday 2026-11-23, a plain working week.
    static let mondayMorning = "2026-11-23T09:00:00+08:00"

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard HotlineProcess.executable != nil else { throw XCTSkip("hotline executable not found next to the tests") }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-reliability-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("hotline.sqlite").path
        hotline = HotlineProcess(database: database, now: Self.mondayMorning, directory: directory)
        try hotline.must(["init", "--empty", "--seed", HotlineProcess.repositoryRoot.appendingPathComponent("knowledge-seed").path])
        try hotline.must(["department", "add", "TAX", "--name", "如皋市税务局"])
        try hotline.must(["department", "add", "HRSS", "--name", "如皋市人力资源和社会保障局"])
        for (login, role, department) in [("agent1", "agent", nil), ("agent2", "agent", nil), ("lead1", "lead", nil),
                                          ("lead2", "lead", nil), ("tax1", "department", "TAX"), ("tax2", "department", "TAX"),
                                          ("hrss1", "department", "HRSS")] as [(String, String, String?)] {
            var arguments = ["account", "add", login, "--name", login, "--role", role, "--os-user", "os-" + login]
            if let department { arguments += ["--department", department] }
            try hotline.must(arguments)
        }
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        try super.tearDownWithError()
    }

    /// Creates an order through the CLI and returns its number.
    func createOrder(department: String, title: String, as login: String = "agent1") throws -> String {
        let result = try hotline.must(["--as", login, "order", "create", "--kind", "consult", "--department", department,
                                       "--title", title, "--content", "企业咨询\(title)", "--phone", "13812345678", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["number"] as? String)
    }
}
