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
        XCTAssertEqual(events.first?.prevTag, Data([0, 0, 0, 0]))
        XCTAssertEqual(events.first?.hash, AuditChain.hash(previous: AuditChain.genesis, values: AuditChain.values(of: events[0])))
        for (previous, event) in zip(events, events.dropFirst()) {
            XCTAssertEqual(event.hash?.count, 32)
            XCTAssertEqual(event.prevTag, previous.hash?.prefix(4))
            XCTAssertEqual(event.hash, AuditChain.hash(previous: previous.hash!, values: AuditChain.values(of: event)))
            XCTAssertEqual(event.id, previous.id! + 1)
        }
        let report = try verify()
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.events, events.count)
        XCTAssertEqual(report.head, AuditAnchor(eventID: events.last!.id!, hash: AuditChain.hex(events.last!.hash!)))
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
        let (before, target): (OrderEvent, OrderEvent) = try store.read { db in
            (try OrderEvent.filter(Column("id") == 2).fetchOne(db)!, try OrderEvent.filter(Column("id") == 3).fetchOne(db)!)
        }
        var forged = target
        forged.actor = "someone-else"
        let forgedHash = AuditChain.hash(previous: before.hash!, values: AuditChain.values(of: forged))
        try sqlite3("""
            DROP TRIGGER order_event_no_update;
            UPDATE order_event SET actor = 'someone-else', hash = X'\(AuditChain.hex(forgedHash))' WHERE id = 3;
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

    /// A database of the given schema holding one order with its creation and `urges`
    /// urges, written the way events were before the audit chain existed (v3).
    /// `createdAt` is the creation event's time as stored.
    private func oldDatabase(_ name: String, urges: Int, upTo migration: String,
                             createdAt: String = "2024-01-01 00:00:00.000") throws -> DatabaseQueue {
        let queue = try databaseAt("v3-workorders", name: name)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO work_order(number, kind, title, content, status, created_at, created_by, updated_at, updated_by)
                VALUES ('YQL-20240101-0001', 'consult', '旧单', '旧内容', 'pending_dispatch', '2024-01-01 00:00:00.000', 'a',
                        '2024-01-01 00:00:00.000', 'a');
                INSERT INTO order_event(order_id, sequence, at, actor, type, payload)
                VALUES (1, 1, ?, 'a', 'created', '{"kind":"consult"}');
                """, arguments: [createdAt])
            for count in stride(from: 1, through: urges, by: 1) {
                try db.execute(sql: """
                    INSERT INTO order_event(order_id, sequence, at, actor, type, payload) VALUES (1, ?, ?, 'b', 'urged', ?);
                    UPDATE work_order SET urge_count = ?;
                    """, arguments: [count + 1, String(format: "2024-01-01 00:%02d:00.%03d", count * 4, count * 7),
                                     #"{"count":\#(count),"note":"快"}"#, count])
            }
        }
        try HotlineMigrations.migrator.migrate(queue, upTo: migration)
        return queue
    }

    func testTheMigrationSealsEventsWrittenBeforeIt() throws {
        let queue = try oldDatabase("old.sqlite", urges: 1, upTo: "v3-workorders")
        try HotlineMigrations.migrator.migrate(queue)
        let report = try queue.read { db in try AuditVerification.verify(in: db) }
        XCTAssertTrue(report.isIntact)
        XCTAssertEqual(report.events, 2)
        XCTAssertThrowsError(try queue.write { db in try db.execute(sql: "UPDATE order_event SET actor = 'c'") },
                             "the append-only trigger is back after sealing")
    }

    func testCompactingTheLogKeepsEveryHashAndAnchor() throws {
        let queue = try oldDatabase("hex.sqlite", urges: 2, upTo: "v11-enterprise-directory")
        // The anchor an admin wrote down while hashes were still stored as hex text.
        let anchor = try queue.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT id, hash FROM order_event ORDER BY id DESC LIMIT 1")!
            return AuditAnchor(eventID: row["id"], hash: row["hash"])
        }
        try HotlineMigrations.migrator.migrate(queue)
        let report = try queue.read { db in try AuditVerification.verify(in: db, anchor: anchor) }
        XCTAssertTrue(report.isIntact, "\(String(describing: report.firstBreak))")
        XCTAssertEqual(report.head, anchor)
        try queue.read { db in
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT DISTINCT typeof(hash) || length(hash) FROM order_event"), ["blob32"])
            XCTAssertFalse(try db.columns(in: "order_event").contains { $0.name == "prev_hash" })
            XCTAssertFalse(try db.indexes(on: "order_event").contains { $0.name == "order_event_on_at" })
        }
        // The chain goes on from the converted tail, and the trigger still guards it.
        try queue.write { db in
            var events = try ChainedEventWriter(in: db)
            try events.append(order: 1, sequence: 4, at: 1_704_153_600.25, actor: "b", type: "urged",
                              payload: #"{"count":3,"note":"快"}"#)
            try db.execute(sql: "UPDATE work_order SET urge_count = 3")
        }
        XCTAssertTrue(try queue.read { db in try AuditVerification.verify(in: db, anchor: anchor) }.isIntact)
        XCTAssertThrowsError(try queue.write { db in
            try db.execute(sql: """
                INSERT INTO order_event(id, order_id, sequence, at, actor, type, payload, prev_tag, hash)
                VALUES (5, 1, 5, 1704240000, 'b', 'urged', '{}', X'00000000', zeroblob(32))
                """)
        }, "a link that does not name the last hash is refused")
    }

    func testNumericTimesKeepEveryHashAndTheMilliseconds() throws {
        let queue = try oldDatabase("times.sqlite", urges: 3, upTo: "v13-daily-counts")
        let anchor = try queue.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT id, hash FROM order_event ORDER BY id DESC LIMIT 1")!
            return AuditAnchor(eventID: row["id"], hash: AuditChain.hex(row["hash"]))
        }
        try HotlineMigrations.migrator.migrate(queue)
        try queue.read { db in
            XCTAssertTrue(try AuditVerification.verify(in: db, anchor: anchor).isIntact)
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT DISTINCT typeof(at) FROM order_event ORDER BY 1"),
                           ["integer", "real"])
            // 2024-01-01 00:08:00.014 UTC, the second urge, to the millisecond.
            XCTAssertEqual(try Double.fetchOne(db, sql: "SELECT at FROM order_event WHERE sequence = 3"), 1_704_067_680.014)
            let urged = try Date.fetchOne(db, sql: "SELECT at FROM order_event WHERE sequence = 3")!
            XCTAssertEqual(urged.timeIntervalSince1970, 1_704_067_680.014, accuracy: 0.000_5)
            XCTAssertEqual(try String.fetchAll(db, sql: "SELECT DISTINCT typeof(created_at) FROM work_order"), ["integer"])
        }
        XCTAssertThrowsError(try queue.write { db in
            try db.execute(sql: "UPDATE work_order SET updated_at = '2024-01-02 00:00:00.000'")
        }, "a time written as text is refused")
    }

    func testAnOrderTimeThatIsNoDateIsKeptRatherThanLost() throws {
        let queue = try oldDatabase("nodate.sqlite", urges: 1, upTo: "v13-daily-counts")
        try queue.write { db in try db.execute(sql: "UPDATE work_order SET signed_at = '已签收'") }
        try HotlineMigrations.migrator.migrate(queue)
        try queue.read { db in
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT signed_at FROM work_order"), "已签收")
            XCTAssertEqual(try Int64.fetchOne(db, sql: "SELECT created_at FROM work_order"), 1_704_067_200)
        }
    }

    func testAnUpgradeAcrossV14LeavesTheFileCompact() throws {
        let queue = try databaseAt("v13-daily-counts", name: "grown.sqlite")
        try queue.write { db in
            for n in 1...3_000 {
                try db.execute(sql: """
                    INSERT INTO work_order(number, kind, title, content, status, sign_due, answer_due,
                                           created_at, created_by, updated_at, updated_by)
                    VALUES (?, 'consult', '旧单', '旧内容', 'pending_dispatch', '2024-01-01 01:00:00.000',
                            '2024-01-04 09:00:00.000', '2024-01-01 00:00:00.000', 'a', '2024-01-01 00:00:00.000', 'a')
                    """, arguments: [String(format: "YQL-20240101-%04d", n)])
            }
        }
        let path = queue.path
        try queue.close()
        try FileManager.default.copyItem(atPath: path, toPath: path + ".plain")
        let plain = try DatabaseQueue(path: path + ".plain", configuration: HotlineStore.configuration())
        try HotlineMigrations.migrator.migrate(plain)
        let uncompacted = try plain.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count")! }

        let store = try HotlineStore.open(at: path, mode: .createOrMigrate)
        try store.read { db in
            XCTAssertLessThan(try Int.fetchOne(db, sql: "PRAGMA page_count")!, uncompacted)
            XCTAssertEqual(try Int.fetchOne(db, sql: "PRAGMA freelist_count"), 0)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM work_order WHERE typeof(sign_due) = 'integer'"), 3_000)
        }
    }

    func testAnEventTimeNotInTheStoredFormStopsTheUpgradeUntouched() throws {
        let queue = try oldDatabase("odd.sqlite", urges: 0, upTo: "v13-daily-counts", createdAt: "2024-01-01T00:00:00Z")
        XCTAssertThrowsError(try HotlineMigrations.migrator.migrate(queue)) { error in
            XCTAssertEqual(error as? StoreError, .eventTimeUnconvertible(eventID: 1, stored: "2024-01-01T00:00:00Z"))
        }
        try queue.read { db in
            XCTAssertFalse(try HotlineMigrations.migrator.appliedIdentifiers(db).contains("v14-numeric-instants"))
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT created_at FROM work_order"), "2024-01-01 00:00:00.000")
            XCTAssertTrue(try AuditVerification.verify(in: db).isIntact)
        }
    }
}
