import XCTest
@testable import DeskUI

final class TextFieldTests: XCTestCase {
    func testEditsByGrapheme() {
        var field = TextField()
        field.insert("社保👍🏽e\u{301}")
        XCTAssertEqual(field.cursor, 4)
        field.apply(.backspace)
        XCTAssertEqual(field.text, "社保👍🏽")
        field.apply(.left)
        field.apply(.backspace)
        XCTAssertEqual(field.text, "社👍🏽")
        field.apply(.home)
        field.apply(.delete)
        XCTAssertEqual(field.text, "👍🏽")
        field.apply(.character("个"))
        XCTAssertEqual(field.text, "个👍🏽")
    }

    func testLimitsAndControlCharacters() {
        var field = TextField(maxLength: 4)
        field.insert("a\u{1B}[31mb")
        XCTAssertEqual(field.text, "a[31", "ESC dropped, the rest cut at the limit")
        var lines = TextField(maxLength: 100, multiline: true)
        lines.insert("一\n二")
        lines.apply(.enter)
        XCTAssertEqual(lines.text, "一\n二\n")
        var single = TextField()
        single.insert("一\n二")
        XCTAssertEqual(single.text, "一二")
    }

    /// Up and down in a multi-line answer keep the display column: a Chinese character is
    /// two columns, so column 4 is after two of them or four ASCII letters.
    func testUpAndDownMoveBetweenLinesKeepingTheColumn() {
        var answer = TextField(maxLength: 200, multiline: true)
        answer.insert("abcdef\n社保卡\nxy")
        XCTAssertEqual(answer.cursor, 13)
        XCTAssertTrue(answer.apply(.up))
        XCTAssertEqual(answer.cursor, 8, "column 2 of 社保卡: after 社")
        answer.apply(.right)
        answer.apply(.up)
        XCTAssertEqual(answer.cursor, 4, "column 4 of abcdef: after abcd")
        answer.apply(.up)
        XCTAssertEqual(answer.cursor, 0, "up from the first line goes to its start")
        answer.apply(.end)
        answer.apply(.down)
        XCTAssertEqual(answer.cursor, 10, "a shorter line ends the move at its end")
        answer.apply(.down)
        XCTAssertEqual(answer.cursor, 13, "the last line, at its end")
        answer.apply(.down)
        XCTAssertEqual(answer.cursor, 13)
        answer.apply(.character("!"))
        XCTAssertEqual(answer.text, "abcdef\n社保卡\nxy!")

        var single = TextField("abc")
        XCTAssertFalse(single.apply(.up), "a one-line field leaves Up to the screen")
    }

    func testWindowKeepsTheCursorInView() {
        var field = TextField()
        field.insert("统一社会信用代码是十八位")
        let (text, cursor) = field.window(columns: 10)
        XCTAssertLessThanOrEqual(DisplayWidth.of(text), 10)
        XCTAssertLessThanOrEqual(cursor, 9)
        XCTAssertTrue(text.hasSuffix("十八位"))
    }
}
