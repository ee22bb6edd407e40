import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Search on the evaluation corpus: ranking quality on the dev queries, expiry,
/// department filter, pinyin, homophone typos, empty queries, logging and gaps.
final class SearchQualityTests: KnowledgeTestCase {
    private func ids(_ knowledge: KnowledgeBase, _ text: String, limit: Int = 10) throws -> [String] {
        try knowledge.search(SearchRequest(text: text, limit: limit)).hits.map(\.externalID)
    }

    private func titleText(_ knowledge: KnowledgeBase, _ id: String) throws -> String {
        let detail = try knowledge.detail(externalID: id)
        return ([detail.entry.question, detail.entry.category, detail.department.name] + detail.entry.keywords).joined(separator: " ")
    }

    // MARK: Ranking on the dev queries

    /// The dev queries through SearchEvaluation, with a per-kind table and the misses
    /// for failure messages.
    private func evaluateDevQueries() throws -> (SearchEvaluation, String) {
        let knowledge = try corpusKnowledgeBase()
        let url = try KnowledgeFixtures.evalFile("queries-dev.tsv")
        let queries = try SearchEvaluation.parseQueries(String(contentsOf: url, encoding: .utf8), file: url.path)
        XCTAssertEqual(queries.count, 60)
        XCTAssertEqual(Set(queries.map(\.kind)), ["keyword", "colloquial", "abbrev", "pinyin", "typo", "mixed", "short"])

        let evaluation = try SearchEvaluation.run(queries, on: knowledge)
        let overall = evaluation.overall
        func line(_ kind: String, _ figures: SearchEvaluation.Figures) -> String {
            kind.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: "%5d %6.3f %6.3f\n", figures.count, figures.mrr, figures.recallAt5)
        }
        var table = "\nkind             n    MRR    R@5\n"
        for (kind, figures) in evaluation.byKind { table += line(kind, figures) }
        table += line("all", overall)
        let misses = evaluation.outcomes.filter { $0.reciprocalRank < 1 || $0.recallAt5 < 1 }.map {
            "  [\($0.query.kind)] \($0.query.text) → want \($0.query.relevant.joined(separator: ",")), "
                + "top 5 \($0.returned.prefix(5).joined(separator: ","))"
        }
        return (evaluation, table + (misses.isEmpty ? "" : "not perfect:\n" + misses.joined(separator: "\n")))
    }

    func testDevQueriesMeetTheMRRTargets() throws {
        let (evaluation, report) = try evaluateDevQueries()
        XCTAssertEqual(evaluation.overall.count, 60)
        XCTAssertGreaterThanOrEqual(evaluation.overall.mrr, 0.92, "overall MRR below 0.92\(report)")
        XCTAssertEqual(evaluation.byKind.count, 7)
        for (kind, figures) in evaluation.byKind {
            XCTAssertGreaterThanOrEqual(figures.mrr, 0.80, "MRR of kind \(kind) below 0.80\(report)")
        }
    }

    func testDevQueriesRecallMeetsTheTargetAndHoldsItsLastMeasure() throws {
        // Issue 2 asks for recall@5 ≥ 0.97; the method measures 0.997 (one short query keeps
        // one of its five relevant entries at rank 6). The guard sits just under the measure.
        let (evaluation, report) = try evaluateDevQueries()
        XCTAssertGreaterThanOrEqual(evaluation.overall.recallAt5, 0.99, "overall recall@5 fell below 0.99\(report)")
    }

    func testParseQueriesReportsBadLines() {
        XCTAssertThrowsError(try SearchEvaluation.parseQueries("query\trelevant\ttype\n社保\tKB1\tshort\n只有一列\n", file: "q.tsv")) { error in
            guard let failure = error as? ImportFailure else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.problems.map(\.description).first?.hasPrefix("q.tsv:3: "), true, "\(failure.problems)")
        }
    }

    // MARK: Expiry

    func testExpiredEntriesAreLeftOutUnlessAskedForAndThenMarked() throws {
        let knowledge = try emptyKnowledgeBase()
        func entry(_ id: String, _ question: String, to: String?) -> String {
            knowledgeJSONLine(["id": id, "department": "如皋市人力资源和社会保障局", "question": question,
                               "answer": "按规定申请无人机驾驶培训补贴。", "keywords": ["无人机", "培训补贴"],
                               "source": "测试", "effective_from": "2024-01-01", "effective_to": to ?? NSNull()])
        }
        let path = try write([
            entry("E1", "无人机驾驶培训补贴怎么申请？（旧）", to: "2026-05-31"),   // ended yesterday
            entry("E2", "无人机驾驶培训补贴怎么申请？（今日到期）", to: "2026-06-01"), // ends today: still valid
            entry("E3", "无人机驾驶培训补贴标准是多少？", to: nil),
        ].joined(separator: "\n"), to: "expiry.jsonl")
        try knowledge.importFiles([path], actor: KnowledgeFixtures.actor)

        let current = try knowledge.search(SearchRequest(text: "无人机培训补贴"))
        XCTAssertEqual(Set(current.hits.map(\.externalID)), ["E2", "E3"])
        XCTAssertTrue(current.hits.allSatisfy { !$0.isExpired })

        let all = try knowledge.search(SearchRequest(text: "无人机培训补贴", includeExpired: true))
        XCTAssertEqual(Set(all.hits.map(\.externalID)), ["E1", "E2", "E3"])
        let expired = all.hits.filter(\.isExpired)
        XCTAssertEqual(expired.map(\.externalID), ["E1"])
        XCTAssertEqual(expired.first?.effectiveTo, "2026-05-31")
        XCTAssertTrue(try knowledge.detail(externalID: "E1").isExpired)
        XCTAssertFalse(try knowledge.detail(externalID: "E2").isExpired)
    }

    func testExpiredCorpusEntryIsExcludedByDefault() throws {
        let knowledge = try corpusKnowledgeBase()
        // KB0003 (2022 exemption, effective_to 2022-12-31) is an expired older version of KB0002.
        let query = "小规模纳税人 3%征收率 免征增值税"
        XCTAssertFalse(try ids(knowledge, query, limit: 50).contains("KB0003"))
        let all = try knowledge.search(SearchRequest(text: query, limit: 50, includeExpired: true))
        let hit = try XCTUnwrap(all.hits.first { $0.externalID == "KB0003" })
        XCTAssertTrue(hit.isExpired)
        XCTAssertEqual(hit.effectiveTo, "2022-12-31")
        XCTAssertFalse(all.hits.first { $0.externalID == "KB0002" }?.isExpired ?? true)
    }

    // MARK: Department filter

    func testDepartmentFilterRestrictsResults() throws {
        let knowledge = try corpusKnowledgeBase()
        let unfiltered = try knowledge.search(SearchRequest(text: "注销", limit: 20))
        XCTAssertGreaterThan(Set(unfiltered.hits.map(\.department)).count, 1, "precondition: 注销 spans departments")

        for department in ["如皋市税务局", "如皋市市场监督管理局"] {
            let filtered = try knowledge.search(SearchRequest(text: "注销", limit: 20, department: department))
            XCTAssertFalse(filtered.hits.isEmpty, department)
            XCTAssertTrue(filtered.hits.allSatisfy { $0.department == department }, "\(filtered.hits.map(\.department))")
        }
        let tax = try knowledge.search(SearchRequest(text: "注销", department: "如皋市税务局")).hits.map(\.externalID)
        XCTAssertTrue(tax.contains("KB0031"), "\(tax)")

        // By code, and with stray spaces, the same department.
        let code = try knowledge.detail(externalID: "KB0031").department.code
        XCTAssertEqual(try knowledge.search(SearchRequest(text: "注销", department: code)).hits.map(\.externalID), tax)
        XCTAssertEqual(try knowledge.search(SearchRequest(text: "注销", department: " 如皋市税务局 ")).hits.map(\.externalID), tax)
    }

    func testUnknownDepartmentThrows() throws {
        let knowledge = try corpusKnowledgeBase()
        XCTAssertThrowsError(try knowledge.search(SearchRequest(text: "注销", department: "如皋市火星局"))) { error in
            XCTAssertEqual(error as? SearchError, .unknownDepartment("如皋市火星局"))
        }
        XCTAssertThrowsError(try knowledge.search(SearchRequest(text: "注销", limit: 0))) { error in
            XCTAssertEqual(error as? SearchError, .badLimit(0))
        }
    }

    // MARK: Pinyin and typos

    func testFullPinyinSheBaoFindsSocialInsuranceFirst() throws {
        let knowledge = try corpusKnowledgeBase()
        let found = try ids(knowledge, "shebao", limit: 5)
        XCTAssertFalse(found.isEmpty, "shebao found nothing")
        for id in found.prefix(3) {
            let title = try titleText(knowledge, id)
            XCTAssertTrue(title.contains("社保") || title.contains("社会保险"), "\(id): \(title)")
        }
    }

    func testInitialsGJJFindHousingFundFirst() throws {
        let knowledge = try corpusKnowledgeBase()
        let found = try ids(knowledge, "gjj", limit: 5)
        XCTAssertFalse(found.isEmpty, "gjj found nothing")
        for id in found.prefix(3) {
            let title = try titleText(knowledge, id)
            XCTAssertTrue(title.contains("公积金"), "\(id): \(title)")
        }
        // Pinyin in a longer query: gjj 租房提取 still puts the rental withdrawal first.
        XCTAssertEqual(try ids(knowledge, "gjj 租房提取").first, "KB0107")
    }

    func testHomophoneTypoSheBaoStillFindsSocialInsurance() throws {
        let knowledge = try corpusKnowledgeBase()
        XCTAssertEqual(try ids(knowledge, "社报", limit: 50).filter { try titleText(knowledge, $0).contains("社报") }, [],
                       "precondition: nobody writes 社报")
        let response = try knowledge.search(SearchRequest(text: "社报", limit: 5))
        XCTAssertFalse(response.hits.isEmpty, "社报 found nothing")
        XCTAssertTrue(response.units.contains { $0.contains("社保") }, "\(response.units)")
        for hit in response.hits.prefix(3) {
            let title = try titleText(knowledge, hit.externalID)
            XCTAssertTrue(title.contains("社保") || title.contains("社会保险"), "\(hit.externalID): \(title)")
        }
    }

    // MARK: Degenerate queries

    func testEmptyAndPunctuationOnlyQueriesFindNothingWithoutError() throws {
        let knowledge = try corpusKnowledgeBase()
        for text in ["", "   ", "，。！？", "……", "\t\n", "《》“”"] {
            let response = try knowledge.search(SearchRequest(text: text))
            XCTAssertTrue(response.hits.isEmpty, text.debugDescription)
            XCTAssertTrue(response.terms.isEmpty, text.debugDescription)
        }
        let batch = try knowledge.search(batch: [SearchRequest(text: ""), SearchRequest(text: "社保"), SearchRequest(text: "？")])
        XCTAssertEqual(batch.map(\.hits.isEmpty), [true, false, true])
    }

    func testOneCharacterQueriesWork() throws {
        let knowledge = try corpusKnowledgeBase()
        // 税 alone is a unigram; the index holds colocated unigrams for it.
        let tax = try knowledge.search(SearchRequest(text: "税", limit: 10))
        XCTAssertEqual(tax.hits.count, 10)
        XCTAssertTrue(tax.hits.prefix(3).allSatisfy { $0.question.contains("税") }, "\(tax.hits.map(\.question))")
    }

    func testSnippetsHighlightTheMatchOnlyWhenAsked() throws {
        let knowledge = try corpusKnowledgeBase()
        let plain = try knowledge.search(SearchRequest(text: "公积金 租房提取", limit: 3))
        XCTAssertTrue(plain.hits.allSatisfy { $0.snippet == nil })
        let withSnippets = try knowledge.search(SearchRequest(text: "公积金 租房提取", limit: 3, withSnippets: true))
        XCTAssertEqual(withSnippets.hits.map(\.externalID), plain.hits.map(\.externalID))
        let snippet = try XCTUnwrap(withSnippets.hits.first?.snippet)
        XCTAssertTrue(snippet.contains("【") && snippet.contains("】"), snippet)
    }

    // MARK: Logging and gaps

    func testSearchesAreLoggedAndZeroHitQueriesAppearInGaps() throws {
        let knowledge = try corpusKnowledgeBase()
        let actor = KnowledgeFixtures.actor
        var logged: [(query: String, department: String?, hits: Int)] = []
        for text in ["公积金 租房提取", "犇骉", "犇骉", "Xyzzyq", "ｘｙｚｚｙｑ"] {
            let response = try knowledge.search(SearchRequest(text: text))
            logged.append((text, nil, response.hits.count))
        }
        XCTAssertGreaterThan(logged[0].hits, 0)
        XCTAssertEqual(logged.dropFirst().map(\.hits), [0, 0, 0, 0], "precondition: these queries find nothing")
        try knowledge.logSearches(logged, actor: actor)
        try knowledge.logSearches([("   ", nil, 0)], actor: actor)   // blank queries are not logged

        let rows = try knowledge.store.read { db in
            try Row.fetchAll(db, sql: "SELECT query, normalized_query, hit_count, searched_by, searched_at FROM search_log ORDER BY id")
        }
        XCTAssertEqual(rows.count, 5)
        XCTAssertEqual(rows.map { $0["query"] as String }, logged.map(\.query))
        XCTAssertEqual(rows.map { $0["hit_count"] as Int }, logged.map(\.hits))
        XCTAssertEqual(rows[0]["normalized_query"] as String, "公积金 租房提取")
        XCTAssertEqual(rows[4]["normalized_query"] as String, "xyzzyq")
        XCTAssertTrue(rows.allSatisfy { ($0["searched_by"] as String) == actor.login })
        XCTAssertEqual(rows[0]["searched_at"] as Date, KnowledgeFixtures.now)

        // The choice made after a search is recorded on it.
        try knowledge.recordChoice(query: "公积金 租房提取", entryExternalID: "KB0107", actor: actor)
        let chosen = try knowledge.store.read { db in
            try String.fetchOne(db, sql: """
                SELECT e.external_id FROM search_log l JOIN knowledge_entry e ON e.id = l.chosen_entry_id
                """)
        }
        XCTAssertEqual(chosen, "KB0107")

        let gaps = try knowledge.gaps()
        XCTAssertEqual(gaps.count, 2, "\(gaps)")
        XCTAssertEqual(Set(gaps.map(\.count)), [2])
        XCTAssertTrue(gaps.contains { $0.query == "犇骉" })
        // Xyzzyq and ｘｙｚｚｙｑ are one gap: the same query once normalised.
        XCTAssertTrue(gaps.contains { ["Xyzzyq", "ｘｙｚｚｙｑ"].contains($0.query) })
        XCTAssertFalse(gaps.contains { $0.query.contains("公积金") })
        XCTAssertEqual(gaps.first?.lastSearched, KnowledgeFixtures.now)
        XCTAssertEqual(try knowledge.gaps(minimumCount: 3), [])
    }
}
