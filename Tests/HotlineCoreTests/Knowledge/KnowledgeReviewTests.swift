import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The trainer's review: publishing and rejecting drafts, each with a revision saying who,
/// when and what; anything but a draft refused; only trainers and admins; the listing
/// by department, category and drafts.
final class KnowledgeReviewTests: KnowledgeTestCase {
    private var knowledge: KnowledgeBase!

    override func setUpWithError() throws {
        try super.setUpWithError()
        knowledge = try emptyKnowledgeBase()
        let lines = [
            ["id": "D1", "department": "如皋市税务局", "category": "发票", "question": "数电发票的开票额度怎么调整？",
             "answer": "在电子税务局提交开票额度调整申请，税务机关审核后调整。", "keywords": ["数电发票"], "source": "国家税务总局公告2024年第11号",
             "effective_from": "2024-01-01", "status": "draft"],
            ["id": "D2", "department": "如皋市人力资源和社会保障局", "category": "社保", "question": "稳岗返还什么时候发放？",
             "answer": "符合条件的企业无需申请，经办机构按名单直接返还。", "keywords": ["稳岗返还"], "source": "苏人社发〔2024〕1号",
             "effective_from": "2024-01-01", "status": "draft"],
            ["id": "P1", "department": "如皋市税务局", "category": "登记", "question": "一般纳税人登记的标准是什么？",
             "answer": "年应征增值税销售额超过500万元。", "keywords": ["一般纳税人"], "source": "增值税一般纳税人登记管理办法",
             "effective_from": "2018-02-01"],
        ].map(knowledgeJSONLine).joined(separator: "\n") + "\n"
        _ = try knowledge.importFiles([try write(lines, to: "review.jsonl")], actor: KnowledgeFixtures.actor)
    }

    private func identity(_ role: Role) throws -> Identity {
        let account = try knowledge.store.write { db -> Account in
            var account = Account(login: "\(role.rawValue)1", name: role.label, role: role, osUser: nil, createdAt: KnowledgeFixtures.now)
            try account.insert(db)
            return account
        }
        return Identity(account: account, actingAdmin: nil)
    }

    func testPublishMakesTheDraftSearchableWithARevision() throws {
        let trainer = try identity(.trainer)
        XCTAssertTrue(try knowledge.search(SearchRequest(text: "开票额度")).hits.allSatisfy { $0.externalID != "D1" },
                      "a draft is not searched")
        let outcome = try knowledge.publishDraft(externalID: "D1", identity: trainer)
        XCTAssertEqual(outcome.entry.status, .published)
        XCTAssertEqual(outcome.entry.revision, 2)
        let detail = try knowledge.detail(externalID: "D1")
        XCTAssertEqual(detail.entry.status, .published)
        XCTAssertEqual(detail.entry.updatedBy, "trainer1")
        let latest = try XCTUnwrap(detail.revisions.first)
        XCTAssertEqual(latest.revision, 2)
        XCTAssertEqual(latest.change, "publish")
        XCTAssertEqual(latest.changedFields, ["status"])
        XCTAssertEqual(latest.changedBy, "trainer1")
        XCTAssertEqual(latest.changedAt, KnowledgeFixtures.now)
        XCTAssertTrue(latest.snapshot.contains("\"status\":\"published\""), latest.snapshot)
        XCTAssertNil(latest.rejectionReason)
        XCTAssertEqual(detail.revisions.count, 2, "the import's revision is kept")
        XCTAssertTrue(try knowledge.search(SearchRequest(text: "开票额度")).hits.contains { $0.externalID == "D1" })
    }

    func testRejectRetiresTheDraftAndKeepsTheReason() throws {
        let outcome = try knowledge.rejectDraft(externalID: "D2", reason: "  依据文号有误，\n请核对后重新提交 ", identity: try identity(.admin))
        XCTAssertEqual(outcome.entry.status, .retired)
        let latest = try XCTUnwrap(try knowledge.detail(externalID: "D2").revisions.first)
        XCTAssertEqual(latest.rejectionReason, "依据文号有误， 请核对后重新提交")
        XCTAssertEqual(latest.changedFields, ["status"])
        XCTAssertEqual(latest.changedBy, "admin1")
        XCTAssertTrue(try knowledge.search(SearchRequest(text: "稳岗返还")).hits.allSatisfy { $0.externalID != "D2" })
    }

    func testOnlyDraftsAreDecided() throws {
        let trainer = try identity(.trainer)
        XCTAssertThrowsError(try knowledge.publishDraft(externalID: "P1", identity: trainer)) { error in
            XCTAssertEqual(error as? KnowledgeReviewError, .notADraft(externalID: "P1", status: .published))
            XCTAssertTrue("\(error)".contains("不是草稿"), "\(error)")
        }
        _ = try knowledge.rejectDraft(externalID: "D2", reason: "重复", identity: trainer)
        XCTAssertThrowsError(try knowledge.publishDraft(externalID: "D2", identity: trainer)) { error in
            XCTAssertEqual(error as? KnowledgeReviewError, .notADraft(externalID: "D2", status: .retired))
        }
        XCTAssertThrowsError(try knowledge.rejectDraft(externalID: "D1", reason: " \n", identity: trainer)) { error in
            XCTAssertEqual(error as? KnowledgeReviewError, .emptyReason)
        }
        XCTAssertThrowsError(try knowledge.publishDraft(externalID: "NOPE", identity: trainer)) { error in
            XCTAssertEqual(error as? KnowledgeError, .unknownEntry("NOPE"))
        }
        XCTAssertEqual(try knowledge.detail(externalID: "D1").revisions.count, 1, "refusals write nothing")
    }

    func testAgentsAndLeadsMayNotReview() throws {
        for role in [Role.agent, .lead] {
            let who = try identity(role)
            XCTAssertThrowsError(try knowledge.publishDraft(externalID: "D1", identity: who)) { error in
                XCTAssertTrue(error is AccessError, "\(role): \(error)")
            }
            XCTAssertThrowsError(try knowledge.rejectDraft(externalID: "D1", reason: "x", identity: who))
            XCTAssertThrowsError(try knowledge.listing(identity: who))
        }
        XCTAssertEqual(try knowledge.detail(externalID: "D1").entry.status, .draft)
    }

    func testListingFiltersAndFacets() throws {
        let trainer = try identity(.trainer)
        let all = try knowledge.listing(identity: trainer)
        XCTAssertEqual(all.rows.map(\.externalID), ["D1", "D2", "P1"])
        XCTAssertEqual(all.total, 3)
        XCTAssertEqual(all.draftCount, 2)
        XCTAssertEqual(Set(all.departments), ["如皋市税务局", "如皋市人力资源和社会保障局"])
        XCTAssertEqual(all.categories, ["发票", "登记", "社保"].sorted())
        let tax = try knowledge.listing(department: "如皋市税务局", identity: trainer)
        XCTAssertEqual(tax.rows.map(\.externalID), ["D1", "P1"])
        XCTAssertEqual(Set(tax.categories), ["发票", "登记"])
        XCTAssertEqual(try knowledge.listing(department: "如皋市税务局", category: "登记", identity: trainer).rows.map(\.externalID), ["P1"])
        XCTAssertEqual(try knowledge.listing(draftsOnly: true, identity: trainer).rows.map(\.externalID), ["D1", "D2"])
        let cut = try knowledge.listing(limit: 1, identity: trainer)
        XCTAssertEqual(cut.rows.count, 1)
        XCTAssertEqual(cut.total, 3)
    }
}
