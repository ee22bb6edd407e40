import Foundation
import XCTest
@testable import HotlineCore

/// `hotline kb import`: JSON Lines and CSV, every error listed as file:line: reason with
/// nothing written, encodings, dry runs, revisions, new departments, export round trips.
final class ImportTests: KnowledgeTestCase {
    private let actor = KnowledgeFixtures.actor
    private let newDepartment = "如皋市新设局"

    private func row(_ id: String, question: String = "新办企业怎么领发票？", answer: String = "在电子税务局申请领用即可。",
                     department: String? = nil, extra: [String: Any] = [:]) -> String {
        var fields: [String: Any] = ["id": id, "department": department ?? newDepartment, "category": "发票",
                                     "question": question, "answer": answer, "keywords": ["发票", "领用"],
                                     "source": "《发票管理办法》", "effective_from": "2024-01-01", "effective_to": NSNull()]
        for (key, value) in extra { fields[key] = value }
        return knowledgeJSONLine(fields)
    }

    /// Asserts the problems are exactly at `expected` lines, in order, each reason
    /// containing its fragment, each printed as file:line: reason.
    private func assertProblems(_ problems: [ImportProblem], file path: String, _ expected: [(Int, String)],
                                file: StaticString = #filePath, line: UInt = #line) {
        let listing = problems.map(\.description).joined(separator: "\n")
        XCTAssertEqual(problems.map(\.line), expected.map(\.0), "problems:\n\(listing)", file: file, line: line)
        for (problem, (number, fragment)) in zip(problems, expected) {
            XCTAssertEqual(problem.file, path, file: file, line: line)
            XCTAssertTrue(problem.description.hasPrefix("\(path):\(number): "), problem.description, file: file, line: line)
            XCTAssertTrue(problem.reason.lowercased().contains(fragment.lowercased()), "line \(number): \"\(problem.reason)\" lacks \"\(fragment)\"",
                          file: file, line: line)
        }
    }

    private func assertNothingWritten(_ knowledge: KnowledgeBase, entries: Int = 0, departments: Int = 0,
                                      file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try count("knowledge_entry", in: knowledge), entries, "entries written", file: file, line: line)
        XCTAssertEqual(try count("knowledge_revision", in: knowledge), entries, "revisions written", file: file, line: line)
        XCTAssertEqual(try count("department", in: knowledge), departments, "departments added", file: file, line: line)
    }

    // MARK: Errors, JSON Lines

    func testJSONLinesEveryErrorKindIsListedWithItsLineAndNothingIsWritten() throws {
        let knowledge = try emptyKnowledgeBase()
        var lines: [Data] = []
        func add(_ text: String) { lines.append(Data(text.utf8)) }
        add(row("K1"))                                                            // 1 valid
        add("")                                                                   // 2 blank
        add(#"{"id": "K2", "department": "如皋市税务局", "question": "#)             // 3 bad JSON
        add(row("K3", question: ""))                                              // 4 no question
        add(row("K4", extra: ["answer": NSNull()]))                               // 5 no answer
        add(row("K5", extra: ["department": "   "]))                              // 6 no department
        add(row("K6", extra: ["effective_from": "2024-02-30"]))                   // 7 bad date
        add(row("K7", extra: ["effective_from": "2025-01-01", "effective_to": "2024-12-31"]))  // 8 to < from
        var invalid = Data(row("K8", question: "发票XX").utf8)                     // 9 invalid UTF-8
        let marker = invalid.range(of: Data("XX".utf8))!
        invalid.replaceSubrange(marker, with: [0xFF, 0xC3])
        lines.append(invalid)
        add(row("K9", question: String(repeating: "问", count: KnowledgeLimits.question + 1)))  // 10 too long
        add(row("K1", question: "另一个问题"))                                      // 11 duplicate id
        add("[1, 2]")                                                             // 12 not an object
        add(row("K10"))                                                           // 13 valid
        let path = try write(Data(lines.joined(separator: Data([0x0A]))), to: "bad.jsonl")

        let problems = importProblems(knowledge, [path])
        assertProblems(problems, file: path, [
            (3, "JSON"), (4, "question"), (5, "answer"), (6, "department"), (7, "2024-02-30"),
            (8, "早于"), (9, "UTF-8"), (10, "过长"), (11, "K1"), (12, "对象"),
        ])
        try assertNothingWritten(knowledge)
    }

    func testTooLongAnswerAndKeyword() throws {
        let knowledge = try emptyKnowledgeBase()
        let path = try write([
            row("K1", answer: String(repeating: "答", count: KnowledgeLimits.answer + 1)),
            row("K2", answer: String(repeating: "答", count: KnowledgeLimits.answer)),
            row("K3", extra: ["keywords": [String(repeating: "词", count: KnowledgeLimits.keyword + 1)]]),
            row("K4", extra: ["source": String(repeating: "据", count: KnowledgeLimits.source + 1)]),
        ].joined(separator: "\n"), to: "long.jsonl")
        assertProblems(importProblems(knowledge, [path]), file: path, [(1, "answer"), (3, "关键词"), (4, "source")])
        try assertNothingWritten(knowledge)
    }

    func testCRLFJSONLinesWithBOMImport() throws {
        let knowledge = try emptyKnowledgeBase()
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data((row("K1") + "\r\n" + row("K2", question: "发票丢了怎么办？") + "\r\n").utf8))
        let path = try write(data, to: "crlf.jsonl")
        let summary = try knowledge.importFiles([path], actor: actor)
        XCTAssertEqual(summary.added, 2)
        XCTAssertEqual(try knowledge.detail(externalID: "K2").entry.question, "发票丢了怎么办？")
    }

    // MARK: Errors, CSV

    func testCSVEveryErrorKindIsListedWithItsLineAndNothingIsWritten() throws {
        let knowledge = try emptyKnowledgeBase()
        let long = String(repeating: "问", count: KnowledgeLimits.question + 1)
        let csv = """
            id,department,question,answer,effective_from,effective_to
            C1,如皋市新设局,问题一,答案一,2024-01-01,
            C2,如皋市新设局,问题二,答案二,2024-01-01,,多出来的一列
            C3,如皋市新设局,问题三,,2024-01-01,
            C4,,问题四,答案四,,
            C5,如皋市新设局,,答案五,,
            C6,如皋市新设局,问题六,"答案
            跨两行",2024-13-01,
            C7,如皋市新设局,问题七,答案七,2025-01-01,2024-12-31
            C1,如皋市新设局,问题一again,答案,,
            C8,如皋市新设局,\(long),答案八,,
            C9,如皋市新设局,问题九,答案九
            C10,如皋市新设局,问题十,答案十,2024/1/5,

            """
        let path = try write(csv, to: "bad.csv")
        let problems = importProblems(knowledge, [path])
        assertProblems(problems, file: path, [
            (3, "列"), (4, "answer"), (5, "department"), (6, "question"), (7, "2024-13-01"),
            (9, "早于"), (10, "C1"), (11, "过长"), (12, "列"),
        ])
        try assertNothingWritten(knowledge)
    }

    func testCSVUnterminatedQuoteIsReportedAtTheQuotesLine() throws {
        let knowledge = try emptyKnowledgeBase()
        let csv = "id,department,question,answer\nQ1,如皋市新设局,问题,答案\nQ2,如皋市新设局,\"问题没有结束,答案\nQ3,如皋市新设局,问题三,答案三\n"
        let path = try write(csv, to: "quote.csv")
        assertProblems(importProblems(knowledge, [path]), file: path, [(3, "引号")])
        try assertNothingWritten(knowledge)
    }

    func testCSVMissingRequiredColumnIsReportedOnTheHeader() throws {
        let knowledge = try emptyKnowledgeBase()
        let path = try write("id,question,answer\nQ1,问题,答案\n", to: "header.csv")
        assertProblems(importProblems(knowledge, [path]), file: path, [(1, "department")])
        try assertNothingWritten(knowledge)
    }

    func testCSVInvalidUTF8WithForcedEncodingNamesTheLineOfTheBadBytes() throws {
        let knowledge = try emptyKnowledgeBase()
        var data = Data("id,department,question,answer\nQ1,如皋市新设局,问题一,答案一\nQ2,如皋市新设局,问题".utf8)
        data.append(contentsOf: [0xFF, 0xFE])
        data.append(Data("二,答案二\nQ3,如皋市新设局,问题三,答案三\n".utf8))
        let path = try write(data, to: "bad-utf8.csv")
        let problems = importProblems(knowledge, [path], options: KnowledgeImportOptions(encoding: .utf8))
        // The bad bytes are on line 3: a department fixing a file of thousands of rows
        // needs that line, not "line 1".
        assertProblems(problems, file: path, [(3, "UTF-8")])
        try assertNothingWritten(knowledge)
    }

    func testCSVNeitherUTF8NorGB18030IsRejected() throws {
        let knowledge = try emptyKnowledgeBase()
        var data = Data("id,department,question,answer\nQ1,如皋市新设局,问题".utf8)
        data.append(contentsOf: [0xFF, 0xFF])
        data.append(Data(",答案\n".utf8))
        let path = try write(data, to: "garbage.csv")
        let problems = importProblems(knowledge, [path])
        XCTAssertEqual(problems.count, 1, "\(problems)")
        XCTAssertTrue(problems.first?.description.hasPrefix(path + ":") ?? false)
        try assertNothingWritten(knowledge)
    }

    func testAllFilesAreCheckedAndOneBadFileRejectsTheWholeImport() throws {
        let knowledge = try emptyKnowledgeBase()
        let good = try write(row("G1") + "\n" + row("G2", question: "发票丢了怎么办？") + "\n", to: "good.jsonl")
        let badJSON = try write(row("B1") + "\n{oops\n", to: "bad.jsonl")
        let badCSV = try write("id,department,question,answer\nB2,如皋市新设局,,答案\n", to: "bad.csv")
        let problems = importProblems(knowledge, [good, badJSON, badCSV])
        XCTAssertEqual(problems.map { "\($0.file):\($0.line)" }, [badJSON + ":2", badCSV + ":2"], "\(problems)")
        try assertNothingWritten(knowledge)

        // The failure prints one problem per line and exits 65.
        do {
            try knowledge.importFiles([badJSON, badCSV], actor: actor)
            XCTFail("should fail")
        } catch let failure as ImportFailure {
            XCTAssertEqual(failure.exitCode, .badData)
            XCTAssertEqual(failure.exitCode.rawValue, 65)
            XCTAssertEqual(failure.description.split(separator: "\n").count, 2, failure.description)
        }
    }

    func testAFailedImportIntoAFilledBaseChangesNothing() throws {
        let knowledge = try emptyKnowledgeBase()
        let first = try write(row("K1") + "\n", to: "first.jsonl")
        try knowledge.importFiles([first], actor: actor)
        // K1 changed (valid) plus a bad row: K1 must keep revision 1 and its old answer.
        let second = try write(row("K1", answer: "新答案。") + "\n" + row("K2", department: "另一个新局", extra: ["effective_from": "昨天"]) + "\n",
                               to: "second.jsonl")
        assertProblems(importProblems(knowledge, [second]), file: second, [(2, "昨天")])
        let detail = try knowledge.detail(externalID: "K1")
        XCTAssertEqual(detail.entry.revision, 1)
        XCTAssertEqual(detail.entry.answer, "在电子税务局申请领用即可。")
        try assertNothingWritten(knowledge, entries: 1, departments: 1)
    }

    func testUnknownFormatAndUnreadableFile() throws {
        let knowledge = try emptyKnowledgeBase()
        let notes = try write("问题,答案\n", to: "notes.txt")
        do {
            try knowledge.importFiles([notes], actor: actor)
            XCTFail("a .txt file has no known format")
        } catch let error as KnowledgeImportError {
            XCTAssertEqual(error, .unknownFormat(path: notes))
            // A file whose format cannot be told is a usage error (64, use --format), as
            // the code intends for every path, not only for an empty one.
            XCTAssertEqual(error.exitCode, .usage)
        }
        // --format settles it.
        let csvNotes = try write("id,department,question,answer\nN1,如皋市新设局,问题,答案\n", to: "notes2.txt")
        XCTAssertEqual(try knowledge.importFiles([csvNotes], options: KnowledgeImportOptions(format: .csv), actor: actor).added, 1)

        let missing = directory.appendingPathComponent("missing.jsonl").path
        XCTAssertThrowsError(try knowledge.importFiles([missing], actor: actor)) { error in
            guard case .unreadable(let path, _)? = error as? KnowledgeImportError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing)
            XCTAssertEqual((error as? KnowledgeImportError)?.exitCode, .badData)
        }
    }

    // MARK: Encodings and headers

    func testGB18030CSVIsDetectedAndKeepsTheChinese() throws {
        let knowledge = try emptyKnowledgeBase()
        // 䶮 (U+4DAE) is outside GBK: GB18030 encodes it in four bytes.
        let text = """
            编号,部门,类别,问题,答案,关键词,政策依据,生效日期,失效日期\r
            G1,如皋市税务局,办税,电子税务局怎么登录？,"用法人账号登录，或扫码登录。",电子税务局、登录,《税收征管法》,2024-01-01,\r
            G2,如皋市税务局,办税,刘䶮的名字打不出来怎么办？,到窗口人工录入。,生僻字,,2024-1-5,2026-12-31\r

            """
        let bytes = try run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "GB18030"], input: Data(text.utf8))
        XCTAssertNil(String(data: bytes, encoding: .utf8), "precondition: the file is not valid UTF-8")
        let path = try write(bytes, to: "excel.csv")

        let summary = try knowledge.importFiles([path], actor: actor)
        XCTAssertEqual(summary.added, 2)
        XCTAssertEqual(summary.files.map(\.encoding), [.gb18030])
        let g1 = try knowledge.detail(externalID: "G1")
        XCTAssertEqual(g1.entry.question, "电子税务局怎么登录？")
        XCTAssertEqual(g1.entry.answer, "用法人账号登录，或扫码登录。")
        XCTAssertEqual(g1.entry.keywords, ["电子税务局", "登录"])
        XCTAssertEqual(g1.entry.source, "《税收征管法》")
        XCTAssertEqual(g1.entry.category, "办税")
        XCTAssertEqual(g1.entry.effectiveFrom, "2024-01-01")
        XCTAssertNil(g1.entry.effectiveTo)
        XCTAssertEqual(g1.department.name, "如皋市税务局")
        let g2 = try knowledge.detail(externalID: "G2")
        XCTAssertEqual(g2.entry.question, "刘䶮的名字打不出来怎么办？")
        XCTAssertEqual(g2.entry.effectiveFrom, "2024-01-05")
        XCTAssertEqual(g2.entry.effectiveTo, "2026-12-31")
        XCTAssertEqual(try knowledge.search(SearchRequest(text: "电子税务局")).hits.first?.externalID, "G1")

        // Forcing UTF-8 on the same bytes rejects the file.
        let forced = importProblems(knowledge, [path], options: KnowledgeImportOptions(encoding: .utf8))
        XCTAssertEqual(forced.count, 1)
        XCTAssertTrue(forced.first?.reason.contains("utf-8") ?? false, "\(forced)")
    }

    func testForcedGB18030Encoding() throws {
        let knowledge = try emptyKnowledgeBase()
        let text = "id,department,question,answer\nF1,如皋市税务局,发票怎么领,网上申领\n"
        let bytes = try run("/usr/bin/iconv", ["-f", "UTF-8", "-t", "GB18030"], input: Data(text.utf8))
        let path = try write(bytes, to: "forced.csv")
        let summary = try knowledge.importFiles([path], options: KnowledgeImportOptions(encoding: .gb18030), actor: actor)
        XCTAssertEqual(summary.files.first?.encoding, .gb18030)
        XCTAssertEqual(try knowledge.detail(externalID: "F1").entry.answer, "网上申领")
        XCTAssertEqual(TextEncoding(name: "GBK"), .gb18030)
        XCTAssertEqual(TextEncoding(name: "utf8"), .utf8)
    }

    func testUTF8CSVWithBOMAndCRLFImports() throws {
        let knowledge = try emptyKnowledgeBase()
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("id,department,question,answer,keywords\r\nB1,如皋市税务局,发票怎么领？,网上申领。,发票；领用\r\n".utf8))
        let path = try write(data, to: "bom.csv")
        let summary = try knowledge.importFiles([path], actor: actor)
        XCTAssertEqual(summary.added, 1)
        XCTAssertEqual(summary.files.map(\.encoding), [.utf8])
        let entry = try knowledge.detail(externalID: "B1").entry
        XCTAssertEqual(entry.answer, "网上申领。")
        XCTAssertEqual(entry.keywords, ["发票", "领用"])
    }

    func testChineseColumnHeaders() throws {
        let knowledge = try emptyKnowledgeBase()
        let csv = """
            编号,部门,分类,问题,答复,关键词,依据,生效日期,失效日期,状态
            H1,如皋市医疗保障局,医保,生育津贴怎么领？,单位申报后发放到单位账户。,生育津贴|产假,《江苏省职工生育保险规定》,2024-01-01,,草稿

            """
        let path = try write(csv, to: "cn.csv")
        XCTAssertEqual(try knowledge.importFiles([path], actor: actor).added, 1)
        let detail = try knowledge.detail(externalID: "H1")
        XCTAssertEqual(detail.department.name, "如皋市医疗保障局")
        XCTAssertEqual(detail.entry.category, "医保")
        XCTAssertEqual(detail.entry.question, "生育津贴怎么领？")
        XCTAssertEqual(detail.entry.answer, "单位申报后发放到单位账户。")
        XCTAssertEqual(detail.entry.keywords, ["生育津贴", "产假"])
        XCTAssertEqual(detail.entry.source, "《江苏省职工生育保险规定》")
        XCTAssertEqual(detail.entry.status, .draft)
    }

    // MARK: Dry run

    func testDryRunValidatesButWritesNothing() throws {
        let knowledge = try emptyKnowledgeBase()
        let terms = try count("search_term", in: knowledge)
        let path = try write(row("K1") + "\n" + row("K2", question: "发票丢了怎么办？", department: "另一个新局") + "\n", to: "dry.jsonl")
        let summary = try knowledge.importFiles([path], options: KnowledgeImportOptions(dryRun: true), actor: actor)
        XCTAssertTrue(summary.dryRun)
        XCTAssertEqual(summary.added, 2)
        XCTAssertEqual(Set(summary.newDepartments), [newDepartment, "另一个新局"])
        try assertNothingWritten(knowledge)
        XCTAssertEqual(try count("search_term", in: knowledge), terms)
        XCTAssertTrue(try knowledge.search(SearchRequest(text: "发票")).hits.isEmpty)

        // A dry run of a bad file reports the problems the real import would.
        let bad = try write(row("K3", question: "") + "\n", to: "dry-bad.jsonl")
        assertProblems(importProblems(knowledge, [bad], options: KnowledgeImportOptions(dryRun: true)), file: bad, [(1, "question")])

        // The real import then does what the dry run said.
        let real = try knowledge.importFiles([path], actor: actor)
        XCTAssertEqual(real.added, 2)
        XCTAssertFalse(real.dryRun)
    }

    // MARK: Revisions

    func testReimportWithAChangedAnswerMakesRevisionTwoAndKeepsRevisionOne() throws {
        let knowledge = try emptyKnowledgeBase()
        let v1 = try write(row("K1", answer: "旧答复：到蓝鲸大厅办理。") + "\n", to: "v1.jsonl")
        try knowledge.importFiles([v1], actor: actor)
        let v2 = try write(row("K1", answer: "新答复：到白鹭大厅办理。") + "\n", to: "v2.jsonl")
        let summary = try knowledge.importFiles([v2], actor: Actor(login: "trainer2"))
        XCTAssertEqual(summary.updated, 1)
        XCTAssertEqual(summary.added, 0)

        let detail = try knowledge.detail(externalID: "K1")
        XCTAssertEqual(detail.entry.revision, 2)
        XCTAssertEqual(detail.entry.answer, "新答复：到白鹭大厅办理。")
        XCTAssertEqual(detail.revisions.map(\.revision), [2, 1])
        XCTAssertEqual(detail.revisions[0].changedFields, ["answer"])
        XCTAssertEqual(detail.revisions[0].changedBy, "trainer2")
        XCTAssertEqual(detail.revisions[1].changedBy, actor.login)
        XCTAssertTrue(detail.revisions[1].snapshot.contains("旧答复：到蓝鲸大厅办理。"), detail.revisions[1].snapshot)
        XCTAssertFalse(detail.revisions[1].snapshot.contains("白鹭"))
        XCTAssertTrue(detail.revisions[0].snapshot.contains("白鹭"))
        XCTAssertEqual(detail.revisions[1].changedAt, KnowledgeFixtures.now)

        // The index follows the new answer.
        XCTAssertEqual(try knowledge.search(SearchRequest(text: "白鹭")).hits.map(\.externalID), ["K1"])
        XCTAssertEqual(try knowledge.search(SearchRequest(text: "蓝鲸")).hits.map(\.externalID), [])
    }

    func testReimportUnchangedLeavesRevisionOne() throws {
        let knowledge = try emptyKnowledgeBase()
        let path = try write(row("K1") + "\n", to: "k.jsonl")
        try knowledge.importFiles([path], actor: actor)
        let again = try knowledge.importFiles([path], actor: Actor(login: "someone-else"))
        XCTAssertEqual(again.unchanged, 1)
        XCTAssertEqual(again.updated, 0)
        XCTAssertEqual(again.added, 0)
        let detail = try knowledge.detail(externalID: "K1")
        XCTAssertEqual(detail.entry.revision, 1)
        XCTAssertEqual(detail.revisions.count, 1)
        XCTAssertEqual(detail.entry.updatedBy, actor.login)
    }

    // MARK: Departments

    func testANewDepartmentIsAddedAndListedInTheSummary() throws {
        let knowledge = try emptyKnowledgeBase()
        let path = try write(row("K1") + "\n" + row("K2", question: "发票丢了怎么办？") + "\n", to: "k.jsonl")
        let summary = try knowledge.importFiles([path], actor: actor)
        XCTAssertEqual(summary.newDepartments, [newDepartment])
        XCTAssertEqual(try count("department", in: knowledge), 1)
        let department = try knowledge.detail(externalID: "K2").department
        XCTAssertEqual(department.name, newDepartment)
        XCTAssertEqual(department.code, "D001")
        // Known now: a second import adds no department.
        let more = try write(row("K3", question: "发票能作废吗？") + "\n", to: "more.jsonl")
        XCTAssertEqual(try knowledge.importFiles([more], actor: actor).newDepartments, [])
        XCTAssertEqual(try count("department", in: knowledge), 1)
    }

    func testKnownSeedDepartmentsAreNotAddedAgain() throws {
        let (store, _) = try initialize(includeSamples: true)
        let knowledge = KnowledgeBase(store: store)
        let departments = try count("department", in: knowledge)
        let path = try write(row("X1", department: "如皋市税务局") + "\n", to: "x.jsonl")
        let summary = try knowledge.importFiles([path], actor: actor)
        XCTAssertEqual(summary.newDepartments, [])
        XCTAssertEqual(try count("department", in: knowledge), departments)
        XCTAssertEqual(try knowledge.detail(externalID: "X1").department.code, "TAX")
    }

    // MARK: Export round trip

    private func exportJSONLines(_ knowledge: KnowledgeBase) throws -> [String] {
        var lines: [String] = []
        try knowledge.entries { entry, department in lines.append(KnowledgeExport.jsonLine(entry, department: department)) }
        return lines
    }

    private func exportCSV(_ knowledge: KnowledgeBase) throws -> String {
        var lines = [KnowledgeExport.csvHeader()]
        try knowledge.entries { entry, department in lines.append(KnowledgeExport.csvLine(entry, department: department)) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func testExportThenReimportLeavesEverythingUnchanged() throws {
        let knowledge = try corpusKnowledgeBase()
        let jsonl = try write(try exportJSONLines(knowledge).joined(separator: "\n") + "\n", to: "export.jsonl")
        let csv = try write(try exportCSV(knowledge), to: "export.csv")
        for path in [jsonl, csv] {
            let summary = try knowledge.importFiles([path], actor: actor)
            XCTAssertEqual(summary.unchanged, 240, path)
            XCTAssertEqual(summary.updated, 0, path)
            XCTAssertEqual(summary.added, 0, path)
            XCTAssertEqual(summary.newDepartments, [], path)
        }
        XCTAssertEqual(try count("knowledge_revision", in: knowledge), 240)
    }

    func testCSVExportImportedIntoAFreshBaseReproducesTheEntries() throws {
        let source = try corpusKnowledgeBase()
        let csv = try write(try exportCSV(source), to: "export.csv")
        let targetPath = directory.appendingPathComponent("second.sqlite").path
        let target = KnowledgeBase(store: try initialize(includeSamples: false, path: targetPath).0)
        XCTAssertEqual(try target.importFiles([csv], actor: actor).added, 240)
        XCTAssertEqual(try exportJSONLines(target), try exportJSONLines(source))
    }

    // MARK: CSV formula guard

    func testCSVWriterGuardsFormulasAndQuotes() {
        XCTAssertEqual(CSVWriter.field("=1+1"), "'=1+1")
        XCTAssertEqual(CSVWriter.field("+86 电话"), "'+86 电话")
        XCTAssertEqual(CSVWriter.field("-5"), "'-5")
        XCTAssertEqual(CSVWriter.field("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(CSVWriter.field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"")
        XCTAssertEqual(CSVWriter.field("a,b"), "\"a,b\"")
        XCTAssertEqual(CSVWriter.field("一\n二"), "\"一\n二\"")
        XCTAssertEqual(CSVWriter.field("普通文本"), "普通文本")
        XCTAssertEqual(CSVWriter.unguarded("'=1+1"), "=1+1")
        XCTAssertEqual(CSVWriter.unguarded("'普通"), "'普通")
    }

    func testCSVImportStripsTheFormulaGuard() throws {
        let knowledge = try emptyKnowledgeBase()
        let csv = "id,department,question,answer,keywords\nF1,如皋市新设局,'=1+1 是什么？,'=1+1,'-5\n"
        let path = try write(csv, to: "guard.csv")
        try knowledge.importFiles([path], actor: actor)
        let entry = try knowledge.detail(externalID: "F1").entry
        XCTAssertEqual(entry.question, "=1+1 是什么？")
        XCTAssertEqual(entry.answer, "=1+1")
        XCTAssertEqual(entry.keywords, ["-5"])
    }

    func testFormulaLikeValuesSurviveACSVRoundTrip() throws {
        let knowledge = try emptyKnowledgeBase()
        let path = try write(row("F1", question: "=SUM(A1) 是什么？", answer: "-5 天内办结。") + "\n", to: "f.jsonl")
        try knowledge.importFiles([path], actor: actor)
        let csv = try exportCSV(knowledge)
        XCTAssertTrue(csv.contains("'=SUM(A1)"), csv)
        XCTAssertTrue(csv.contains("'-5 天内"), csv)
        let exported = try write(csv, to: "export.csv")
        XCTAssertEqual(try knowledge.importFiles([exported], actor: actor).unchanged, 1)
    }

    func testALeadingApostropheSurvivesACSVRoundTrip() throws {
        // Text that itself starts with ' and a formula character must come back as it
        // was: the writer has to guard it too, or the reader strips the writer's "guard"
        // that was never added.
        let knowledge = try emptyKnowledgeBase()
        let path = try write(row("F1", answer: "'+86' 是国家代码，填写时不要带引号。") + "\n", to: "f.jsonl")
        try knowledge.importFiles([path], actor: actor)
        let exported = try write(try exportCSV(knowledge), to: "export.csv")
        let summary = try knowledge.importFiles([exported], actor: actor)
        let answer = try knowledge.detail(externalID: "F1").entry.answer
        XCTAssertEqual(summary.unchanged, 1, "answer came back as \(answer)")
        XCTAssertEqual(answer, "'+86' 是国家代码，填写时不要带引号。")
    }
}
