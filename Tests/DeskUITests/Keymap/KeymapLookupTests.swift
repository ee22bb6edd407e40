import XCTest
@testable import DeskUI

final class KeymapLookupTests: XCTestCase {
    private let map = try! Keymap.parse("""
        [global]
        <F1>    = help     : 帮助
        <Esc>   = back     : 返回
        <Enter> = confirm  : 确认
        /       = find     : 查找
        <Home>  = first    : 第一条
        <F10>   = quit     : 退出

        [queue]
        <Enter> = confirm  : 打开工单
        u       = urge     : 催办
        <F10>   = none

        [search]
        <C-a>   = answered-from-entry : 以此条答复
        <Home>  = none
        """, source: "t")

    func testTheScreenComesFirstThenGlobal() {
        XCTAssertEqual(map.action(for: .character("u"), in: .queue), .urge)
        XCTAssertEqual(map.action(for: .function(1), in: .queue), .help)
        XCTAssertEqual(map.action(for: .escape, in: .search), .back)
        XCTAssertNil(map.action(for: .character("u"), in: .detail))
        XCTAssertNil(map.action(for: .character("u"), in: .global))
        XCTAssertNil(map.action(for: .control("a"), in: .queue))
    }

    func testTheScreensOwnDescriptionWins() {
        let enter = map.bindings(in: .queue).first { $0.key == .enter }
        XCTAssertEqual(enter?.description, "打开工单")
        XCTAssertEqual(enter?.context, .queue)
        XCTAssertEqual(map.bindings(in: .detail).first { $0.key == .enter }?.description, "确认")
    }

    func testNoneSilencesTheGlobalBindingOnThatScreenOnly() {
        XCTAssertNil(map.action(for: .function(10), in: .queue))
        XCTAssertEqual(map.action(for: .function(10), in: .detail), .quit)
        XCTAssertNil(map.action(for: .home, in: .search))
        XCTAssertFalse(map.bindings(in: .queue).contains { $0.key == .function(10) })
    }

    func testPlainCharactersFromGlobalStayTextOnTextScreens() {
        XCTAssertEqual(map.action(for: .character("/"), in: .queue), .find)
        for context in [DeskContext.intake, .search, .specialists] {
            XCTAssertNil(map.action(for: .character("/"), in: context), "\(context)")
            XCTAssertFalse(map.bindings(in: context).contains { $0.key == .character("/") }, "\(context)")
            XCTAssertEqual(map.action(for: .function(1), in: context), .help, "\(context)")
        }
    }

    func testBindingsListTheScreenFirstInFileOrderThenUnshadowedGlobals() {
        XCTAssertEqual(map.bindings(in: .queue).map(\.key.name), ["<Enter>", "u", "<F1>", "<Esc>", "/", "<Home>"])
        XCTAssertEqual(map.bindings(in: .queue).map(\.context), [.queue, .queue, .global, .global, .global, .global])
        XCTAssertEqual(map.bindings(in: .search).map(\.key.name), ["<C-a>", "<F1>", "<Esc>", "<Enter>", "<F10>"])
        XCTAssertEqual(map.bindings(in: .global).map(\.key.name), ["<F1>", "<Esc>", "<Enter>", "/", "<Home>", "<F10>"])
    }

    func testKeysForAnActionAreThoseThatWorkOnTheScreen() {
        XCTAssertEqual(map.keys(for: .quit, in: .detail), [.function(10)])
        XCTAssertEqual(map.keys(for: .quit, in: .queue), [])
        XCTAssertEqual(map.keys(for: .find, in: .search), [])
        XCTAssertEqual(map.keys(for: .urge, in: .queue), [.character("u")])
        XCTAssertEqual(map.keys(for: .confirm, in: .queue), [.enter])
    }
}

final class KeymapHelpLinesTests: XCTestCase {
    func testKeysOfOneActionShareAHelpLineAndTheScreenComesFirst() throws {
        let map = try Keymap.parse("""
            [global]
            <F1> = help : 帮助
            <Esc> = back : 返回
            ? = help : 帮助
            [queue]
            u = urge : 催办
            <Esc> = back : 返回队列
            """, source: "t")
        let queue = map.help(for: .queue)
        XCTAssertEqual(queue.map(\.keys), ["u", "<Esc>", "<F1> ?"])
        XCTAssertEqual(queue.map(\.description), ["催办", "返回队列", "帮助"])
        XCTAssertEqual(map.help(for: .search).map(\.keys), ["<F1>", "<Esc>"])
    }

    func testTheDefaultKeyLineOfTheSearchScreenStartsWithItsOwnKeys() {
        let line = Keymap.builtinDefault.help(for: .search).prefix(3).map { "\($0.keys) \($0.description)" }
        XCTAssertEqual(line, ["<C-a> 以此条答复", "<C-y> 有用", "<C-n> 没用"])
    }
}
