import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The reports benchmark's synthetic year is timed as if it were real, so the console's
/// own checks must accept it: rows that are what their events replay to, facts and daily
/// counts that recount, an intact audit chain.
final class ReportBenchmarkFillTests: ReportTestCase {
    func testGeneratedYearPassesTheHealthCheck() throws {
        var generator = try ReportDataGenerator(store: store, orders: 1_500, calls: 3_000)
        try generator.fill(progress: nil)
        let report = try HealthCheck.run(store, identity: admin)
        XCTAssertEqual(report.orders, 1_500)
        XCTAssertTrue(report.isHealthy, report.findings.prefix(5).map(\.message).joined(separator: "\n"))
        // Late steps happen in the generated year, so the flags were really exercised.
        let flagged = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM work_order WHERE sign_overdue OR answer_overdue") ?? 0
        }
        XCTAssertGreaterThan(flagged, 0)
    }
}
