import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The benchmark's year of orders is measured as if it were real, so it must be a record
/// the console's own checks accept: events that replay to the rows, facts that recount,
/// an intact audit chain, and the payloads the work-order service writes.
final class OrderBenchmarkFillTests: OrderTestCase {
    func testGeneratedOrdersPassTheHealthCheck() throws {
        try OrderBenchmark.fill(orders: 400, into: store)
        let report = try HealthCheck.run(store, identity: admin)
        XCTAssertEqual(report.orders, 400)
        XCTAssertGreaterThan(report.events, 1_600)
        XCTAssertTrue(report.isHealthy, report.findings.map(\.message).joined(separator: "\n"))
    }

    func testGeneratedEventsCarryWhatTheServiceWrites() throws {
        try OrderBenchmark.fill(orders: 400, into: store)
        try store.read { db in
            let dispatch = try String.fetchOne(db, sql: "SELECT payload FROM order_event WHERE type = 'dispatched' LIMIT 1")!
            for key in ["sign_due", "answer_due", "return_due", "department"] {
                XCTAssertTrue(dispatch.contains("\"\(key)\""), dispatch)
            }
            XCTAssertEqual(try Int.fetchOne(db, sql: """
                SELECT count(*) FROM order_event WHERE type = 'answered' AND json_extract(payload, '$.text') IS NULL
                """), 0)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM report_dispatch WHERE sign_due IS NULL"), 0)
            // Every callback event has its callback row.
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM order_event WHERE type = 'callback'"),
                           try Int.fetchOne(db, sql: "SELECT count(*) FROM callback"))
        }
    }
}
