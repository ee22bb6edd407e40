import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Eight `hotline` processes working the same orders at once, with a sweep running
/// beside them (issue 7, "Concurrency"). Nothing is timed: each worker does a fixed
/// number of operations, and afterwards the database must account for every one.
final class ReliabilityConcurrencyTests: ProcessTestCase {
    /// What one CLI call did.
    struct Attempt: Sendable {
        var worker: Int
        var operation: String
        var number: String
        /// The unique text the operation carried (note, answer, reason or title).
        var marker: String?
        var status: Int32
        var crashed: Bool
        var stderr: String
    }

    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Attempt] = []
        func add(_ attempt: Attempt) { lock.withLock { items.append(attempt) } }
        var attempts: [Attempt] { lock.withLock { items } }
    }

    static let operationsPerWorker = 24
    static let workingNow = "2026-11-23T11:30:00+08:00"

    func testEightProcessesOnTheSameOrdersLoseNothing() throws {
        let log = Log()
        var tax: [String] = []
        var hrss: [String] = []
        // Two orders from last Tuesday, already past their answer deadline on Monday.
        let tuesday = HotlineProcess(database: database, now: "2026-11-17T09:00:00+08:00", directory: directory)
        for index in 0..<2 {
            let result = try tuesday.must(["--as", "agent1", "order", "create", "--kind", "consult", "--department", "TAX",
                                           "--title", "init-old-\(index)", "--content", "上周的咨询", "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            tax.append(try XCTUnwrap(object?["number"] as? String))
        }
        for index in 0..<4 { tax.append(try createOrder(department: "TAX", title: "init-tax-\(index)")) }
        for index in 0..<2 { hrss.append(try createOrder(department: "HRSS", title: "init-hrss-\(index)")) }
        let initial = Set(["init-old-0", "init-old-1"] + (0..<4).map { "init-tax-\($0)" } + (0..<2).map { "init-hrss-\($0)" })

        let working = HotlineProcess(database: database, now: Self.workingNow, directory: directory)
        let taxOrders = tax, hrssOrders = hrss, all = tax + hrss
        let workers = 8
        // One thread per worker (concurrentPerform would run only as many as there are cores).
        let finished = DispatchGroup()
        for worker in 0..<workers {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                var rng = SplitMix64(seed: UInt64(7_000 + worker))
                for step in 0..<Self.operationsPerWorker {
                    let marker = "m\(worker)-\(step)"
                    var number = ""
                    var arguments: [String]
                    var operation: String
                    switch worker {
                    case 0, 1, 2:
                        let login = ["tax1", "tax2", "hrss1"][worker]
                        number = (worker == 2 ? hrssOrders : taxOrders).randomElement(using: &rng)!
                        switch Int.random(in: 0..<3, using: &rng) {
                        case 0: (operation, arguments) = ("sign", ["--as", login, "order", "sign", number, "--note", marker])
                        case 1: (operation, arguments) = ("contact", ["--as", login, "order", "contact", number, "--note", marker])
                        default: (operation, arguments) = ("answer", ["--as", login, "order", "answer", number, "--text", marker])
                        }
                    case 3, 4:
                        let login = worker == 3 ? "lead1" : "lead2"
                        number = all.randomElement(using: &rng)!
                        switch Int.random(in: 0..<4, using: &rng) {
                        case 0:
                            // Read the version first, as a desk does, so that a change by
                            // someone else in between is refused instead of overwritten.
                            var version = "1"
                            if let shown = try? working.run(["--as", login, "order", "show", number, "--json"]),
                               let object = try? JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any],
                               let current = object["version"] as? Int {
                                version = String(current)
                            }
                            (operation, arguments) = ("urge", ["--as", login, "order", "urge", number, "--note", marker,
                                                               "--expect-version", version])
                        case 1: (operation, arguments) = ("urge", ["--as", login, "order", "urge", number, "--note", marker])
                        case 2:
                            let accept = Bool.random(using: &rng)
                            (operation, arguments) = ("review", ["--as", login, "order", "review", number,
                                                                 accept ? "--accept" : "--reject", "--reason", marker])
                        default: (operation, arguments) = ("supervise", ["--as", login, "order", "supervise", number, "--note", marker])
                        }
                    case 5, 6:
                        let login = worker == 5 ? "agent1" : "agent2"
                        number = all.randomElement(using: &rng)!
                        let channel = ["sms", "manual"].randomElement(using: &rng)!
                        let result = ["satisfied", "basic", "unsatisfied", "unreachable"].randomElement(using: &rng)!
                        (operation, arguments) = ("callback", ["--as", login, "order", "callback", number, "--channel", channel,
                                                               "--result", result, "--note", marker])
                    default:
                        (operation, arguments) = ("sweep", ["sweep", "--json"])
                    }
                    let outcome: HotlineProcess.Result
                    do {
                        outcome = try working.run(arguments)
                    } catch {
                        outcome = HotlineProcess.Result(status: -1, stdout: "", stderr: "\(error)", crashed: true)
                    }
                    log.add(Attempt(worker: worker, operation: operation, number: number,
                                    marker: operation == "sweep" ? nil : marker, status: outcome.status,
                                    crashed: outcome.crashed, stderr: outcome.stderr))
                }
            }
        }
        finished.wait()

        let attempts = log.attempts
        XCTAssertEqual(attempts.count, workers * Self.operationsPerWorker)
        for attempt in attempts {
            XCTAssertFalse(attempt.crashed, "\(attempt.operation) \(attempt.number) crashed: \(attempt.stderr)")
            XCTAssertNotEqual(attempt.status, 69, "busy surfaced to a person: \(attempt.stderr)")
            XCTAssertTrue([0, 65].contains(attempt.status), "\(attempt.operation) \(attempt.number) exit \(attempt.status): \(attempt.stderr)")
        }
        let succeeded = attempts.filter { $0.status == 0 && $0.marker != nil }
        let conflicts = attempts.filter { $0.stderr.contains("已被") && $0.stderr.contains("修改") }
        for conflict in conflicts {
            XCTAssertTrue(conflict.stderr.contains("（版本"), "a stale version names who and when: \(conflict.stderr)")
        }

        let store = try HotlineStore.open(at: database, mode: .existing)
        let (events, problems, audit) = try store.read { db in
            (try OrderEvent.order(Column("id")).fetchAll(db), try HealthCheck.storeProblems(in: db).findings,
             try AuditVerification.verify(in: db))
        }
        XCTAssertEqual(problems, [], "integrity, foreign keys, replay and audit chain")
        XCTAssertTrue(audit.isIntact)

        // Every successful operation has exactly one event, and every event belongs to
        // an operation that succeeded: the marker it carried links the two.
        var eventsByMarker: [String: [OrderEvent]] = [:]
        var unexplained: [OrderEvent] = []
        for event in events {
            let payload = event.payloadObject
            if event.type == .signOverdue || event.type == .answerOverdue {
                XCTAssertEqual(event.actor, "sweep")
                continue
            }
            if event.type == .dispatched && event.sequence == 2 { continue }  // part of creating the order
            guard let marker = [payload["note"], payload["text"], payload["reason"], payload["title"]]
                .compactMap({ $0 as? String }).first else {
                unexplained.append(event)
                continue
            }
            eventsByMarker[marker, default: []].append(event)
        }
        XCTAssertEqual(unexplained.map(\.type), [], "events that no operation explains")
        let successMarkers = Set(succeeded.compactMap(\.marker)).union(initial)
        XCTAssertEqual(Set(eventsByMarker.keys), successMarkers, "the events are exactly the successful operations")
        for (marker, found) in eventsByMarker {
            XCTAssertEqual(found.count, 1, "operation \(marker) has \(found.count) events")
        }
        let recordedAs: [String: Set<OrderEventType>] = [
            "sign": [.signed], "contact": [.contacted], "answer": [.answered], "urge": [.urged], "supervise": [.supervised],
            "callback": [.callback], "review": [.answerAccepted, .answerRejected],
        ]
        for attempt in succeeded {
            let type = eventsByMarker[attempt.marker!]?.first?.type
            XCTAssertTrue(type.map { recordedAs[attempt.operation]?.contains($0) ?? false } ?? false,
                          "\(attempt.operation) \(attempt.marker!) recorded as \(type?.rawValue ?? "nothing")")
        }
        // Each order flagged at most once per deadline by the sweeps (no redispatch here).
        let flags = Dictionary(grouping: events.filter { $0.type == .signOverdue || $0.type == .answerOverdue },
                               by: { "\($0.orderID)-\($0.type.rawValue)" })
        XCTAssertTrue(flags.values.allSatisfy { $0.count == 1 }, "a sweep flagged an order twice")
        XCTAssertFalse(flags.isEmpty, "the sweeps had overdue orders to flag")

        let check = try hotline.run(["check"])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)

        let figures = "processes=\(workers) operations=\(attempts.count) succeeded=\(succeeded.count) "
            + "refused=\(attempts.filter { $0.status == 65 }.count) stale_version_conflicts=\(conflicts.count) "
            + "busy=\(attempts.filter { $0.status == 69 }.count) events=\(events.count) sweep_flags=\(flags.count) lost=0"
        print("RELIABILITY concurrency: \(figures)")
    }
}
