import Foundation
import HotlineCore

/// Taking a call: typed fields, choices cycled with arrows or space, the 企业 tag on
/// Ctrl-E, out-of-scope reasons with their guidance script, and save on Enter.
enum IntakeScreenLogic {
    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        var form = state.intake
        defer { state.intake = form }
        let fields = IntakeForm.Field.allCases
        if let effects = EnterpriseCompletionLogic.press(action: action, in: &form) { return effects }
        switch action {
        case .nextField:
            EnterpriseCompletionLogic.close(&form)
            form.focus = fields[(form.focus.rawValue + 1) % fields.count]
            return repeatsEffect(form)
        case .previousField:
            EnterpriseCompletionLogic.close(&form)
            form.focus = fields[(form.focus.rawValue + fields.count - 1) % fields.count]
            return []
        case .toggleEnterpriseTag:
            form.enterpriseTag.toggle()
            state.message = .info(form.enterpriseTag ? "已打上企业标签" : "已去掉企业标签")
            return []
        case .outOfScope:
            let count = OutOfScopeReason.allCases.count
            form.outOfScope = form.outOfScope.map { $0 + 1 < count ? $0 + 1 : nil } ?? 0
            return []
        case .back:
            if form.hasInput && state.currentCallID == nil {
                state.confirmation = Confirmation(question: "放弃未保存的来电内容？(y/n)", purpose: .discardIntake(then: nil))
                return []
            }
            DeskReducer.backOut(&state)
            return []
        case .confirm where form.focus != .content:
            return save(form, in: &state)
        case .createOrder:
            state.intake = form
            OrderFormLogic.start(from: &state)
            return OrderFormLogic.deadlineEffect(state.orderForm)
        case .search:
            return []
        default:
            break
        }
        if form.focus.isChoice {
            let count = form.focus == .channel ? IntakeForm.channels.count : IntakeForm.requestTypes.count
            var value = form.focus == .channel ? form.channel : form.requestType
            switch key {
            case .right, .character(" "), .down: value = (value + 1) % count
            case .left, .up: value = (value + count - 1) % count
            default: return []
            }
            if form.focus == .channel { form.channel = value } else { form.requestType = value }
            return []
        }
        let focus = form.focus
        var edited = false
        form.edit(focus) { edited = $0.apply(key) }
        if edited && focus == .enterprise { return EnterpriseCompletionLogic.nameEdited(&form) }
        if edited && focus == .uscc {
            form.usccProblem = usccProblem(form.uscc.trimmed)
            return EnterpriseCompletionLogic.codeEdited(form)
        }
        if key == .enter && focus == .content && !edited { return save(form, in: &state) }
        return []
    }

    /// The check character verdict as typed (empty and partial codes are not judged).
    static func usccProblem(_ text: String) -> String? {
        guard !text.isEmpty else { return nil }
        do {
            let check = try USCC.check(text)
            return check.checkCharacterValid ? nil : "校验位应为 \(check.expectedCheckCharacter)"
        } catch {
            return text.count < 18 ? nil : "\(error)"
        }
    }

    static func repeatsEffect(_ form: IntakeForm) -> [DeskEffect] {
        let phone = form.phone.trimmed, enterprise = form.enterprise.trimmed, content = form.content.trimmed
        guard !(phone.isEmpty && enterprise.isEmpty) else { return [] }
        return [.checkRepeats(phone: phone, enterprise: enterprise, content: content)]
    }

    static func save(_ form: IntakeForm, in state: inout DeskState) -> [DeskEffect] {
        guard state.currentCallID == nil else {
            state.message = .info("本次来电已保存；Ctrl-O 生成工单，F3 检索知识库")
            return []
        }
        let reason = form.outOfScope.map { OutOfScopeReason.allCases[$0].rawValue }
        return [.saveCall(CallDraft(phone: form.phone.trimmed, name: form.name.trimmed, enterprise: form.enterprise.trimmed,
                                    uscc: form.uscc.trimmed, channel: IntakeForm.channels[form.channel].0,
                                    requestType: IntakeForm.requestTypes[form.requestType].0, content: form.content.trimmed,
                                    enterpriseTag: form.enterpriseTag, outOfScopeReason: reason,
                                    ringCallID: form.ringCallID))]
    }
}
