import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The machinery that makes a large base fast: the search index (title and answer
/// postings, term counts, stale entries), the bulk import path, the hand-written JSON
/// reader and revision snapshot, and the query plan's word-level typo and spacing rules.
final class SearchIndexTests: KnowledgeTestCase {
    private let department = "如皋市人力资源和社会保障局"

    private func entry(_ id: String, question: String, answer: String = "按规定到窗口办理。", keywords: [String] = [],
                       category: String = "测试", status: String? = nil) -> String {
        var fields: [String: Any] = ["id": id, "department": department, "category": category, "question": question,
                                     "answer": answer, "keywords": keywords, "source": "测试依据",
                                     "effective_from": "2024-01-01", "effective_to": NSNull()]
        if let status { fields["status"] = status }
        return knowledgeJSONLine(fields)
    }

    private func ids(_ knowledge: KnowledgeBase, _ text: String, limit: Int = 10) throws -> [String] {
        try knowledge.search(SearchRequest(text: text, limit: limit)).hits.map(\.externalID)
    }

    private func stale(_ knowledge: KnowledgeBase) throws -> Int {
        try count("knowledge_search_stale", in: knowledge)
    }

    // MARK: Stale entries

    func testAnEntryChangedOutsideAnImportIsFoundByItsNewWordsAtOnce() throws {
        let knowledge = try emptyKnowledgeBase()
        let path = try write([
            entry("S1", question: "无人机驾驶培训补贴怎么申请？"),
            entry("S2", question: "叉车司机培训补贴怎么申请？"),
        ].joined(separator: "\n"), to: "s.jsonl")
        try knowledge.importFiles([path], actor: KnowledgeFixtures.actor)
        XCTAssertEqual(try stale(knowledge), 0, "an import leaves the index current")
        XCTAssertEqual(try ids(knowledge, "无人机"), ["S1"])

        // Another part of the program edits and retires entries with plain SQL.
        try knowledge.store.write { db in
            try db.execute(sql: "UPDATE knowledge_entry SET question = '热气球驾驶培训补贴怎么申请？' WHERE external_id = 'S1'")
            try db.execute(sql: "UPDATE knowledge_entry SET status = 'retired' WHERE external_id = 'S2'")
        }
        XCTAssertEqual(try stale(knowledge), 2)
        XCTAssertEqual(try ids(knowledge, "热气球"), ["S1"])
        XCTAssertEqual(try ids(knowledge, "无人机"), [])
        XCTAssertEqual(try ids(knowledge, "叉车"), [])
        XCTAssertEqual(try ids(knowledge, "培训补贴"), ["S1"])

        // A draft written elsewhere is not searchable and does not make the index stale.
        try knowledge.store.write { db in
            try db.execute(sql: """
                INSERT INTO knowledge_entry (external_id, department_id, category, question, answer, keywords, source, status,
                    revision, is_sample, updated_at, updated_by)
                SELECT 'D1', department_id, '测试', '热气球草稿？', '草稿', '', '', 'draft', 1, 0, updated_at, updated_by
                FROM knowledge_entry WHERE external_id = 'S1'
                """)
        }
        XCTAssertEqual(try stale(knowledge), 2)
        XCTAssertEqual(try ids(knowledge, "热气球"), ["S1"])
    }

    func testStaleEntriesAreRankedFromTheirTextUntilTheIndexIsRebuilt() throws {
        let knowledge = try emptyKnowledgeBase()
        let lines = (1...60).map { entry(String(format: "R%02d", $0), question: "第\($0)号窗口的社保登记怎么办理？") }
        try knowledge.importFiles([try write(lines.joined(separator: "\n"), to: "r.jsonl")], actor: KnowledgeFixtures.actor)
        try knowledge.store.write { db in
            try db.execute(sql: "UPDATE knowledge_entry SET question = replace(question, '社保登记', '公积金开户') WHERE external_id <= 'R45'")
        }
        XCTAssertEqual(try stale(knowledge), 45)
        // Enough title matches for the index's own ranking (not the FTS5 fallback).
        let before = try knowledge.search(SearchRequest(text: "公积金开户", limit: 10)).hits
        XCTAssertEqual(before.count, 10)
        XCTAssertTrue(before.allSatisfy { $0.question.contains("公积金开户") }, "\(before.map(\.question))")
        XCTAssertTrue(try knowledge.search(SearchRequest(text: "社保登记", limit: 20)).hits.allSatisfy { $0.question.contains("社保登记") })

        // A few dozen stale entries are cheap to score; refreshing leaves them for the next import.
        try knowledge.store.write { db in try KnowledgeSearchIndex.refreshIfNeeded(in: db) }
        XCTAssertEqual(try stale(knowledge), 45)
        try knowledge.store.write { db in try KnowledgeSearchIndex.rebuild(in: db) }
        XCTAssertEqual(try stale(knowledge), 0)
        let after = try knowledge.search(SearchRequest(text: "公积金开户", limit: 10)).hits
        XCTAssertEqual(after.count, 10)
        XCTAssertTrue(after.allSatisfy { $0.question.contains("公积金开户") })
    }

    // MARK: Bulk import

    func testALargeImportIntoAnEmptyBaseIsSearchableAndPutsItsTriggersBack() throws {
        let knowledge = try emptyKnowledgeBase()
        var generator = SyntheticKnowledge()
        let count = KnowledgeBulkWriter.bulkIndexThreshold + 300
        var lines = (1...count).map { generator.jsonLine(number: $0) }
        lines.append(entry("MARK", question: "热气球驾驶员补贴怎么申请？", answer: "请携带驾驶证到窗口。"))
        let path = try write(lines.joined(separator: "\n") + "\n", to: "bulk.jsonl")

        let triggers = { try knowledge.store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'knowledge_entry' ORDER BY name")
        } }
        let expected = try triggers()
        let dry = try knowledge.importFiles([path], options: KnowledgeImportOptions(dryRun: true), actor: KnowledgeFixtures.actor)
        XCTAssertEqual(dry.added, count + 1)
        XCTAssertEqual(try self.count("knowledge_entry", in: knowledge), 0)
        XCTAssertEqual(try triggers(), expected)

        let summary = try knowledge.importFiles([path], actor: KnowledgeFixtures.actor)
        XCTAssertEqual(summary.added, count + 1)
        XCTAssertEqual(try triggers(), expected)
        XCTAssertEqual(try stale(knowledge), 0)
        XCTAssertEqual(try ids(knowledge, "热气球"), ["MARK"])
        // A word only in the answer, through the answer postings: 驾驶证 is in no title.
        XCTAssertEqual(try ids(knowledge, "驾驶证"), ["MARK"])
        XCTAssertEqual(try knowledge.search(SearchRequest(text: "社会保险", limit: 10)).hits.count, 10)

        // The index agrees with the stored text on what holds a common word in its title
        // and in its answer.
        let (viaTitles, viaAnswers) = try knowledge.store.read { db -> (Set<Int64>, Set<Int64>) in
            let reader = try SearchIndexReader.open(db)
            return (Set(try TitleRanker.matches(of: "发票", index: reader).rowIDs),
                    Set(try BodyRanker.matches(of: "社会保险", index: reader).rowIDs))
        }
        let (titles, answers) = try knowledge.store.read { db in
            (Set(try Int64.fetchAll(db, sql: "SELECT id FROM knowledge_entry WHERE question || '|' || keywords || '|' || category LIKE '%发票%'")),
             Set(try Int64.fetchAll(db, sql: "SELECT id FROM knowledge_entry WHERE answer LIKE '%社会保险%'")))
        }
        XCTAssertFalse(viaTitles.isEmpty)
        XCTAssertEqual(viaTitles, titles)
        XCTAssertFalse(viaAnswers.isEmpty)
        XCTAssertEqual(viaAnswers, answers)

        // Imported again unchanged: nothing written, the index still current.
        let again = try knowledge.importFiles([path], actor: KnowledgeFixtures.actor)
        XCTAssertEqual(again.unchanged, count + 1)
        XCTAssertEqual(try stale(knowledge), 0)
    }

    func testTheIndexAnImportGathersIsTheIndexARebuildMakes() throws {
        let knowledge = try emptyKnowledgeBase()
        var generator = SyntheticKnowledge(seed: 7)
        var lines = (1...1_500).map { generator.jsonLine(number: $0) }
        lines.append(entry("MIX", question: "2024年度ＡＢＣ公司的社会保险费怎么缴？", answer: "按0.5个工作日办结；Ｖ３.２版，〇号窗口、《指南》第3.1条。"))
        lines.append(entry("RARE", question: "㐀字与①号、café 的问题", answer: "见附件①（第２页）。"))
        let path = try write(lines.joined(separator: "\n") + "\n", to: "gathered.jsonl")
        try knowledge.importFiles([path], actor: KnowledgeFixtures.actor)

        func snapshot() throws -> [String] {
            try knowledge.store.read { db in
                try String.fetchAll(db, sql: "SELECT term || ':' || documents || ':' || hex(coalesce(title_postings, '')) FROM knowledge_search_term ORDER BY term")
                    + String.fetchAll(db, sql: "SELECT term || ':' || hex(postings) FROM knowledge_search_body ORDER BY term, first_entry")
                    + String.fetchAll(db, sql: "SELECT key || ':' || value FROM setting WHERE key LIKE 'search_index.%' ORDER BY key")
            }
        }
        let gathered = try snapshot()
        XCTAssertFalse(gathered.isEmpty)
        // Rebuilt from the stored entries (one segment, as the import wrote it).
        try knowledge.store.write { db in try KnowledgeSearchIndex.rebuild(in: db) }
        XCTAssertEqual(try snapshot(), gathered)
        XCTAssertEqual(try ids(knowledge, "社会保险费"), ["MIX"])
    }

    func testIndexTokensFromTheBytesAgreeWithTheScanner() {
        let texts = [
            "", "社", "社保", "社会保险费怎么缴？", "2024年度ABC公司", "按0.5个工作日办结", "1.2.3版与3.版", "Ｖ３.２版，〇号窗口",
            "《指南》第3.1条——“说明”…", "\u{3000}全角空格　与 tab\t", "ABC.def.12", "12.ab", "1..2", "x.5", String(repeating: "a", count: 70) + "1.5",
            String(repeating: "9", count: 66) + ".7", "ＡＢＣ１２３！＃", "〇〇七", "汉a汉1汉.汉", "。。，、；", "㐀字①号", "café", "社\u{FF0E}5",
        ]
        for text in texts {
            var fast: [String] = []
            var scanned: [String] = []
            SearchIndexBuilder.forEachToken(text) { key, word, advances in fast.append("\(key)|\(word ?? "")|\(advances)") }
            var copy = text
            copy.withUTF8 { bytes in
                SearchIndexBuilder.forEachToken(scanning: bytes) { key, word, advances in scanned.append("\(key)|\(word ?? "")|\(advances)") }
            }
            XCTAssertEqual(fast, scanned, text)
        }
    }

    func testABadRowLateInALargeFileWritesNothing() throws {
        let knowledge = try emptyKnowledgeBase()
        var generator = SyntheticKnowledge()
        var lines = (1...(KnowledgeBulkWriter.bulkIndexThreshold + 10)).map { generator.jsonLine(number: $0) }
        lines.append("{oops")
        let path = try write(lines.joined(separator: "\n"), to: "late.jsonl")
        let problems = importProblems(knowledge, [path])
        XCTAssertEqual(problems.map(\.line), [lines.count])
        XCTAssertEqual(try count("knowledge_entry", in: knowledge), 0)
        XCTAssertEqual(try count("knowledge_search_term", in: knowledge), 0)
        XCTAssertEqual(try knowledge.store.read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'knowledge_search_stale_ai'")
        }, 1)
    }

    // MARK: One character

    func testOneCharacterInsideARunOfAnAnswerIsFoundAsAPrefix() throws {
        let knowledge = try emptyKnowledgeBase()
        let path = try write([
            entry("C1", question: "培训补贴怎么申请？", answer: "无人机驾驶培训结业后申请。"),
            entry("C2", question: "补贴标准是多少？", answer: "按人数核定。"),
        ].joined(separator: "\n"), to: "c.jsonl")
        try knowledge.importFiles([path], actor: KnowledgeFixtures.actor)
        // 驾 is neither in a title nor at the end of a run: only its bigram 驾驶 holds it.
        XCTAssertEqual(try ids(knowledge, "驾"), ["C1"])
        XCTAssertEqual(try ids(knowledge, "后"), ["C1"])
    }

    // MARK: Query plan

    func testAWholeWordTypedThroughPinyinIsCorrectedToTheTitleWord() throws {
        let knowledge = try corpusKnowledgeBase()
        let response = try knowledge.search(SearchRequest(text: "营业只照"))
        XCTAssertTrue(response.units.contains { $0.contains("营业执照") }, "\(response.units)")
        // A word the base knows is left alone.
        XCTAssertTrue(try knowledge.search(SearchRequest(text: "营业执照")).units.contains { $0.contains("营业执照") })
    }

    func testASynonymTypedWithASpaceInsideIsOneUnit() throws {
        let knowledge = try corpusKnowledgeBase()
        let units = try knowledge.search(SearchRequest(text: "公积金 提取")).units
        XCTAssertTrue(units.contains { $0.contains("住房公积金提取") }, "\(units)")
        // Words that form no synonym across the space stay apart.
        let apart = try knowledge.search(SearchRequest(text: "社保 医保")).units
        XCTAssertFalse(apart.contains { $0.contains("保医") }, "\(apart)")
    }

    func testAnEntryFiledUnderTheTermComesBeforeOneThatOnlyMentionsIt() throws {
        let knowledge = try emptyKnowledgeBase()
        let path = try write([
            entry("F1", question: "招用毕业生能拿哪些社保补贴？", keywords: ["社保补贴"], category: "就业补贴"),
            entry("F2", question: "单位社保增员怎么办理？", keywords: ["社保增员"], category: "社会保险登记"),
        ].joined(separator: "\n"), to: "f.jsonl")
        try knowledge.importFiles([path], actor: KnowledgeFixtures.actor)
        XCTAssertEqual(try ids(knowledge, "社保"), ["F2", "F1"])
    }

    // MARK: Hand-written formats

    func testRevisionSnapshotIsWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let tricky = "引号\"反斜杠\\斜杠/换行\n回车\r制表\t响铃\u{07}删除\u{7F}𠀀"
        for content in [
            KnowledgeContent(department: 3, category: "发票", question: "问题？", answer: tricky, keywords: ["甲", tricky],
                             source: "依据", effectiveFrom: "2024-01-01", effectiveTo: nil, status: "published"),
            KnowledgeContent(department: 12, category: "", question: "", answer: "", keywords: [], source: "",
                             effectiveFrom: nil, effectiveTo: "2025-12-31", status: "draft"),
        ] {
            XCTAssertEqual(KnowledgeContent.snapshotJSON(content), String(decoding: try encoder.encode(content), as: UTF8.self))
        }
    }

    func testFastJSONLineReadingAgreesWithJSONSerialization() throws {
        let lines = [
            #"{"id":"J1","department":"如皋市税务局","question":"带\"引号\"与\\反斜杠\/斜杠？","answer":"\u4e00\ud840\udc00换行\n","keywords":["甲","乙\t"],"effective_to":null}"#,
            #"  { "id" : "J2" , "department" : "部门", "question" : "问" , "answer" : "答", "keywords" : [ ] }  "#,
            #"{"id":"J3","department":"部门","question":"问","answer":"答","sample":true,"status":"draft"}"#,
            #"{"id":7,"department":"部门","question":"问","answer":"答"}"#,
            #"{"id":"J5","department":"部门","question":"问","answer":"答","keywords":"甲、乙"}"#,
        ]
        for (index, line) in lines.enumerated() {
            var fast = RawKnowledgeFields(line: 1)
            let parsed = Array(line.utf8).withUnsafeBytes { JSONLineParser.parse($0, into: &fast) }
            var slow = KnowledgeFileReader.Outcome()
            Array(line.utf8).withUnsafeBytes { KnowledgeFileReader.readJSONLine($0, line: 1, file: "f", into: &slow) }
            if index == 2 || index == 3 {
                XCTAssertFalse(parsed, "numbers and booleans go to JSONSerialization: \(line)")
                continue
            }
            XCTAssertTrue(parsed, line)
            guard case .row(let row) = fast.validated(file: "f") else { return XCTFail(line) }
            XCTAssertEqual(slow.rows, [row])
        }
        var sampled = KnowledgeFileReader.Outcome()
        Array(lines[2].utf8).withUnsafeBytes { KnowledgeFileReader.readJSONLine($0, line: 1, file: "f", into: &sampled) }
        XCTAssertEqual(sampled.rows.first?.isSample, true)
        XCTAssertEqual(sampled.rows.first?.status, .draft)
        // Broken lines still get the old wording.
        for (bad, reason) in [("{\"id\":\"J9\",", "JSON 格式错误"), ("[1,2]", "JSON 行应为对象")] {
            var outcome = KnowledgeFileReader.Outcome()
            Array(bad.utf8).withUnsafeBytes { KnowledgeFileReader.readJSONLine($0, line: 4, file: "f", into: &outcome) }
            XCTAssertEqual(outcome.problems.count, 1, bad)
            XCTAssertTrue(outcome.problems.first?.reason.hasPrefix(reason) ?? false, "\(outcome.problems)")
        }
    }

    func testJSONLinesSplitterKeepsLineNumbersAcrossChunks() {
        let text = "\u{FEFF}a\r\n\n  \nb\nc"
        let bytes = Array(text.utf8)
        for cut in 0...bytes.count {
            var splitter = JSONLinesSplitter(file: "f")
            var seen: [String] = []
            let body: (Int, UnsafeRawBufferPointer) -> Void = { line, content in
                seen.append("\(line):" + String(decoding: content, as: UTF8.self))
            }
            splitter.feed(Data(bytes[0..<cut]), final: false, body)
            splitter.feed(Data(bytes[cut...]), final: false, body)
            splitter.feed(Data(), final: true, body)
            XCTAssertEqual(seen, ["1:a", "4:b", "5:c"], "cut at \(cut)")
        }
    }
}
