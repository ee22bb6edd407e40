import Foundation
import HotlineCore

/// What reaches the reducer: keys, the terminal's size, the clock, and results of
/// background work.
public enum DeskEvent: Sendable {
    case key(Key)
    /// Text pasted or committed by an input method in one piece.
    case text(String)
    case resize(rows: Int, columns: Int)
    case tick(Date)
    /// Another desk or the CLI changed the database.
    case databaseChanged
    case result(DeskResult)
}

/// Work the reducer asks for; the runtime does it off the input path and answers with
/// a `DeskResult`.
public enum DeskEffect: Equatable, Sendable {
    case search(query: String, generation: Int)
    case preview(externalID: String)
    case loadQueue(QueueRequest)
    /// What the queue's department filter offers.
    case loadQueueDepartments
    case loadDetail(number: String)
    case loadCounters
    case checkRepeats(phone: String, enterprise: String, content: String)
    /// Known enterprises whose name contains what was typed.
    case completeEnterprise(String)
    /// The enterprise last named with a 统一社会信用代码.
    case enterpriseForCode(String)
    case saveCall(CallDraft)
    case markAnswered(callID: Int64?, query: String, externalID: String)
    case feedback(externalID: String, helpful: Bool, query: String)
    case previewDeadlines(kind: OrderKind, department: String)
    case createOrder(NewOrder)
    case orderAction(OrderActionRequest)
    case specialists(SpecialistsEffect)
    case browse(BrowseEffect)
    /// The newest call id when the desk starts: rings before it are not popped.
    case loadDashboard
    case loadRingBaseline
    case checkRings(after: Int64)
}

public struct QueueRequest: Equatable, Sendable {
    public var status: OrderStatus?
    public var overdueOnly: Bool
    public var enterpriseOnly: Bool
    /// A department's code (leads only; a department sees its own orders whatever this says).
    public var department: String?
    public var kind: OrderKind?

    public init(status: OrderStatus? = nil, overdueOnly: Bool = false, enterpriseOnly: Bool = false,
                department: String? = nil, kind: OrderKind? = nil) {
        self.status = status
        self.overdueOnly = overdueOnly
        self.enterpriseOnly = enterpriseOnly
        self.department = department
        self.kind = kind
    }
}

/// A call as the intake form has it when saved.
public struct CallDraft: Equatable, Sendable {
    public var phone: String
    public var name: String
    public var enterprise: String
    public var uscc: String
    public var channel: String
    public var requestType: String
    public var content: String
    public var enterpriseTag: Bool
    public var outOfScopeReason: String?
    /// The call `hotline ring` recorded for this desk, filled in rather than duplicated.
    public var ringCallID: Int64?
}

public struct OrderActionRequest: Equatable, Sendable {
    public var operation: OrderOperation
    public var number: String
    public var version: Int
    public var text: String?
    public var accept: Bool
    /// Working days asked for (extension requests).
    public var days: Int?
    /// The department suggested instead (return requests).
    public var suggestedDepartment: String?
}

public enum DeskResult: Sendable {
    case searched(generation: Int, hits: [SearchHit], terms: [String])
    case previewed(KnowledgeEntryPreview)
    case queue([QueueRow])
    case detail(DetailPane)
    case counters(OrderCounters, warning: String?)
    case repeats([String])
    case enterpriseCompletions(typed: String, [EnterpriseSuggestion])
    case enterpriseForCode(code: String, EnterpriseSuggestion?)
    case callSaved(id: Int64, message: String)
    case answered(String)
    case deadlines(sign: Date, answer: Date, departmentName: String)
    case orderCreated(number: String)
    case orderChanged(number: String, message: String)
    /// The core refused an operation on an order: its words, and the order's version now
    /// (nil when it cannot be read), so a form can be sent again knowingly.
    case orderRefused(number: String, operation: OrderOperation, message: String, currentVersion: Int?)
    case queueDepartments([QueueDepartment])
    case specialists(SpecialistsResult)
    case browse(BrowseResult)
    case dashboard(DashboardPane)
    case ringBaseline(Int64)
    case rang([RingPop])
    case failed(String)
}

/// An incoming call for this desk: its number and what the center knows of the caller.
public struct RingPop: Equatable, Sendable {
    public var callID: Int64
    public var phone: String
    public var history: [String]
}
