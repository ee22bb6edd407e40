import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// `kill -9` in the middle of a large knowledge import and of a sweep (issue 7,
/// "Crashes and recovery"). Where to kill is found without timing assertions: the same
/// command first runs to the end on a copy of the database, and the real run is killed
/// at half that duration; whether it was still running then is reported, not assumed.
final class ReliabilityCrashTests: ProcessTestCase {
    static let importEntries = 5_000
    static let sweepOrders = 1_200

    func testKillDuringKnowledgeImportLeavesAllOrNothing() throws {
        var synthetic = SyntheticKnowledge(seed: 77)
        let file = directory.appendingPathComponent("big.jsonl")
        let lines = (1...Self.importEntries).map { synthetic.jsonLine(number: $0) }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let arguments = ["kb", "import", file.path]

        let killed = try killHalfway(arguments)
        let store = try HotlineStore.open(at: database, mode: .existing)
        let (integrity, imported) = try store.read { db in
            (try String.fetchAll(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry WHERE external_id LIKE 'SYN%'") ?? 0)
        }
        XCTAssertEqual(integrity, ["ok"])
        XCTAssertTrue(imported == 0 || imported == Self.importEntries, "import partly there: \(imported) of \(Self.importEntries)")

        // And the import, run again, completes.
        try hotline.must(arguments)
        let after = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry WHERE external_id LIKE 'SYN%'") ?? 0
        }
        XCTAssertEqual(after, Self.importEntries)
        print("RELIABILITY crash-import: entries=\(Self.importEntries) killed_mid_run=\(killed) after_kill=\(imported) integrity=ok")
    }

    func testKillDuringSweepFlagsEachOrderOnceAndKeepsTheChain() throws {
        // Orders from last Tuesday: on Monday every one is past both deadlines.
        let store = try HotlineStore.open(at: database, mode: .existing,
                                          clock: .fixed(try ShanghaiTime.parse("2026-11-17T09:00:00+08:00")))
        let agent = try Identity.resolve(in: store, osUser: "os-agent1")
        let template = try WorkOrders(store: store).create(NewOrder(kind: .consult, department: "TAX", title: "待清扫",
                                                                    content: "超时工单"), identity: agent)
        // The rest as copies in one transaction (creating each through its own
        // transaction would make the setup, not the sweep, the slow part); their events
        // go through the ledger, so they join the audit chain like any other.
        try store.write { db in
            for index in 1..<Self.sweepOrders {
                var order = template.order
                order.id = nil
                order.number = String(format: "YQL-20261117-%04d", index + 1)
                try order.insert(db)
                for (type, payload) in [(OrderEventType.created, ["kind": "consult", "title": "待清扫\(index)"]),
                                        (.dispatched, ["department": "TAX", "from": "pending_dispatch", "to": "dispatched"])] {
                    _ = try OrderLedger.append(type, payload: payload, to: order, actor: agent.actor, at: order.createdAt, in: db)
                }
            }
        }
        let killed = try killHalfway(["sweep"], now: "2026-11-23T11:30:00+08:00")
        let flaggedAfterKill = try store.read { db in
            try Int.fetchOne(db, sql: "SELECT sum(sign_overdue) + sum(answer_overdue) FROM work_order") ?? 0
        }
        try store.read { db in
            XCTAssertEqual(try HealthCheck.storeProblems(in: db).findings, [], "integrity, replay and chain after the kill")
        }
        try hotline.must(["sweep"], now: "2026-11-23T11:30:00+08:00")
        try store.read { db in
            XCTAssertEqual(try HealthCheck.storeProblems(in: db).findings, [])
            let counts = try Row.fetchAll(db, sql: """
                SELECT type, count(*) AS events, count(DISTINCT order_id) AS orders FROM order_event
                WHERE type IN ('sign_overdue', 'answer_overdue') GROUP BY type
                """)
            XCTAssertEqual(counts.count, 2)
            for row in counts {
                XCTAssertEqual(row["events"] as Int, Self.sweepOrders, "one event per order for \(row["type"] as String)")
                XCTAssertEqual(row["orders"] as Int, Self.sweepOrders)
            }
        }
        print("RELIABILITY crash-sweep: orders=\(Self.sweepOrders) killed_mid_run=\(killed) flags_before_kill=\(flaggedAfterKill) "
            + "flags_after_rerun=\(2 * Self.sweepOrders) duplicate_events=0 integrity=ok")
    }

    /// Runs `arguments` to the end on a copy of the database to learn how long it takes,
    /// then runs it on the real one and sends SIGKILL at half that time. Returns whether
    /// the process was still running when killed.
    private func killHalfway(_ arguments: [String], now: String? = nil) throws -> Bool {
        let copy = directory.appendingPathComponent("rehearsal.sqlite").path
        // The main file and its WAL together are the database as committed so far.
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: database + suffix) {
            try FileManager.default.copyItem(atPath: database + suffix, toPath: copy + suffix)
        }
        var rehearsal = hotline!
        rehearsal.environment["HOTLINE_DB"] = copy
        let began = Date()
        let full = try rehearsal.run(arguments, now: now)
        XCTAssertEqual(full.status, 0, full.stderr)
        let duration = Date().timeIntervalSince(began)

        let (process, _, _) = try hotline.start(arguments, now: now)
        let killAt = Date().addingTimeInterval(duration / 2)
        while process.isRunning && Date() < killAt { usleep(2_000) }
        let wasRunning = process.isRunning
        if wasRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return wasRunning
    }
}
