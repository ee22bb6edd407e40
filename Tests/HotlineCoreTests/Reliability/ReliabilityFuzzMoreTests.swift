import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The rest of issue 7's "Bad input": the telephony system's call detail records and
/// the SMS platform's reply file, fed random and mutated text for a bounded time (about
/// two seconds each, fixed seeds). Neither may crash or hang; every rejected line is
/// named as `file:line` with a line the file has; a rejected CDR file writes nothing, and
/// replies that match no SMS we sent write nothing.
final class ReliabilityFuzzMoreTests: ReportTestCase {
    private func fuzz(seed: UInt64, maxIterations: Int = 5_000, _ body: (inout SplitMix64, Int) throws -> Void) rethrows -> Int {
        var rng = SplitMix64(seed: seed)
        let end = Date().addingTimeInterval(ReliabilityFuzzTests.budget)
        var iterations = 0
        while iterations < maxIterations && Date() < end {
            try body(&rng, iterations)
            iterations += 1
        }
        return iterations
    }

    /// The most lines a reader that also breaks on CR or U+2028 may count.
    private func lineCount(_ text: String) -> Int {
        let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]
        return text.unicodeScalars.reduce(1) { $0 + (breaks.contains($1.value) ? 1 : 0) }
    }

    /// Each problem is `path:line: reason` with a line in the file and a reason.
    private func assertNamesLines(_ problems: [String], path: String, text: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = lineCount(text)
        for problem in problems {
            XCTAssertTrue(problem.hasPrefix(path + ":"), problem, file: file, line: line)
            let rest = problem.dropFirst(path.count + 1)
            let number = Int(rest.prefix { $0.isASCII && $0.isNumber })
            XCTAssertNotNil(number, problem, file: file, line: line)
            if let number { XCTAssertTrue((0...lines + 1).contains(number), "line \(number) of \(lines): \(problem)", file: file, line: line) }
            let reason = rest.drop { $0.isASCII && $0.isNumber }.dropFirst(2)
            XCTAssertFalse(reason.trimmingCharacters(in: .whitespaces).isEmpty, problem, file: file, line: line)
        }
    }

    private func count(_ table: String) throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    func testCallDetailRecordFilesRejectBadLinesByNumberAndWriteNothing() throws {
        let sample = """
            呼叫编号,队列,进线时间,接听时间,结束时间,坐席,主叫
            R1,一企来,2026-11-23 09:00:00,2026-11-23 09:00:05,2026-11-23 09:03:00,agent1,13900000001
            R2,一企来,2026-11-23 09:10:00,,2026-11-23 09:10:40,,
            "R3","一企来","2026-11-23 09:20:00","2026-11-23 09:20:09","2026-11-23 09:25:00","agent2","0513-87654321"

            """
        let path = directory.appendingPathComponent("cdr.csv").path
        var rejected = 0, accepted = 0
        let runs = try fuzz(seed: 31, maxIterations: 1_500) { rng, _ in
            let text = Bool.random(using: &rng) ? ReliabilityFuzzTests.mutate(sample, &rng) : ReliabilityFuzzTests.random(&rng)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            let before = try count("cdr")
            let events = try count("order_event")
            do {
                _ = try CallRecords(store: store).importFile(path: path, identity: lead)
                accepted += 1
            } catch let error as ReportError {
                rejected += 1
                guard case .badRows(let problems) = error else { return XCTFail("\(error)") }
                XCTAssertFalse(problems.isEmpty)
                assertNamesLines(problems, path: path, text: text)
                XCTAssertEqual(try count("cdr"), before, "a rejected file wrote records:\n\(text.debugDescription)")
                XCTAssertEqual(try count("order_event"), events)
            }
        }
        XCTAssertGreaterThan(runs, 20)
        XCTAssertGreaterThan(rejected, 0)
        XCTAssertEqual(try store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }, "ok")
        _ = accepted
    }

    func testSmsReplyFilesNameEachBadLineAndUnmatchedRepliesWriteNothing() throws {
        let sample = """
            手机号,回复内容,回复时间
            13812345678,1,2026-11-25 10:03:00
            YQL-20261123-0001,２,2026-11-25 10:04:00
            +86 139 1234 5678,3不满意,2026-11-25T10:05:00+08:00
            0513-87654321,满意。,2026-11-25 10:06:00

            """
        let path = directory.appendingPathComponent("replies.csv").path
        let sms = SmsCallbacks(store: store)
        var problemsSeen = 0
        let events = try count("order_event")
        let runs = try fuzz(seed: 37, maxIterations: 1_500) { rng, _ in
            let text = Bool.random(using: &rng) ? ReliabilityFuzzTests.mutate(sample, &rng) : ReliabilityFuzzTests.random(&rng)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            do {
                let summary = try sms.importReplies(path: path, identity: lead)
                XCTAssertEqual(summary.appliedCount, 0, "no SMS was sent, so no reply can apply")
                XCTAssertEqual(summary.alreadyApplied, 0)
                problemsSeen += summary.problems.count
                XCTAssertEqual(summary.problems.count, summary.lines, "every data line is reported:\n\(text.debugDescription)")
                assertNamesLines(summary.problems, path: path, text: text)
            } catch let error as ReportError {
                problemsSeen += 1
                guard case .badRows(let problems) = error else { return XCTFail("\(error)") }
                assertNamesLines(problems, path: path, text: text)
            }
        }
        XCTAssertGreaterThan(runs, 20)
        XCTAssertGreaterThan(problemsSeen, 0)
        XCTAssertEqual(try count("sms_reply"), 0, "nothing written")
        XCTAssertEqual(try count("order_event"), events, "no callback recorded")
    }
}
