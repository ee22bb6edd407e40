import Foundation
import GRDB
import XCTest
@testable import DeskUI
@testable import HotlineCore

/// The specialists screen (F5): finding by the current query or the call's content,
/// recording a three-way call through the keys with its timer, leaving while it runs,
/// promoting the answer, and drawing the list at both sizes.
final class SpecialistsConsoleTests: ConsoleTestCase {
    private let answer = "符合条件的制造业纳税人可向主管税务机关申请退还增量留抵税额"

    /// Takes a call on the intake form and saves it, as an agent would.
    private func saveCall(content: String) throws -> Int64 {
        press(.function(2))
        type("13812345678")
        press(.tab); type("王会计")
        state.intake.focus = .content
        type(content)
        press(.tab, .enter)
        return try XCTUnwrap(state.currentCallID, "\(String(describing: state.message))")
    }

    private func threeWayRow(_ id: Int64) throws -> Row? {
        try runtime.store.read { db in try Row.fetchOne(db, sql: "SELECT * FROM three_way_call WHERE id = ?", arguments: [id]) }
    }

    func testFindsSpecialistsFromTheSearchQueryAndAsTheTopicChanges() throws {
        try makeConsole()
        type("留抵退税")
        press(.control("f"))
        XCTAssertEqual(state.screen, .specialists, "Ctrl-F on the search screen finds a specialist for the query")
        XCTAssertEqual(state.specialists.topic.text, "留抵退税")
        XCTAssertEqual(state.specialists.matches.first?.name, "季晓岚")
        XCTAssertEqual(state.specialists.matches.first?.matchedExpertise, ["留抵退税"])
        assertScreen(contains: "季晓岚")
        assertScreen(contains: "0513-80001002")
        press(.home, .control("k"))
        XCTAssertTrue(state.specialists.matches.isEmpty)
        type("发票")
        XCTAssertTrue(state.specialists.matches.contains { $0.name == "顾文澜" }, "\(state.specialists.matches.map(\.name))")
        XCTAssertFalse(state.specialists.matches.contains { $0.name == "季晓岚" })
        press(.escape)
        XCTAssertEqual(state.screen, .search)
        press(.function(5))
        XCTAssertEqual(state.specialists.topic.text, "发票", "a topic typed here is not overwritten on return")
    }

    func testAStaleFindIsDropped() throws {
        try makeConsole()
        press(.function(5))
        type("发")
        let stale = state.specialists.generation
        type("票")
        let current = state.specialists.matches
        XCTAssertFalse(current.isEmpty)
        send(.result(.specialists(.found(generation: stale, rows: [], problem: nil))))
        XCTAssertEqual(state.specialists.matches, current)
    }

    func testTheTopicComesFromTheCallsContentAndPhonesAreMaskedForOthers() throws {
        try makeConsole(role: .trainer)
        state.intake.content.set("企业所得税汇算清缴\n怎么补报")
        press(.function(5))
        XCTAssertEqual(state.specialists.topic.text, "企业所得税汇算清缴 怎么补报")
        XCTAssertEqual(state.specialists.matches.first?.name, "冒俊驰")
        XCTAssertEqual(state.specialists.matches.first?.phone, "0513-****1003")
        assertScreen(contains: "0513-****1003")
    }

    func testAThreeWayCallNeedsASavedCall() throws {
        try makeConsole()
        type("留抵退税")
        press(.function(5))
        press(.control("t"))
        XCTAssertNil(state.specialists.running)
        XCTAssertEqual(state.message?.text, "先在来电受理中保存来电（F2，Enter）")
        assertScreen(contains: "先在来电受理中保存来电")
    }

    func testStartTypeTheAnswerFinishResolvedAndPromote() throws {
        try makeConsole()
        let callID = try saveCall(content: "制造业企业增值税留抵退税需要什么条件")
        press(.function(5))
        XCTAssertEqual(state.specialists.topic.text, "制造业企业增值税留抵退税需要什么条件")
        XCTAssertEqual(state.specialists.matches.first?.name, "季晓岚")
        press(.control("t"))
        let running = try XCTUnwrap(state.specialists.running, "\(String(describing: state.message))")
        XCTAssertEqual(running.question, "制造业企业增值税留抵退税需要什么条件")
        assertScreen(contains: "三方通话进行中 00:00")

        send(.tick(state.now.addingTimeInterval(95)))
        assertScreen(contains: "三方通话进行中 01:35")
        type(answer)
        press(.enter)
        type("通过电子税务局提交申请")
        XCTAssertEqual(state.specialists.answer.text, answer + "\n通过电子税务局提交申请")
        XCTAssertEqual(state.specialists.topic.text, "制造业企业增值税留抵退税需要什么条件", "typing goes to the answer")
        assertScreen(contains: "通过电子税务局提交申请")

        press(.control("r"))
        XCTAssertNil(state.specialists.running, "\(String(describing: state.message))")
        let stored = try XCTUnwrap(try threeWayRow(running.id))
        XCTAssertEqual(stored["resolved"] as Bool?, true)
        XCTAssertEqual(stored["answer"] as String?, answer + "\n通过电子税务局提交申请")
        XCTAssertEqual(stored["call_id"] as Int64?, callID)
        let outcome = try runtime.store.read { db in try String.fetchOne(db, sql: "SELECT outcome FROM call WHERE id = ?", arguments: [callID]) }
        XCTAssertEqual(outcome, "specialist")
        XCTAssertTrue(state.specialists.answer.isEmpty)

        press(.control("p"))
        let draft = KnowledgeBase.draftExternalID(threeWayCallID: running.id)
        XCTAssertEqual(state.message?.text.contains(draft), true, "\(String(describing: state.message))")
        XCTAssertEqual(state.specialists.finished?.draft, draft)
        XCTAssertEqual(try KnowledgeBase(store: runtime.store).detail(externalID: draft).entry.status, .draft)
        assertScreen(contains: "已转为知识草稿 \(draft)")
    }

    func testUnresolvedNeedsNoAnswerAndCannotBePromoted() throws {
        try makeConsole()
        _ = try saveCall(content: "出口退税进度查询")
        press(.function(5))
        press(.control("t"))
        let running = try XCTUnwrap(state.specialists.running)
        press(.control("r"))
        XCTAssertNotNil(state.specialists.running, "resolved without an answer is refused")
        XCTAssertEqual(state.message?.kind, .error)
        press(.control("u"))
        XCTAssertNil(state.specialists.running)
        XCTAssertEqual(try threeWayRow(running.id)?["resolved"] as Bool?, false)
        press(.control("p"))
        XCTAssertEqual(state.message?.kind, .error)
        XCTAssertEqual(state.message?.text.contains("未解决"), true)
    }

    func testLeavingWithARunningCallAsksAndKeepsTheAnswer() throws {
        try makeConsole()
        _ = try saveCall(content: "留抵退税")
        press(.function(5))
        press(.control("t"))
        XCTAssertNotNil(state.specialists.running)
        type("先别走")
        press(.escape)
        XCTAssertNotNil(state.confirmation)
        assertScreen(contains: "三方通话还在进行")
        press(.character("n"))
        XCTAssertEqual(state.screen, .specialists)
        XCTAssertEqual(state.specialists.answer.text, "先别走", "answering no types nothing into the answer")
        press(.escape, .character("y"))
        XCTAssertEqual(state.screen, .intake)
        press(.function(5))
        XCTAssertNotNil(state.specialists.running)
        XCTAssertEqual(state.specialists.answer.text, "先别走")
        press(.function(10))
        XCTAssertNotNil(state.confirmation, "quitting with a running three-way call asks too")
        XCTAssertFalse(state.quitRequested)
    }

    func testTimerText() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        XCTAssertEqual(ThreeWayTimer.text(from: start, to: start), "00:00")
        XCTAssertEqual(ThreeWayTimer.text(from: start, to: start.addingTimeInterval(95.9)), "01:35")
        XCTAssertEqual(ThreeWayTimer.text(from: start, to: start.addingTimeInterval(3725)), "62:05")
        XCTAssertEqual(ThreeWayTimer.text(from: start, to: start.addingTimeInterval(-5)), "00:00")
    }

    func testRendersChineseColumnsAt80By24And120By40() throws {
        for (rows, columns) in [(24, 80), (40, 120)] {
            try makeConsole(rows: rows, columns: columns)
            _ = try saveCall(content: "社保补缴和稳岗返还")
            press(.function(5))
            XCTAssertFalse(state.specialists.matches.isEmpty)
            var lines = screen
            XCTAssertEqual(lines.count, rows)
            XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= columns }, lines.joined(separator: "\n"))
            let titleWidth = SpecialistsView.Columns(width: columns).title
            let long = try XCTUnwrap(state.specialists.matches.first { DisplayWidth.of($0.title) > titleWidth },
                                     "a title wider than its column")
            XCTAssertTrue(lines.contains { $0.contains(long.name) && $0.contains(String(long.title.prefix(3))) && $0.contains("…") },
                          "a cut title ends in …:\n" + lines.joined(separator: "\n"))
            // The phone column stays aligned under its header whatever the names' widths.
            let header = try XCTUnwrap(lines.first { $0.contains("姓名") && $0.contains("电话") })
            let phoneColumn = DisplayWidth.of(String(header[..<header.range(of: "电话")!.lowerBound]))
            let row = try XCTUnwrap(lines.first { $0.contains(state.specialists.matches[0].phone) })
            XCTAssertEqual(DisplayWidth.of(String(row[..<row.range(of: state.specialists.matches[0].phone)!.lowerBound])), phoneColumn)

            press(.control("t"))
            type(String(repeating: "答复内容很长需要换行显示，", count: 12))
            lines = screen
            XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= columns })
            XCTAssertGreaterThan(lines.filter { $0.contains("答复内容很长") }.count, 1, "the answer wraps")
            let cursor = try XCTUnwrap(DeskView.render(state, keys: Keymap.builtinDefault).cursor)
            XCTAssertLessThan(cursor.row, rows - 2, "the cursor rests in the answer box")
            try tearDownWithError()
        }
    }
}
