import Foundation

/// One deadline request of the batch form: `<from> hours|days <N>`.
public struct DueRequest: Sendable, Hashable {
    public let from: Date
    public let unit: DueUnit
    public let amount: Int

    public init(from: Date, unit: DueUnit, amount: Int) {
        self.from = from
        self.unit = unit
        self.amount = amount
    }
}

/// The answer to one batch line.
public struct DueBatchResult: Sendable, Hashable {
    /// 1-based line number in the input.
    public let line: Int
    public let request: DueRequest
    public let deadline: Deadline

    public init(line: Int, request: DueRequest, deadline: Deadline) {
        self.line = line
        self.request = request
        self.deadline = deadline
    }

    /// The due instant as printed: `2024-10-08T17:30:00+08:00`.
    public var formatted: String { deadline.iso }
}

/// The batch form behind `hotline calendar due --batch` (and a held-out check): each
/// non-blank line is `<from> hours|days <N>`, from as ISO 8601 with or without offset
/// (without means Asia/Shanghai; it may contain a space, `2024-09-30 16:00`), N a
/// positive integer. Results come back in input order.
public enum DueBatch {
    /// Largest N accepted on a line (10,000 working days is about 40 years).
    public static let maximumAmount = 10_000

    /// Evaluates a whole input. Any bad line makes it throw one error listing every bad
    /// line as `source:line: reason`; no partial result.
    public static func evaluate(_ text: String, calendar: WorkingCalendar, source: String = "<stdin>") throws(CalendarError) -> [DueBatchResult] {
        var results: [DueBatchResult] = []
        var issues: [CalendarLineIssue] = []
        for (index, line) in CalendarText.lines(text).enumerated() {
            switch parse(line: line) {
            case .blank:
                continue
            case let .request(request):
                if issues.isEmpty {
                    results.append(DueBatchResult(line: index + 1, request: request,
                                                  deadline: calendar.due(from: request.from, amount: request.amount, unit: request.unit)))
                }
            case let .bad(reason):
                issues.append(CalendarLineIssue(line: index + 1, reason: reason))
            }
        }
        guard issues.isEmpty else { throw .invalidLines(source: source, issues: issues) }
        return results
    }

    /// Evaluates one line, for callers that stream large inputs line by line (the CLI
    /// reads stdin and prints as it goes). Returns nil for a blank line.
    public static func evaluateLine(_ line: String, lineNumber: Int, calendar: WorkingCalendar, source: String = "<stdin>") throws(CalendarError) -> DueBatchResult? {
        guard let request = try parseLine(line, lineNumber: lineNumber, source: source) else { return nil }
        return DueBatchResult(line: lineNumber, request: request,
                              deadline: calendar.due(from: request.from, amount: request.amount, unit: request.unit))
    }

    /// Parses one line without computing; nil for a blank line.
    public static func parseLine(_ line: String, lineNumber: Int, source: String = "<stdin>") throws(CalendarError) -> DueRequest? {
        var body = Substring(line)
        if body.unicodeScalars.last == "\r" { body = Substring(body.unicodeScalars.dropLast()) }
        switch parse(line: body) {
        case .blank: return nil
        case let .request(request): return request
        case let .bad(reason):
            throw .invalidLines(source: source, issues: [CalendarLineIssue(line: lineNumber, reason: reason)])
        }
    }

    private enum Parsed {
        case blank
        case request(DueRequest)
        case bad(String)
    }

    private static let shape = "应为 \"<时间> hours|days <N>\"，如 2024-09-30T16:00:00+08:00 days 3"

    private static func parse(line: Substring) -> Parsed {
        let fields = CalendarText.fields(line)
        if fields.isEmpty { return .blank }
        guard fields.count >= 3 else { return .bad("字段不足，\(shape)") }
        guard fields.count <= 4 else { return .bad("字段过多，\(shape)") }

        var reasons: [String] = []
        // The instant is everything before the last two fields (one field, or two when
        // date and time are separated by a space).
        let fromText = fields[0..<(fields.count - 2)].joined(separator: " ")
        var from: Date?
        do {
            from = try ShanghaiTime.parse(fromText)
        } catch {
            reasons.append(error.description)
        }
        let unitText = fields[fields.count - 2]
        let unit = DueUnit(rawValue: unitText.lowercased())
        if unit == nil {
            reasons.append("单位无效 \(CalendarText.quoted(unitText))（应为 hours 或 days）")
        }
        let amountText = fields[fields.count - 1]
        var amount: Int?
        switch CalendarText.count(amountText, max: maximumAmount) {
        case let .value(n): amount = n
        case .notPositiveInteger: reasons.append("数量无效 \(CalendarText.quoted(amountText))（应为正整数）")
        case .tooLarge: reasons.append("数量 \(CalendarText.quoted(amountText)) 超过上限 \(maximumAmount)")
        }
        guard reasons.isEmpty, let from, let unit, let amount else { return .bad(reasons.joined(separator: "；")) }
        return .request(DueRequest(from: from, unit: unit, amount: amount))
    }
}
