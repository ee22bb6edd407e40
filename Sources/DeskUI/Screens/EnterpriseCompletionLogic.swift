import Foundation
import HotlineCore

/// Completing the enterprise name on the intake form from the enterprises that have
/// called before: the list follows each keystroke in the name field, the arrows pick a
/// name, Enter takes it (with its 统一社会信用代码 when that field is still empty), Esc
/// closes the list. A valid code typed first fills the name.
enum EnterpriseCompletionLogic {
    /// Handles the keys the open list takes; nil leaves the key to the form.
    static func press(action: DeskAction?, in form: inout IntakeForm) -> [DeskEffect]? {
        guard form.focus == .enterprise, !form.completions.isEmpty else { return nil }
        switch action {
        case .moveDown:
            form.completionIndex = min((form.completionIndex ?? -1) + 1, form.completions.count - 1)
            return []
        case .moveUp:
            form.completionIndex = form.completionIndex.flatMap { $0 > 0 ? $0 - 1 : nil }
            return []
        case .confirm:
            guard let index = form.completionIndex else { return nil }
            take(form.completions[index], into: &form)
            return IntakeScreenLogic.repeatsEffect(form)
        case .back:
            close(&form)
            return []
        default:
            return nil
        }
    }

    /// After the name field changed: ask for the names matching what is typed now.
    static func nameEdited(_ form: inout IntakeForm) -> [DeskEffect] {
        form.completionIndex = nil
        let typed = form.enterprise.trimmed
        guard !typed.isEmpty else {
            form.completions = []
            return []
        }
        return [.completeEnterprise(typed)]
    }

    /// After the code field changed: a complete, valid code with no name yet looks the name up.
    static func codeEdited(_ form: IntakeForm) -> [DeskEffect] {
        let code = form.uscc.trimmed
        guard form.enterprise.isEmpty, code.count == 18, form.usccProblem == nil,
              (try? USCC.check(code))?.checkCharacterValid == true else { return [] }
        return [.enterpriseForCode(code)]
    }

    static func close(_ form: inout IntakeForm) {
        form.completions = []
        form.completionIndex = nil
    }

    static func take(_ suggestion: EnterpriseSuggestion, into form: inout IntakeForm) {
        form.enterprise.set(suggestion.name)
        if form.uscc.isEmpty, let code = suggestion.uscc {
            form.uscc.set(code)
            form.usccProblem = IntakeScreenLogic.usccProblem(code)
        }
        close(&form)
        form.focus = .uscc
    }

    /// Names for `typed`, dropped when the field has moved on since they were asked for.
    static func received(_ suggestions: [EnterpriseSuggestion], for typed: String, in form: inout IntakeForm) {
        guard form.focus == .enterprise, form.enterprise.trimmed == typed else { return }
        form.completions = suggestions.filter { $0.name != typed }
        form.completionIndex = nil
    }

    /// The name found for a code, taken only while the name field is still empty.
    static func received(_ suggestion: EnterpriseSuggestion?, forCode code: String, in form: inout IntakeForm) {
        guard let suggestion, form.enterprise.isEmpty, form.uscc.trimmed == code else { return }
        form.enterprise.set(suggestion.name)
    }
}
