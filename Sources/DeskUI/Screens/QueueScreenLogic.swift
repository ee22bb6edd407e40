import Foundation
import HotlineCore

/// The queue: filters, opening an order, and the lead's actions on the selected one.
enum QueueScreenLogic {
    static func request(_ pane: QueuePane) -> QueueRequest {
        QueueRequest(status: pane.statusFilter, overdueOnly: pane.overdueOnly, enterpriseOnly: pane.enterpriseOnly,
                     department: pane.department, kind: pane.kind)
    }

    /// What opening the queue loads: the page, and once, the departments to filter by.
    static func opened(_ state: DeskState) -> [DeskEffect] {
        [.loadQueue(request(state.queue))] + (state.queue.departments.isEmpty && state.role != .department ? [.loadQueueDepartments] : [])
    }

    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        var pane = state.queue
        defer { state.queue = pane }
        if ListMotion.move(&pane.selected, count: pane.items.count, action: action, page: max(1, state.rows - 6)) { return [] }
        switch action {
        case .filterStatus:
            pane.statusFilter = ListMotion.next(after: pane.statusFilter, in: QueuePane.statuses)
            pane.selected = 0
            return [.loadQueue(request(pane))]
        case .filterOverdue:
            pane.overdueOnly.toggle()
            pane.selected = 0
            return [.loadQueue(request(pane))]
        case .filterEnterprise:
            pane.enterpriseOnly.toggle()
            pane.selected = 0
            return [.loadQueue(request(pane))]
        case .filterDepartment:
            // The core scopes a department's queue to its own orders; the filter is for
            // those who see every department.
            guard state.role != .department else {
                state.message = .error("承办单位只能查看本单位的工单")
                return []
            }
            guard !pane.departments.isEmpty else {
                state.message = .info("正在载入承办单位…")
                return [.loadQueueDepartments]
            }
            pane.department = ListMotion.next(after: pane.department, in: pane.departments.map(\.code))
            pane.selected = 0
            return [.loadQueue(request(pane))]
        case .filterKind:
            pane.kind = ListMotion.next(after: pane.kind, in: OrderKind.allCases)
            pane.selected = 0
            return [.loadQueue(request(pane))]
        case .confirm:
            guard let row = selected(pane) else { return [] }
            state.previousScreens.append(.queue)
            state.screen = .detail
            state.detail = DetailPane()
            return [.loadDetail(number: row.number)]
        case .back:
            DeskReducer.backOut(&state)
            return []
        default:
            guard let row = selected(pane), let action else { return [] }
            state.queue = pane
            let effects = OrderActions.start(action, number: row.number, version: row.version, title: row.title, in: &state)
            pane = state.queue
            return effects
        }
    }

    static func selected(_ pane: QueuePane) -> QueueRow? {
        pane.items.indices.contains(pane.selected) ? pane.items[pane.selected] : nil
    }
}

enum DetailScreenLogic {
    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        var scroll = state.detail.scroll
        if ListMotion.move(&scroll, count: state.detail.lines.count, action: action, page: max(1, state.rows - 6)) {
            state.detail.scroll = scroll
            return []
        }
        switch action {
        case .back:
            DeskReducer.backOut(&state)
            return [.loadQueue(QueueScreenLogic.request(state.queue))]
        case .some(let action):
            guard let number = state.detail.number else { return [] }
            return OrderActions.start(action, number: number, version: state.detail.version, title: state.detail.title, in: &state)
        case nil:
            return []
        }
    }
}

/// The lead's (and department's) actions on an order: those needing text open a
/// one-line prompt first; the core checks role and state and answers with a message.
enum OrderActions {
    static func start(_ action: DeskAction, number: String, version: Int, title: String,
                      in state: inout DeskState) -> [DeskEffect] {
        let operation: OrderOperation
        let label: String
        switch action {
        case .sign:
            guard allowed(.sign, in: &state) else { return [] }
            return [.orderAction(OrderActionRequest(operation: .sign, number: number, version: version, text: nil, accept: false))]
        case .contact, .answer, .requestReturn, .requestExtension:
            guard let operation = action.orderOperation, allowed(operation, in: &state) else { return [] }
            HandlingScreenLogic.open(operation, number: number, version: version, title: title, in: &state)
            return []
        case .acceptAnswer:
            return [.orderAction(OrderActionRequest(operation: .review, number: number, version: version, text: nil, accept: true))]
        case .rejectAnswer: (operation, label) = (.review, "退回补充理由")
        case .urge: (operation, label) = (.urge, "催办意见")
        case .supervise: (operation, label) = (.supervise, "督办意见")
        case .reassign: (operation, label) = (.reassign, "改派给（承办单位代码）")
        case .merge: (operation, label) = (.merge, "并入主工单编号")
        case .approveRequest, .denyRequest:
            return [.orderAction(OrderActionRequest(operation: .decideReturn, number: number, version: version, text: nil,
                                                    accept: action == .approveRequest))]
        default:
            return []
        }
        guard allowed(operation, in: &state) else { return [] }
        state.prompt = Prompt(label: label, field: TextField(maxLength: 2_000), operation: operation, number: number,
                              version: version)
        return []
    }

    /// The core's role rule, checked before asking for any text so nobody types a note
    /// for an operation their role cannot do; the core checks again.
    private static func allowed(_ operation: OrderOperation, in state: inout DeskState) -> Bool {
        guard operation.isAllowed(for: state.role) else {
            state.message = .error("\(operation.label)需要\(operation.roles.map(\.label).joined(separator: "或"))角色（当前：\(state.role.label)）")
            return false
        }
        return true
    }
}

extension DeskAction {
    /// The order operation an action starts, for the role check and the key line.
    public var orderOperation: OrderOperation? {
        switch self {
        case .acceptAnswer, .rejectAnswer: return .review
        case .approveRequest, .denyRequest: return .decideReturn
        case .urge: return .urge
        case .supervise: return .supervise
        case .merge: return .merge
        case .reassign: return .reassign
        case .sign: return .sign
        case .contact: return .contact
        case .answer: return .answer
        case .requestReturn: return .requestReturn
        case .requestExtension: return .requestExtension
        default: return nil
        }
    }

    /// Whether the bottom key line offers this action to `role`: order operations only to
    /// the roles the core allows them, the department filter not to departments.
    public func isOffered(to role: Role) -> Bool {
        if let operation = orderOperation { return operation.isAllowed(for: role) }
        if self == .filterDepartment { return role != .department }
        return true
    }
}
