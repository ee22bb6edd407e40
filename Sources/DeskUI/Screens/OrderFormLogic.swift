import Foundation
import HotlineCore

/// Raising an order from the current call: prefilled from the call and the selected
/// knowledge entry, deadlines shown before Enter confirms.
enum OrderFormLogic {
    static func start(from state: inout DeskState) {
        var form = OrderForm()
        let intake = state.intake
        let hit = SearchScreenLogic.selectedHit(state.search)
        let content = intake.content.trimmed.isEmpty ? state.search.query.trimmed : intake.content.trimmed
        form.kind = IntakeForm.requestTypes[intake.requestType].0 == "consult" ? .consult : .other
        form.department.set(hit?.department ?? "")
        form.title.set(String((hit?.question ?? content).prefix(40)))
        form.content.set(content)
        form.focus = form.department.isEmpty ? .department : .title
        state.orderForm = form
        if state.screen != .orderForm {
            state.previousScreens.append(state.screen)
            state.screen = .orderForm
        }
    }

    static func deadlineEffect(_ form: OrderForm) -> [DeskEffect] {
        let department = form.department.trimmed
        return department.isEmpty ? [] : [.previewDeadlines(kind: form.kind, department: department)]
    }

    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        var form = state.orderForm
        defer { state.orderForm = form }
        let fields = OrderForm.Field.allCases
        switch action {
        case .nextField:
            form.focus = fields[(form.focus.rawValue + 1) % fields.count]
            return deadlineEffect(form)
        case .previousField:
            form.focus = fields[(form.focus.rawValue + fields.count - 1) % fields.count]
            return deadlineEffect(form)
        case .back:
            DeskReducer.backOut(&state)
            return []
        case .confirm where form.focus != .content, .createOrder:
            return submit(form, state: &state)
        default:
            break
        }
        switch form.focus {
        case .kind:
            if [.left, .right, .up, .down, .character(" ")].contains(key) {
                form.kind = form.kind == .consult ? .other : .consult
                return deadlineEffect(form)
            }
        case .department:
            if form.department.apply(key) {
                form.signDue = nil
                form.answerDue = nil
                form.departmentName = nil
            }
        case .title: form.title.apply(key)
        case .content:
            if key == .enter && !form.content.multiline { return submit(form, state: &state) }
            form.content.apply(key)
        }
        return []
    }

    private static func submit(_ form: OrderForm, state: inout DeskState) -> [DeskEffect] {
        guard !form.title.trimmed.isEmpty, !form.content.trimmed.isEmpty else {
            state.message = .error("标题和内容不能为空")
            return []
        }
        let intake = state.intake
        let department = form.department.trimmed
        let new = NewOrder(kind: form.kind, department: department.isEmpty ? nil : department, title: form.title.trimmed,
                           content: form.content.trimmed,
                           enterpriseName: intake.enterprise.trimmed.isEmpty ? nil : intake.enterprise.trimmed,
                           uscc: intake.uscc.trimmed.isEmpty ? nil : intake.uscc.trimmed, acceptFailingUSCC: true,
                           contactName: intake.name.trimmed.isEmpty ? nil : intake.name.trimmed,
                           phone: intake.phone.trimmed.isEmpty ? nil : intake.phone.trimmed,
                           callID: state.currentCallID, isEnterprise: intake.enterpriseTag)
        return [.createOrder(new)]
    }
}
