import Foundation
import HotlineCore

/// The new-call form (受理).
public struct IntakeForm: Equatable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case phone, name, enterprise, uscc, channel, requestType, content

        public var label: String {
            switch self {
            case .phone: return "来电号码"
            case .name: return "来电人"
            case .enterprise: return "企业名称"
            case .uscc: return "信用代码"
            case .channel: return "渠道"
            case .requestType: return "诉求类型"
            case .content: return "诉求内容"
            }
        }

        /// Fields chosen from a list (space or arrows cycle them) rather than typed.
        public var isChoice: Bool { self == .channel || self == .requestType }
    }

    public static let channels = [("phone", "电话"), ("web", "网站"), ("app", "APP"), ("mini_program", "小程序")]
    public static let requestTypes = [("consult", "咨询"), ("help", "求助"), ("complaint", "投诉"), ("report", "举报"),
                                      ("suggestion", "建议")]

    public var phone = TextField(maxLength: 40)
    public var name = TextField(maxLength: 50)
    public var enterprise = TextField(maxLength: 100)
    public var uscc = TextField(maxLength: 30)
    public var channel = 0
    public var requestType = 0
    public var content = TextField(maxLength: 10_000, multiline: true)
    /// The 企业 tag: on by default at the enterprise desk.
    public var enterpriseTag = true
    public var focus: Field = .phone
    /// The out-of-scope reason chosen (index into the reasons list), if any.
    public var outOfScope: Int?
    /// Open orders this call may repeat, shown beside the form.
    public var repeats: [String] = []
    /// The USCC check as typed: nil when empty or fine, else what is wrong.
    public var usccProblem: String?
    /// The call rung in by the telephony hook that this form fills in.
    public var ringCallID: Int64?
    /// The caller's earlier calls and open orders, shown beside the form.
    public var history: [String] = []
    /// Enterprises that have called whose name matches the name typed, under the field.
    public var completions: [EnterpriseSuggestion] = []
    /// The completion picked with the arrows (Enter takes it); nil: none picked.
    public var completionIndex: Int?

    public init() {}

    /// Anything typed that would be lost by leaving.
    public var hasInput: Bool {
        !(phone.isEmpty && name.isEmpty && enterprise.isEmpty && uscc.isEmpty && content.isEmpty)
    }

    public func text(_ field: Field) -> TextField? {
        switch field {
        case .phone: return phone
        case .name: return name
        case .enterprise: return enterprise
        case .uscc: return uscc
        case .content: return content
        case .channel, .requestType: return nil
        }
    }

    public mutating func edit(_ field: Field, _ change: (inout TextField) -> Void) {
        switch field {
        case .phone: change(&phone)
        case .name: change(&name)
        case .enterprise: change(&enterprise)
        case .uscc: change(&uscc)
        case .content: change(&content)
        case .channel, .requestType: break
        }
    }
}

/// Live search: the query, the latest results, and which one is selected.
public struct SearchPane: Equatable, Sendable {
    public var query = TextField(maxLength: 100)
    public var hits: [SearchHit] = []
    public var terms: [String] = []
    public var selected = 0
    /// Bumped by every keystroke; a result for an older generation is stale and dropped.
    public var generation = 0
    public var searching = false
    /// The full entry of the selected hit, for the preview pane.
    public var preview: KnowledgeEntryPreview?

    public init() {}
}

public struct KnowledgeEntryPreview: Equatable, Sendable {
    public var externalID: String
    public var question: String
    public var answer: String
    public var department: String
    public var source: String
    public var validity: String
}

/// An order being raised from the current call.
public struct OrderForm: Equatable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case kind, department, title, content
        public var label: String {
            switch self {
            case .kind: return "工单类型"
            case .department: return "承办单位"
            case .title: return "标题"
            case .content: return "内容"
            }
        }
    }

    public var kind: OrderKind = .consult
    public var department = TextField(maxLength: 40)
    public var title = TextField(maxLength: 200)
    public var content = TextField(maxLength: 10_000, multiline: true)
    public var focus: Field = .department
    /// Deadlines computed for the current kind, shown before confirming.
    public var signDue: Date?
    public var answerDue: Date?
    public var departmentName: String?

    public init() {}
}

/// The queue: orders by running deadline, with filters.
public struct QueuePane: Equatable, Sendable {
    public var items: [QueueRow] = []
    public var selected = 0
    public var statusFilter: OrderStatus?
    public var overdueOnly = false
    public var enterpriseOnly = false
    /// Code of the department filtered on (leads); nil: every department.
    public var department: String?
    public var kind: OrderKind?
    /// What the department filter cycles through, loaded when the queue first opens.
    public var departments: [QueueDepartment] = []

    public init() {}


    /// The statuses the filter steps through after showing every open order.
    public static let statuses: [OrderStatus] = [.dispatched, .signed, .answered, .awaitingCallback, .rework, .pendingDispatch]
}

public struct QueueDepartment: Equatable, Sendable {
    public var code: String
    public var name: String
}

public struct QueueRow: Equatable, Sendable {
    public var number: String
    public var kind: OrderKind = .consult
    public var status: OrderStatus
    public var department: String
    public var title: String
    public var due: Date?
    public var remainingWorkingSeconds: Int?
    public var overdue: Bool
    public var supervised: Bool
    public var isEnterprise: Bool
    public var returnRequested = false
    public var extensionRequested = false
    public var version: Int
}

/// One order in full.
public struct DetailPane: Equatable, Sendable {
    public var number: String?
    public var title = ""
    public var lines: [String] = []
    public var status: OrderStatus?
    public var version = 0
    public var scroll = 0

    public init() {}
}
