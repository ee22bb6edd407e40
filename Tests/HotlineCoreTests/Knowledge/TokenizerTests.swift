import Foundation
import XCTest
@testable import HotlineCore

/// The tokenizer behind the index and query analysis (HanTextTokenizer) and the
/// terminal-safety filter for text from outside (TextSafety).
final class TokenizerTests: XCTestCase {
    private typealias T = HanTextTokenizer

    private struct Simple: Equatable, CustomStringConvertible {
        var text: String
        var kind: HanTextTokenizer.TokenKind
        var start: Int
        var end: Int
        var colocated: Bool
        init(_ text: String, _ kind: HanTextTokenizer.TokenKind, _ start: Int, _ end: Int, _ colocated: Bool = false) {
            self.text = text; self.kind = kind; self.start = start; self.end = end; self.colocated = colocated
        }
        var description: String { "\(text)[\(start)..<\(end)]\(colocated ? "+" : "") \(kind)" }
    }

    private func simple(_ text: String, _ mode: HanTextTokenizer.Mode) -> [Simple] {
        T.tokens(text, mode: mode).map { Simple($0.text, $0.kind, $0.startByte, $0.endByte, $0.colocated) }
    }

    private func texts(_ text: String, _ mode: HanTextTokenizer.Mode) -> [String] {
        T.tokens(text, mode: mode).map(\.text)
    }

    // MARK: Han runs

    func testDocumentModeHanRunGivesBigramsAndTheLastCharacter() {
        // Each Han character is 3 bytes of UTF-8; every character starts exactly one
        // token, so a one-character prefix query counts each occurrence once.
        XCTAssertEqual(simple("社保费", .document), [
            Simple("社保", .hanBigram, 0, 6),
            Simple("保费", .hanBigram, 3, 9),
            Simple("费", .hanUnigram, 6, 9),
        ])
        XCTAssertFalse(T.tokens("住房公积金", mode: .document).contains { $0.colocated })
    }

    func testDocumentModeTwoCharacters() {
        XCTAssertEqual(simple("社保", .document), [
            Simple("社保", .hanBigram, 0, 6),
            Simple("保", .hanUnigram, 3, 6),
        ])
    }

    func testSingleCharacterIsAUnigramInBothModes() {
        XCTAssertEqual(simple("税", .document), [Simple("税", .hanUnigram, 0, 3)])
        XCTAssertEqual(simple("税", .query), [Simple("税", .hanUnigram, 0, 3)])
    }

    func testQueryModeGivesBigramsOnly() {
        XCTAssertEqual(simple("社保费", .query), [
            Simple("社保", .hanBigram, 0, 6),
            Simple("保费", .hanBigram, 3, 9),
        ])
        XCTAssertEqual(texts("社保", .query), ["社保"])
        XCTAssertEqual(texts("住房公积金", .query), ["住房", "房公", "公积", "积金"])
        XCTAssertFalse(T.tokens("住房公积金", mode: .query).contains { $0.kind == .hanUnigram || $0.colocated })
    }

    func testByteOffsetsPointIntoTheOriginalTextAfterOtherContent() {
        // "ab " is 3 bytes, so 社保 starts at byte 3.
        let tokens = simple("ab 社保", .document)
        XCTAssertEqual(tokens, [
            Simple("ab", .word, 0, 2),
            Simple("社保", .hanBigram, 3, 9),
            Simple("保", .hanUnigram, 6, 9),
        ])
        // The offsets cut the original text at those exact characters.
        let original = Array("ab 社保".utf8)
        for token in T.tokens("ab 社保", mode: .document) {
            XCTAssertEqual(String(decoding: original[token.startByte..<token.endByte], as: UTF8.self), token.text)
        }
    }

    func testFourByteHanCharacters() {
        // U+20000 (CJK Extension B) is 4 bytes of UTF-8 and counts as Han.
        let text = "\u{20000}\u{20001}"
        XCTAssertEqual(simple(text, .document), [
            Simple(text, .hanBigram, 0, 8),
            Simple("\u{20001}", .hanUnigram, 4, 8),
        ])
    }

    // MARK: Words and numbers

    func testASCIIWordsAreLowercasedSingleTokens() {
        XCTAssertEqual(simple("Hello WORLD", .document), [
            Simple("hello", .word, 0, 5),
            Simple("world", .word, 6, 11),
        ])
        XCTAssertEqual(texts("ETC", .query), ["etc"])
    }

    func testDigitRunsAndDecimals() {
        XCTAssertEqual(texts("12345", .query), ["12345"])
        XCTAssertEqual(simple("0.5个工作日", .query), [
            Simple("0.5", .word, 0, 3),
            Simple("个工", .hanBigram, 3, 9),
            Simple("工作", .hanBigram, 6, 12),
            Simple("作日", .hanBigram, 9, 15),
        ])
        // A full stop after a number, or a dot between words, is not a decimal point.
        XCTAssertEqual(texts("共3.", .query), ["共", "3"])
        XCTAssertEqual(texts("a.b", .query), ["a", "b"])
        XCTAssertEqual(texts("3.5%", .query), ["3.5"])
    }

    func testMixedDigitsLettersAndHan() {
        XCTAssertEqual(simple("3C认证", .document), [
            Simple("3c", .word, 0, 2),
            Simple("认证", .hanBigram, 2, 8),
            Simple("证", .hanUnigram, 5, 8),
        ])
        XCTAssertEqual(texts("2024年度", .query), ["2024", "年度"])
        XCTAssertEqual(texts("2024年度", .document), ["2024", "年度", "度"])
        XCTAssertEqual(texts("D级信用", .query), ["d", "级信", "信用"])
        XCTAssertEqual(texts("N+1赔偿", .query), ["n", "1", "赔偿"])
    }

    // MARK: Normalisation

    func testFullWidthDigitsAndLettersAreFoldedByNFKC() {
        // Full-width characters are 3 bytes each; offsets keep pointing at them.
        XCTAssertEqual(simple("３Ｃ认证", .query), [
            Simple("3c", .word, 0, 6),
            Simple("认证", .hanBigram, 6, 12),
        ])
        XCTAssertEqual(texts("ＡＢＣ ｄｅｆ", .query), ["abc", "def"])
        XCTAssertEqual(texts("ＥＴＣ货车", .query), ["etc", "货车"])
        XCTAssertEqual(texts("２０２４年", .query), ["2024", "年"])
        // NFKC beyond full-width forms: a ligature, a circled digit, a compatibility ideograph.
        XCTAssertEqual(texts("ﬁle", .query), ["file"])
        XCTAssertEqual(texts("①", .query), ["1"])
        XCTAssertEqual(texts("\u{F900}", .query), ["\u{8C48}"])
        XCTAssertEqual(texts("ÄRGER", .query), ["ärger"])
    }

    func testPunctuationSplitsRuns() {
        XCTAssertEqual(texts("社保，公积金", .query), ["社保", "公积", "积金"])
        XCTAssertEqual(texts("社保、医保", .query), ["社保", "医保"])
        XCTAssertEqual(texts("社保 医保", .query), ["社保", "医保"])
        XCTAssertEqual(texts("《增值税法》", .query), ["增值", "值税", "税法"])
        XCTAssertEqual(texts("abc-def", .query), ["abc", "def"])
        // No bigram spans the comma.
        XCTAssertFalse(texts("社保，公积金", .document).contains("保公"))
        XCTAssertEqual(T.tokens("，。！？……", mode: .document), [])
        XCTAssertEqual(T.tokens("", mode: .query), [])
    }

    func testLongWordsAreCut() {
        let long = String(repeating: "a", count: 200)
        let tokens = T.tokens(long, mode: .query)
        XCTAssertEqual(tokens.count, 1)
        XCTAssertEqual(tokens[0].text.utf8.count, HanTextTokenizer.maximumWordBytes)
        XCTAssertEqual(tokens[0].startByte, 0)
        XCTAssertEqual(tokens[0].endByte, 200)
    }

    // MARK: Raw bytes

    private func scanned(_ bytes: [UInt8], mode: HanTextTokenizer.Mode = .document) -> [Simple] {
        var result: [Simple] = []
        bytes.withUnsafeBufferPointer { buffer in
            HanTextTokenizer.scan(buffer, mode: mode) { token, kind, start, end, colocated in
                result.append(Simple(String(decoding: token, as: UTF8.self), kind, start, end, colocated))
                return true
            }
        }
        return result
    }

    func testInvalidUTF8ThroughScanIsASeparatorAndDoesNotCrash() {
        let she = Array("社".utf8), bao = Array("保".utf8)
        // A stray 0xFF between two characters separates them.
        XCTAssertEqual(scanned(she + [0xFF] + bao), [
            Simple("社", .hanUnigram, 0, 3),
            Simple("保", .hanUnigram, 4, 7),
        ])
        // Truncated sequence at the end, lone continuation bytes, an overlong encoding,
        // an encoded surrogate, a 5-byte lead: none of them crash or produce tokens.
        XCTAssertEqual(scanned([0xE7, 0xA4]), [])
        XCTAssertEqual(scanned([0x80, 0x80, 0xBF]), [])
        XCTAssertEqual(scanned([0xC0, 0x80]), [])
        XCTAssertEqual(scanned([0xED, 0xA0, 0x80]), [])
        XCTAssertEqual(scanned([0xF8, 0x88, 0x80, 0x80, 0x80]), [])
        XCTAssertEqual(scanned(Array("ab".utf8) + [0xE7] + Array("cd".utf8)), [
            Simple("ab", .word, 0, 2),
            Simple("cd", .word, 3, 5),
        ])
        // Every byte value in every position: no crash, and offsets stay in bounds.
        var bytes: [UInt8] = []
        for value in 0...255 { bytes.append(UInt8(value)); bytes.append(contentsOf: she) }
        for token in scanned(bytes) + scanned(bytes, mode: .query) {
            XCTAssertTrue(token.start >= 0 && token.start < token.end && token.end <= bytes.count, "\(token)")
        }
        XCTAssertEqual(scanned([]), [])
    }

    func testScanStopsWhenEmitReturnsFalse() {
        var seen: [String] = []
        Array("社保 医保 公积金".utf8).withUnsafeBufferPointer { buffer in
            HanTextTokenizer.scan(buffer, mode: .query) { token, _, _, _, _ in
                seen.append(String(decoding: token, as: UTF8.self))
                return seen.count < 2
            }
        }
        XCTAssertEqual(seen, ["社保", "医保"])
    }

    // MARK: runs() and normalized()

    func testRuns() {
        XCTAssertEqual(T.runs("办理3C认证，ＡＢＣ公司 0.5天"), [
            .init(text: "办理", isHan: true),
            .init(text: "3c", isHan: false),
            .init(text: "认证", isHan: true),
            .init(text: "abc", isHan: false),
            .init(text: "公司", isHan: true),
            .init(text: "0.5", isHan: false),
            .init(text: "天", isHan: true),
        ])
        XCTAssertEqual(T.runs("？！"), [])
    }

    func testNormalized() {
        XCTAssertEqual(T.normalized("社保，Ｈｅｌｌｏ  World！"), "社保 hello world")
        XCTAssertEqual(T.normalized("社保怎么缴纳？"), T.normalized("社保怎么缴纳?"))
        XCTAssertEqual(T.normalized("  "), "")
    }

    // MARK: TextSafety

    private func assertHarmless(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let control = v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)
            let bidi = (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
            XCTAssertFalse(control || bidi, "U+\(String(v, radix: 16)) survived in \(text.debugDescription)", file: file, line: line)
        }
    }

    func testVisibleNeutralisesEscape() {
        let out = TextSafety.visible("\u{1B}[31m红色")
        XCTAssertEqual(out, "␛[31m红色")
        assertHarmless(out)
    }

    func testVisibleNeutralisesOSC52ClipboardWrite() {
        let out = TextSafety.visible("答复\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}结束")
        XCTAssertEqual(out, "答复␛]52;c;ZWNobyBwd25lZA==␇结束")
        assertHarmless(out)
    }

    func testVisibleNeutralisesCSI6nDeviceStatusReport() {
        let out = TextSafety.visible("\u{1B}[6n")
        XCTAssertEqual(out, "␛[6n")
        assertHarmless(out)
    }

    func testVisibleNeutralisesEightBitC1CSI() {
        let out = TextSafety.visible("a\u{9B}6nb")
        XCTAssertEqual(out, "a<U+009B>6nb")
        assertHarmless(out)
    }

    func testVisibleNeutralisesBidiOverride() {
        let out = TextSafety.visible("invoice\u{202E}fdp.exe")
        XCTAssertEqual(out, "invoice<U+202E>fdp.exe")
        assertHarmless(out)
        assertHarmless(TextSafety.visible("\u{2066}x\u{2069}\u{200F}\u{061C}"))
    }

    func testVisibleLineBreaksAndPlainText() {
        XCTAssertEqual(TextSafety.visible("一\n二\t三"), "一␤二 三")
        XCTAssertEqual(TextSafety.visible("一\n二\t三", keepLineBreaks: true), "一\n二\t三")
        XCTAssertEqual(TextSafety.visible("一\r\n二", keepLineBreaks: true), "一␍\n二")
        XCTAssertEqual(TextSafety.visible("\u{7F}\u{00}"), "␡␀")
        let plain = "如皋市税务局：增值税 3% → 1%（２０２４年）"
        XCTAssertEqual(TextSafety.visible(plain), plain)
        XCTAssertFalse(TextSafety.needsCleaning(plain))
        XCTAssertTrue(TextSafety.needsCleaning("\u{1B}"))
    }
}
