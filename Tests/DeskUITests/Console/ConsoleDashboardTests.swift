import Foundation
import XCTest
@testable import DeskUI
@testable import HotlineCore

final class ConsoleDashboardTests: ConsoleTestCase {
    func testTheLeadSeesTodaysFiguresCallsPerHourAndDepartments() throws {
        try makeConsole(role: .lead)
        _ = try CallService(store: runtime.store).record(
            CallIntake(phone: "13812345678", callerName: "王会计", enterpriseName: "如皋市某某机械有限公司", content: "问数电发票"),
            identity: runtime.identity)
        _ = try WorkOrders(store: runtime.store).create(
            NewOrder(kind: .consult, department: "TAX", title: "发票", content: "问数电发票"), identity: runtime.identity)
        press(.function(7))
        XCTAssertEqual(state.screen, .dashboard)
        let pane = try XCTUnwrap(state.dashboard, "\(String(describing: state.message))")
        XCTAssertEqual(pane.callsPerHour.count, 24)
        XCTAssertEqual(pane.callsPerHour[10], 1, "the call at 10:00 falls in hour 10")
        XCTAssertEqual(pane.openOrders, 1)
        assertScreen(contains: "今日每小时来电")
        assertScreen(contains: "在办 1")
        let spark = try XCTUnwrap(screen.first { $0.contains("█") || $0.contains("▁") }, screen.joined(separator: "\n"))
        XCTAssertTrue(spark.contains("█"), "the only busy hour is the tallest bar: \(spark)")
        XCTAssertTrue(screen.contains { $0.contains("如皋市税务局") })
        XCTAssertTrue(screen.allSatisfy { DisplayWidth.of($0) <= 80 })
        press(.escape)
        XCTAssertNotEqual(state.screen, .dashboard)
    }

    func testAgentsAreToldTheRoleNeeded() throws {
        try makeConsole(role: .agent)
        press(.function(7))
        XCTAssertNotEqual(state.screen, .dashboard)
        XCTAssertTrue(state.message?.text.contains("班长") == true)
    }

    func testSparklineScalesToTheBusiestHour() {
        XCTAssertEqual(DashboardView.sparkline([0, 1, 2, 4, 8]), " ▁▂▄█")
        XCTAssertEqual(DashboardView.bar(0.5, width: 4), "██░░")
        XCTAssertEqual(DashboardView.bar(nil, width: 3), "···")
    }
}
