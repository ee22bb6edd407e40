import HotlineCore
import XCTest
@testable import DeskUI

final class KeymapParserTests: XCTestCase {
    private func problems(_ text: String) -> [KeymapProblem] {
        do {
            _ = try Keymap.parse(text, source: "test.keymap")
            XCTFail("expected problems in:\n\(text)")
            return []
        } catch {
            return error.problems
        }
    }

    func testCommentsBlankLinesAndDescriptionsWithPunctuation() throws {
        let map = try Keymap.parse("""
            # a comment
               # an indented comment

            [global]
            <F3> = search : 知识库检索 # 不是注释: 也是说明
            <Hash>=find:找
            = = refresh : 等号键
            """, source: "t")
        XCTAssertEqual(map.bindings(in: .global).map(\.description), ["知识库检索 # 不是注释: 也是说明", "找", "等号键"])
        XCTAssertEqual(map.action(for: .character("#"), in: .global), .find)
        XCTAssertEqual(map.action(for: .character("="), in: .global), .refresh)
    }

    func testSectionNamesAndActionNamesForgiveCase() throws {
        let map = try Keymap.parse("[Global]\n<F1> = HELP : 帮助\n", source: "t")
        XCTAssertEqual(map.action(for: .function(1), in: .global), .help)
    }

    func testEachKindOfProblemIsNamedAtItsLine() {
        let found = problems("""
            [global]
            <F1> = hepl : 帮助
            <F99> = help : 帮助
            [screen]
            <F2> = new-call : 新来电
            [global]
            <F1> = quit : 退出
            <F3> search : 检索
            <F4> = queue
            <C-s> = refresh : 刷新
            [search]
            q = quit : 退出
            """)
        XCTAssertEqual(found.map(\.line), [2, 3, 4, 7, 8, 9, 10, 12])
        XCTAssertEqual(found[0].kind, .unknownAction(name: "hepl", suggestion: "help"))
        XCTAssertEqual(found[1].kind, .unknownKey(name: "<F99>", reason: "<F99> 不存在：功能键只有 <F1>…<F12>"))
        XCTAssertEqual(found[2].kind, .unknownContext(name: "screen"))
        XCTAssertEqual(found[3].kind, .duplicateKey(key: .function(1), context: .global, firstLine: 2))
        guard case .malformedLine = found[4].kind else { return XCTFail("line 8: \(found[4])") }
        XCTAssertEqual(found[5].kind, .missingDescription)
        guard case .reservedKey(.control("s"), _) = found[6].kind else { return XCTFail("line 10: \(found[6])") }
        XCTAssertEqual(found[7].kind, .typedKeyInTextContext(key: .character("q"), context: .search))
    }

    func testTheErrorPrintsEveryProblemAsFileColonLine() {
        do {
            _ = try Keymap.parse("[global]\n<F1> = nothing : x\n\n[nowhere]\n", source: "/home/zhang/.config/hotline/keymap")
            XCTFail("expected an error")
        } catch {
            XCTAssertEqual(error.exitCode, .badData)
            XCTAssertEqual(error.exitCode.rawValue, 65)
            XCTAssertEqual(error.lines.count, 2)
            XCTAssertTrue(error.lines[0].hasPrefix("/home/zhang/.config/hotline/keymap:2: 未知动作 nothing"), error.lines[0])
            XCTAssertTrue(error.lines[1].hasPrefix("/home/zhang/.config/hotline/keymap:4: 未知区段 [nowhere]"), error.lines[1])
            XCTAssertEqual(error.description, error.lines.joined(separator: "\n"))
            let failure: any HotlineFailure = error
            XCTAssertEqual(failure.exitCode, .badData)
        }
    }

    func testOneLineCanCarryABadKeyAndABadActionTogether() {
        let found = problems("[queue]\n<Foo> = frobnicate : x\n")
        XCTAssertEqual(found.count, 2)
        XCTAssertEqual(found.map(\.line), [2, 2])
        guard case .unknownKey(name: "<Foo>", _) = found[0].kind else { return XCTFail("\(found[0])") }
        XCTAssertEqual(found[1].kind, .unknownAction(name: "frobnicate", suggestion: nil))
    }

    func testDuplicatesAreFoundAcrossRepeatedSectionsAndSpellings() {
        let found = problems("[queue]\n<PgDn> = page-down : 下页\n[help]\n<PgDn> = page-down : 下页\n[queue]\n<pagedown> = last : 末尾\n")
        XCTAssertEqual(found, [KeymapProblem(source: "test.keymap", line: 6, kind: .duplicateKey(key: .pageDown, context: .queue, firstLine: 2))])
        XCTAssertTrue(found[0].description.contains("<PgDn> 在 [queue] 中重复绑定（第 2 行已绑定）"), found[0].description)
    }

    func testMalformedLines() {
        let found = problems("[global\n<F1> = : 帮助\n<F2> = new-call 新来电\n<F3> = search :\n")
        XCTAssertEqual(found.map(\.line), [1, 2, 3, 4])
        guard case .malformedLine = found[0].kind, case .malformedLine = found[1].kind, case .malformedLine = found[2].kind else {
            return XCTFail("\(found)")
        }
        XCTAssertEqual(found[3].kind, .missingDescription)
    }

    func testBindingBeforeAnySectionIsRefused() {
        XCTAssertEqual(problems("<F1> = help : 帮助\n[global]\n").map(\.kind), [.bindingOutsideSection])
    }

    func testLinesInAnUnknownSectionAreStillChecked() {
        let found = problems("[serch]\n<C-a> = answered : 答复\n")
        XCTAssertEqual(found.map(\.line), [1, 2])
        XCTAssertEqual(found[1].kind, .unknownAction(name: "answered", suggestion: "answered-from-entry"))
    }

    func testUnquotedWordsAsKeysPointToTheBracketForm() {
        let found = problems("[global]\nF1 = help : 帮助\n")
        guard case .unknownKey(name: "F1", let reason) = found.first?.kind else { return XCTFail("\(found)") }
        XCTAssertTrue(reason.contains("<F1>"), reason)
    }

    func testDescriptionsMayNotDriveTheTerminal() {
        XCTAssertEqual(problems("[global]\n<F1> = help : 帮助\u{1B}]52;c;x\u{07}\n").map(\.kind), [.unsafeDescription])
        XCTAssertEqual(problems("[global]\n<F1> = help : \u{202E}助帮\n").map(\.kind), [.unsafeDescription])
    }

    func testTerminalReservedKeysAreRefused() {
        let found = problems("[global]\n<C-s> = refresh : a\n<C-q> = refresh : b\n<C-c> = quit : c\n<C-z> = back : d\n")
        XCTAssertEqual(found.map(\.line), [2, 3, 4, 5])
        XCTAssertTrue(found[0].message.contains("冻结"), found[0].message)
    }

    func testTextScreensRefusePlainCharactersButTakeOtherKeys() throws {
        for context in ["intake", "search", "specialists"] {
            XCTAssertEqual(problems("[\(context)]\n/ = find : 查找\n").count, 1, context)
            XCTAssertNoThrow(try Keymap.parse("[\(context)]\n<M-a> = find : 查找\n<F9> = none\n", source: "t"), context)
        }
        // <Space> types a space too.
        XCTAssertNoThrow(try Keymap.parse("[queue]\n<Space> = confirm : 打开\n", source: "t"))
        XCTAssertEqual(problems("[search]\n<Space> = confirm : 打开\n").map(\.kind), [.typedKeyInTextContext(key: .character(" "), context: .search)])
    }

    func testWindowsLineEndingsAndByteOrderMarkCountLinesAsAnEditorDoes() {
        let found = problems("\u{FEFF}# 注释\r\n[global]\r\n<F1> = help : 帮助\r\n<F1> = quit : 退出\r\n")
        XCTAssertEqual(found.map(\.line), [4])
    }

    func testNoneNeedsNoDescription() throws {
        let map = try Keymap.parse("[queue]\n<F1> = none\n", source: "t")
        XCTAssertTrue(map.bindings(in: .queue).isEmpty)
    }
}

final class KeymapProblemTextTests: XCTestCase {
    func testQuotedNamesCannotDriveTheTerminal() {
        do {
            _ = try Keymap.parse("[global]\n<F1> = he\u{1B}[2Jlp : 帮助\n", source: "t")
            XCTFail("expected an error")
        } catch {
            XCTAssertFalse(error.description.unicodeScalars.contains("\u{1B}"), error.description)
            XCTAssertTrue(error.description.hasPrefix("t:2: 未知动作 he␛[2Jlp"), error.description)
        }
    }
}
