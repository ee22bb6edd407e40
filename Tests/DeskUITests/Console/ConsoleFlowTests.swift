import Foundation
import XCTest
@testable import DeskUI
@testable import HotlineCore

final class ConsoleFlowTests: ConsoleTestCase {
    func testSearchAsYouTypeShowsEntriesAndPreview() throws {
        try makeConsole()
        XCTAssertEqual(state.screen, .search)
        type("社保")
        XCTAssertFalse(state.search.hits.isEmpty)
        XCTAssertNotNil(state.search.preview)
        let first = state.search.hits[0]
        assertScreen(contains: String(first.question.prefix(8)))
        assertScreen(contains: "依据：")
        XCTAssertEqual(screen.count, 24)
        XCTAssertTrue(screen.allSatisfy { DisplayWidth.of($0) <= 80 })
        press(.down)
        XCTAssertEqual(state.search.selected, 1)
        XCTAssertEqual(state.search.preview?.externalID, state.search.hits[1].externalID)
    }

    func testAStaleSearchResultIsDropped() throws {
        try makeConsole()
        type("社")
        let staleGeneration = state.search.generation
        type("保")
        _ = reducer.reduce(&state, .result(.searched(generation: staleGeneration, hits: [], terms: [])))
        XCTAssertFalse(state.search.hits.isEmpty, "the older query's result must not replace the newer one")
    }

    func testUntrustedTextIsNeutralisedOnScreen() throws {
        try makeConsole()
        state.search.query.set("x")
        state.search.hits = [SearchHit(entryID: 1, externalID: "E1", question: "问题\u{1B}]52;c;ZXZpbA==\u{07}\u{202E}反转\u{9B}6n",
                                       department: "部门\u{1B}[2J", category: "类", score: 1, isExpired: false, effectiveTo: nil,
                                       snippet: nil)]
        let text = screen.joined(separator: "\n")
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x202E || $0.value == 0x07 })
        XCTAssertTrue(text.contains("␛"), text)
    }

    func testIntakeKeepsTypedTextAcrossResizeAndAsksBeforeLeaving() throws {
        try makeConsole()
        press(.function(2))
        XCTAssertEqual(state.screen, .intake)
        type("13812345678")
        press(.tab)
        type("王会计")
        send(.resize(rows: 40, columns: 120))
        send(.resize(rows: 24, columns: 80))
        XCTAssertEqual(state.intake.phone.text, "13812345678")
        XCTAssertEqual(state.intake.name.text, "王会计")
        assertScreen(contains: "王会计")
        XCTAssertTrue(state.intake.enterpriseTag, "the 企业 tag is on by default at this desk")
        press(.control("e"))
        XCTAssertFalse(state.intake.enterpriseTag)
        press(.escape)
        XCTAssertNotNil(state.confirmation)
        press(.character("n"))
        XCTAssertEqual(state.screen, .intake)
        XCTAssertEqual(state.intake.name.text, "王会计", "saying no keeps everything")
    }

    func testTooSmallTerminalSaysSo() throws {
        try makeConsole()
        send(.resize(rows: 20, columns: 70))
        assertScreen(contains: "80×24")
        send(.resize(rows: 24, columns: 80))
        assertScreen(contains: "检索")
    }

    func testCallToOrderToQueue() throws {
        try makeConsole()
        press(.function(2))
        type("13812345678")
        press(.tab); type("王会计")
        press(.tab); type("如皋市某某机械有限公司")
        press(.tab, .tab, .tab, .tab)
        XCTAssertEqual(state.intake.focus, .content)
        type("咨询数电发票怎么领用")
        press(.tab)
        press(.enter)
        let callID = try XCTUnwrap(state.currentCallID, "\(String(describing: state.message))")
        press(.control("o"))
        XCTAssertEqual(state.screen, .orderForm)
        XCTAssertEqual(state.orderForm.content.text, "咨询数电发票怎么领用")
        state.orderForm.focus = .department
        type("TAX")
        press(.tab)
        XCTAssertNotNil(state.orderForm.signDue, "deadlines are shown before confirming: \(String(describing: state.message))")
        assertScreen(contains: "签收时限 2026-11-23T11:00:00+08:00")
        press(.enter)
        XCTAssertEqual(state.screen, .queue, "\(String(describing: state.message))")
        XCTAssertEqual(state.queue.items.first?.number, "YQL-20261123-0001")
        assertScreen(contains: "YQL-20261123-0001")
        let orders = try runtime.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM work_order WHERE call_id = ?", arguments: [callID]) }
        XCTAssertEqual(orders, 1)
        press(.enter)
        XCTAssertEqual(state.screen, .detail)
        assertScreen(contains: "如皋市税务局")
        assertScreen(contains: "派发")
    }

    func testRendersAt120By40() throws {
        try makeConsole(rows: 40, columns: 120)
        type("发票")
        XCTAssertEqual(screen.count, 40)
        XCTAssertTrue(screen.allSatisfy { DisplayWidth.of($0) <= 120 })
        assertScreen(contains: "发票")
    }

    func testHelpListsTheKeymapBindings() throws {
        try makeConsole()
        press(.function(1))
        XCTAssertEqual(state.screen, .help)
        assertScreen(contains: "<F3>")
        press(.escape)
        XCTAssertEqual(state.screen, .search)
    }
}

final class ConsoleRingTests: ConsoleTestCase {
    func testARingForThisDeskOpensIntakePrefilledAndSavingFillsTheSameCall() throws {
        try makeConsole()
        send(.result(runtime.perform(.loadRingBaseline)))
        let earlier = try CallService(store: runtime.store).record(
            CallIntake(phone: "13900001111", callerName: "李经理", content: "问稳岗返还"), identity: runtime.identity)
        XCTAssertGreaterThan(earlier.call.id, 0)
        send(.databaseChanged)
        XCTAssertEqual(state.screen, .search, "a call the agent recorded is not a ring")
        let rung = try CallService(store: runtime.store).ring(phone: "139 0000 1111", agent: "desk1", identity: runtime.identity)
        send(.databaseChanged)
        XCTAssertEqual(state.screen, .intake)
        XCTAssertEqual(state.intake.phone.text, "13900001111")
        XCTAssertEqual(state.intake.ringCallID, rung.call.id)
        assertScreen(contains: "问稳岗返还")
        type("李经理")
        press(.tab, .tab, .tab, .tab, .tab)
        type("再次咨询稳岗返还进度")
        press(.tab, .enter)
        XCTAssertEqual(state.currentCallID, rung.call.id, "\(String(describing: state.message))")
        let calls = try runtime.store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM call") }
        XCTAssertEqual(calls, 2, "the rung call was filled in, not duplicated")
    }

    func testARingDoesNotTouchAFormBeingTyped() throws {
        try makeConsole()
        send(.result(runtime.perform(.loadRingBaseline)))
        press(.function(2))
        type("13812345678")
        _ = try CallService(store: runtime.store).ring(phone: "13900002222", agent: "desk1", identity: runtime.identity)
        send(.databaseChanged)
        XCTAssertEqual(state.intake.phone.text, "13812345678")
        XCTAssertTrue(state.message?.text.contains("13900002222") == true, "\(String(describing: state.message))")
    }
}
