import XCTest
@testable import HotlineCore

final class CallsPhoneNumberTests: XCTestCase {
    private func assertNormal(_ input: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let actual: String
        do { actual = try PhoneNumber.normalize(input) } catch { actual = "error: \(error.description)" }
        XCTAssertEqual(actual, expected, input, file: file, line: line)
    }

    private func reason(_ input: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let value = try PhoneNumber.normalize(input)
            XCTFail("\(input) should be refused, got \(value)", file: file, line: line)
            return ""
        } catch {
            XCTAssertEqual(error.exitCode, .badData, file: file, line: line)
            return error.description
        }
    }

    func testMobiles() {
        for input in ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
                      "0086-13812345678", "8613812345678", "(+86)138.1234.5678", " 13812345678\n"] {
            assertNormal(input, "13812345678")
        }
        assertNormal("19912345678", "19912345678")
    }

    func testFullWidthDigitsAndPunctuation() {
        assertNormal("１３８１２３４５６７８", "13812345678")
        assertNormal("＋８６　１３８－１２３４－５６７８", "13812345678")
        assertNormal("（０５１３）８０００１００１", "0513-80001001")
        assertNormal("０５１３－８０００１００１转１２３", "0513-80001001-123")
    }

    func testLandlines() {
        for input in ["0513-80001001", "051380001001", "(0513)80001001", "0513 8000 1001", "0513-8000-1001",
                      "+86 513 80001001", "0086 513 8000 1001"] {
            assertNormal(input, "0513-80001001")
        }
        assertNormal("010-62345678", "010-62345678")
        assertNormal("01062345678", "010-62345678")
        assertNormal("021 6123 4567", "021-61234567")
        assertNormal("0513-8000100", "0513-8000100")
    }

    func testExtensions() {
        for input in ["0513-80001001转123", "0513-80001001 转 123", "0513-80001001 ext 123", "0513-80001001 EXT.123",
                      "0513-80001001#123", "0513-80001001-123", "051380001001-123", "0513-80001001 分机123",
                      "0513-80001001x123"] {
            assertNormal(input, "0513-80001001-123")
        }
        assertNormal("010-62345678-9", "010-62345678-9")
    }

    func testNationalServiceNumbers() {
        assertNormal("400-123-4567", "4001234567")
        assertNormal("4001234567", "4001234567")
        assertNormal("800 123 4567", "8001234567")
        assertNormal("400-123-4567转2", "4001234567-2")
        XCTAssertEqual(try PhoneNumber.parse("400-123-4567").kind, .nationalService)
        XCTAssertEqual(try PhoneNumber.parse("0513-80001001转8").kind, .landline)
        XCTAssertEqual(try PhoneNumber.parse("0513-80001001转8").extensionDigits, "8")
        XCTAssertEqual(try PhoneNumber.parse("13812345678").kind, .mobile)
    }

    func testRefusals() {
        XCTAssertThrowsError(try PhoneNumber.normalize("  ")) { XCTAssertEqual($0 as? IntakeError, .phoneEmpty) }
        XCTAssertTrue(reason("1381234567").contains("11 位，实际 10 位"))
        XCTAssertTrue(reason("138123456789").contains("11 位，实际 12 位"))
        XCTAssertTrue(reason("12812345678").contains("第 2 位应为 3–9"))
        XCTAssertTrue(reason("80001001").contains("须带区号，如 0513-80001001"))
        XCTAssertTrue(reason("0513-1234567").contains("不能以 1 开头"))
        XCTAssertTrue(reason("0513-800010011").contains("7 或 8 位，实际 9 位"))
        XCTAssertTrue(reason("019-12345678").contains("区号无效"))
        XCTAssertTrue(reason("+1 415 555 0100").contains("+86"))
        XCTAssertTrue(reason("138abc45678").contains("第 4 个字符“a”"))
        XCTAssertTrue(reason("13812345678转1").contains("手机号不能带分机号"))
        XCTAssertTrue(reason("0513-80001001转abc").contains("分机号"))
        XCTAssertTrue(reason("0513-80001001转").contains("分机号为空"))
        XCTAssertTrue(reason("400123456").contains("10 位，实际 9 位"))
        XCTAssertTrue(reason("12345").contains("只有 5 位"))
        // The message quotes what was typed, made safe for the terminal.
        XCTAssertTrue(reason("138\u{1B}[2J").contains("␛"))
    }

    func testMasking() {
        XCTAssertEqual(PhoneNumber.masked("13812345678"), "138****5678")
        XCTAssertEqual(PhoneNumber.masked("0513-80001001"), "0513-****1001")
        XCTAssertEqual(PhoneNumber.masked("0513-80001001-123"), "0513-****1001")
        XCTAssertEqual(PhoneNumber.masked("4001234567"), "400***4567")
    }
}
