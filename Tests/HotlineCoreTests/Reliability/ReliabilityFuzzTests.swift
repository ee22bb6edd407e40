import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Random and mutated input for every parser that takes outside text (issue 7, "Bad
/// input"): none may crash or hang, a bad input is reported with its line, and an
/// import that fails writes nothing. Each run is bounded by iterations and by about two
/// seconds, with a fixed seed, so a failure reproduces.
///
/// The CDR and SMS reply readers are fuzzed in ReliabilityFuzzMoreTests, keymap files in
/// DeskUITests' KeymapFuzzTests.
final class ReliabilityFuzzTests: XCTestCase {
    static let budget: TimeInterval = 2
    static let maxIterations = 20_000

    /// Calls `body` with a fresh generator until the budget or the iteration cap runs out.
    private func fuzz(seed: UInt64, _ body: (inout SplitMix64, Int) throws -> Void) rethrows -> Int {
        var rng = SplitMix64(seed: seed)
        let end = Date().addingTimeInterval(Self.budget)
        var iterations = 0
        while iterations < Self.maxIterations && Date() < end {
            try body(&rng, iterations)
            iterations += 1
        }
        return iterations
    }

    /// Pieces that parsers trip over: delimiters, quotes, escapes, huge and odd characters.
    static let fragments = [
        ",", "\"", "\"\"", "\n", "\r\n", "\r", "\t", "\\", "{", "}", "[", "]", ":", "null", "true", "1e999", "-0", "0x1F",
        "\u{0}", "\u{1B}[6n", "\u{1B}]52;c;aGk=\u{07}", "\u{1B}]8;;http://x\u{1B}\\", "\u{9B}31m", "\u{202E}", "\u{2066}",
        "\u{FEFF}", "\u{FFFD}", "🀄", "如皋市税务局", "社保", "=cmd|' /C calc'!A0", "'+1", "@SUM(A1)", "2026-02-30", "2026-13-01",
        "24:00", "+08:00", "Z", "9999-12-31T23:59:59+14:00", "13812345678", "+86 138 1234 5678", "0513-87654321-123",
        "91110000600037341L", "ＩＯＳＶＺ", "１３８１２３４５６７８", String(repeating: "长", count: 12_000),
    ]

    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !scalars.isEmpty:
                scalars.remove(at: Int.random(in: 0..<scalars.count, using: &rng))
            case 1:
                let piece = Array(fragments.randomElement(using: &rng)!.unicodeScalars)
                scalars.insert(contentsOf: piece, at: Int.random(in: 0...scalars.count, using: &rng))
            case 2 where !scalars.isEmpty:
                let index = Int.random(in: 0..<scalars.count, using: &rng)
                scalars[index] = Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))
            default:
                if scalars.count > 2 {
                    let cut = Int.random(in: 0..<scalars.count, using: &rng)
                    scalars = Array(scalars[..<cut])
                }
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    static func random(_ rng: inout SplitMix64, pieces: Int = 8) -> String {
        (0..<Int.random(in: 0...pieces, using: &rng)).map { _ in fragments.randomElement(using: &rng)! }.joined()
    }

    private func lineCount(_ data: Data) -> Int { data.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) } }

    /// Lines as a reader that also breaks on CR or U+2028 may count them: the most there can be.
    private func lineCount(_ text: String) -> Int {
        let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029]
        return text.unicodeScalars.reduce(1) { $0 + (breaks.contains($1.value) ? 1 : 0) }
    }

    func testKnowledgeFilesReportEachBadLine() throws {
        var synthetic = SyntheticKnowledge(seed: 5)
        let jsonl = (1...6).map { synthetic.jsonLine(number: $0) }.joined(separator: "\n") + "\n"
        let csv = "id,department,category,question,answer,keywords,source,effective_from,effective_to\n"
            + "K1,如皋市税务局,发票,数电发票怎么领？,登录电子税务局申领。,发票、数电,国家税务总局公告,2024-01-01,\n"
            + "K2,如皋市税务局,社保,\"社保费，怎么缴\",\"按月缴纳\",社保|缴费,依据,2024-01-01,2025-12-31\n"
        let runs = fuzz(seed: 11) { rng, round in
            let csvRound = round % 2 == 1
            let text = Bool.random(using: &rng) ? Self.mutate(csvRound ? csv : jsonl, &rng) : Self.random(&rng)
            let data = Data(text.utf8)
            let outcome = KnowledgeFileReader.read(data: data, file: "fuzz", format: csvRound ? .csv : .jsonl, encoding: nil)
            for problem in outcome.problems {
                XCTAssertEqual(problem.file, "fuzz")
                XCTAssertTrue((0...lineCount(data) + 1).contains(problem.line), "line \(problem.line) of \(lineCount(data))")
                XCTAssertFalse(problem.reason.isEmpty)
            }
        }
        XCTAssertGreaterThan(runs, 50)
    }

    func testAFailedKnowledgeImportWritesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-fuzz-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try Setup.initialize(path: directory.appendingPathComponent("f.sqlite").path, seed: KnowledgeFixtures.seedDirectory,
                                         includeSamples: false, clock: .fixed(Date(timeIntervalSince1970: 1_790_000_000)),
                                         osUser: "fuzzadmin").0
        let base = KnowledgeBase(store: store)
        var synthetic = SyntheticKnowledge(seed: 9)
        let good = (1...4).map { synthetic.jsonLine(number: $0) }.joined(separator: "\n") + "\n"
        let file = directory.appendingPathComponent("in.jsonl")
        var rejected = 0
        var rng = SplitMix64(seed: 23)
        for _ in 0..<40 {
            let counts = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry") ?? 0 }
            try Self.mutate(good, &rng).write(to: file, atomically: true, encoding: .utf8)
            do {
                _ = try base.importFiles([file.path], actor: Actor(login: "fuzzadmin"))
            } catch let failure as ImportFailure {
                rejected += 1
                XCTAssertFalse(failure.problems.isEmpty)
                XCTAssertTrue(failure.problems.allSatisfy { $0.file == file.path && $0.line >= 0 })
                let after = try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry") ?? 0 }
                XCTAssertEqual(after, counts, "a rejected import wrote entries")
            } catch let failure as any HotlineFailure {
                rejected += 1
                XCTAssertFalse(failure.description.isEmpty)
            }
        }
        XCTAssertGreaterThan(rejected, 0)
    }

    func testSpecialistFormsReportEachBadLine() {
        let form = "单位（盖章）：如皋市税务局\n姓名,职务,联系电话,擅长领域\n张三,科长,13812345678,发票、社保\n李四,副科长,0513-87654321,退税\n"
        let runs = fuzz(seed: 13) { rng, _ in
            let text = Bool.random(using: &rng) ? Self.mutate(form, &rng) : Self.random(&rng)
            let outcome = SpecialistFormReader.read(data: Data(text.utf8), file: "form.csv", encoding: nil)
            for problem in outcome.problems {
                XCTAssertTrue((0...lineCount(text) + 1).contains(problem.line), "line \(problem.line) of \(lineCount(text))")
                XCTAssertFalse(problem.reason.isEmpty)
            }
        }
        XCTAssertGreaterThan(runs, 50)
    }

    func testHolidayFilesReportEachBadLine() throws {
        let seed = try String(contentsOf: KnowledgeFixtures.seedDirectory.appendingPathComponent("holidays.txt"), encoding: .utf8)
        let sample = String(seed.split(separator: "\n", omittingEmptySubsequences: false).prefix(30).joined(separator: "\n"))
        let runs = try fuzz(seed: 17) { rng, _ in
            let text = Bool.random(using: &rng) ? Self.mutate(sample, &rng) : Self.random(&rng)
            do {
                _ = try HolidayFile.parse(text, source: "holidays.txt")
            } catch let error as CalendarError {
                let lines = lineCount(text)
                for issue in error.issues {
                    XCTAssertTrue((0...lines + 1).contains(issue.line), "line \(issue.line) of \(lines)")
                    XCTAssertFalse(issue.reason.isEmpty)
                }
                XCTAssertFalse(error.description.isEmpty)
            }
        }
        XCTAssertGreaterThan(runs, 50)
    }

    func testValidatorsAndDatesNeverCrashAndAcceptOnlyWellFormedValues() throws {
        let runs = try fuzz(seed: 19) { rng, _ in
            let text = Bool.random(using: &rng) ? Self.mutate("13812345678", &rng) : Self.random(&rng, pieces: 3)
            if let phone = try? PhoneNumber.normalize(text) {
                XCTAssertTrue(phone.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }, phone)
                XCTAssertFalse(PhoneNumber.masked(phone).isEmpty)
            }
            let code = Bool.random(using: &rng) ? Self.mutate("91110000600037341L", &rng) : Self.random(&rng, pieces: 2)
            if let check = try? USCC.check(code) {
                XCTAssertEqual(check.normalized.count, 18)
            }
            let instant = Bool.random(using: &rng) ? Self.mutate("2026-11-23T10:00:00+08:00", &rng) : Self.random(&rng, pieces: 3)
            if let date = try? ShanghaiTime.parse(instant) {
                XCTAssertNoThrow(try ShanghaiTime.parse(ShanghaiTime.format(date)), "what we print we read back")
            }
        }
        XCTAssertGreaterThan(runs, 100)
    }

    func testOversizedFieldsAreRefusedWithTheirLimit() throws {
        let long = String(repeating: "长", count: 10_001)
        XCTAssertThrowsError(try OrderLimits.text(long, field: "--content 内容", limit: OrderLimits.content)) { error in
            XCTAssertEqual("\(error)", "--content 内容: 超过 10000 字（现为 10001 字）")
        }
        XCTAssertNoThrow(try OrderLimits.text(String(long.dropFirst()), field: "--content 内容", limit: OrderLimits.content))
    }

    func testTheSanitiserNeutralisesEveryEscapePayload() {
        let payloads = [
            "\u{1B}]52;c;ZWNobyBoaQ==\u{07}", "\u{1B}]52;c;ZWNobyBoaQ==\u{1B}\\", "\u{1B}]8;;https://evil.example/\u{1B}\\点我\u{1B}]8;;\u{1B}\\",
            "\u{1B}[6n", "\u{9B}6n", "\u{9B}31m", "\u{9D}52;c;x\u{9C}", "abc\u{202E}fed", "\u{2066}x\u{2069}", "\u{200F}", "\u{061C}",
            "\u{1B}P+q\u{1B}\\", "\u{7F}", "\u{2028}",
        ]
        for payload in payloads { assertHarmless(TextSafety.visible(payload), from: payload) }
        let runs = fuzz(seed: 29) { rng, _ in
            var text = Self.random(&rng, pieces: 6)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                text.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: 0...0x9F, using: &rng)) ?? "x")
            }
            let cleaned = TextSafety.visible(text)
            assertHarmless(cleaned, from: text)
            XCTAssertEqual(TextSafety.visible(cleaned), cleaned, "sanitising twice changes nothing")
        }
        XCTAssertGreaterThan(runs, 100)
    }

    private func assertHarmless(_ cleaned: String, from original: String, file: StaticString = #filePath, line: UInt = #line) {
        for scalar in cleaned.unicodeScalars {
            let bad: Bool
            switch scalar.value {
            case 0x00..<0x20, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x2028, 0x2029:
                bad = true
            default:
                bad = false
            }
            let value = scalar.value
            XCTAssertFalse(bad, "U+\(String(value, radix: 16)) survived in \(original.debugDescription)", file: file, line: line)
        }
    }
}
