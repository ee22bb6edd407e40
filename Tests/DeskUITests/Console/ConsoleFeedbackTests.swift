import Foundation
import XCTest
@testable import DeskUI
@testable import HotlineCore

final class ConsoleFeedbackTests: ConsoleTestCase {
    func testHelpfulAndNotHelpfulAreRecordedAgainstTheSelectedEntry() throws {
        try makeConsole()
        type("社保")
        let entry = try XCTUnwrap(state.search.hits.first?.externalID)
        press(.control("y"))
        press(.control("y"))
        press(.control("n"))
        let counts = try KnowledgeBase(store: runtime.store).feedback(externalID: entry)
        XCTAssertEqual(counts, KnowledgeFeedbackCounts(helpful: 2, notHelpful: 1))
        XCTAssertTrue(state.message?.text.contains(entry) == true, "\(String(describing: state.message))")
    }

    func testFeedbackOnAnUnknownEntryIsRefused() throws {
        try makeConsole()
        XCTAssertThrowsError(try KnowledgeBase(store: runtime.store).recordFeedback(
            externalID: "NO-SUCH", helpful: true, query: "x", identity: runtime.identity))
    }
}
