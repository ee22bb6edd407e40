import XCTest
@testable import DeskUI

final class ScreenBufferTests: XCTestCase {
    func testWidths() {
        XCTAssertEqual(DisplayWidth.of("社保"), 4)
        XCTAssertEqual(DisplayWidth.of("ab"), 2)
        XCTAssertEqual(DisplayWidth.of("ＡＢ"), 4, "full-width Latin")
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1, "a combining accent adds nothing")
        XCTAssertEqual(DisplayWidth.of("👍🏽"), 2, "emoji with a skin tone is one wide glyph")
        XCTAssertEqual(DisplayWidth.of("，。"), 4)
    }

    func testFitNeverSplitsAWideCharacterAndKeepsAColumnForTheEllipsis() {
        XCTAssertEqual(ColumnText.fit("社会保险费", columns: 10), "社会保险费")
        XCTAssertEqual(ColumnText.fit("社会保险费", columns: 9), "社会保险…")
        XCTAssertEqual(ColumnText.fit("社会保险费", columns: 8), "社会保…", "7 columns of text would split 险, so 6 and …")
        XCTAssertEqual(DisplayWidth.of(ColumnText.fit("社会保险费", columns: 8)), 7)
        XCTAssertEqual(ColumnText.pad("社会保险费", columns: 8), "社会保… ", "the odd column is padded with a space")
        XCTAssertEqual(DisplayWidth.of(ColumnText.pad("a社", columns: 6)), 6)
    }

    func testWrapByColumns() {
        let lines = ColumnText.wrap("缴纳社会保险费是用人单位和职工的法定义务", columns: 11)
        XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= 11 }, "\(lines)")
        XCTAssertEqual(lines.joined(), "缴纳社会保险费是用人单位和职工的法定义务")
        XCTAssertEqual(ColumnText.wrap("第一行\n第二行", columns: 20), ["第一行", "第二行"])
    }

    func testWideCharacterAtTheLastColumnBecomesASpace() {
        var buffer = ScreenBuffer(rows: 1, columns: 5)
        let used = buffer.write("ab社保", row: 0, column: 0)
        XCTAssertEqual(used, 5, "ab + 社, then no room for 保: the ellipsis takes the last column")
        XCTAssertEqual(buffer.text(row: 0), "ab社…")
        var exact = ScreenBuffer(rows: 1, columns: 5)
        exact.write("abc社", row: 0, column: 0)
        XCTAssertEqual(exact.text(row: 0), "abc社")
        var odd = ScreenBuffer(rows: 1, columns: 4)
        odd.write("a社保", row: 0, column: 0)
        XCTAssertEqual(odd.text(row: 0), "a社…")
    }

    func testOverwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = ScreenBuffer(rows: 1, columns: 6)
        buffer.write("社保卡", row: 0, column: 0)
        buffer.write("x", row: 0, column: 1)
        XCTAssertEqual(buffer.text(row: 0), " x保卡")
        XCTAssertFalse(buffer[0, 0].isContinuation)
    }

    func testRendersWideTextAtEveryStartingColumn() {
        for start in 0..<10 {
            var buffer = ScreenBuffer(rows: 1, columns: 10)
            buffer.write("企业服务专席", row: 0, column: start)
            var width = 0
            var column = 0
            while column < 10 {
                let cell = buffer[0, column]
                XCTAssertFalse(cell.isContinuation, "column \(column) of start \(start) is a dangling half")
                width += cell.width
                column += cell.width
            }
            XCTAssertEqual(width, 10, "start \(start): every column accounted for")
        }
    }
}
