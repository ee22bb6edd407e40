import XCTest
@testable import HotlineCore

/// The cases the repeat threshold was tuned on: the same matter retold, and different
/// matters from one enterprise.
final class CallsContentSimilarityTests: XCTestCase {
    /// The shipped synonym groups, as the store holds them after `hotline init`.
    static let synonyms: ContentSimilarity.Synonyms = {
        let url = KnowledgeFixtures.seedDirectory.appendingPathComponent("synonyms.txt")
        do {
            let text = try String(contentsOf: url, encoding: .utf8)
            var map: [String: String] = [:]
            for group in try SynonymTable.parse(text, file: url.path) {
                guard let canonical = group.terms.first else { continue }
                for term in group.terms.dropFirst() where map[term] == nil { map[term] = canonical }
            }
            return ContentSimilarity.Synonyms(canonical: map)
        } catch {
            fatalError("cannot read \(url.path): \(error)")
        }
    }()

    private func score(_ a: String, _ b: String) -> Double { ContentSimilarity.score(a, b, synonyms: Self.synonyms) }

    static let sameMatter: [(String, String)] = [
        ("稳岗返还补贴什么时候到账？我们公司申请了两个月了还没收到",
         "企业申请稳岗返还补贴两个月未到账，请人社部门核实发放进度"),
        ("我想问一下研发费用加计扣除怎么申报",
         "咨询研发费用加计扣除的申报流程和所需材料"),
        ("厂区门口的道路施工挡住了货车进出，已经一个星期了",
         "反映厂区门口道路施工影响货车进出，持续一周"),
        ("公司营业执照地址变更怎么办理",
         "营业执照变更经营地址需要哪些材料，如何办理"),
        ("上次反映的增值税留抵退税还没有到账，已经超过一个月",
         "企业增值税留抵退税申请后一个月未到账"),
        ("高企认定的申报材料交了以后一直没有回复", "高新技术企业认定申报材料提交后无回复，请税务和科技部门答复"),
        ("食品经营许可证延续怎么办", "食品经营许可证到期延续办理"),
    ]

    static let differentMatters: [(String, String)] = [
        ("稳岗返还补贴什么时候到账", "企业开办需要刻章吗，刻章费用谁出"),
        ("研发费用加计扣除怎么申报", "厂区门口道路施工影响货车进出"),
        ("公司营业执照地址变更怎么办理", "公司社保缴费基数怎么调整"),
        ("增值税留抵退税什么时候到账", "高新技术企业认定的条件有哪些"),
        ("我们公司想问一下怎么办理", "请问企业怎么申请"),
        ("社保补贴什么时候到账", "增值税留抵退税什么时候到账"),
        ("营业执照地址变更需要哪些材料", "食品经营许可证办理需要哪些材料"),
        ("公司的稳岗补贴申请被退回了", "公司的出口退税申请被退回了"),
        ("厂区门口道路施工影响货车进出", "厂区旁边的河道有异味，影响员工上班"),
    ]

    func testSameMatterPassesAndDifferentMattersDoNot() {
        for (a, b) in Self.sameMatter {
            let score = score(a, b)
            XCTAssertGreaterThanOrEqual(score, ContentSimilarity.threshold, "\(a) / \(b): \(score)")
        }
        for (a, b) in Self.differentMatters {
            let score = score(a, b)
            XCTAssertLessThan(score, ContentSimilarity.threshold, "\(a) / \(b): \(score)")
        }
    }

    func testSynonymsBringAbbreviationsTogether() {
        XCTAssertEqual(Self.synonyms.rewrite("高企认定"), "高新技术企业认定")
        XCTAssertEqual(Self.synonyms.rewrite("ＳＨＥＢＡＯ社保缴费"), "shebao 社会保险缴费")
        XCTAssertEqual(Self.synonyms.rewrite("社会保险缴费基数调整"), "社会保险缴费基数调整", "canonical text stays as it is")
        XCTAssertGreaterThan(score("社保缴费基数调整", "社会保险缴费基数调整"), 0.99)
        XCTAssertLessThan(ContentSimilarity.score("社保缴费基数调整", "社会保险缴费基数调整"), 0.7)
    }

    func testScoreProperties() {
        let text = "稳岗返还补贴什么时候到账"
        XCTAssertEqual(ContentSimilarity.score(text, text), 1, accuracy: 1e-9)
        XCTAssertEqual(ContentSimilarity.score(text, ""), 0)
        XCTAssertEqual(ContentSimilarity.score("", ""), 0)
        XCTAssertEqual(ContentSimilarity.score("稳岗补贴", "社保缴费"), 0)
        // Symmetric, and full-width or case does not matter.
        XCTAssertEqual(ContentSimilarity.score("ＡＰＰ无法登录", "app无法登录"), 1, accuracy: 1e-9)
        XCTAssertEqual(ContentSimilarity.score("稳岗补贴", "稳岗返还补贴"), ContentSimilarity.score("稳岗返还补贴", "稳岗补贴"))
        // Filler bigrams alone never match.
        XCTAssertTrue(ContentSimilarity.terms("请问我们公司怎么办").isDisjoint(with: ContentSimilarity.terms("你好请问企业怎么")))
    }
}
