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
    var line: Int
    var values: [String: String] = [:]
    var keywords: [String]? = nil
    var problems: [String] = []

    enum Validation {
        case row(KnowledgeImportRow)
        case problems([ImportProblem])
    }

    func validated(file: String) -> Validation {
        var reasons = problems
        func text(_ key: String) -> String { Self.trimmed(values[key] ?? "") }
        func required(_ key: String, limit: Int) -> String {
            let value = text(key)
            if value.isEmpty { reasons.append("缺少必填字段 \(key)") }
            else if Self.longer(value, than: limit) { reasons.append("字段 \(key) 过长（\(value.count) 字，上限 \(limit)）") }
            return value
        }
        func optional(_ key: String, limit: Int) -> String {
            let value = text(key)
            if Self.longer(value, than: limit) { reasons.append("字段 \(key) 过长（\(value.count) 字，上限 \(limit)）") }
            return value
        }
        func date(_ key: String) -> String? {
            let value = text(key)
            if value.isEmpty || value.lowercased() == "null" { return nil }
            if let plain = Self.plainDate(value) { return plain }
            guard let normalized = CalendarDateText.normalize(value) else {
                reasons.append("字段 \(key) 不是有效日期：\"\(value)\"（应为 YYYY-MM-DD）")
                return nil
            }
            return normalized
        }

        let externalID = required("id", limit: KnowledgeLimits.externalID)
        let department = required("department", limit: KnowledgeLimits.department)
        let question = required("question", limit: KnowledgeLimits.question)
        let answer = required("answer", limit: KnowledgeLimits.answer)
        let category = optional("category", limit: KnowledgeLimits.category)
        let source = optional("source", limit: KnowledgeLimits.source)
        let from = date("effective_from")
        let to = date("effective_to")
        if let from, let to, to < from {
            reasons.append("effective_to（\(to)）早于 effective_from（\(from)）")
        }
        var status: KnowledgeEntry.Status? = nil
        let statusText = text("status")
        if !statusText.isEmpty {
            status = KnowledgeEntry.Status(rawValue: statusText.lowercased())
                ?? KnowledgeEntry.Status.allCases.first { $0.label == statusText }
            if status == nil { reasons.append("字段 status 的值 \"\(statusText)\" 无效（draft、published 或 retired）") }
        }
        var keywordList = (keywords ?? Self.splitKeywordText(text("keywords")))
            .map { Self.trimmed($0) }
            .filter { !$0.isEmpty }
        if keywordList.count > KnowledgeLimits.keywordCount {
            reasons.append("关键词过多（\(keywordList.count) 个，上限 \(KnowledgeLimits.keywordCount)）")
        }
        if let long = keywordList.first(where: { Self.longer($0, than: KnowledgeLimits.keyword) }) {
            reasons.append("关键词过长：\"\(long.prefix(20))…\"（上限 \(KnowledgeLimits.keyword) 字）")
        }
        keywordList = keywordList.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        let sampleText = text("sample").lowercased()
        let isSample = ["true", "1", "yes", "是"].contains(sampleText)

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
        let space = CharacterSet.whitespacesAndNewlines
        if !space.contains(first) && !space.contains(last) { return text }
        return text.trimmingCharacters(in: space)
    }

    /// More than `limit` characters; no character is shorter than one UTF-8 byte, so
    /// most values are settled without counting.
    static func longer(_ text: String, than limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }

    /// A date already written YYYY-MM-DD, checked without the general parser.
    static func plainDate(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return nil }
        var numbers: [Int] = []
        for range in [0..<4, 5..<7, 8..<10] {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            numbers.append(value)
        }
        guard let date = LocalDate(year: numbers[0], month: numbers[1], day: numbers[2]) else { return nil }
        return date.iso
    }

    /// Keywords in a spreadsheet cell: separated by 、，,；;| or line breaks.
    static func splitKeywordText(_ text: String) -> [String] {
        text.split(whereSeparator: { "、，,；;|\n".contains($0) }).map(String.init)
    }
}
