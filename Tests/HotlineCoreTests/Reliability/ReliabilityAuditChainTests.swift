import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The hash chain over the event log: intact after real work, and broken at exactly the
/// event an attacker touched with the sqlite3 command-line tool.
final class ReliabilityAuditChainTests: OrderTestCase {
    private func work() throws -> [String] {
        let first = try makeOrder().number
        let second = try makeOrder(title: "社保费基数").number
        try bringToCallback(first)
        try orders.urge(second, note: "请尽快签收", identity: lead)
        try orders.callback(first, channel: .sms, result: .satisfied, identity: agent)
        return [first, second]
    }

    private func verify() throws -> AuditReport {
        try AuditVerification.verify(store, identity: admin)
    }

    /// Runs SQL with the sqlite3 CLI, as someone with the file but not the program would.
    private func sqlite3(_ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", store.path, sql]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if process.terminationStatus == 127 { throw XCTSkip("sqlite3 command-line tool not installed") }
            XCTFail("sqlite3: \(text)")
            return
        }
    }

    func testEveryEventIsChainedAndTheChainVerifies() throws {
        try work()
        let events = try store.read { db in try OrderEvent.order(Column("id")).fetchAll(db) }
        XCTAssertGreaterThan(events.count, 6)
        XCTAssertEqual(events.first?.prevHash, AuditChain.genesis)
        for (previous, event) in zip(events, events.dropFirst()) {
            XCTAssertEqual(event.prevHash, previous.hash)
            XCTAssertEqual(event.id, previous.id! + 1)
        }
        let report = try verify()
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.events, events.count)
        XCTAssertEqual(report.head, AuditAnchor(eventID: events.last!.id!, hash: events.last!.hash!))
    }

    func testAnEventEditedWithTheSqliteToolIsNamed() throws {
        let numbers = try work()
        let target = try store.read { db in
            try OrderEvent.filter(Column("type") == OrderEventType.urged.rawValue).fetchOne(db)!
        }
        try sqlite3("""
            DROP TRIGGER order_event_no_update;
            UPDATE order_event SET payload = '{"count":1,"note":"已电话督促"}' WHERE id = \(target.id!);
            """)
        let report = try verify()
        XCTAssertEqual(report.firstBreak?.eventID, target.id)
        XCTAssertEqual(report.firstBreak?.reason, .contentChanged)
        XCTAssertEqual(report.firstBreak?.orderNumber, numbers[1])
        XCTAssertTrue(report.firstBreak!.description.contains("事件 #\(target.id!)"), report.firstBreak!.description)
        // hotline check names it too.
        let health = try HealthCheck.run(store, identity: admin)
        XCTAssertTrue(health.findings.contains { $0.area == .audit && $0.message.contains("#\(target.id!)") })
    }

    func testAnEventRehashedByTheAttackerBreaksTheNextLink() throws {
        try work()
        let target: OrderEvent = try store.read { db in try OrderEvent.filter(Column("id") == 3).fetchOne(db)! }
        var forged = target
        forged.actor = "someone-else"
        let forgedHash = AuditChain.hash(previous: target.prevHash!, values: AuditChain.values(of: forged))
        try sqlite3("""
            DROP TRIGGER order_event_no_update;
            UPDATE order_event SET actor = 'someone-else', hash = '\(forgedHash)' WHERE id = 3;
            """)
        let report = try verify()
        XCTAssertEqual(report.firstBreak?.eventID, 4)
        XCTAssertEqual(report.firstBreak?.reason, .linkBroken)
    }

    func testAnEventDeletedInTheMiddleIsFound() throws {
        try work()
        try sqlite3("DROP TRIGGER order_event_no_delete; DELETE FROM order_event WHERE id = 4;")
        let report = try verify()
        XCTAssertEqual(report.firstBreak?.reason, .missing(4...4))
        XCTAssertEqual(report.firstBreak?.eventID, 5)
    }

    func testRemovingTheNewestEventsIsNoticed() throws {
        try work()
        let last = try store.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM order_event")! }
        try sqlite3("DROP TRIGGER order_event_no_delete; DELETE FROM order_event WHERE id = \(last);")
        let report = try verify()
        XCTAssertEqual(report.firstBreak?.reason, .tailRemoved(lastStored: last - 1, highestIssued: last))
    }

    func testAnAnchorCatchesAChainRecomputedFromTheStart() throws {
        try work()
        let anchor = try XCTUnwrap(try verify().head)
        XCTAssertTrue(try AuditVerification.verify(store, anchor: anchor, identity: admin).isIntact)
        let wrong = AuditAnchor(eventID: anchor.eventID, hash: String(repeating: "a", count: 64))
        let report = try AuditVerification.verify(store, anchor: wrong, identity: admin)
        XCTAssertEqual(report.firstBreak?.reason, .anchorMismatch(wrong))
        XCTAssertThrowsError(try AuditAnchor(text: "12:XYZ"))
        XCTAssertEqual(try AuditAnchor(text: anchor.description), anchor)
    }

    func testAnInsertThatDoesNotContinueTheChainIsRefused() throws {
        let number = try makeOrder().number
        let orderID = try store.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM work_order WHERE number = ?", arguments: [number])! }
        XCTAssertThrowsError(try store.write { db in
            try db.execute(sql: """
                INSERT INTO order_event(order_id, sequence, at, actor, type, payload)
                VALUES (?, 9, '2026-11-23 02:00:00.000', 'x', 'urged', '{}')
                """, arguments: [orderID])
        })
        XCTAssertTrue(try verify().isIntact)
    }

    func testTheMigrationSealsEventsWrittenBeforeIt() throws {
        let path = directory.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path, configuration: HotlineStore.configuration())
        try HotlineMigrations.migrator.migrate(queue, upTo: "v3-workorders")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO work_order(number, kind, title, content, status, created_at, created_by, updated_at, updated_by)
                VALUES ('YQL-20240101-0001', 'consult', '旧单', '旧内容', 'pending_dispatch', '2024-01-01 00:00:00.000', 'a',
                        '2024-01-01 00:00:00.000', 'a');
                INSERT INTO order_event(order_id, sequence, at, actor, type, payload)
                VALUES (1, 1, '2024-01-01 00:00:00.000', 'a', 'created', '{"kind":"consult"}'),
                       (1, 2, '2024-01-01 00:05:00.000', 'b', 'urged', '{"count":1,"note":"快"}');
                UPDATE work_order SET urge_count = 1;
                """)
        }
        try HotlineMigrations.migrator.migrate(queue)
        let report = try queue.read { db in try AuditVerification.verify(in: db) }
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.events, 2)
        XCTAssertThrowsError(try queue.write { db in try db.execute(sql: "UPDATE order_event SET actor = 'c'") },
                             "the append-only trigger is back after sealing")
    }
}
