import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Completing the enterprise name on intake from the enterprises that have called.
final class CallsEnterpriseDirectoryTests: CallTestCase {
    private func names(_ text: String, limit: Int = 8) throws -> [String] {
        try calls.enterpriseNames(matching: text, limit: limit, identity: try agent).map(\.name)
    }

    private func directoryRow(_ name: String) throws -> (calls: Int, uscc: String?)? {
        try store.read { db in
            try Row.fetchOne(db, sql: "SELECT calls, uscc FROM known_enterprise WHERE name = ?", arguments: [name])
                .map { ($0["calls"], $0["uscc"]) }
        }
    }

    func testMostCalledFirstWithNamesStartingWithTheTextBeforeOthers() throws {
        try record(enterprise: "如皋市某某机械有限公司", uscc: Self.uscc)
        try record(enterprise: "如皋市某某机械有限公司")
        try record(enterprise: "如皋市星辰纺织有限公司")
        try record(enterprise: "南通某某机械公司")
        try record(enterprise: "南通某某机械公司")
        try record(enterprise: "南通某某机械公司")

        let suggestions = try calls.enterpriseNames(matching: "如皋市", identity: try agent)
        XCTAssertEqual(suggestions.map(\.name), ["如皋市某某机械有限公司", "如皋市星辰纺织有限公司"])
        XCTAssertEqual(suggestions.first?.calls, 2)
        XCTAssertEqual(suggestions.first?.uscc, Self.uscc, "the code given on an earlier call comes with the name")

        XCTAssertEqual(try names("某某机械"), ["南通某某机械公司", "如皋市某某机械有限公司"], "a fragment inside the name, most called first")
        XCTAssertEqual(try names("南通"), ["南通某某机械公司"])
        XCTAssertEqual(try names("如皋市某某机械"), ["如皋市某某机械有限公司"])
        XCTAssertEqual(try names("机械", limit: 1), ["南通某某机械公司"])
        XCTAssertEqual(try names(" "), [])
        XCTAssertEqual(try names("不存在的公司"), [])
    }

    func testAmendingARungCallCountsAndMovesItsName() throws {
        let rung = try calls.ring(phone: "13812345678", identity: try agent).call
        XCTAssertEqual(try names("公司"), [], "a rung call has no enterprise yet")

        try calls.amend(callID: rung.id, CallAmendment(enterpriseName: "如皋市误记公司"), identity: try agent)
        XCTAssertEqual(try directoryRow("如皋市误记公司")?.calls, 1)

        try calls.amend(callID: rung.id, CallAmendment(enterpriseName: "如皋市正确机械有限公司"), identity: try agent)
        XCTAssertNil(try directoryRow("如皋市误记公司"), "a name corrected away from is forgotten once no call has it")
        XCTAssertEqual(try directoryRow("如皋市正确机械有限公司")?.calls, 1)

        try calls.amend(callID: rung.id, CallAmendment(uscc: Self.uscc), identity: try agent)
        XCTAssertEqual(try directoryRow("如皋市正确机械有限公司")?.uscc, Self.uscc, "a code given later joins the name")
        XCTAssertEqual(try calls.enterprise(uscc: Self.uscc.lowercased(), identity: try agent)?.name, "如皋市正确机械有限公司")
        XCTAssertNil(try calls.enterprise(uscc: Self.otherUSCC, identity: try agent))
    }

    /// The directory of a database made before it existed is filled from its calls.
    func testTheMigrationFillsTheDirectoryFromStoredCalls() throws {
        let path = directory.appendingPathComponent("older.sqlite").path
        let queue = try DatabaseQueue(path: path, configuration: HotlineStore.configuration())
        try HotlineMigrations.migrator.migrate(queue, upTo: "v7-knowledge-feedback")
        try queue.write { db in
            for (name, uscc, day) in [("如皋市甲公司", nil, 1), ("如皋市甲公司", Self.uscc, 2), ("如皋市甲公司", nil, 3),
                                      ("如皋市乙公司", nil, 1), ("", nil, 1)] as [(String, String?, Int)] {
                try db.execute(sql: """
                    INSERT INTO call(received_at, channel, enterprise_name, enterprise_uscc, request_type, recorded_by, updated_at)
                    VALUES (?, 'phone', ?, ?, 'consult', 'agent1', ?)
                    """, arguments: [Self.now.addingTimeInterval(Double(day) * 3600), name, uscc, Self.now])
            }
        }
        try HotlineMigrations.migrator.migrate(queue)
        let rows = try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT name, uscc, calls FROM known_enterprise ORDER BY name")
                .map { "\($0["name"] as String) \(($0["uscc"] as String?) ?? "-") \($0["calls"] as Int)" }
        }
        XCTAssertEqual(rows, ["如皋市乙公司 - 1", "如皋市甲公司 \(Self.uscc) 3"])
    }
}
