import Foundation
import GRDB

enum SmsTemplateDefaults {
    static let body = "【如皋12345】您反映的诉求（工单{number}）已由{department}答复。请回复数字评价：1 满意，2 基本满意，3 不满意。"
}

/// The callback SMS text per order kind. `{number}` (required, so a reply can always be
/// traced) and `{department}` are filled in per order; nothing else may be in braces.
public struct SmsTemplate: Sendable, Equatable {
    public var kind: String
    public var body: String
    public var updatedAt: Date
    public var updatedBy: String

    static let placeholders: Set<String> = ["number", "department"]
    static let limit = 300

    func render(number: String, department: String) -> String {
        body.replacingOccurrences(of: "{number}", with: number).replacingOccurrences(of: "{department}", with: department)
    }

    static func validate(_ body: String) throws(CallbackError) -> String {
        let text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= limit else {
            throw .invalid(field: "--body", reason: "短信模板应为 1 到 \(limit) 字（现为 \(text.count) 字）")
        }
        guard !TextSafety.needsCleaning(text) else { throw .invalid(field: "--body", reason: "含有控制字符或换行") }
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { throw .invalid(field: "--body", reason: "“{” 没有配对的 “}”") }
            let name = String(rest[rest.index(after: open)..<close])
            guard placeholders.contains(name) else {
                throw .invalid(field: "--body", reason: "未知占位符 {\(name)}；可用 {number}、{department}")
            }
            rest = rest[rest.index(after: close)...]
        }
        guard text.contains("{number}") else { throw .invalid(field: "--body", reason: "须包含 {number}（工单号），回复才能对应到工单") }
        return text
    }

    static func all(_ db: Database) throws -> [String: SmsTemplate] {
        var result: [String: SmsTemplate] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, body, updated_at, updated_by FROM sms_template") {
            let template = SmsTemplate(kind: row["kind"], body: row["body"], updatedAt: row["updated_at"], updatedBy: row["updated_by"])
            result[template.kind] = template
        }
        return result
    }
}

/// Why a callback-side operation (SMS, reviews, rectification) was refused.
public enum CallbackError: HotlineFailure, Equatable {
    case invalid(field: String, reason: String)
    case unknownKind(String)
    case orderNotAnswered(String)
    case unknownRectification(Int64)
    case rectificationDone(Int64)
    case notOwnRectification(id: Int64, department: String)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): return "\(field): \(reason)"
        case .unknownKind(let kind): return "没有工单类别 \(TextSafety.visible(kind))（consult 或 other）"
        case .orderNotAnswered(let number): return "工单 \(number) 尚未答复，不能评价"
        case .unknownRectification(let id): return "没有整改事项 \(id)"
        case .rectificationDone(let id): return "整改事项 \(id) 已完成"
        case .notOwnRectification(let id, let department): return "整改事项 \(id) 属于\(department)，不是你的单位"
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .notOwnRectification: return .permissionDenied
        default: return .badData
        }
    }
}
