import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Shared fixtures of the knowledge-base tests: the repository's knowledge-seed/, the
/// evaluation corpus CI places beside the clone, and a pinned clock.
enum KnowledgeFixtures {
    /// The repository root, found from this file's path
    /// (Tests/HotlineCoreTests/Knowledge/ → three levels up).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent()      // Knowledge/
            .deletingLastPathComponent()      // HotlineCoreTests/
            .deletingLastPathComponent()      // Tests/
            .deletingLastPathComponent()      // root
    }

    static var seedDirectory: URL { repositoryRoot.appendingPathComponent("knowledge-seed") }

    static var evalDirectory: URL {
        repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/eval").standardizedFileURL
    }

    struct MissingFixture: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "evaluation file \(path) is missing: CI places shared/ beside the clone (../shared/eval/); "
                + "copy or link it there to run the search-quality tests"
        }
    }

    /// A file of ../shared/eval/, or a test failure saying clearly that it is missing.
    static func evalFile(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = evalDirectory.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let missing = MissingFixture(path: url.path)
            XCTFail(missing.description, file: file, line: line)
            throw missing
        }
        return url
    }

    /// 2026-06-01T10:00:00+08:00: every test sees the same "today" for expiry.
    static let now: Date = {
        do { return try ShanghaiTime.parse("2026-06-01T10:00:00+08:00") } catch { fatalError("\(error)") }
    }()

    static let today = "2026-06-01"

    static var clock: HotlineClock { .fixed(now) }

    static let osUser = "kbtester"
    static let actor = Actor(login: "kbtester")
}

/// Base class: a fresh temporary directory per test, removed afterwards, and helpers to
/// make a database in it.
class KnowledgeTestCase: XCTestCase {
    private(set) var directory: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hotline-kb-tests-" + UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        directory = nil
        try super.tearDownWithError()
    }

    var databasePath: String { directory.appendingPathComponent("hotline.sqlite").path }

    /// `hotline init` (with `--empty` unless `includeSamples`) on the test's database,
    /// with the real knowledge-seed/ and the pinned clock.
    @discardableResult
    func initialize(includeSamples: Bool = false, path: String? = nil) throws -> (HotlineStore, SetupReport) {
        try Setup.initialize(path: path ?? databasePath, seed: KnowledgeFixtures.seedDirectory,
                             includeSamples: includeSamples, clock: KnowledgeFixtures.clock,
                             osUser: KnowledgeFixtures.osUser)
    }

    /// An `--empty` database (synonyms only) as a knowledge base.
    func emptyKnowledgeBase() throws -> KnowledgeBase {
        KnowledgeBase(store: try initialize(includeSamples: false).0)
    }

    /// An `--empty` database with the evaluation corpus imported.
    func corpusKnowledgeBase() throws -> KnowledgeBase {
        let knowledge = try emptyKnowledgeBase()
        let corpus = try KnowledgeFixtures.evalFile("kb-corpus.jsonl")
        let summary = try knowledge.importFiles([corpus.path], actor: KnowledgeFixtures.actor)
        XCTAssertEqual(summary.added, 240, "the evaluation corpus holds 240 entries")
        return knowledge
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

    func count(_ table: String, in store: HotlineStore) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    func count(_ table: String, in knowledge: KnowledgeBase) throws -> Int {
        try count(table, in: knowledge.store)
    }

    /// The import's problems, or a test failure if it did not fail with an ImportFailure.
    func importProblems(_ knowledge: KnowledgeBase, _ paths: [String],
                        options: KnowledgeImportOptions = KnowledgeImportOptions(),
                        file: StaticString = #filePath, line: UInt = #line) -> [ImportProblem] {
        do {
            let summary = try knowledge.importFiles(paths, options: options, actor: KnowledgeFixtures.actor)
            XCTFail("import should have been rejected, but it succeeded: \(summary)", file: file, line: line)
        } catch let failure as ImportFailure {
            return failure.problems
        } catch {
            XCTFail("expected ImportFailure, got \(type(of: error)): \(error)", file: file, line: line)
        }
        return []
    }

    /// Runs a program (iconv, …) and returns its standard output.
    func run(_ executable: String, _ arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let inputPipe = Pipe()
        let outputPipe = Pipe()
        process.standardInput = inputPipe
        process.standardOutput = outputPipe
        try process.run()
        inputPipe.fileHandleForWriting.write(input)
        try inputPipe.fileHandleForWriting.close()
        let output = outputPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "KnowledgeTestCase.run", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) exited \(process.terminationStatus)"])
        }
        return output
    }
}

/// A JSON Lines row in the corpus's shape, for hand-made import files.
func knowledgeJSONLine(_ fields: [String: Any]) -> String {
    let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    return String(decoding: data, as: UTF8.self)
}
