import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Issue 7, personal data in logs: agents type what the caller says into the knowledge
/// search, and the search log (查漏补缺, `hotline kb gaps`) must not keep callers' phone
/// or ID numbers.
final class ReliabilitySearchLogPrivacyTests: KnowledgeTestCase {
    func testPhoneAndIDNumbersInAQueryAreMasked() {
        let cases = [
            ("13812345678 社保断缴", "138****5678 社保断缴"),
            ("来电13812345678反映发票", "来电138****5678反映发票"),
            ("+86 138 1234 5678 发票", "138****5678 发票"),
            ("１３８１２３４５６７８退税", "138****5678退税"),
            ("0513-87654321 公积金", "0513-****4321 公积金"),
            ("身份证320682199001011234", "身份证320682********1234"),
            ("身份证 32068219900101123X 社保", "身份证 320682********123X 社保"),
            ("91110000600037341L 变更登记", "911100********341L 变更登记"),
        ]
        for (query, expected) in cases {
            XCTAssertEqual(SearchLogPrivacy.masked(query), expected, query)
            XCTAssertEqual(SearchLogPrivacy.masked(expected), expected, "masking twice changes nothing")
        }
        for untouched in ["2024年社保基数", "金额 12345 元", "YQL-20261123-0001 进度", "数电发票怎么领", "ISO 9001 认证", ""] {
            XCTAssertEqual(SearchLogPrivacy.masked(untouched), untouched)
        }
    }

    func testTheLogAndTheGapsHoldOnlyTheMaskedForm() throws {
        let knowledge = try emptyKnowledgeBase()
        try knowledge.logSearches([("13812345678 社保断缴", nil, 0), ("身份证320682199001011234 犇骉", nil, 0)],
                                  actor: KnowledgeFixtures.actor)
        let rows = try knowledge.store.read { db in
            try Row.fetchAll(db, sql: "SELECT query, normalized_query FROM search_log ORDER BY id")
        }
        XCTAssertEqual(rows.map { $0["query"] as String }, ["138****5678 社保断缴", "身份证320682********1234 犇骉"])
        for row in rows {
            let stored = (row["query"] as String) + (row["normalized_query"] as String? ?? "")
            XCTAssertFalse(stored.contains("12345678"), stored)
            XCTAssertFalse(stored.contains("199001011234"), stored)
        }
        // A row logged before masking began is shown masked by the gaps too.
        try knowledge.store.write { db in
            try db.execute(sql: """
                INSERT INTO search_log (searched_at, searched_by, query, normalized_query, department_filter, hit_count)
                VALUES (?, 'old', '13912345678 老记录', '13912345678 老记录', NULL, 0)
                """, arguments: [KnowledgeFixtures.now])
        }
        let gaps = try knowledge.gaps().map(\.query)
        XCTAssertEqual(Set(gaps), ["138****5678 社保断缴", "身份证320682********1234 犇骉", "139****5678 老记录"])
    }
}

/// `hotline kb gaps`, the real command, after a search that held a caller's phone.
final class ReliabilitySearchLogGapsCommandTests: ProcessTestCase {
    func testKbGapsShowsTheMaskedQuery() throws {
        try hotline.must(["--as", "agent1", "kb", "search", "13812345678 犇骉社保断缴"])
        let gaps = try hotline.must(["--as", "lead1", "kb", "gaps"])
        XCTAssertTrue(gaps.stdout.contains("138****5678"), gaps.stdout)
        XCTAssertFalse(gaps.stdout.contains("13812345678"), gaps.stdout)
        let json = try hotline.must(["--as", "lead1", "kb", "gaps", "--json"])
        XCTAssertFalse(json.stdout.contains("13812345678"), json.stdout)
    }
}
