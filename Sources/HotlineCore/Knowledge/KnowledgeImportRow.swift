import Foundation

/// One entry as read from an import file, before it touches the database.
public struct KnowledgeImportRow: Sendable, Equatable {
    public var line: Int
    public var externalID: String
    public var department: String
    public var category: String
    public var question: String
    public var answer: String
    public var keywords: [String]
    public var source: String
    public var effectiveFrom: String?
    public var effectiveTo: String?
    public var status: KnowledgeEntry.Status?
    public var isSample: Bool
}

/// A problem with one line of one import file.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String

    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(file):\(line): \(TextSafety.visible(reason))" }
}

/// Size limits of entry fields: generous for real answers, tight enough that a pasted
/// document or a broken export is caught at the door.
public enum KnowledgeLimits {
    public static let externalID = 64
    public static let department = 100
    public static let category = 100
    public static let question = 500
    public static let answer = 10_000
    public static let keyword = 50
    public static let keywordCount = 50
    public static let source = 1_000
}

/// The fields of a row in the loose form files carry (strings, a keyword list, nulls),
/// validated into a `KnowledgeImportRow` or a list of problems.
struct RawKnowledgeFields {
    /// The fields an import reads; any other key of a file is ignored.
    enum Field: Int, CaseIterable {
        case id, department, category, question, answer, keywords, source, effectiveFrom, effectiveTo, status, sample

        /// The name in files (JSON keys, CSV headers after aliasing).
        var name: String {
            switch self {
            case .id: return "id"
            case .department: return "department"
            case .category: return "category"
            case .question: return "question"
            case .answer: return "answer"
            case .keywords: return "keywords"
            case .source: return "source"
            case .effectiveFrom: return "effective_from"
            case .effectiveTo: return "effective_to"
            case .status: return "status"
            case .sample: return "sample"
            }
        }

        init?(name: String) {
            guard let field = Self.allCases.first(where: { $0.name == name }) else { return nil }
            self = field
        }

        /// The field named by these UTF-8 bytes (a JSON key without escapes), without
        /// making a string of them.
        init?(utf8 key: UnsafeRawBufferPointer) {
            for field in Self.allCases {
                let name = field.utf8Name
                guard name.count == key.count else { continue }
                var same = true
                for index in 0..<name.count where name[index] != key[index] {
                    same = false
                    break
                }
                if same { self = field; return }
            }
            return nil
        }

        private static let utf8Names: [[UInt8]] = allCases.map { Array($0.name.utf8) }
        var utf8Name: [UInt8] { Self.utf8Names[rawValue] }
    }

    var line: Int
    /// The text of each field as read, nil when absent or null.
    private var id: String? = nil
    private var department: String? = nil
    private var category: String? = nil
    private var question: String? = nil
    private var answer: String? = nil
    private var keywordText: String? = nil
    private var source: String? = nil
    private var effectiveFrom: String? = nil
    private var effectiveTo: String? = nil
    private var status: String? = nil
    private var sample: String? = nil
    var keywords: [String]? = nil
    var problems: [String] = []

    init(line: Int) { self.line = line }

    subscript(field: Field) -> String? {
        get {
            switch field {
            case .id: return id
            case .department: return department
            case .category: return category
            case .question: return question
            case .answer: return answer
            case .keywords: return keywordText
            case .source: return source
            case .effectiveFrom: return effectiveFrom
            case .effectiveTo: return effectiveTo
            case .status: return status
            case .sample: return sample
            }
        }
        set {
            switch field {
            case .id: id = newValue
            case .department: department = newValue
            case .category: category = newValue
            case .question: question = newValue
            case .answer: answer = newValue
            case .keywords: keywordText = newValue
            case .source: source = newValue
            case .effectiveFrom: effectiveFrom = newValue
            case .effectiveTo: effectiveTo = newValue
            case .status: status = newValue
            case .sample: sample = newValue
            }
        }
    }

    /// A value by its name in the file; names the import does not read are ignored.
    subscript(key: String) -> String? {
        get { Field(name: key).flatMap { self[$0] } }
        set { if let field = Field(name: key) { self[field] = newValue } }
    }

    enum Validation {
        case row(KnowledgeImportRow)
        case problems([ImportProblem])
    }

    func validated(file: String) -> Validation {
        var reasons = problems
        func text(_ key: Field) -> String { self[key].map(Self.trimmed) ?? "" }
        func required(_ key: Field, limit: Int) -> String {
            let value = text(key)
            if value.isEmpty { reasons.append("缺少必填字段 \(key.name)") }
            else if Self.longer(value, than: limit) { reasons.append("字段 \(key.name) 过长（\(value.count) 字，上限 \(limit)）") }
            return value
        }
        func optional(_ key: Field, limit: Int) -> String {
            let value = text(key)
            if Self.longer(value, than: limit) { reasons.append("字段 \(key.name) 过长（\(value.count) 字，上限 \(limit)）") }
            return value
        }
        func date(_ key: Field) -> String? {
            let value = text(key)
            if value.isEmpty { return nil }
            if let plain = Self.plainDate(value) { return plain }
            if value.lowercased() == "null" { return nil }
            guard let normalized = CalendarDateText.normalize(value) else {
                reasons.append("字段 \(key.name) 不是有效日期：\"\(value)\"（应为 YYYY-MM-DD）")
                return nil
            }
            return normalized
        }

        let externalID = required(.id, limit: KnowledgeLimits.externalID)
        let department = required(.department, limit: KnowledgeLimits.department)
        let question = required(.question, limit: KnowledgeLimits.question)
        let answer = required(.answer, limit: KnowledgeLimits.answer)
        let category = optional(.category, limit: KnowledgeLimits.category)
        let source = optional(.source, limit: KnowledgeLimits.source)
        let from = date(.effectiveFrom)
        let to = date(.effectiveTo)
        if let from, let to, to < from {
            reasons.append("effective_to（\(to)）早于 effective_from（\(from)）")
        }
        var status: KnowledgeEntry.Status? = nil
        let statusText = text(.status)
        if !statusText.isEmpty {
            status = KnowledgeEntry.Status(rawValue: statusText.lowercased())
                ?? KnowledgeEntry.Status.allCases.first { $0.label == statusText }
            if status == nil { reasons.append("字段 status 的值 \"\(statusText)\" 无效（draft、published 或 retired）") }
        }
        var keywordList: [String] = []
        for keyword in keywords ?? Self.splitKeywordText(text(.keywords)) {
            let trimmed = Self.trimmed(keyword)
            if !trimmed.isEmpty { keywordList.append(trimmed) }
        }
        if keywordList.count > KnowledgeLimits.keywordCount {
            reasons.append("关键词过多（\(keywordList.count) 个，上限 \(KnowledgeLimits.keywordCount)）")
        }
        if let long = keywordList.first(where: { Self.longer($0, than: KnowledgeLimits.keyword) }) {
            reasons.append("关键词过长：\"\(long.prefix(20))…\"（上限 \(KnowledgeLimits.keyword) 字）")
        }
        if keywordList.count > 1 {
            keywordList = keywordList.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        }
        let sampleText = text(.sample)
        let isSample = !sampleText.isEmpty && ["true", "1", "yes", "是"].contains(sampleText.lowercased())

        if !reasons.isEmpty {
            return .problems(reasons.map { ImportProblem(file: file, line: line, reason: $0) })
        }
        return .row(KnowledgeImportRow(
            line: line, externalID: externalID, department: department, category: category,
            question: question, answer: answer, keywords: keywordList, source: source,
            effectiveFrom: from, effectiveTo: to, status: status, isSample: isSample))
    }

    /// Trimmed of white space and line breaks as Foundation trims them, without its
    /// bridging when there is nothing to trim (nearly always).
    static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return text }
        if !isSpace(first) && !isSpace(last) { return text }
        return text.trimmingCharacters(in: space)
    }

    private static let space = CharacterSet.whitespacesAndNewlines

    /// Whether Foundation's trimming would take this scalar: the common scalars of
    /// entries (ASCII, Han, CJK and full-width punctuation) are answered without it.
    @inline(__always)
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3001 && v <= 0x303F) || (v >= 0xFF01 && v <= 0xFF5E) { return false }
        return space.contains(scalar)
    }

    /// More than `limit` characters; no character is shorter than one UTF-8 byte, so
    /// most values are settled without counting.
    static func longer(_ text: String, than limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }

    /// A date already written YYYY-MM-DD, checked without the general parser.
    static func plainDate(_ text: String) -> String? {
        guard text.utf8.count == 10 else { return nil }
        var copy = text
        let valid = copy.withUTF8 { bytes -> Bool in
            guard bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let byte = bytes[index]
                    guard byte >= 0x30 && byte <= 0x39 else { return nil }
                    value = value * 10 + Int(byte - 0x30)
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return false }
            return LocalDate(year: year, month: month, day: day) != nil
        }
        // Four, two and two digits of a valid date are already its ISO form.
        return valid ? text : nil
    }

    /// Keywords in a spreadsheet cell: separated by 、，,；;| or line breaks.
    static func splitKeywordText(_ text: String) -> [String] {
        text.split(whereSeparator: { "、，,；;|\n".contains($0) }).map(String.init)
    }
}
