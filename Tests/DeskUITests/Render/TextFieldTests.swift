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

    func testWindowKeepsTheCursorInView() {
        var field = TextField()
        field.insert("统一社会信用代码是十八位")
        let (text, cursor) = field.window(columns: 10)
        XCTAssertLessThanOrEqual(DisplayWidth.of(text), 10)
        XCTAssertLessThanOrEqual(cursor, 9)
        XCTAssertTrue(text.hasSuffix("十八位"))
    }
}
