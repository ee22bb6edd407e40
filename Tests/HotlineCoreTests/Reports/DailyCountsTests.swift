import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The per-day counts of calls and call records (migration v13) that the centre-wide KPI
/// sums: kept by triggers through inserts, changed outcomes, deletions and re-imported
/// records, on the local day either side of midnight, and checked by `hotline check`.
final class DailyCountsTests: ReportTestCase {
    private let outcomes = ["open", "knowledge", "specialist", "order", "out_of_scope", "transferred"]

    /// Calls at random instants over three local days, many within minutes of midnight;
    /// some concluded later with another outcome, some removed.
    private func scatterCalls() throws -> [Int64] {
        var rng = SplitMix64(seed: 13)
        let midnight = ShanghaiTime.epochSeconds(Self.instant("2026-11-24T00:00:00+08:00"))
        var ids: [Int64] = []
        for index in 0..<240 {
            let offset = index.isMultiple(of: 3) ? Int.random(in: -300...300, using: &rng)
                : Int.random(in: -86_400...(2 * 86_400), using: &rng)
            let at = ShanghaiTime.format(epochSeconds: midnight + offset)
            ids.append(try insertCall(at: at, outcome: outcomes.randomElement(using: &rng)!))
        }
        try store.write { db in
            for id in ids where id.isMultiple(of: 4) {
                try db.execute(sql: "UPDATE call SET outcome = ? WHERE id = ?", arguments: [outcomes.randomElement(using: &rng)!, id])
            }
            for id in ids where id.isMultiple(of: 17) {
                try db.execute(sql: "DELETE FROM call_tag WHERE call_id = ?; DELETE FROM call WHERE id = ?", arguments: [id, id])
            }
        }
        return ids
    }

    private func importRecords(answeredLater: Bool) throws {
        var lines = ["call_id,queue,offered_at,answered_at,ended_at,agent,caller"]
        for index in 0..<60 {
            let offered = ShanghaiTime.epochSeconds(Self.instant("2026-11-23T23:30:00+08:00")) + index * 60
            let wait = (answeredLater ? 25 : 5) + index % 20
            let answered = index % 7 == 0 ? "" : Self.local(offered + wait)
            lines.append("R\(index),\(index % 2 == 0 ? "一企来" : "综合"),\(Self.local(offered)),\(answered),\(Self.local(offered + 300)),"
                         + "\(answered.isEmpty ? "" : "agent1"),1390000\(String(format: "%04d", index))")
        }
        _ = try CallRecords(store: store).importFile(path: try writeFile("cdr-\(answeredLater).csv", lines.joined(separator: "\n")),
                                                     identity: lead)
    }

    private static func local(_ seconds: Int) -> String {
        let text = ShanghaiTime.format(epochSeconds: seconds)
        return String(text.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    func testCallCountsFollowEveryChangeAndMatchACount() throws {
        try scatterCalls()
        try store.read { db in XCTAssertEqual(try ReportFacts.verify(in: db), []) }
        let calls = try store.read { db in try Row.fetchAll(db, sql: "SELECT received_at, outcome FROM call") }
        for day in ["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25"] {
            let date = LocalDate(iso: day)!
            let period = ReportPeriod(first: date, last: date)
            let kpi = try reports.kpi(period, identity: lead)
            let onDay = calls.filter { ShanghaiTime.localDate(of: $0["received_at"] as Date) == date }
            XCTAssertEqual(kpi.calls.received, onDay.count, day)
            for outcome in Call.Outcome.allCases {
                XCTAssertEqual(kpi.calls.byOutcome[outcome, default: 0], onDay.filter { $0["outcome"] == outcome.rawValue }.count,
                               "\(day) \(outcome)")
            }
        }
    }

    func testRecordCountsFollowAReimportThatChangesWaits() throws {
        try importRecords(answeredLater: false)
        try importRecords(answeredLater: true)
        try store.read { db in XCTAssertEqual(try ReportFacts.verify(in: db), []) }
        let records = try store.read { db in try Row.fetchAll(db, sql: "SELECT offered_at, queue, answered, wait_seconds FROM cdr") }
        for day in ["2026-11-23", "2026-11-24"] {
            let date = LocalDate(iso: day)!
            for queue in [nil, "一企来"] as [String?] {
                let figures = try reports.kpi(ReportPeriod(first: date, last: date), queue: queue, identity: lead).connection!
                let rows = records.filter {
                    ShanghaiTime.localDate(of: $0["offered_at"] as Date) == date && (queue == nil || $0["queue"] == queue)
                }
                let answered = rows.filter { $0["answered"] as Bool }
                XCTAssertEqual(figures.offered, rows.count)
                XCTAssertEqual(figures.answered, answered.count)
                XCTAssertEqual(figures.within30s.numerator, answered.filter { ($0["wait_seconds"] as Int) <= 30 }.count)
                XCTAssertEqual(figures.within15s.numerator, answered.filter { ($0["wait_seconds"] as Int) <= 15 }.count)
                let waited = answered.reduce(0) { $0 + ($1["wait_seconds"] as Int) }
                XCTAssertEqual(figures.averageWaitSeconds, answered.isEmpty ? nil : Double(waited) / Double(answered.count))
            }
        }
    }

    func testAChangedCountIsNamedByItsDayAndRebuilt() throws {
        try scatterCalls()
        try importRecords(answeredLater: false)
        try store.write { db in
            try db.execute(sql: "UPDATE report_call_day SET calls = calls + 1 WHERE day = '2026-11-24' AND outcome = 'order'")
            try db.execute(sql: "DELETE FROM report_cdr_day WHERE day = '2026-11-23'")
        }
        let found = try store.read { db in try ReportFacts.verify(in: db) }
        XCTAssertEqual(found.map(\.table), ["report_call_day", "report_cdr_day"])
        XCTAssertEqual(found.first?.days, ["2026-11-24"])
        XCTAssertTrue(found.last!.description.contains("2026-11-23"), found.last!.description)
        let health = try HealthCheck.run(store, identity: admin)
        XCTAssertTrue(health.findings.contains { $0.message.contains("report_call_day") })
        _ = try ReportFacts.rebuild(store, identity: admin)
        try store.read { db in XCTAssertEqual(try ReportFacts.verify(in: db), []) }
    }

    func testTheMigrationCountsCallsAlreadyStored() throws {
        let queue = try databaseAt("v12-compact-storage", name: "v12.sqlite")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO call(received_at, channel, request_type, outcome, recorded_by, updated_at) VALUES
                  ('2026-11-23 15:59:59.000', 'phone', 'consult', 'knowledge', 'a', '2026-11-23 15:59:59.000'),
                  ('2026-11-23 16:00:00.000', 'phone', 'consult', 'knowledge', 'a', '2026-11-23 16:00:00.000'),
                  ('2026-11-23 17:00:00.000', 'phone', 'consult', 'order', 'a', '2026-11-23 17:00:00.000');
                """)
        }
        try HotlineMigrations.migrator.migrate(queue)
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT day, outcome, calls FROM report_call_day ORDER BY 1, 2") }
        XCTAssertEqual(rows.map { "\($0["day"] as String) \($0["outcome"] as String) \($0["calls"] as Int)" },
                       ["2026-11-23 knowledge 1", "2026-11-24 knowledge 1", "2026-11-24 order 1"])
    }
}
