import Foundation
import XCTest
@testable import DeskUI
@testable import HotlineCore

/// The enterprise name completed on the intake form from enterprises that have called.
final class IntakeCompletionTests: ConsoleTestCase {
    private static let uscc = "91320682MA1U12345H"

    /// Two enterprises have called before: the machinery firm twice, with its code.
    private func recordEarlierCalls() throws {
        let calls = CallService(store: runtime.store)
        for (name, code) in [("如皋市某某机械有限公司", Self.uscc), ("如皋市某某机械有限公司", nil), ("南通星辰纺织机械厂", nil)]
            as [(String, String?)] {
            try calls.record(CallIntake(phone: "13812345678", enterpriseName: name, uscc: code, content: "咨询稳岗返还"),
                             identity: runtime.identity)
        }
    }

    /// One screen line shows both texts: a name and its count of calls.
    private func assertLine(with name: String, and count: String, line: UInt = #line) {
        XCTAssertTrue(screen.contains { $0.contains(name) && $0.contains(count) }, screen.joined(separator: "\n"), line: line)
    }

    private func openEnterpriseField() {
        press(.function(2))
        press(.tab, .tab)
        XCTAssertEqual(state.intake.focus, .enterprise)
    }

    func testTypingPartOfANameListsKnownEnterprisesAndEnterTakesNameAndCode() throws {
        try makeConsole()
        try recordEarlierCalls()
        openEnterpriseField()
        type("机械")
        XCTAssertEqual(state.intake.completions.map(\.name), ["如皋市某某机械有限公司", "南通星辰纺织机械厂"], "most called first")
        assertLine(with: "如皋市某某机械有限公司", and: "2次")
        assertScreen(contains: "↑↓ 选择已知企业")

        press(.down, .down, .up)
        XCTAssertEqual(state.intake.completionIndex, 0)
        press(.enter)
        XCTAssertEqual(state.intake.enterprise.text, "如皋市某某机械有限公司")
        XCTAssertEqual(state.intake.uscc.text, Self.uscc, "the code known for the name comes with it")
        XCTAssertNil(state.intake.usccProblem)
        XCTAssertEqual(state.intake.focus, .uscc)
        XCTAssertTrue(state.intake.completions.isEmpty)
        XCTAssertNil(state.currentCallID, "taking a name does not save the call")
    }

    func testEscClosesTheListAndKeepsWhatWasTyped() throws {
        try makeConsole(rows: 40, columns: 120)
        try recordEarlierCalls()
        openEnterpriseField()
        type("南通")
        XCTAssertEqual(state.intake.completions.map(\.name), ["南通星辰纺织机械厂"])
        assertLine(with: "南通星辰纺织机械厂", and: "1次")
        press(.escape)
        XCTAssertTrue(state.intake.completions.isEmpty)
        XCTAssertEqual(state.screen, .intake, "Esc closed the list, not the form")
        XCTAssertNil(state.confirmation)
        XCTAssertEqual(state.intake.enterprise.text, "南通")
        XCTAssertFalse(screen.contains { $0.contains("南通星辰纺织机械厂") })
    }

    func testTheListFollowsTheTextAndAnAnswerForOlderTextIsDropped() throws {
        try makeConsole()
        try recordEarlierCalls()
        openEnterpriseField()
        type("星辰")
        XCTAssertEqual(state.intake.completions.count, 1)
        press(.backspace, .backspace)
        XCTAssertTrue(state.intake.completions.isEmpty, "an empty field shows no list")
        type("如皋")
        _ = reducer.reduce(&state, .result(.enterpriseCompletions(typed: "如", [EnterpriseSuggestion(name: "如东某厂", uscc: nil, calls: 9)])))
        XCTAssertEqual(state.intake.completions.map(\.name), ["如皋市某某机械有限公司"], "the answer for 如 came after 如皋 was typed")
        press(.tab)
        XCTAssertTrue(state.intake.completions.isEmpty, "leaving the field closes the list")
    }

    func testAKnownCodeTypedFirstFillsTheName() throws {
        try makeConsole()
        try recordEarlierCalls()
        press(.function(2))
        press(.tab, .tab, .tab)
        XCTAssertEqual(state.intake.focus, .uscc)
        type(Self.uscc)
        XCTAssertEqual(state.intake.enterprise.text, "如皋市某某机械有限公司")
    }

    func testWithoutAPickEnterStillSavesTheCall() throws {
        try makeConsole()
        try recordEarlierCalls()
        press(.function(2))
        type("13900001111")
        press(.backTab)
        XCTAssertEqual(state.intake.focus, .content)
        type("咨询研发费用加计扣除")
        press(.tab, .tab, .tab)
        XCTAssertEqual(state.intake.focus, .enterprise)
        type("机械")
        XCTAssertFalse(state.intake.completions.isEmpty)
        press(.enter)
        XCTAssertNotNil(state.currentCallID, "Enter with no name picked saves the call as typed")
        XCTAssertEqual(state.intake.enterprise.text, "机械")
    }
}
