import XCTest
@testable import DeskUI

final class KeyNameTests: XCTestCase {
    func testEveryKindOfKeyReadsBackFromItsName() {
        var keys: [Key] = [
            .enter, .escape, .tab, .backTab, .backspace, .delete, .insert,
            .up, .down, .left, .right, .home, .end, .pageUp, .pageDown,
            .character("/"), .character("?"), .character("q"), .character("Q"), .character("#"),
            .character(" "), .character("<"), .character("="), .character("查"),
            .alt("1"), .alt("x"), .alt("X"), .alt(" "), .control("e"), .control("a"),
        ]
        keys += (1...12).map { Key.function($0) }
        for key in keys {
            XCTAssertEqual(Key(name: key.name), key, "round trip of \(key.name)")
        }
    }

    func testCanonicalNamesAreTheOnesTheHelpScreenShows() {
        XCTAssertEqual(Key.function(3).name, "<F3>")
        XCTAssertEqual(Key.control("e").name, "<C-e>")
        XCTAssertEqual(Key.alt("1").name, "<M-1>")
        XCTAssertEqual(Key.backTab.name, "<S-Tab>")
        XCTAssertEqual(Key.pageDown.name, "<PgDn>")
        XCTAssertEqual(Key.pageUp.name, "<PgUp>")
        XCTAssertEqual(Key.delete.name, "<Del>")
        XCTAssertEqual(Key.escape.name, "<Esc>")
        XCTAssertEqual(Key.character(" ").name, "<Space>")
        XCTAssertEqual(Key.character("/").name, "/")
        XCTAssertEqual(Key.alt(" ").name, "<M-Space>")
    }

    func testBracketWordsAreReadInAnyCase() {
        XCTAssertEqual(Key(name: "<c-E>"), .control("e"))
        XCTAssertEqual(Key(name: "<C-E>"), .control("e"))
        XCTAssertEqual(Key(name: "<f1>"), .function(1))
        XCTAssertEqual(Key(name: "<ENTER>"), .enter)
        XCTAssertEqual(Key(name: "<pgdn>"), .pageDown)
        XCTAssertEqual(Key(name: "<PageUp>"), .pageUp)
        XCTAssertEqual(Key(name: "<s-tab>"), .backTab)
        XCTAssertEqual(Key(name: "<escape>"), .escape)
        XCTAssertEqual(Key(name: "<m-1>"), .alt("1"))
        XCTAssertEqual(Key(name: "<A-1>"), .alt("1"))
        XCTAssertEqual(Key(name: "<hash>"), .character("#"))
    }

    func testAltKeepsTheCaseOfItsCharacter() {
        // A terminal sends ESC x and ESC X: two different keys.
        XCTAssertEqual(Key(name: "<M-x>"), .alt("x"))
        XCTAssertEqual(Key(name: "<M-X>"), .alt("X"))
    }

    func testCtrlSpellingsOfNamedKeysBecomeTheNamedKey() {
        XCTAssertEqual(Key(name: "<C-i>"), .tab)
        XCTAssertEqual(Key(name: "<C-m>"), .enter)
        XCTAssertEqual(Key(name: "<C-J>"), .enter)
    }

    func testUnknownNamesAreRefusedNotGuessed() {
        for name in ["<F0>", "<F13>", "<F01>", "<F+1>", "<Foo>", "<C-1>", "<C-Enter>", "<C-M-x>", "<M-Enter>", "<S-a>",
                     "F1", "Enter", "qq", "", " ", "<>", "<F1", "\u{1B}"] {
            XCTAssertNil(Key(name: name), "\(name) should not name a key")
        }
    }

    func testRefusalsSayWhatToWriteInstead() throws {
        XCTAssertTrue(message("F1").contains("<F1>"))
        XCTAssertTrue(message("<F13>").contains("<F1>…<F12>"))
        XCTAssertTrue(message("<S-a>").contains("<S-Tab>"))
        XCTAssertTrue(message("<C-1>").contains("Ctrl"))
        XCTAssertTrue(message(" ").contains("<Space>"))
    }

    private func message(_ name: String) -> String {
        guard case .failure(let problem) = KeyName.parse(name) else { return "parsed" }
        return problem.message
    }
}
