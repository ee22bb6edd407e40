/// Where a work order stands in its lifecycle (DESIGN.md "The workflow", step 4).
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    case pendingDispatch = "pending_dispatch"
    case dispatched
    case signed
    case answered
    case awaitingCallback = "awaiting_callback"
    case rework
    case closed
    case merged

    public var label: String {
        switch self {
        case .pendingDispatch: return "待派发"
        case .dispatched: return "已派发待签收"
        case .signed: return "已签收办理中"
        case .answered: return "已答复待认定"
        case .awaitingCallback: return "待回访"
        case .rework: return "核实整改"
        case .closed: return "已办结"
        case .merged: return "已合并"
        }
    }

    /// Still needs someone to act: not closed and not folded into another order.
    public var isOpen: Bool { self != .closed && self != .merged }

    /// The department holds the order and its answer deadline runs.
    public var isWithDepartment: Bool { self == .dispatched || self == .signed || self == .rework }

    public init?(text: String) {
        if let status = OrderStatus(rawValue: text) { self = status; return }
        guard let status = OrderStatus.allCases.first(where: { $0.label == text }) else { return nil }
        self = status
    }
}

/// 咨询类 or 非咨询类: the kind picks the SLA rule (sign, answer and return deadlines).
public enum OrderKind: String, Sendable, Codable, CaseIterable {
    case consult, other

    public var label: String { self == .consult ? "咨询类" : "非咨询类" }
}

/// The result of a satisfaction callback (回访).
public enum CallbackResult: String, Sendable, Codable, CaseIterable {
    case satisfied, basic, unsatisfied, unreachable

    public var label: String {
        switch self {
        case .satisfied: return "满意"
        case .basic: return "基本满意"
        case .unsatisfied: return "不满意"
        case .unreachable: return "未联系上"
        }
    }

    /// Satisfied or basically satisfied: the requester accepts the answer.
    public var isContent: Bool { self == .satisfied || self == .basic }
}

public enum CallbackChannel: String, Sendable, Codable, CaseIterable {
    case sms, manual

    public var label: String { self == .sms ? "短信回访" : "人工回访" }
}
