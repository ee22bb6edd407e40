import Foundation
import HotlineCore

/// The queue: filters, opening an order, and the lead's actions on the selected one.
enum QueueScreenLogic {
    static func request(_ pane: QueuePane) -> QueueRequest {
        QueueRequest(status: pane.statusFilter, overdueOnly: pane.overdueOnly, enterpriseOnly: pane.enterpriseOnly)
    }

    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        var pane = state.queue
        defer { state.queue = pane }
        if ListMotion.move(&pane.selected, count: pane.items.count, action: action, page: max(1, state.rows - 6)) { return [] }
        switch action {
        case .filterStatus:
            let cycle = QueuePane.statusCycle
            let index = cycle.firstIndex(of: pane.statusFilter) ?? 0
            pane.statusFilter = cycle[(index + 1) % cycle.count]
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
            return OrderActions.start(action, number: row.number, version: row.version, in: &state)
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
            return OrderActions.start(action, number: number, version: state.detail.version, in: &state)
        case nil:
            return []
        }
    }
}

/// The lead's (and department's) actions on an order: those needing text open a
/// one-line prompt first; the core checks role and state and answers with a message.
enum OrderActions {
    static func start(_ action: DeskAction, number: String, version: Int, in state: inout DeskState) -> [DeskEffect] {
        let operation: OrderOperation
        let label: String
        switch action {
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
        guard operation.isAllowed(for: state.role) else {
            state.message = .error("\(operation.label)需要\(operation.roles.map(\.label).joined(separator: "或"))角色")
            return []
        }
        state.prompt = Prompt(label: label, field: TextField(maxLength: 2_000), operation: operation, number: number,
                              version: version)
        return []
    }
}
