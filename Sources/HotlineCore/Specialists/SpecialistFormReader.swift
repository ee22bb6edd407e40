import Foundation

/// One checked row of the registration form, before its department is looked up.
struct SpecialistFormRow: Sendable, Equatable {
    var line: Int
    /// The department as the form wrote it: a name or a code.
    var department: String
    var name: String
    var title: String
    /// Normalised (PhoneNumber).
    var phone: String
    var expertise: [String]
}

/// Reads 附件1《“一企来”企业服务热线政策专员报名表》 saved as CSV, collecting every
/// problem of every row so a department fixes its form in one pass.
///
/// Departments fill the form in Excel, so the reader takes what Excel produces: UTF-8
/// with or without BOM or GB18030, the Chinese column names, a title row and the
/// 单位（盖章）：… line above the header (which then names the department for every row).
enum SpecialistFormReader {
    struct Outcome {
        var rows: [SpecialistFormRow] = []
        var problems: [ImportProblem] = []
        var encoding: TextEncoding = .utf8
    }

    enum Field: String, CaseIterable {
        case department, name, title, phone, expertise

        var label: String {
            switch self {
            case .department: return "单位（department）"
            case .name: return "姓名（name）"
            case .title: return "职务（title）"
            case .phone: return "联系电话（phone）"
            case .expertise: return "擅长领域（expertise）"
            }
        }
    }

    /// Column names seen on the form and in departments' own versions of it.
    static let headerAliases: [String: Field] = [
        "department": .department, "单位": .department, "部门": .department, "单位名称": .department,
        "部门名称": .department, "所在单位": .department, "工作单位": .department, "承办单位": .department,
        "name": .name, "姓名": .name,
        "title": .title, "职务": .title, "科室职务": .title, "科室及职务": .title, "职务职称": .title,
        "职位": .title, "所在科室及职务": .title,
        "phone": .phone, "联系电话": .phone, "手机": .phone, "手机号码": .phone, "手机号": .phone,
        "电话": .phone, "电话号码": .phone, "办公电话": .phone, "联系方式": .phone,
        "expertise": .expertise, "擅长领域": .expertise, "业务专长": .expertise, "优势业务领域": .expertise,
        "优势领域": .expertise, "专长": .expertise, "业务领域": .expertise, "擅长业务领域": .expertise,
    ]

    static let limits: [Field: Int] = [.department: 100, .name: 40, .title: 60, .phone: 40]
    static let expertiseAreaLimit = 50
    static let expertiseCountLimit = 20
    /// How far down a title row and the 单位（盖章） line may push the header.
    static let headerSearchDepth = 5

    static func read(data: Data, file: String, encoding: TextEncoding?) -> Outcome {
        guard let (text, detected) = TextDecoding.decode(data, forced: encoding) else {
            let reason = encoding.map { "不是有效的 \($0.rawValue) 文本" } ?? "文件既不是 UTF-8 也不是 GB18030 文本"
            let line = encoding == .gb18030 ? 1 : TextDecoding.lineOfFirstInvalidUTF8(data)
            return Outcome(problems: [ImportProblem(file: file, line: line, reason: reason)])
        }
        var outcome = read(text: text, file: file)
        outcome.encoding = detected
        return outcome
    }

    static func read(text: String, file: String) -> Outcome {
        var outcome = Outcome()
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
        guard let first = records.first else {
            outcome.problems.append(ImportProblem(file: file, line: 1, reason: "文件为空"))
            return outcome
        }
        let headerIndex = records.prefix(headerSearchDepth).firstIndex { columns(of: $0).compactMap { $0 }.count >= 2 }
        let header = headerIndex.map { records[$0] } ?? first
        let headerColumns = columns(of: header)
        let formDepartment = headerIndex.flatMap { departmentLine(in: records[..<$0]) }
        var required: [Field] = [.name, .phone, .expertise]
        if formDepartment == nil { required.insert(.department, at: 0) }
        let missing = required.filter { !headerColumns.contains($0) }
        if !missing.isEmpty {
            let reason = "表头缺少列：\(missing.map(\.label).joined(separator: "、"))；应为 department,name,title,phone,expertise 或 单位,姓名,职务,联系电话,擅长领域"
            outcome.problems.append(ImportProblem(file: file, line: header.line, reason: reason))
            return outcome
        }
        for record in records.dropFirst((headerIndex ?? 0) + 1) {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            switch row(record, columns: headerColumns, formDepartment: formDepartment) {
            case .success(let row): outcome.rows.append(row)
            case .failure(let reasons):
                outcome.problems.append(contentsOf: reasons.list.map { ImportProblem(file: file, line: record.line, reason: $0) })
            }
        }
        if outcome.rows.isEmpty && outcome.problems.isEmpty {
            outcome.problems.append(ImportProblem(file: file, line: header.line, reason: "表头之后没有政策专员"))
        }
        return outcome
    }

    static func columns(of record: CSVRecord) -> [Field?] {
        record.fields.map { headerAliases[normalizedHeader($0)] }
    }

    /// `联系电话（手机）`, ` 姓名 *` and `Phone` all name their column.
    static func normalizedHeader(_ text: String) -> String {
        var name = text.precomposedStringWithCompatibilityMapping.lowercased()
        if let open = name.firstIndex(of: "(") { name = String(name[..<open]) }
        return name.filter { !$0.isWhitespace && $0 != "*" && $0 != ":" }
    }

    /// The department written above the table, as in `单位（盖章）：如皋市税务局`.
    static func departmentLine(in preamble: ArraySlice<CSVRecord>) -> String? {
        for record in preamble {
            let text = record.fields.joined(separator: " ").precomposedStringWithCompatibilityMapping
            guard text.trimmingCharacters(in: .whitespaces).hasPrefix("单位"), let colon = text.firstIndex(of: ":") else { continue }
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !value.isEmpty { return value }
        }
        return nil
    }

    struct Reasons: Error { var list: [String] }

    static func row(_ record: CSVRecord, columns: [Field?], formDepartment: String?) -> Result<SpecialistFormRow, Reasons> {
        var values: [Field: String] = [:]
        var reasons: [String] = []
        for (index, raw) in record.fields.enumerated() {
            let value = CSVWriter.unguarded(raw.trimmingCharacters(in: .whitespacesAndNewlines))
            guard index < columns.count else {
                if !value.isEmpty { reasons.append("第 \(index + 1) 列没有表头（表头只有 \(columns.count) 列）") }
                continue
            }
            // Where two columns mean the same field (手机 and 办公电话), the first filled one counts.
            if let field = columns[index], values[field, default: ""].isEmpty { values[field] = value }
        }
        for (field, value) in values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if TextSafety.needsCleaning(value, keepLineBreaks: field == .expertise) {
                reasons.append("\(field.label)含控制字符或双向文本控制符")
            }
            if let limit = limits[field], value.count > limit { reasons.append("\(field.label)超过 \(limit) 字") }
        }
        let department = values[.department].flatMap { $0.isEmpty ? nil : $0 } ?? formDepartment ?? ""
        if department.isEmpty { reasons.append("单位为空") }
        let name = values[.name] ?? ""
        if name.isEmpty { reasons.append("姓名为空") }
        let phoneText = values[.phone] ?? ""
        let phone = try? PhoneNumber.normalize(phoneText)
        if phoneText.isEmpty {
            reasons.append("联系电话为空")
        } else if phone == nil {
            reasons.append("联系电话 \"\(phoneText)\" 无效：应为 11 位手机号（如 13812345678）或带区号的座机（如 0513-80001001）")
        }
        let expertise = splitExpertise(values[.expertise] ?? "")
        if expertise.isEmpty {
            reasons.append("擅长领域为空（通知要求明确其优势业务领域）")
        } else if expertise.count > expertiseCountLimit {
            reasons.append("擅长领域超过 \(expertiseCountLimit) 项")
        }
        for area in expertise where area.count > expertiseAreaLimit {
            reasons.append("擅长领域 \"\(area.prefix(12))…\" 超过 \(expertiseAreaLimit) 字")
        }
        guard reasons.isEmpty, let phone else { return .failure(Reasons(list: reasons)) }
        return .success(SpecialistFormRow(line: record.line, department: department, name: name,
                                          title: values[.title] ?? "", phone: phone, expertise: expertise))
    }

    /// Areas separated by 、，,;； or white space, each kept once in the order given.
    static func splitExpertise(_ text: String) -> [String] {
        let separators = CharacterSet(charactersIn: "、，,;；|").union(.whitespacesAndNewlines)
        var seen = Set<String>()
        return text.components(separatedBy: separators)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
