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
        var body = data
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var lineNumber = 0
        var seen: [String: Int] = [:]
        for lineBytes in body.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = Data(lineBytes)
            if bytes.last == 0x0D { bytes.removeLast() }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard String(validatingUTF8Data: bytes) != nil else {
                outcome.problems.append(ImportProblem(file: file, line: lineNumber, reason: "不是有效的 UTF-8 文本"))
                continue
            }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: bytes)
            } catch {
                outcome.problems.append(ImportProblem(file: file, line: lineNumber, reason: "JSON 格式错误"))
                continue
            }
            guard let dictionary = object as? [String: Any] else {
                outcome.problems.append(ImportProblem(file: file, line: lineNumber, reason: "JSON 行应为对象 {…}"))
                continue
            }
            var raw = RawKnowledgeFields(line: lineNumber)
            for (key, value) in dictionary {
                switch value {
                case let text as String: raw.values[key] = text
                case let number as NSNumber:
                    raw.values[key] = key == "sample" ? (number.boolValue ? "true" : "false") : number.stringValue
                case is NSNull: break
                case let list as [Any] where key == "keywords":
                    let texts = list.compactMap { $0 as? String }
                    if texts.count != list.count { raw.problems.append("keywords 应为字符串数组") }
                    raw.keywords = texts
                default:
                    raw.problems.append("字段 \(key) 的类型不对")
                }
            }
            append(raw.validated(file: file), file: file, to: &outcome, seen: &seen)
        }
        return outcome
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
        let missing: [String] = ["id", "department", "question", "answer"].filter { name in !columns.contains { $0 == name } }
        if !missing.isEmpty {
            outcome.problems.append(ImportProblem(file: file, line: header.line, reason: "表头缺少列：\(missing.joined(separator: "、"))"))
            return outcome
        }
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            var raw = RawKnowledgeFields(line: record.line)
            if record.fields.count != header.fields.count {
                raw.problems.append("有 \(record.fields.count) 列，表头有 \(header.fields.count) 列")
            }
            for (index, value) in record.fields.enumerated() where index < columns.count {
                if let key = columns[index] { raw.values[key] = CSVWriter.unguarded(value) }
            }
            append(raw.validated(file: file), file: file, to: &outcome, seen: &seen)
        }
        return outcome
    }

    private static func append(_ result: RawKnowledgeFields.Validation, file: String, to outcome: inout Outcome,
                               seen: inout [String: Int]) {
        switch result {
        case .row(let row):
            if let first = seen[row.externalID] {
                outcome.problems.append(ImportProblem(file: file, line: row.line, reason: "id \(row.externalID) 重复（第 \(first) 行已有）"))
                return
            }
            seen[row.externalID] = row.line
            outcome.rows.append(row)
        case .problems(let problems):
            outcome.problems.append(contentsOf: problems)
        }
    }
}
