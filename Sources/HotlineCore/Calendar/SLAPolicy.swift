import Foundation

/// The deadlines of one kind of work order. Kept as data so another city can load its
/// own rules (江苏省12345在线服务平台运行管理办法 第三十二条).
public struct SLARule: Sendable, Hashable, CustomStringConvertible {
    /// Order kind key, e.g. `consult` (咨询类) or `other` (非咨询类).
    public let kind: String
    /// 签收: working hours from dispatch (第十一条（三）: 1).
    public let signWorkingHours: Int
    /// 答复: working days from dispatch (第十一条（三）: 3 咨询类, 5 非咨询类).
    public let answerWorkingDays: Int
    /// 申请退回: working days from dispatch (第十一条（四）: 1 咨询类, 2 非咨询类).
    public let returnWindowWorkingDays: Int

    public init(kind: String, signWorkingHours: Int, answerWorkingDays: Int, returnWindowWorkingDays: Int) {
        self.kind = kind
        self.signWorkingHours = signWorkingHours
        self.answerWorkingDays = answerWorkingDays
        self.returnWindowWorkingDays = returnWindowWorkingDays
    }

    /// The file line: `consult  1  3  1`.
    public var description: String { "\(kind)  \(signWorkingHours)  \(answerWorkingDays)  \(returnWindowWorkingDays)" }
}

/// The SLA policy file (knowledge-seed/sla-policy.txt): `#` comments, blank lines, and
/// one rule per line, `kind sign_hours answer_days return_days`.
public enum SLAPolicyFile {
    /// The Jiangsu 12345 rules (第十一条（三）（四）): 咨询类 sign 1 h, answer 3 d,
    /// return 1 d; 非咨询类 sign 1 h, answer 5 d, return 2 d.
    public static let jiangsuDefault: [SLARule] = [
        SLARule(kind: "consult", signWorkingHours: 1, answerWorkingDays: 3, returnWindowWorkingDays: 1),
        SLARule(kind: "other", signWorkingHours: 1, answerWorkingDays: 5, returnWindowWorkingDays: 2),
    ]

    /// Upper bound for every number, far above any real rule; it catches typos such as
    /// an extra digit before they become deadlines years away.
    public static let maximumValue = 1000

    /// Parses the file; every bad line is reported (`source:line: reason`) and nothing
    /// is returned if there is one. Rules keep file order.
    public static func parse(_ text: String, source: String) throws(CalendarError) -> [SLARule] {
        var issues: [CalendarLineIssue] = []
        var rules: [SLARule] = []
        var seen: [String: Int] = [:]
        let columns = "kind sign_hours answer_days return_days"
        let names = ["sign_hours（签收工作小时）", "answer_days（答复工作日）", "return_days（退回工作日）"]

        for (index, line) in CalendarText.lines(text).enumerated() {
            let number = index + 1
            if CalendarText.isBlankOrComment(line) { continue }
            func bad(_ reason: String) { issues.append(CalendarLineIssue(line: number, reason: reason)) }

            let fields = CalendarText.fields(line)
            guard fields.count == 4 else {
                bad("应为 4 列（\(columns)），实际 \(fields.count) 列")
                continue
            }
            let kind = String(fields[0])
            guard isValidKind(kind) else {
                bad("类型 \(CalendarText.quoted(kind)) 无效（只能用英文小写字母、数字、_ 和 -，以字母开头，最长 32 个字符）")
                continue
            }
            var values: [Int] = []
            var lineOK = true
            for (column, field) in fields[1...].enumerated() {
                switch CalendarText.count(field, max: maximumValue) {
                case let .value(n): values.append(n)
                case .notPositiveInteger:
                    bad("\(names[column]) 应为正整数，实际 \(CalendarText.quoted(field))")
                    lineOK = false
                case .tooLarge:
                    bad("\(names[column]) \(CalendarText.quoted(field)) 超过上限 \(maximumValue)")
                    lineOK = false
                }
            }
            guard lineOK else { continue }
            // A return request after the answer deadline makes no sense: the department
            // must decide whether the order is theirs before it is due.
            if values[2] > values[1] {
                bad("退回时限 \(values[2]) 个工作日超过答复时限 \(values[1]) 个工作日")
                continue
            }
            if let earlier = seen[kind] {
                bad("类型 \(kind) 重复（另见第 \(earlier) 行）")
                continue
            }
            seen[kind] = number
            rules.append(SLARule(kind: kind, signWorkingHours: values[0], answerWorkingDays: values[1], returnWindowWorkingDays: values[2]))
        }
        if issues.isEmpty, rules.isEmpty {
            issues.append(CalendarLineIssue(line: 0, reason: "文件中没有任何规则"))
        }
        guard issues.isEmpty else { throw .invalidLines(source: source, issues: issues) }
        return rules
    }

    /// Writes rules in the file format, with `header` as `#` comment lines.
    public static func format(_ rules: [SLARule], header: String? = nil) -> String {
        var out = ""
        if let header {
            for line in header.split(separator: "\n", omittingEmptySubsequences: false) {
                out += line.isEmpty ? "#\n" : "# \(line)\n"
            }
        }
        for rule in rules { out += rule.description + "\n" }
        return out
    }

    static func isValidKind(_ kind: String) -> Bool {
        let bytes = Array(kind.utf8)
        guard (1...32).contains(bytes.count), let first = bytes.first, first >= 97, first <= 122 else { return false }
        return bytes.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }
    }
}

/// The three deadlines of an order dispatched at one instant under one rule.
public struct SLADeadlines: Sendable, Hashable {
    public let sign: Deadline
    public let answer: Deadline
    public let returnWindow: Deadline
}

extension WorkingCalendar {
    /// Sign, answer and return deadlines of an order dispatched at `dispatched`.
    public func deadlines(for rule: SLARule, dispatchedAt dispatched: Date) -> SLADeadlines {
        SLADeadlines(sign: due(from: dispatched, workingHours: rule.signWorkingHours),
                     answer: due(from: dispatched, workingDays: rule.answerWorkingDays),
                     returnWindow: due(from: dispatched, workingDays: rule.returnWindowWorkingDays))
    }
}
