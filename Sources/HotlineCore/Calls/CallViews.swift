import Foundation
import GRDB

/// A call as the desk shows it: the row, its tags, the knowledge entry that answered it
/// and the work orders raised from it.
public struct CallDetails: Sendable, Equatable {
    public var call: Call
    public var tags: [String]
    /// The external id (编号) of the entry that answered the call.
    public var knowledgeEntryExternalID: String?
    public var orderNumbers: [String]

    public var id: Int64 { call.id ?? 0 }
}

/// A work order as seen from intake: enough to recognise it on the phone.
public struct OrderSummary: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var kind: String
    public var status: String
    public var title: String
    public var content: String
    public var departmentCode: String?
    public var departmentName: String?
    public var contactPhone: String?
    public var enterpriseName: String?
    public var enterpriseUSCC: String?
    public var callID: Int64?
    public var createdAt: Date
    public var answerDue: Date?

    /// 已派发待签收, 已签收, …: the work-order code's label for the status.
    public var statusLabel: String { OrderStatus(rawValue: status)?.label ?? status }

    /// Still being handled: neither closed nor merged into another order.
    public var isOpen: Bool { status != "closed" && status != "merged" }

    static let selection = """
        o.id, o.number, o.kind, o.status, o.title, o.content, d.code AS department_code, d.name AS department_name,
        o.contact_phone, o.enterprise_name, o.enterprise_uscc, o.call_id, o.created_at, o.answer_due
        """
    static let from = "work_order o LEFT JOIN department d ON d.id = o.department_id"
    static let departmentJoin = "LEFT JOIN department d ON d.id = o.department_id"

    init(row: Row) {
        id = row["id"]
        number = row["number"]
        kind = row["kind"]
        status = row["status"]
        title = row["title"]
        content = row["content"]
        departmentCode = row["department_code"]
        departmentName = row["department_name"]
        contactPhone = row["contact_phone"]
        enterpriseName = row["enterprise_name"]
        enterpriseUSCC = row["enterprise_uscc"]
        callID = row["call_id"]
        createdAt = row["created_at"]
        answerDue = row["answer_due"]
    }
}

/// An open order that a new request may repeat, with how alike the two read.
public struct RepeatCandidate: Sendable, Equatable {
    public enum Match: String, Sendable, Equatable, CaseIterable {
        case phone, uscc, enterpriseName = "enterprise_name"

        public var label: String {
            switch self {
            case .phone: return "同一来电号码"
            case .uscc: return "同一统一社会信用代码"
            case .enterpriseName: return "同一企业名称"
            }
        }
    }

    public var order: OrderSummary
    /// ContentSimilarity's cosine, 0…1.
    public var similarity: Double
    public var matchedBy: [Match]
}

/// What the desk knows about a caller: earlier calls, newest first, and orders still open.
public struct CallerHistory: Sendable, Equatable {
    public var calls: [CallDetails]
    public var openOrders: [OrderSummary]
}

/// An incoming call as the telephony hook records it, with the caller's history for the
/// agent's screen.
public struct RingResult: Sendable, Equatable {
    public var call: CallDetails
    public var history: CallerHistory
}

/// A call just recorded: the call, the open orders it may repeat (best first), and the
/// check result when the agent kept a code whose check character fails.
public struct RecordedCall: Sendable, Equatable {
    public var call: CallDetails
    public var repeats: [RepeatCandidate]
    public var overriddenUSCC: USCCCheck?
}

/// An enterprise name seen before, for completion while typing.
public struct EnterpriseSuggestion: Sendable, Equatable {
    public var name: String
    /// The code most recently given with this name.
    public var uscc: String?
    public var calls: Int

    public init(name: String, uscc: String?, calls: Int) {
        self.name = name
        self.uscc = uscc
        self.calls = calls
    }
}
