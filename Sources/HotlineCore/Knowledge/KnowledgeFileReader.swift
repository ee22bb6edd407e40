import Foundation

/// The formats an import file can come in.
public enum KnowledgeFileFormat: String, Sendable, CaseIterable {
    case jsonl, csv

    /// From the file name: .jsonl/.ndjson/.json are JSON Lines, .csv is CSV.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "ndjson", "json": self = .jsonl
        case "csv": self = .csv
        default: return nil
        }
    }
}

/// Reads the entries of one file, collecting every problem rather than stopping at the
/// first, so that a department fixes its file in one pass.
enum KnowledgeFileReader {
    struct Outcome {
        var rows: [KnowledgeImportRow] = []
        var problems: [ImportProblem] = []
        var encoding: TextEncoding = .utf8
        /// Ids seen so far in the file, with their line, to report repeats.
        var seen: [String: Int] = [:]
    }

    /// Column names people use in spreadsheets, mapped to the JSON field names.
    static let headerAliases: [String: String] = [
        "id": "id", "编号": "id", "知识编号": "id",
        "department": "department", "部门": "department", "承办单位": "department", "责任单位": "department",
        "category": "category", "类别": "category", "分类": "category",
        "question": "question", "问题": "question",
        "answer": "answer", "答案": "answer", "答复": "answer",
        "keywords": "keywords", "关键词": "keywords",
        "source": "source", "依据": "source", "政策依据": "source",
        "effective_from": "effective_from", "生效日期": "effective_from",
        "effective_to": "effective_to", "失效日期": "effective_to",
        "status": "status", "状态": "status",
        "sample": "sample",
    ]

    static func read(data: Data, file: String, format: KnowledgeFileFormat, encoding: TextEncoding?) -> Outcome {
        switch format {
        case .jsonl: return readJSONLines(data: data, file: file)
        case .csv: return readCSV(data: data, file: file, encoding: encoding)
        }
    }

    static func readJSONLines(data: Data, file: String) -> Outcome {
        var outcome = Outcome()
        var lines = JSONLinesSplitter(file: file)
        lines.feed(data, final: true) { line, bytes in readJSONLine(bytes, line: line, file: file, into: &outcome) }
        return outcome
    }

    /// One line of a JSON Lines file (without its line break) into a row or problems.
    static func readJSONLine(_ bytes: UnsafeRawBufferPointer, line lineNumber: Int, file: String, into outcome: inout Outcome) {
        var raw = RawKnowledgeFields(line: lineNumber)
        if !JSONLineParser.parse(bytes, into: &raw) {
            raw = RawKnowledgeFields(line: lineNumber)
            let data = Data(bytes)
            guard String(validatingUTF8Data: data) != nil else {
                outcome.problems.append(ImportProblem(file: file, line: lineNumber, reason: "不是有效的 UTF-8 文本"))
                return
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: data)
            } catch {
                outcome.problems.append(ImportProblem(file: file, line: lineNumber, reason: "JSON 格式错误"))
                return
            }
            guard let dictionary = object as? [String: Any] else {
                outcome.problems.append(ImportProblem(file: file, line: lineNumber, reason: "JSON 行应为对象 {…}"))
                return
            }
            for (key, value) in dictionary {
                switch value {
                case let text as String: raw[key] = text
                case let number as NSNumber:
                    raw[key] = key == "sample" ? (number.boolValue ? "true" : "false") : number.stringValue
                case is NSNull: break
                case let list as [Any] where key == "keywords":
                    let texts = list.compactMap { $0 as? String }
                    if texts.count != list.count { raw.problems.append("keywords 应为字符串数组") }
                    raw.keywords = texts
                default:
                    raw.problems.append("字段 \(key) 的类型不对")
                }
            }
        }
        append(raw.validated(file: file), file: file, to: &outcome)
    }

    static func readCSV(data: Data, file: String, encoding: TextEncoding?) -> Outcome {
        var outcome = Outcome()
        guard let (text, detected) = TextDecoding.decode(data, forced: encoding) else {
            let reason = encoding.map { "不是有效的 \($0.rawValue) 文本" } ?? "文件既不是 UTF-8 也不是 GB18030 文本"
            let line = encoding == .gb18030 ? 1 : TextDecoding.lineOfFirstInvalidUTF8(data)
            outcome.problems.append(ImportProblem(file: file, line: line, reason: reason))
            return outcome
        }
        outcome.encoding = detected
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(text)
        } catch {
            switch error {
            case .unterminatedQuote(let line):
                outcome.problems.append(ImportProblem(file: file, line: line, reason: "引号未闭合"))
            case .textAfterQuote(let line):
                outcome.problems.append(ImportProblem(file: file, line: line, reason: "引号后还有多余字符"))
            }
            return outcome
        }
        guard let header = records.first else {
            outcome.problems.append(ImportProblem(file: file, line: 1, reason: "文件为空"))
            return outcome
        }
        let columns = header.fields.map { headerAliases[$0.trimmingCharacters(in: .whitespaces).lowercased()] }
        let fields = columns.map { $0.flatMap(RawKnowledgeFields.Field.init(name:)) }
        let missing: [String] = ["id", "department", "question", "answer"].filter { name in !columns.contains { $0 == name } }
        if !missing.isEmpty {
            outcome.problems.append(ImportProblem(file: file, line: header.line, reason: "表头缺少列：\(missing.joined(separator: "、"))"))
            return outcome
        }
        for record in records.dropFirst() {
            var raw = RawKnowledgeFields(line: record.line)
            if record.fields.count != header.fields.count {
                raw.problems.append("有 \(record.fields.count) 列，表头有 \(header.fields.count) 列")
            }
            for (index, value) in record.fields.enumerated() where index < columns.count {
                if let field = fields[index] { raw[field] = CSVWriter.unguarded(value) }
            }
            append(raw.validated(file: file), file: file, to: &outcome)
        }
        return outcome
    }

    static func append(_ result: RawKnowledgeFields.Validation, file: String, to outcome: inout Outcome) {
        switch result {
        case .row(let row):
            if let first = outcome.seen[row.externalID] {
                outcome.problems.append(ImportProblem(file: file, line: row.line, reason: "id \(row.externalID) 重复（第 \(first) 行已有）"))
                return
            }
            outcome.seen[row.externalID] = row.line
            outcome.rows.append(row)
        case .problems(let problems):
            outcome.problems.append(contentsOf: problems)
        }
    }
}

/// Cuts JSON Lines text, fed in chunks of any size, into numbered lines: a UTF-8 BOM at
/// the start is dropped, a CR before the LF too, and blank lines are skipped but counted.
struct JSONLinesSplitter {
    let file: String
    private var carry: [UInt8] = []
    private var lineNumber = 0
    private var started = false

    init(file: String) { self.file = file }

    mutating func feed(_ data: Data, final: Bool, _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        if carry.isEmpty {
            data.withUnsafeBytes { process($0, final: final, body) }
        } else {
            var joined = carry
            carry = []
            joined.append(contentsOf: data)
            joined.withUnsafeBytes { process($0, final: final, body) }
        }
    }

    private mutating func process(_ bytes: UnsafeRawBufferPointer, final: Bool, _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        var start = 0
        if !started {
            if bytes.count < 3 && !final { carry = Array(bytes); return }
            started = true
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        }
        while start < bytes.count {
            guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
                if final { emit(UnsafeRawBufferPointer(rebasing: bytes[start...]), body) } else { carry = Array(bytes[start...]) }
                return
            }
            emit(UnsafeRawBufferPointer(rebasing: bytes[start..<newline]), body)
            start = newline + 1
        }
        // Text ending in a line break has an empty last line, as split() gave before.
        if final && (bytes.count == 0 || bytes[bytes.count - 1] == 0x0A) { lineNumber += 1 }
    }

    private mutating func emit(_ line: UnsafeRawBufferPointer, _ body: (Int, UnsafeRawBufferPointer) -> Void) {
        lineNumber += 1
        var end = line.count
        if end > 0 && line[end - 1] == 0x0D { end -= 1 }
        let content = UnsafeRawBufferPointer(rebasing: line[0..<end])
        if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        body(lineNumber, content)
    }
}
