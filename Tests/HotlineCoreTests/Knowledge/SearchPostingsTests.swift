import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The search index's answer postings (migration v10-knowledge-postings): ranking every
/// column without FTS5, segments, stale answers, an index of another format, and the
/// migration of a database that still has FTS5.
final class SearchPostingsTests: KnowledgeTestCase {
    private let department = "如皋市人力资源和社会保障局"

    private func entry(_ id: String, question: String, answer: String, category: String = "测试") -> String {
        knowledgeJSONLine(["id": id, "department": department, "category": category, "question": question,
                           "answer": answer, "keywords": [String](), "source": "测试依据",
                           "effective_from": "2024-01-01", "effective_to": NSNull()])
    }

    private func ids(_ knowledge: KnowledgeBase, _ text: String, limit: Int = 10) throws -> [String] {
        try knowledge.search(SearchRequest(text: text, limit: limit)).hits.map(\.externalID)
    }

    private func answersBase() throws -> KnowledgeBase {
        let knowledge = try emptyKnowledgeBase()
        let path = try write([
            entry("A1", question: "补贴怎么申请？", answer: "携带无人机驾驶证到窗口，驾驶证须在有效期内。"),
            entry("A2", question: "培训怎么报名？", answer: "网上报名，驾驶培训另行通知。"),
            entry("A3", question: "材料有哪些？", answer: "身份证、营业执照。"),
        ].joined(separator: "\n"), to: "a.jsonl")
        try knowledge.importFiles([path], actor: KnowledgeFixtures.actor)
        return knowledge
    }

    func testAPhraseOnlyInAnswersIsRankedByHowOftenItStandsThere() throws {
        let knowledge = try answersBase()
        // A query's bigrams are its units, any of them a match: A2 holds 驾驶 only.
        XCTAssertEqual(try ids(knowledge, "驾驶证"), ["A1", "A2"])
        XCTAssertEqual(try ids(knowledge, "驾驶培训"), ["A2", "A1"])
        XCTAssertEqual(try ids(knowledge, "驾驶"), ["A1", "A2"], "two places in A1, one in A2")
        // A synonym's full form is one phrase: its bigrams at consecutive positions.
        try knowledge.store.read { db in
            let reader = try SearchIndexReader.open(db)
            XCTAssertEqual(try BodyRanker.matches(of: "驾驶证", index: reader).counts, [2])
            XCTAssertEqual(try BodyRanker.matches(of: "驾驶培训", index: reader).counts, [1])
            XCTAssertEqual(try BodyRanker.matches(of: "驾驶", index: reader).counts, [2, 1])
            XCTAssertEqual(try BodyRanker.matches(of: "驶", index: reader).counts, [2, 1])
            XCTAssertEqual(try BodyRanker.matches(of: "内", index: reader).counts, [1], "the last character of a run")
        }
        XCTAssertEqual(try ids(knowledge, "执"), ["A3"])
    }

    func testSegmentsOfAnyLengthRankAlike() throws {
        let knowledge = try emptyKnowledgeBase()
        var generator = SyntheticKnowledge()
        let lines = (1...300).map { generator.jsonLine(number: $0) }
        try knowledge.importFiles([try write(lines.joined(separator: "\n"), to: "s.jsonl")], actor: KnowledgeFixtures.actor)
        let queries = ["驾驶", "加计扣除", "社保", "税", "申请材料", "留抵退税怎么办理"]
        func results() throws -> [[String]] {
            try queries.map { query in
                try knowledge.search(SearchRequest(text: query, limit: 20)).hits.map { "\($0.externalID) \($0.score)" }
            }
        }
        let whole = try results()
        try knowledge.store.write { db in try KnowledgeSearchIndex.rebuild(in: db, segmentBytes: 1) }
        let segments = try knowledge.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(DISTINCT first_entry) FROM knowledge_search_body") ?? 0
        }
        XCTAssertEqual(segments, 300, "one segment per entry")
        XCTAssertEqual(try results(), whole)
    }

    func testSynonymFormsGatheredAtTheBuildMatchTheirTokensIntersected() throws {
        let knowledge = try emptyKnowledgeBase()
        var generator = SyntheticKnowledge()
        let lines = (1...400).map { generator.jsonLine(number: $0) }
        try knowledge.importFiles([try write(lines.joined(separator: "\n"), to: "p.jsonl")], actor: KnowledgeFixtures.actor)
        let forms = ["社会保险", "研发费用加计扣除", "住房公积金", "高新技术企业", "增值税专用发票"]
        func compare(_ note: String) throws {
            try knowledge.store.read { db in
                let reader = try SearchIndexReader.open(db)
                for form in forms {
                    let gathered = try XCTUnwrap(try reader.storedPhraseFrequencies(of: form), form)
                    let viaPhrase = try TitleRanker.matches(of: form, index: reader)
                    var cursors = try HanTextTokenizer.tokens(form, mode: .query).map {
                        PostingCursor(bytes: try reader.storedPostings(of: $0.text))
                    }
                    let intersected = TitleRanker.matches(&cursors)
                    XCTAssertEqual(gathered.rowIDs, intersected.rowIDs, "\(form) \(note)")
                    XCTAssertEqual(gathered.frequencies, intersected.frequencies, "\(form) \(note)")
                    XCTAssertEqual(gathered.lengths, intersected.lengths, "\(form) \(note)")
                    if !reader.hasStaleEntries { XCTAssertEqual(viaPhrase.rowIDs, gathered.rowIDs, form) }
                }
            }
        }
        try compare("after the import")
        XCTAssertFalse(try knowledge.store.read { db in try SearchIndexReader.open(db).storedPhraseFrequencies(of: "社会保险") }!.rowIDs.isEmpty)
        // A title changed since the build joins through its tokens.
        try knowledge.store.write { db in
            try db.execute(sql: "UPDATE knowledge_entry SET question = '热气球社会保险怎么办？' WHERE external_id = 'SYN000001'")
        }
        XCTAssertEqual(try ids(knowledge, "热气球社会保险").first, "SYN000001")
        try knowledge.store.read { db in
            let reader = try SearchIndexReader.open(db)
            XCTAssertTrue(try TitleRanker.matches(of: "社会保险", index: reader).rowIDs.contains(1))
        }
        try knowledge.store.write { db in try KnowledgeSearchIndex.rebuild(in: db) }
        try compare("after a rebuild")
    }

    func testAnAnswerChangedOutsideAnImportIsSearchedByItsNewText() throws {
        let knowledge = try answersBase()
        try knowledge.store.write { db in
            try db.execute(sql: "UPDATE knowledge_entry SET answer = '请到热气球基地办理。' WHERE external_id = 'A3'")
        }
        XCTAssertEqual(try ids(knowledge, "热气球"), ["A3"])
        XCTAssertEqual(try ids(knowledge, "营业执照"), [])
        XCTAssertEqual(try ids(knowledge, "驾驶证").first, "A1")
    }

    func testAnIndexOfAnotherFormatIsNotReadButSearchStillAnswers() throws {
        let knowledge = try answersBase()
        try knowledge.store.write { db in
            try db.execute(sql: "UPDATE setting SET value = '0' WHERE key = ?", arguments: [KnowledgeSearchIndex.formatKey])
        }
        XCTAssertEqual(try ids(knowledge, "驾驶证").first, "A1")
        XCTAssertEqual(try ids(knowledge, "培训"), ["A2"])
        // The next import puts the index right.
        try knowledge.importFiles([try write(entry("A4", question: "热气球？", answer: "另行通知。"), to: "b.jsonl")],
                                  actor: KnowledgeFixtures.actor)
        XCTAssertEqual(try knowledge.store.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [KnowledgeSearchIndex.formatKey])
        }, KnowledgeSearchIndex.format)
        XCTAssertEqual(try ids(knowledge, "驾驶证").first, "A1")
    }

    func testADatabaseStillOnFTS5MigratesAndIsSearchable() throws {
        let path = databasePath
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let queue = try DatabaseQueue(path: path, configuration: HotlineStore.configuration())
        try HotlineMigrations.migrator.migrate(queue, upTo: "v7-knowledge-feedback")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO department (code, name, kind, created_at) VALUES ('HR', '人社局', 'city', '2024-01-01 00:00:00');
                INSERT INTO knowledge_entry (external_id, department_id, category, question, answer, keywords, source, status,
                    revision, is_sample, updated_at, updated_by)
                VALUES ('M1', 1, '培训', '无人机培训补贴怎么申请？', '携带驾驶证到窗口。', '', '', 'published', 1, 0, '2024-01-01 00:00:00', 'x'),
                       ('M2', 1, '培训', '叉车培训补贴怎么申请？', '网上申请。', '', '', 'draft', 1, 0, '2024-01-01 00:00:00', 'x');
                INSERT INTO setting (key, value) VALUES ('search_index.format', '1');
                """)
            XCTAssertTrue(try db.tableExists("knowledge_fts"))
        }
        try queue.close()
        let (store, _) = try initialize(path: path)
        let knowledge = KnowledgeBase(store: store)
        let tables = try store.read { db in
            try ["knowledge_fts", "knowledge_vocabulary", "knowledge_search_body"].filter { try db.tableExists($0) }
        }
        XCTAssertEqual(tables, ["knowledge_search_body"])
        XCTAssertEqual(try ids(knowledge, "无人机"), ["M1"])
        XCTAssertEqual(try ids(knowledge, "驾驶证"), ["M1"])
        XCTAssertEqual(try ids(knowledge, "叉车"), [])
        XCTAssertEqual(try count("knowledge_search_stale", in: knowledge), 0)
    }
}
