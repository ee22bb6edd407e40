import Foundation
import GRDB
import XCTest
@testable import DeskUI
@testable import HotlineCore

/// The trainer's knowledge browser (F6): refused to agents, filters by department and
/// category, drafts published and rejected through the keys with their revisions shown,
/// the search gaps, and drawing at both sizes.
final class BrowseConsoleTests: ConsoleTestCase {
    /// Two drafts awaiting review beside the seed's published entries.
    private func addDrafts() throws {
        let lines = [
            ["id": "DRAFT-A", "department": "如皋市税务局", "category": "发票", "question": "数电发票的开票额度怎么调整？",
             "answer": "在电子税务局提交开票额度调整申请。", "keywords": ["数电发票"], "source": "国家税务总局公告2024年第11号",
             "effective_from": "2024-01-01", "status": "draft"],
            ["id": "DRAFT-B", "department": "如皋市人力资源和社会保障局", "category": "就业", "question": "稳岗返还什么时候发放？",
             "answer": "符合条件的企业无需申请，按名单直接返还。", "keywords": ["稳岗返还"], "source": "苏人社发〔2024〕1号",
             "effective_from": "2024-01-01", "status": "draft"],
        ].map { fields -> String in
            String(decoding: try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
        }.joined(separator: "\n") + "\n"
        let path = directory.appendingPathComponent("drafts.jsonl")
        try Data(lines.utf8).write(to: path)
        _ = try KnowledgeBase(store: runtime.store).importFiles([path.path], actor: Actor(login: "deskadmin"))
    }

    private func status(_ id: String) throws -> KnowledgeEntry.Status {
        try KnowledgeBase(store: runtime.store).detail(externalID: id).entry.status
    }

    func testAgentsAreToldTheRoleNeeded() throws {
        try makeConsole(role: .agent)
        press(.function(6))
        XCTAssertEqual(state.screen, .search)
        XCTAssertEqual(state.message?.text, "知识库维护需要知识库管理员或系统管理员角色（当前：坐席）")
        assertScreen(contains: "知识库维护需要知识库管理员")
    }

    func testFiltersCycleThroughDepartmentsAndCategories() throws {
        try makeConsole(role: .trainer)
        press(.function(6))
        XCTAssertEqual(state.screen, .browse)
        let all = try XCTUnwrap(state.browse.listing)
        XCTAssertGreaterThan(all.total, 50)
        XCTAssertGreaterThan(all.departments.count, 1)
        press(.character("d"))
        let department = try XCTUnwrap(state.browse.department)
        XCTAssertEqual(department, all.departments[0])
        let byDepartment = try XCTUnwrap(state.browse.listing)
        XCTAssertFalse(byDepartment.rows.isEmpty)
        XCTAssertTrue(byDepartment.rows.allSatisfy { $0.department == department })
        assertScreen(contains: "部门：\(department)")
        press(.character("c"))
        let category = try XCTUnwrap(state.browse.category)
        XCTAssertEqual(category, byDepartment.categories[0])
        XCTAssertTrue(state.browse.listing!.rows.allSatisfy { $0.department == department && $0.category == category })
        XCTAssertFalse(state.browse.listing!.rows.isEmpty)
        press(.character("d"))
        XCTAssertEqual(state.browse.department, all.departments[1])
        XCTAssertNil(state.browse.category, "a new department starts the category over")
        for _ in 1..<all.departments.count { press(.character("d")) }
        XCTAssertNil(state.browse.department, "after the last department: all again")
        XCTAssertEqual(state.browse.listing?.total, all.total)
    }

    func testADraftIsPublishedAndAnotherRejectedThroughTheKeys() throws {
        try makeConsole(role: .trainer)
        try addDrafts()
        press(.function(6))
        XCTAssertEqual(state.browse.listing?.draftCount, 2)
        press(.character("f"))
        XCTAssertEqual(state.browse.listing?.rows.map(\.externalID), ["DRAFT-A", "DRAFT-B"])
        assertScreen(contains: "只看待审草稿")

        press(.enter)
        XCTAssertEqual(state.browse.mode, .entry)
        XCTAssertEqual(state.browse.entry?.externalID, "DRAFT-A")
        assertScreen(contains: "修订历史")
        assertScreen(contains: "第 1 版")
        press(.character("p"))
        XCTAssertEqual(try status("DRAFT-A"), .published, "\(String(describing: state.message))")
        XCTAssertEqual(state.message?.text.hasPrefix("已发布 DRAFT-A"), true)
        XCTAssertEqual(state.browse.entry?.status, .published, "the opened entry is reloaded")
        assertScreen(contains: "desk1  发布（状态）")
        press(.escape)
        XCTAssertEqual(state.browse.mode, .list)
        XCTAssertEqual(state.browse.listing?.rows.map(\.externalID), ["DRAFT-B"])

        press(.character("x"))
        XCTAssertNotNil(state.browse.rejecting)
        assertScreen(contains: "退回 DRAFT-B 的理由")
        type("依据文号待核实 px")
        XCTAssertEqual(state.browse.rejecting?.reason.text, "依据文号待核实 px", "p and x are text while the reason is typed")
        press(.enter)
        XCTAssertNil(state.browse.rejecting)
        XCTAssertEqual(try status("DRAFT-B"), .retired, "\(String(describing: state.message))")
        let revision = try XCTUnwrap(try KnowledgeBase(store: runtime.store).detail(externalID: "DRAFT-B").revisions.first)
        XCTAssertEqual(revision.rejectionReason, "依据文号待核实 px")
        XCTAssertEqual(revision.changedBy, "desk1")
        XCTAssertEqual(state.browse.listing?.rows, [])
        assertScreen(contains: "没有待审的草稿")

        press(.character("f"))
        state.browse.selected = try XCTUnwrap(state.browse.listing?.rows.firstIndex { $0.externalID == "DRAFT-A" })
        press(.character("p"))
        XCTAssertEqual(state.message?.kind, .error)
        XCTAssertEqual(state.message?.text.contains("不是草稿"), true, "\(String(describing: state.message))")
        press(.character("x"))
        XCTAssertNil(state.browse.rejecting, "no reason is asked for an entry that is not a draft")
        XCTAssertEqual(state.message?.text.contains("不是草稿"), true)
    }

    func testRejectingWithoutAReasonIsNotSent() throws {
        try makeConsole(role: .admin)
        try addDrafts()
        press(.function(6), .character("f"), .character("x"))
        press(.enter)
        XCTAssertNotNil(state.browse.rejecting, "still asking")
        XCTAssertEqual(state.message?.kind, .error)
        press(.escape)
        XCTAssertNil(state.browse.rejecting)
        XCTAssertEqual(state.screen, .browse, "Esc only closes the reason")
        XCTAssertEqual(try status("DRAFT-A"), .draft)
    }

    func testSearchGapsView() throws {
        try makeConsole(role: .trainer)
        let knowledge = KnowledgeBase(store: runtime.store)
        try knowledge.logSearches([("无人机航拍备案", nil, 0), ("无人机航拍备案", nil, 0), ("社保", nil, 5)], actor: Actor(login: "a1"))
        press(.function(6), .character("g"))
        XCTAssertEqual(state.browse.mode, .gaps)
        XCTAssertEqual(state.browse.gaps.map(\.query), ["无人机航拍备案"])
        assertScreen(contains: "2 次  无人机航拍备案")
        press(.escape)
        XCTAssertEqual(state.browse.mode, .list)
    }

    func testRendersChineseColumnsAt80By24And120By40() throws {
        for (rows, columns) in [(24, 80), (40, 120)] {
            try makeConsole(role: .trainer, rows: rows, columns: columns)
            try addDrafts()
            press(.function(6))
            var lines = screen
            XCTAssertEqual(lines.count, rows)
            XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= columns }, lines.joined(separator: "\n"))
            XCTAssertTrue(lines.contains { $0.contains("DRAFT-B") && $0.contains("草稿") && $0.contains("…") },
                          "the long department name is cut:\n" + lines.joined(separator: "\n"))
            press(.character("f"), .character("x"))
            type(String(repeating: "理由", count: 60))
            lines = screen
            XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= columns })
            let cursor = try XCTUnwrap(DeskView.render(state, keys: Keymap.builtinDefault).cursor)
            XCTAssertLessThan(cursor.column, columns)
            press(.escape, .enter)
            lines = screen
            XCTAssertTrue(lines.allSatisfy { DisplayWidth.of($0) <= columns })
            assertScreen(contains: "数电发票的开票额度怎么调整？")
            try tearDownWithError()
        }
    }
}
