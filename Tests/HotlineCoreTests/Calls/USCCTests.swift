import XCTest
@testable import HotlineCore

final class CallsUSCCTests: XCTestCase {
    func testWeightsArePowersOfThreeModulo31() {
        var power = 1
        for weight in USCC.weights {
            XCTAssertEqual(weight, power)
            power = power * 3 % 31
        }
        XCTAssertEqual(USCC.alphabet.count, 31)
        XCTAssertTrue(USCC.alphabet.allSatisfy { !"IOSVZ".contains($0) })
    }

    func testPublishedExampleFromTheSpec() throws {
        // DESIGN.md: Σ = 538, 538 mod 31 = 11, 31 − 11 = 20 → L.
        let check = try USCC.check("91110000600037341L")
        XCTAssertEqual(check.normalized, "91110000600037341L")
        XCTAssertTrue(check.checkCharacterValid)
        XCTAssertEqual(check.expectedCheckCharacter, "L")
    }

    func testComputedCodesAndEverySingleCharacterChangeBreaksThem() throws {
        // Rugao (320682) enterprises, check characters computed here; the first by hand:
        // 9·1 + 1·3 + 3·9 + 2·27 + 0·19 + 6·26 + 8·16 + 2·17 + 21(M)·20 + 10(A)·29 + 1·25
        // + 27(U)·13 + 1·8 + 2·24 + 3·10 + 4·30 + 5·28 = 1843; 1843 mod 31 = 14; 31 − 14 = 17 → H.
        XCTAssertEqual(USCC.checkCharacter(for: "91320682MA1U12345"), "H")
        for first17 in ["91320682MA1U12345", "92320682MA1NLQ7X0", "93320682000000000", "11320682014123456"] {
            guard let character = USCC.checkCharacter(for: first17) else { return XCTFail(first17) }
            let code = first17 + String(character)
            XCTAssertTrue(try USCC.check(code).checkCharacterValid, code)
            for position in 0..<18 {
                var characters = Array(code)
                let value = USCC.alphabet.firstIndex(of: characters[position])!
                // Keep positions 3–8 digits so the format stays valid.
                let modulus = (2...7).contains(position) ? 10 : 31
                characters[position] = USCC.alphabet[(value + 1) % modulus]
                let changed = String(characters)
                let check = try USCC.check(changed)
                XCTAssertFalse(check.checkCharacterValid, "\(changed) (position \(position + 1) changed) should fail")
                if position == 17 { XCTAssertEqual(check.expectedCheckCharacter, character) }
            }
        }
    }

    func testBadCheckCharacterIsReportedNotThrown() throws {
        // 91320000134794006B circulates as an example; its check character by GB 32100 is H.
        let check = try USCC.check("91320000134794006B")
        XCTAssertFalse(check.checkCharacterValid)
        XCTAssertEqual(check.expectedCheckCharacter, "H")
        XCTAssertEqual(check.actualCheckCharacter, "B")
        XCTAssertEqual(check.normalized, "91320000134794006B")
    }

    func testLowercaseFullWidthAndSpacesAreNormalised() throws {
        XCTAssertEqual(try USCC.check("91110000600037341l").normalized, "91110000600037341L")
        XCTAssertTrue(try USCC.check("91110000600037341l").checkCharacterValid)
        let fullWidth = try USCC.check("９１１１００００６０００３７３４１Ｌ")
        XCTAssertEqual(fullWidth.normalized, "91110000600037341L")
        XCTAssertTrue(fullWidth.checkCharacterValid)
        XCTAssertEqual(try USCC.check(" 9111 0000 6000 3734 1L ").normalized, "91110000600037341L")
    }

    private func message(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            let check = try USCC.check(text)
            XCTFail("\(text) should be refused, got \(check)", file: file, line: line)
            return ""
        } catch {
            XCTAssertEqual(error.exitCode, .badData, file: file, line: line)
            return error.description
        }
    }

    func testWrongLengthAndIllegalCharactersNameThePosition() {
        XCTAssertTrue(message("91110000600037341").contains("应为 18 位，实际 17 位"))
        XCTAssertTrue(message("91110000600037341LL").contains("应为 18 位，实际 19 位"))
        XCTAssertTrue(message("911100006000O7341L").contains("第 13 位“O”"))
        XCTAssertTrue(message("911100006000I7341L").contains("1、0、5、U、2"))
        XCTAssertTrue(message("9111000060003734-L?").contains("第 18 位“?”"), "dashes are dropped before counting")
        XCTAssertTrue(message("911A0000600037341L").contains("第 4 位“A”应为数字"))
        XCTAssertThrowsError(try USCC.check("")) { XCTAssertEqual($0 as? IntakeError, .usccEmpty) }
    }
}
