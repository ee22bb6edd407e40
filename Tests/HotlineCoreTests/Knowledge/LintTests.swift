import Foundation
import XCTest
@testable import HotlineCore

/// `hotline kb lint` checks on hand-built entries.
final class LintTests: XCTestCase {
    private let today = "2026-06-01"

    private func entry(_ id: String, question: String = "新办企业怎么申领发票？",
                       answer: String = "在江苏省电子税务局“发票使用”模块在线申领，一般当日办结；也可到政务服务中心税务窗口办理。",
                       source: String = "《中华人民共和国发票管理办法》", keywords: [String] = ["发票申领"],
                       from: String? = "2024-01-01", to: String? = nil,
                       status: KnowledgeEntry.Status = .published) -> (entry: KnowledgeEntry, department: String) {
        (KnowledgeEntry(id: nil, externalID: id, departmentID: 1, category: "发票", question: question, answer: answer,
                        keywords: keywords, source: source, effectiveFrom: from, effectiveTo: to, status: status,
                        updatedAt: Date(timeIntervalSince1970: 0), updatedBy: "t"), "如皋市税务局")
    }

    private func kinds(_ entries: [(entry: KnowledgeEntry, department: String)], for id: String? = nil) -> [LintFinding.Kind] {
        KnowledgeLint.check(entries, today: today).filter { id == nil || $0.entry == id }.map(\.kind)
    }

    func testCleanEntryHasNoFindings() {
        XCTAssertEqual(KnowledgeLint.check([entry("A")], today: today), [])
        // Two clean entries on different topics: still nothing.
        XCTAssertEqual(KnowledgeLint.check([entry("A"), entry("B", question: "公积金租房提取需要什么材料？")], today: today), [])
    }

    func testMissingSource() {
        XCTAssertEqual(kinds([entry("A", source: "")]), [.missingSource])
        XCTAssertEqual(kinds([entry("A", source: "   ")]), [.missingSource])
    }

    func testMissingDates() {
        XCTAssertEqual(kinds([entry("A", from: nil)]), [.missingDates])
        // An open end is normal; only the start date is required.
        XCTAssertEqual(kinds([entry("A", from: "2024-01-01", to: nil)]), [])
    }

    func testExpiredButPublished() {
        let findings = KnowledgeLint.check([entry("A", to: "2026-05-31")], today: today)
        XCTAssertEqual(findings.map(\.kind), [.expiredPublished])
        XCTAssertTrue(findings.first?.detail.contains("2026-05-31") ?? false)
        // Ends today: still valid. Expired but already a draft or retired: nothing to fix.
        XCTAssertEqual(kinds([entry("A", to: today)]), [])
        XCTAssertEqual(kinds([entry("A", to: "2020-12-31", status: .draft)]), [])
        XCTAssertEqual(kinds([entry("A", to: "2020-12-31", status: .retired)]), [])
    }

    func testMissingKeywords() {
        XCTAssertEqual(kinds([entry("A", keywords: [])]), [.missingKeywords])
    }

    func testDuplicateQuestions() {
        let findings = KnowledgeLint.check([
            entry("A", question: "社保怎么缴纳？"),
            entry("B", question: "公积金租房提取需要什么材料？"),
            entry("C", question: "社保怎么缴纳?"),      // ASCII question mark: the same question
            entry("D", question: "社保 怎么缴纳"),
        ], today: today)
        let duplicates = findings.filter { $0.kind == .duplicateQuestion }
        XCTAssertEqual(duplicates.map(\.entry), ["C"], "\(findings)")
        XCTAssertTrue(duplicates.first?.detail.contains("A") ?? false)
        // An exact duplicate is not also reported as a near duplicate.
        XCTAssertFalse(findings.contains { $0.kind == .nearDuplicateQuestion && $0.entry == "C" }, "\(findings)")
    }

    func testNearDuplicateQuestions() {
        let base = "小规模纳税人月销售额10万元以下免征增值税怎么享受"
        let findings = KnowledgeLint.check([
            entry("A", question: base + "？"),
            entry("B", question: base + "呢？"),
            entry("C", question: "一般纳税人登记需要哪些材料？"),
        ], today: today)
        let near = findings.filter { $0.kind == .nearDuplicateQuestion }
        XCTAssertEqual(near.map(\.entry), ["B"], "\(findings)")
        XCTAssertTrue(near.first?.detail.contains("A") ?? false)
        XCTAssertFalse(findings.contains { $0.kind == .duplicateQuestion })
        // Questions that share a topic but ask different things are not near duplicates.
        XCTAssertEqual(kinds([entry("A", question: "小规模纳税人怎么申报增值税？"),
                              entry("B", question: "小规模纳税人可以开专票吗？")]), [])
    }

    func testPastedRegulationStartingWithAnArticleNumber() {
        let pasted = "第十二条 承办单位应当按照“一问一答”的形式编制知识库，不得简单复制政策文件。"
        let findings = KnowledgeLint.check([entry("A", answer: pasted)], today: today)
        XCTAssertEqual(findings.map(\.kind), [.pastedRegulation])
        XCTAssertEqual(kinds([entry("A", answer: "《江苏省企业一件事办理办法》第3条 办理时限为……")]), [.pastedRegulation])
        XCTAssertEqual(kinds([entry("A", answer: "  第一百零二条 ……")]), [.pastedRegulation])
    }

    func testPastedRegulationCitingManyArticles() {
        let answer = "依据第三条、第五条和第九条的规定，企业应当在规定期限内申报，逾期的按照有关规定处理。"
        let findings = KnowledgeLint.check([entry("A", answer: answer)], today: today)
        XCTAssertEqual(findings.map(\.kind), [.pastedRegulation])
        XCTAssertTrue(findings.first?.detail.contains("3") ?? false, findings.first?.detail ?? "")
        // Citing one or two articles in a direct answer is fine.
        XCTAssertEqual(kinds([entry("A", answer: "可以。依据《发票管理办法》第十九条和第二十条，销售方应当开具发票。")]), [])
    }

    func testPastedRegulationWithAListOfItems() {
        let answer = "有下列情形之一的：（一）甲；（二）乙；（三）丙；（四）丁；（五）戊。"
        XCTAssertEqual(kinds([entry("A", answer: answer)]), [.pastedRegulation])
        XCTAssertEqual(kinds([entry("A", answer: "需要：（一）营业执照；（二）身份证。")]), [])
    }

    func testOverlongAnswer() {
        let long = String(repeating: "答", count: KnowledgeLint.longAnswer + 1)
        let findings = KnowledgeLint.check([entry("A", answer: long)], today: today)
        XCTAssertEqual(findings.map(\.kind), [.overlongAnswer])
        XCTAssertEqual(kinds([entry("A", answer: String(repeating: "答", count: KnowledgeLint.longAnswer))]), [])
    }

    func testSeveralProblemsOfOneEntryAreAllReported() {
        let findings = kinds([entry("A", answer: "第五条 " + String(repeating: "条文", count: 500), source: "", keywords: [],
                                    from: nil, to: "2025-01-01")], for: "A")
        XCTAssertEqual(Set(findings), [.missingSource, .missingDates, .expiredPublished, .missingKeywords,
                                       .pastedRegulation, .overlongAnswer])
    }
}
