import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// An imported entry's first revision leaves its snapshot to the entry's row (migration
/// v15): the history reads as before, and the snapshot is written out, byte for byte what
/// the import used to store, before anything changes the entry.
final class RevisionSnapshotTests: KnowledgeTestCase {
    private let actor = KnowledgeFixtures.actor
    /// Text a snapshot must escape: quotes, backslashes, every control character, a
    /// slash, characters beyond the Basic Multilingual Plane, the line separator.
    private let awkward = "引号\"反斜杠\\斜杠/制表\t换行\n回车\r" + String((0x01...0x1F).map { Character(Unicode.Scalar(UInt8($0))) })
        + "表情😀分隔\u{2028}删除\u{7F}"

    private func line(_ id: String, answer: String = "在电子税务局申请领用即可。", keywords: [String] = ["发票", "领用"],
                      extra: [String: Any] = [:]) -> String {
        var fields: [String: Any] = ["id": id, "department": "如皋市税务局", "category": "发票", "question": "新办企业怎么领发票？",
                                     "answer": answer, "keywords": keywords, "source": "《发票管理办法》",
                                     "effective_from": "2024-01-01", "effective_to": NSNull()]
        for (key, value) in extra { fields[key] = value }
        return knowledgeJSONLine(fields)
    }

    /// Revision → snapshot as stored, of one entry.
    private func stored(_ knowledge: KnowledgeBase, _ externalID: String) throws -> [Int: String] {
        try knowledge.store.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.revision, r.snapshot FROM knowledge_revision r JOIN knowledge_entry e ON e.id = r.entry_id
                WHERE e.external_id = ?
                """, arguments: [externalID])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["revision"], $0["snapshot"]) })
        }
    }

    /// The snapshot the import wrote for an entry's content before v15.
    private func snapshot(of entry: KnowledgeEntry) -> String { KnowledgeContent.snapshotJSON(entry.content) }

    private func importLines(_ knowledge: KnowledgeBase, _ lines: [String], file: String, by login: String? = nil) throws {
        let path = try write(lines.joined(separator: "\n") + "\n", to: file)
        try knowledge.importFiles([path], actor: login.map { Actor(login: $0) } ?? actor)
    }

    private let cases: [(id: String, line: (RevisionSnapshotTests) -> String)] = [
        ("K1", { $0.line("K1") }),
        ("K2", { $0.line("K2", keywords: [], extra: ["effective_from": NSNull(), "effective_to": "2030-12-31", "category": ""]) }),
        ("K3", { $0.line("K3", answer: $0.awkward, keywords: ["逗号,关键词", "\"引号\"", "x\",\"y"],
                          extra: ["question": "问\"题\\\t", "source": $0.awkward, "status": "draft"]) }),
    ]

    func testAnImportedEntrysFirstRevisionIsStoredOnceAndReadInFull() throws {
        let knowledge = try emptyKnowledgeBase()
        try importLines(knowledge, cases.map { $0.line(self) }, file: "first.jsonl")
        for (id, _) in cases {
            XCTAssertEqual(try stored(knowledge, id), [1: ""], "\(id): the entry's row holds the first revision's content")
            let detail = try knowledge.detail(externalID: id)
            XCTAssertEqual(detail.revisions.count, 1)
            let revision = try XCTUnwrap(detail.revisions.first)
            XCTAssertEqual(revision.change, "import")
            XCTAssertEqual(revision.snapshot, snapshot(of: detail.entry), id)
            let content = try JSONDecoder().decode(KnowledgeContent.self, from: Data(revision.snapshot.utf8))
            XCTAssertEqual(content, detail.entry.content, id)
        }
        let k3 = try knowledge.detail(externalID: "K3").entry
        XCTAssertEqual(k3.answer, awkward)
        XCTAssertEqual(k3.keywords, ["逗号,关键词", "\"引号\"", "x\",\"y"])
    }

    func testReimportingWritesTheFirstSnapshotOutBeforeTheEntryChanges() throws {
        let knowledge = try emptyKnowledgeBase()
        try importLines(knowledge, cases.map { $0.line(self) }, file: "first.jsonl")
        var before: [String: String] = [:]
        for (id, _) in cases { before[id] = snapshot(of: try knowledge.detail(externalID: id).entry) }

        try importLines(knowledge, cases.map { $0.line(self).replacingOccurrences(of: "\"answer\":\"", with: "\"answer\":\"新：") },
                        file: "second.jsonl", by: "trainer2")
        for (id, _) in cases {
            let snapshots = try stored(knowledge, id)
            XCTAssertEqual(snapshots[1], before[id], "\(id): revision 1 as the import wrote it before v15, byte for byte")
            let detail = try knowledge.detail(externalID: id)
            XCTAssertTrue(detail.entry.answer.hasPrefix("新："))
            XCTAssertEqual(snapshots[2], snapshot(of: detail.entry))
            XCTAssertEqual(detail.revisions.map(\.revision), [2, 1])
            XCTAssertEqual(detail.revisions.map(\.snapshot), [snapshot(of: detail.entry), before[id]!])
            XCTAssertEqual(detail.revisions[0].changedFields, ["answer"])
            XCTAssertEqual(detail.revisions[0].changedBy, "trainer2")
        }
    }

    func testAnEntryAddedAndChangedInOneImportKeepsBothRevisions() throws {
        let knowledge = try emptyKnowledgeBase()
        let first = try write(line("K1", answer: "旧答复") + "\n", to: "a.jsonl")
        let second = try write(line("K1", answer: "新答复") + "\n", to: "b.jsonl")
        let summary = try knowledge.importFiles([first, second], actor: actor)
        XCTAssertEqual(summary.added, 1)
        XCTAssertEqual(summary.updated, 1)
        let snapshots = try stored(knowledge, "K1")
        XCTAssertTrue(snapshots[1]?.contains("\"answer\":\"旧答复\"") ?? false, "\(snapshots)")
        XCTAssertTrue(snapshots[2]?.contains("\"answer\":\"新答复\"") ?? false, "\(snapshots)")
    }

    func testPublishingADraftKeepsTheDraftsSnapshot() throws {
        let knowledge = try emptyKnowledgeBase()
        try importLines(knowledge, [line("D1", answer: awkward, extra: ["status": "draft"])], file: "draft.jsonl")
        let draft = snapshot(of: try knowledge.detail(externalID: "D1").entry)
        XCTAssertTrue(draft.contains("\"status\":\"draft\""))
        let account = try knowledge.store.write { db -> Account in
            var account = Account(login: "trainer1", name: "培训师", role: .trainer, osUser: nil, createdAt: KnowledgeFixtures.now)
            try account.insert(db)
            return account
        }
        _ = try knowledge.publishDraft(externalID: "D1", identity: Identity(account: account, actingAdmin: nil))
        let snapshots = try stored(knowledge, "D1")
        XCTAssertEqual(snapshots[1], draft)
        XCTAssertTrue(snapshots[2]?.contains("\"status\":\"published\"") ?? false)
        XCTAssertEqual(try knowledge.detail(externalID: "D1").revisions.map(\.snapshot), [snapshots[2]!, draft])
    }

    func testContentTheTriggerCouldNotWriteBackKeepsItsSnapshotInTheRevision() throws {
        func content(keywords: [String], answer: String = "答复") -> KnowledgeContent {
            KnowledgeContent(department: 1, category: "发票", question: "问", answer: answer, keywords: keywords, source: "",
                             effectiveFrom: nil, effectiveTo: nil, status: "published")
        }
        XCTAssertTrue(KnowledgeRevision.canLeaveSnapshotToEntry(content(keywords: [])))
        XCTAssertTrue(KnowledgeRevision.canLeaveSnapshotToEntry(content(keywords: ["发票", "a\"b,c"], answer: awkward)))
        XCTAssertFalse(KnowledgeRevision.canLeaveSnapshotToEntry(content(keywords: ["C:\\路径"])))
        XCTAssertFalse(KnowledgeRevision.canLeaveSnapshotToEntry(content(keywords: ["制表\t符"])))
        XCTAssertFalse(KnowledgeRevision.canLeaveSnapshotToEntry(content(keywords: ["发票", ""])))
        XCTAssertFalse(KnowledgeRevision.canLeaveSnapshotToEntry(content(keywords: [], answer: "空\u{0}字符")))

        let knowledge = try emptyKnowledgeBase()
        try importLines(knowledge, [line("K1", keywords: ["C:\\路径", "发票"]), line("K2", answer: "空\u{0}字符")], file: "k.jsonl")
        let k1 = try knowledge.detail(externalID: "K1").entry
        XCTAssertEqual(try stored(knowledge, "K1"), [1: snapshot(of: k1)])
        // The snapshot is written as the import read the line (reading the entry's row
        // back stops at the NUL, as it did before v15).
        XCTAssertTrue(try stored(knowledge, "K2")[1]?.contains(#""answer":"空\u0000字符""#) ?? false)
        try importLines(knowledge, [line("K1", answer: "新答复", keywords: ["C:\\路径", "发票"])], file: "k2.jsonl")
        XCTAssertTrue(try stored(knowledge, "K1")[1]?.contains("C:\\\\路径") ?? false)
    }

    /// The trigger itself, on text an import would not bring: every scalar class a JSON
    /// string escapes or passes through, in every field it writes.
    func testTheTriggerWritesWhatTheSwiftEncoderWrites() throws {
        let knowledge = try emptyKnowledgeBase()
        let texts = [awkward, "", "/", "\\\\n", "普通文本"]
        try knowledge.store.write { db in
            var department = Department(code: "T1", name: "测试局", kind: .city, createdAt: KnowledgeFixtures.now)
            try department.insert(db)
            for (index, text) in texts.enumerated() {
                var entry = KnowledgeEntry(
                    externalID: "T\(index)", departmentID: department.id!, category: text, question: "问" + text, answer: text,
                    keywords: index.isMultiple(of: 2) ? ["甲", "\"乙\"", "丙,丁"] : [], source: text,
                    effectiveFrom: index.isMultiple(of: 3) ? nil : "2024-01-01", effectiveTo: index.isMultiple(of: 2) ? nil : "2031-01-01",
                    status: .published, isSample: false, updatedAt: KnowledgeFixtures.now, updatedBy: "tester")
                try entry.insert(db)
                try db.execute(sql: """
                    INSERT INTO knowledge_revision (entry_id, revision, changed_at, changed_by, change, snapshot)
                    VALUES (?, 1, ?, 'tester', 'import', '')
                    """, arguments: [entry.id!, KnowledgeFixtures.now])
                let expected = KnowledgeContent.snapshotJSON(entry.content)
                try db.execute(sql: "UPDATE knowledge_entry SET status = 'retired', revision = 2 WHERE id = ?", arguments: [entry.id!])
                let written = try String.fetchOne(db, sql: "SELECT snapshot FROM knowledge_revision WHERE entry_id = ? AND revision = 1",
                                                  arguments: [entry.id!])
                XCTAssertEqual(written, expected, "text \(index)")
            }
        }
    }

    /// A revision stored in full (every revision of a base written before v15) is left
    /// as it is when the entry changes.
    func testARevisionStoredInFullIsLeftAsItWas() throws {
        let knowledge = try emptyKnowledgeBase()
        try importLines(knowledge, [line("K1", answer: "第一版")], file: "k.jsonl")
        let earlier = #"{"answer":"更早的写法","category":"发票","department":1,"keywords":[],"question":"问","source":"","status":"published"}"#
        try knowledge.store.write { db in
            try db.execute(sql: "UPDATE knowledge_revision SET snapshot = ?", arguments: [earlier])
        }
        try importLines(knowledge, [line("K1", answer: "第二版")], file: "k2.jsonl")
        XCTAssertEqual(try stored(knowledge, "K1")[1], earlier)
        XCTAssertEqual(try knowledge.detail(externalID: "K1").revisions.last?.snapshot, earlier)
    }
}
