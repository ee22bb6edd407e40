import Foundation
import XCTest
@testable import HotlineCore

/// knowledge-seed/synonyms.txt: parsing, and query-time expansion on the eval corpus.
final class SynonymTests: KnowledgeTestCase {
    // MARK: Parsing

    func testParseGroupsCommentsAndBlankLines() throws {
        let text = """
            # 注释行
            社会保险 = 社保   # 行尾注释

            个人所得税=个税 = 个调税
              住房公积金 = 公积金
            """
        let groups = try SynonymTable.parse(text, file: "syn.txt")
        XCTAssertEqual(groups, [
            SynonymTable.Group(line: 2, terms: ["社会保险", "社保"]),
            SynonymTable.Group(line: 4, terms: ["个人所得税", "个税", "个调税"]),
            SynonymTable.Group(line: 5, terms: ["住房公积金", "公积金"]),
        ])
    }

    func testParseNormalisesTerms() throws {
        // Full-width folded, lower case, spaces inside a term dropped, repeats merged.
        let groups = try SynonymTable.parse("ＣＣＣ认证 = 3C 认证 = ccc认证\nETC = 电子不停车收费\r\n", file: "syn.txt")
        XCTAssertEqual(groups.map(\.terms), [["ccc认证", "3c认证"], ["etc", "电子不停车收费"]])
        XCTAssertEqual(groups.map(\.line), [1, 2])
    }

    func testParseEmptyTextGivesNoGroups() throws {
        XCTAssertEqual(try SynonymTable.parse("# only comments\n\n   \n", file: "syn.txt"), [])
    }

    private func problems(_ text: String) -> [ImportProblem] {
        do {
            let groups = try SynonymTable.parse(text, file: "syn.txt")
            XCTFail("should have been rejected, returned \(groups)")
            return []
        } catch {
            return error.problems
        }
    }

    func testParseErrorsAreAllReportedWithFileAndLine() {
        let text = """
            社会保险 = 社保
            孤零零
            高新技术企业 = 高企
            社保 = 社险
            公积金 =
            """
        let found = problems(text)
        XCTAssertEqual(found.map(\.line), [2, 4, 5], "\(found)")
        XCTAssertTrue(found.allSatisfy { $0.file == "syn.txt" })
        XCTAssertTrue(found[0].description.hasPrefix("syn.txt:2: "), found[0].description)
        XCTAssertTrue(found[1].description.hasPrefix("syn.txt:4: "), found[1].description)
        // The clash names the term and the line of the group that already has it.
        XCTAssertTrue(found[1].reason.contains("社保") && found[1].reason.contains("1"), found[1].reason)
        XCTAssertTrue(found[2].description.hasPrefix("syn.txt:5: "), found[2].description)
    }

    func testATermInTwoGroupsAndAOneTermLineAreBothReported() {
        let found = problems("个人所得税 = 个税\n个税 = 个调税\n单独一个词\n")
        XCTAssertEqual(found.map(\.line), [2, 3], "\(found)")
        XCTAssertTrue(found.contains { $0.line == 2 && $0.reason.contains("个税") })
    }

    func testATermRepeatedInOneLineLeavesOneTerm() {
        XCTAssertEqual(problems("社保 = 社保\n").map(\.line), [1])
    }

    func testShippedSynonymsParse() throws {
        let url = KnowledgeFixtures.seedDirectory.appendingPathComponent("synonyms.txt")
        let groups = try SynonymTable.parse(String(contentsOf: url, encoding: .utf8), file: url.path)
        XCTAssertGreaterThan(groups.count, 50)
        func group(of term: String) -> [String]? { groups.first { $0.terms.contains(term) }?.terms }
        XCTAssertEqual(group(of: "社保")?.first, "社会保险")
        XCTAssertEqual(group(of: "个税")?.first, "个人所得税")
        XCTAssertEqual(group(of: "公积金")?.first, "住房公积金")
        XCTAssertEqual(group(of: "高企")?.first, "高新技术企业")
    }

    // MARK: Expansion at query time

    private func entryText(_ knowledge: KnowledgeBase, _ id: String) throws -> String {
        let entry = try knowledge.detail(externalID: id).entry
        return ([entry.question, entry.category, entry.answer] + entry.keywords).joined(separator: "\n")
    }

    func testGeShuiFindsIndividualIncomeTaxEntries() throws {
        let knowledge = try corpusKnowledgeBase()
        let response = try knowledge.search(SearchRequest(text: "个税", limit: 10))
        XCTAssertFalse(response.hits.isEmpty, "个税 found nothing")
        // No corpus entry says 个税 itself, so every hit comes through the synonym.
        for hit in response.hits.prefix(3) {
            let text = try entryText(knowledge, hit.externalID)
            XCTAssertFalse(text.contains("个税"), "\(hit.externalID) unexpectedly says 个税")
            XCTAssertTrue(text.contains("个人所得税"), "\(hit.externalID) \(hit.question) is not about 个人所得税")
        }
        XCTAssertTrue(response.terms.contains("个人所得税"), "\(response.terms)")
        XCTAssertTrue(response.hits.prefix(5).contains { ["KB0025", "KB0026", "KB0027", "KB0028"].contains($0.externalID) },
                      "\(response.hits.map(\.externalID))")
    }

    func testSheBaoFindsSocialInsuranceEntries() throws {
        let knowledge = try corpusKnowledgeBase()
        let response = try knowledge.search(SearchRequest(text: "社保", limit: 10))
        let ids = response.hits.map(\.externalID)
        XCTAssertTrue(ids.prefix(5).contains("KB0061"), "\(ids)")
        // Entries that say only 社会保险 (失业保险金, 工伤保险待遇 … in their answers) are
        // found through the synonym: 社保 itself does not occur in them.
        let wide = try knowledge.search(SearchRequest(text: "社保", limit: 200)).hits.map(\.externalID)
        var onlyFull: [String] = []
        for id in wide {
            let text = try entryText(knowledge, id)
            if !text.contains("社保") && text.contains("社会保险") { onlyFull.append(id) }
        }
        XCTAssertFalse(onlyFull.isEmpty, "no entry was found only through 社会保险: \(wide)")
        XCTAssertTrue(response.terms.contains("社会保险"), "\(response.terms)")
        for hit in response.hits.prefix(3) {
            let text = try entryText(knowledge, hit.externalID)
            XCTAssertTrue(text.contains("社保") || text.contains("社会保险"), "\(hit.externalID) \(hit.question)")
        }
    }

    func testExpansionWorksInsideALongerQuery() throws {
        let knowledge = try corpusKnowledgeBase()
        // 个税 inside a run of other characters is still recognised.
        let response = try knowledge.search(SearchRequest(text: "个税汇算什么时候", limit: 5))
        XCTAssertEqual(response.hits.first?.externalID, "KB0025", "\(response.hits.map { ($0.externalID, $0.question) })")
    }
}
