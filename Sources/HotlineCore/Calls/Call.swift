import Foundation
import GRDB

/// One contact with the hotline (统一受理): a phone call, or a message from the web site,
/// the app or the mini program, with what the caller asked and how it ended.
public struct Call: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "call"

    public enum Channel: String, Sendable, Codable, CaseIterable {
        case phone, web, app, miniProgram = "mini_program"

        public var label: String {
            switch self {
            case .phone: return "电话"
            case .web: return "网站"
            case .app: return "APP"
            case .miniProgram: return "小程序"
            }
        }

        /// The code or the Chinese label, as an agent types it.
        public init(text: String) throws(IntakeError) {
            let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
            guard let match = Channel.allCases.first(where: { $0.rawValue == folded || $0.label.lowercased() == folded
                || (folded == "miniprogram" && $0 == .miniProgram) }) else { throw .unknownChannel(text) }
            self = match
        }
    }

    /// 咨询 求助 投诉 举报 建议.
    public enum RequestType: String, Sendable, Codable, CaseIterable {
        case consult, help, complaint, report, suggestion

        public var label: String {
            switch self {
            case .consult: return "咨询"
            case .help: return "求助"
            case .complaint: return "投诉"
            case .report: return "举报"
            case .suggestion: return "建议"
            }
        }

        public init(text: String) throws(IntakeError) {
            let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
            guard let match = RequestType.allCases.first(where: { $0.rawValue == folded || $0.label == folded }) else {
                throw .unknownRequestType(text)
            }
            self = match
        }
    }

    /// How the call ended. `open` until the agent or a later step says.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case open, knowledge, specialist, order, outOfScope = "out_of_scope", transferred

        public var label: String {
            switch self {
            case .open: return "未处理"
            case .knowledge: return "知识库解答"
            case .specialist: return "政策专员解答"
            case .order: return "转工单"
            case .outOfScope: return "不予受理"
            case .transferred: return "转接"
            }
        }
    }

    public var id: Int64?
    public var receivedAt: Date
    public var channel: Channel
    public var callerPhone: String?
    public var callerName: String
    public var enterpriseName: String?
    public var enterpriseUSCC: String?
    public var usccCheckOverridden: Bool
    public var requestType: RequestType
    public var content: String
    public var outcome: Outcome
    public var knowledgeEntryID: Int64?
    public var outOfScopeReasonCode: String?
    public var transferredTo: String?
    public var agentLogin: String?
    public var recordedBy: String
    /// The admin behind `--as`, when there is one.
    public var actingFor: String?
    public var updatedAt: Date

    public var outOfScopeReason: OutOfScopeReason? { outOfScopeReasonCode.flatMap(OutOfScopeReason.init(rawValue:)) }

    /// Named an enterprise: the calls the desk exists for.
    public var isEnterprise: Bool { enterpriseName != nil || enterpriseUSCC != nil }

    enum CodingKeys: String, CodingKey {
        case id, channel, content, outcome
        case receivedAt = "received_at"
        case callerPhone = "caller_phone"
        case callerName = "caller_name"
        case enterpriseName = "enterprise_name"
        case enterpriseUSCC = "enterprise_uscc"
        case usccCheckOverridden = "uscc_check_overridden"
        case requestType = "request_type"
        case knowledgeEntryID = "knowledge_entry_id"
        case outOfScopeReasonCode = "out_of_scope_reason"
        case transferredTo = "transferred_to"
        case agentLogin = "agent_login"
        case recordedBy = "recorded_by"
        case actingFor = "acting_for"
        case updatedAt = "updated_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `call_tag`.
struct CallTagRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "call_tag"
    var callID: Int64
    var tag: String

    enum CodingKeys: String, CodingKey {
        case callID = "call_id"
        case tag
    }
}
