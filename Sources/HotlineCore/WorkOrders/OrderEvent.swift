import Foundation
import GRDB

/// One step in an order's history, appended in the same transaction as the state change
/// and never updated or deleted (triggers in the schema refuse both).
public struct OrderEvent: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "order_event"

    public var id: Int64?
    public var orderID: Int64
    public var sequence: Int
    public var at: Date
    /// The account that acted.
    public var actor: String
    /// The admin who acted for that account with `--as`, if any.
    public var actingFor: String?
    public var type: OrderEventType
    /// Details of the step as a JSON object with sorted keys.
    public var payload: String
    /// The first bytes of the hash of the event before this one in the whole log (`AuditChain`).
    public var prevTag: Data? = nil
    /// SHA-256 over this event's canonical encoding and the previous event's hash.
    public var hash: Data? = nil

    enum CodingKeys: String, CodingKey {
        case id, sequence, at, actor, type, payload, hash
        case orderID = "order_id"
        case actingFor = "acting_for"
        case prevTag = "prev_tag"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Times are stored as numbers (`StoredInstant`).
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        StoredInstant.encoding
    }

    public var payloadObject: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any] ?? [:]
    }
}

public enum OrderEventType: String, Sendable, Codable, CaseIterable {
    case created, dispatched, signed, contacted, answered
    case answerAccepted = "answer_accepted"
    case answerRejected = "answer_rejected"
    case returnRequested = "return_requested"
    case returnApproved = "return_approved"
    case returnDenied = "return_denied"
    case extensionRequested = "extension_requested"
    case extensionApproved = "extension_approved"
    case extensionDenied = "extension_denied"
    case callback
    case urged, supervised, merged
    case mergedIn = "merged_in"
    case reassigned
    case signOverdue = "sign_overdue"
    case answerOverdue = "answer_overdue"
    /// An admin exported the order with personal data in full (`order export --unmask`).
    case exportedUnmasked = "exported_unmasked"

    public var label: String {
        switch self {
        case .created: return "创建"
        case .dispatched: return "派发"
        case .signed: return "签收"
        case .contacted: return "联系诉求人"
        case .answered: return "答复"
        case .answerAccepted: return "答复认定通过"
        case .answerRejected: return "答复退回补充"
        case .returnRequested: return "申请退回"
        case .returnApproved: return "同意退回"
        case .returnDenied: return "不同意退回"
        case .extensionRequested: return "申请延时"
        case .extensionApproved: return "同意延时"
        case .extensionDenied: return "不同意延时"
        case .callback: return "回访"
        case .urged: return "催办"
        case .supervised: return "督办"
        case .merged: return "并入主工单"
        case .mergedIn: return "合并重复工单"
        case .reassigned: return "改派"
        case .signOverdue: return "签收超时"
        case .answerOverdue: return "办理超时"
        case .exportedUnmasked: return "导出完整个人信息"
        }
    }
}

/// Encodes an event's details: JSON with sorted keys, so the same step always gives the
/// same text (the audit chain hashes it).
enum EventPayload {
    static func encode(_ fields: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "{}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
