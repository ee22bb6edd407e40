import Foundation
import HotlineCore

/// The department's form on an order: typing, Tab between fields, sending, and leaving.
/// What is typed lives in the state's drafts until the core accepts it or the person
/// throws it away (Esc asks first), so nothing typed is lost to a refresh, a refusal or
/// a trip to another screen.
enum HandlingScreenLogic {
    /// Opens the draft for this order and operation, or a new one.
    static func open(_ operation: OrderOperation, number: String, version: Int, title: String, in state: inout DeskState) {
        var form = state.handlingDrafts[HandlingForm.DraftKey(number: number, operation: operation)]
            ?? HandlingForm(operation: operation, number: number, orderTitle: title, version: version)
        if !form.hasInput { form.version = version }
        state.handling = form
        if state.screen != .handling {
            state.previousScreens.append(state.screen)
            state.screen = .handling
        }
        state.message = .info(form.hasInput ? "已恢复未提交的\(form.title)草稿" : hint(form))
    }

    static func hint(_ form: HandlingForm) -> String {
        switch form.operation {
        case .answer: return "输入答复内容（Enter 换行），Ctrl-T 提交，Esc 返回"
        case .requestExtension: return "填写延时天数（工作日）和理由，Ctrl-T 或 Enter 提交"
        case .requestReturn: return "写明退回理由及依据，可填建议承办单位代码，Ctrl-T 或 Enter 提交"
        default: return "写明联系情况，Ctrl-T 或 Enter 提交"
        }
    }

    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        guard var form = state.handling else {
            DeskReducer.backOut(&state)
            return []
        }
        defer { if state.handlingOpen == form.key { state.handlingDrafts[form.key] = form } }
        switch action {
        case .submit:
            return submit(&form, in: &state)
        case .back:
            if form.hasInput && !form.submitting {
                state.confirmation = Confirmation(question: "\(form.title)还没有提交，放弃已输入的内容？(y/n)",
                                                  purpose: .discardHandling(form.key))
                return []
            }
            leave(&state)
            return []
        case .nextField, .previousField:
            let fields = form.fields
            let index = fields.firstIndex(of: form.focus) ?? 0
            form.focus = fields[(index + (action == .nextField ? 1 : fields.count - 1)) % fields.count]
            return []
        default:
            break
        }
        // Enter breaks lines in an answer; in a one-line note or request it sends.
        if key == .enter && !(form.focus == .text && form.text.multiline) {
            return submit(&form, in: &state)
        }
        if form.submitting { return [] }
        form.edit(form.focus) { $0.apply(key) }
        return []
    }

    private static func submit(_ form: inout HandlingForm, in state: inout DeskState) -> [DeskEffect] {
        guard !form.submitting else { return [] }
        var days: Int?
        if form.operation == .requestExtension {
            // Only the reading of the digits is here; the allowed range is the core's rule.
            let typed = form.days.trimmed
            guard let value = Int(typed) else {
                state.message = .error(typed.isEmpty ? "请填写延时天数（工作日）" : "延时天数应为数字：\(typed)")
                form.focus = .days
                return []
            }
            days = value
        }
        form.submitting = true
        state.message = .info("正在提交\(form.title)…")
        let suggest = form.suggest.trimmed
        return [.orderAction(OrderActionRequest(operation: form.operation, number: form.number, version: form.version,
                                                text: form.text.trimmed, accept: false, days: days,
                                                suggestedDepartment: suggest.isEmpty ? nil : suggest))]
    }

    /// Back to where the form was opened from; the draft stays.
    static func leave(_ state: inout DeskState) {
        state.handlingOpen = nil
        DeskReducer.backOut(&state)
    }

    /// The core accepted the form: the draft is done with.
    static func accepted(number: String, in state: inout DeskState) {
        for operation in HandlingForm.operations {
            let key = HandlingForm.DraftKey(number: number, operation: operation)
            guard state.handlingDrafts[key]?.submitting == true else { continue }
            state.handlingDrafts[key] = nil
            if state.handlingOpen == key {
                state.handlingOpen = nil
                if state.screen == .handling { DeskReducer.backOut(&state) }
            }
        }
    }

    /// The core refused it: the text stays, and the form now carries the order's current
    /// version, so sending again is a decision made after reading why.
    static func refused(number: String, operation: OrderOperation, currentVersion: Int?, in state: inout DeskState) {
        let key = HandlingForm.DraftKey(number: number, operation: operation)
        guard var form = state.handlingDrafts[key] else { return }
        form.submitting = false
        if let currentVersion { form.version = currentVersion }
        state.handlingDrafts[key] = form
    }
}
