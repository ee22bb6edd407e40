import Foundation
import HotlineCore

/// The screens of the console (issue 5's list).
public enum DeskScreen: String, Sendable, CaseIterable {
    case intake, search, orderForm, queue, detail, specialists, browse, help, dashboard, handling

    public var title: String {
        switch self {
        case .intake: return "来电受理"
        case .search: return "知识库检索"
        case .orderForm: return "生成工单"
        case .queue: return "工单队列"
        case .detail: return "工单详情"
        case .specialists: return "政策专员"
        case .browse: return "知识库浏览"
        case .help: return "帮助"
        case .dashboard: return "班长看板"
        case .handling: return "工单办理"
        }
    }

    /// The keymap context whose bindings apply on this screen.
    public var context: DeskContext {
        switch self {
        case .intake, .orderForm: return .intake
        case .search: return .search
        case .queue: return .queue
        case .detail: return .detail
        case .specialists: return .specialists
        case .browse: return .browse
        case .help: return .help
        case .dashboard: return .dashboard
        case .handling: return .handling
        }
    }
}

/// A line at the bottom saying what just happened.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Sendable { case info, error }
    public var text: String
    public var kind: Kind

    public static func info(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .info) }
    public static func error(_ text: String) -> StatusMessage { StatusMessage(text: text, kind: .error) }
}

/// Everything the console shows. Screens are pure functions of this value; the reducer
/// is the only thing that changes it.
public struct DeskState: Equatable, Sendable {
    public var rows: Int
    public var columns: Int
    public var login: String
    public var role: Role
    public var now: Date
    public var screen: DeskScreen = .search
    /// Where Esc goes back to.
    public var previousScreens: [DeskScreen] = []
    public var counters: OrderCounters?
    public var calendarWarning: String?
    public var message: StatusMessage?
    public var intake = IntakeForm()
    public var search = SearchPane()
    public var orderForm = OrderForm()
    public var queue = QueuePane()
    public var detail = DetailPane()
    public var dashboard: DashboardPane?
    /// A question waiting for y/n (leaving a form with unsaved input, …).
    public var confirmation: Confirmation?
    /// A one-line prompt for the text an operation needs (a note, a reason).
    public var prompt: Prompt?
    public var quitRequested = false
    /// The call being taken, once saved.
    public var currentCallID: Int64?
    public var specialists = SpecialistsPane()
    public var browse = BrowsePane()
    /// The department's forms being typed, per order and operation, and the one open.
    public var handlingDrafts: [HandlingForm.DraftKey: HandlingForm] = [:]
    public var handlingOpen: HandlingForm.DraftKey?
    /// Rings up to this call id have been seen (screen pop).
    public var lastRingCallID: Int64 = .max

    public init(rows: Int, columns: Int, login: String, role: Role, now: Date) {
        self.rows = rows
        self.columns = columns
        self.login = login
        self.role = role
        self.now = now
        screen = role == .department || role == .lead ? .queue : .search
    }

    public var isTooSmall: Bool { rows < 24 || columns < 80 }

    /// The department's form on screen, if any.
    public var handling: HandlingForm? {
        get { handlingOpen.flatMap { handlingDrafts[$0] } }
        set {
            guard let newValue else { handlingOpen = nil; return }
            handlingDrafts[newValue.key] = newValue
            handlingOpen = newValue.key
        }
    }

    /// Forms with typed text not yet accepted by the core.
    public var unsentHandling: [HandlingForm] {
        handlingDrafts.values.filter(\.hasInput).sorted { ($0.number, $0.operation.rawValue) < ($1.number, $1.operation.rawValue) }
    }
}

public struct Confirmation: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case discardIntake(then: DeskScreen?)
        case quit
        /// Esc on the specialists screen while a three-way call is still being recorded.
        case leaveThreeWay
        /// Esc on a department's form with unsent text: yes throws the draft away.
        case discardHandling(HandlingForm.DraftKey)
    }
    public var question: String
    public var purpose: Purpose
}

public struct Prompt: Equatable, Sendable {
    public var label: String
    public var field: TextField
    public var operation: OrderOperation
    public var number: String
    public var version: Int
}
