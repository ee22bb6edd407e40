import Foundation
import XCTest
@testable import DeskUI
@testable import HotlineCore

/// Keymap files are written by people (issue 7, "Bad input"): random and mutated keymap
/// text, for about two seconds with a fixed seed, never crashes or hangs
/// `Keymap.parse(_:source:)`; a bad file throws `KeymapError` whose every problem names
/// the file and a line it has, in a line that is safe to print on a terminal.
final class KeymapFuzzTests: XCTestCase {
    static let budget: TimeInterval = 2
    static let maxIterations = 20_000

    static let fragments = [
        "[", "]", "[global]", "[search]", "[queue]", "[nope]", "=", ":", " = ", " : ", "#", "\n", "\r\n", "\r", "\t", "\u{2028}",
        "<", ">", "<F3>", "<F99>", "<C-", "<C-x>", "<M-", "<M-a>", "<S-Tab>", "<Enter>", "<Hash>", "<>", "<<>>", "none",
        "search", "hepl", "quit", "back", "a", "Z", "长", "🀄", "\u{FEFF}", "\u{0}", "\u{1B}[6n", "\u{1B}]52;c;aGk=\u{07}",
        "\u{9B}31m", "\u{202E}", "\u{2066}", "\u{200F}", "\u{7F}", String(repeating: "<C-", count: 200),
        String(repeating: "说明", count: 5_000),
    ]

    static func mutate(_ text: String, _ rng: inout SplitMix64) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !scalars.isEmpty:
                scalars.remove(at: Int.random(in: 0..<scalars.count, using: &rng))
            case 1:
                let piece = Array(fragments.randomElement(using: &rng)!.unicodeScalars)
                scalars.insert(contentsOf: piece, at: Int.random(in: 0...scalars.count, using: &rng))
            case 2 where !scalars.isEmpty:
                scalars[Int.random(in: 0..<scalars.count, using: &rng)] = Unicode.Scalar(UInt8.random(in: 0...127, using: &rng))
            case 3 where scalars.count > 2:
                // A line repeated: duplicate bindings.
                let start = Int.random(in: 0..<scalars.count, using: &rng)
                let end = min(scalars.count, start + Int.random(in: 1...80, using: &rng))
                scalars.insert(contentsOf: scalars[start..<end], at: Int.random(in: 0...scalars.count, using: &rng))
            default:
                if scalars.count > 2 { scalars = Array(scalars[..<Int.random(in: 0..<scalars.count, using: &rng)]) }
            }
        }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars)
        return String(out)
    }

    static func random(_ rng: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...16, using: &rng)).map { _ in fragments.randomElement(using: &rng)! }.joined()
    }

    /// Lines as the parser counts them (Character.isNewline), the most there can be.
    private func lineCount(_ text: String) -> Int {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
    }

    private func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x2028, 0x2029: true
        default: false
        }
    }

    func testRandomAndMutatedKeymapsAreRejectedLineByLineNeverCrash() {
        let samples = [BuiltinKeymapText.defaultKeymap, BuiltinKeymapText.compactKeymap,
                       "[global]\n<F3> = search : 知识库检索\n<Esc> = back : 返回\n[search]\n<C-f> = find-specialist : 找专员\n"]
        var rng = SplitMix64(seed: 41)
        let end = Date().addingTimeInterval(Self.budget)
        var runs = 0, rejected = 0, accepted = 0
        while runs < Self.maxIterations && Date() < end {
            defer { runs += 1 }
            let text = Bool.random(using: &rng) ? Self.mutate(samples.randomElement(using: &rng)!, &rng) : Self.random(&rng)
            do {
                let keymap = try Keymap.parse(text, source: "fuzz.keymap")
                accepted += 1
                for context in DeskContext.allCases {
                    for binding in keymap.bindings(in: context) {
                        XCTAssertFalse(binding.description.unicodeScalars.contains(where: isUnsafe),
                                       "an unsafe description was accepted: \(binding.description.debugDescription)")
                    }
                }
            } catch {
                rejected += 1
                XCTAssertFalse(error.problems.isEmpty)
                let lines = lineCount(text)
                for problem in error.problems {
                    XCTAssertEqual(problem.source, "fuzz.keymap")
                    if let line = problem.line {
                        XCTAssertTrue((1...max(1, lines)).contains(line), "line \(line) of \(lines) in \(text.debugDescription)")
                        XCTAssertTrue(problem.description.hasPrefix("fuzz.keymap:\(line): "), problem.description)
                    }
                    XCTAssertFalse(problem.message.isEmpty)
                    XCTAssertFalse(problem.description.unicodeScalars.contains(where: isUnsafe), problem.description.debugDescription)
                }
                XCTAssertEqual(error.lines.count, error.problems.count)
            }
        }
        XCTAssertGreaterThan(runs, 100)
        XCTAssertGreaterThan(rejected, 0)
        XCTAssertGreaterThan(accepted, 0, "some mutations leave a valid keymap")
    }
}
