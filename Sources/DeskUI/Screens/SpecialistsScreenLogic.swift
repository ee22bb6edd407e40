import Foundation
import HotlineCore

/// Conferencing a 政策专员 in: the topic is searched as typed (like the knowledge search,
/// stale answers dropped), Ctrl-T starts the record on the saved call, everything typed
/// while it runs is the specialist's answer, Ctrl-R / Ctrl-U end it, Ctrl-P turns a
/// resolved answer into a knowledge draft.
enum SpecialistsScreenLogic {
    static let noCallMessage = "先在来电受理中保存来电（F2，Enter）"

    /// On arrival: the topic comes from the search query, else the call's content,
    /// unless the agent typed one here or a conference is going on.
    static func opened(_ state: inout DeskState) -> [DeskEffect] {
        var pane = state.specialists
        defer { state.specialists = pane }
        guard pane.running == nil, !pane.topicEdited else { return [] }
        let query = state.search.query.trimmed
        let source = (query.isEmpty ? state.intake.content.trimmed : query)
            .replacingOccurrences(of: "\n", with: " ")
        if !source.isEmpty && source != pane.topic.text {
            pane.topic.set(source)
            return changed(&pane)
        }
        if pane.matches.isEmpty && !pane.topic.trimmed.isEmpty { return changed(&pane) }
        return []
    }

    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        var pane = state.specialists
        defer { state.specialists = pane }
        switch action {
        case .startThreeWay:
            return start(pane, state: &state)
        case .resolvedThreeWay, .unresolvedThreeWay:
            return finish(pane, resolved: action == .resolvedThreeWay, state: &state)
        case .promoteDraft:
            return promote(pane, state: &state)
        case .createOrder:
            return createOrder(pane, state: &state)
        case .back:
            if let running = pane.running {
                // The record and the typed answer stay in the state either way; the
                // question is only so the agent does not walk away from a live conference.
                state.confirmation = Confirmation(
                    question: "与\(running.specialist.name)的三方通话还在进行，离开本界面？计时和已输入的答复会保留 (y/n)",
                    purpose: .leaveThreeWay)
                return []
            }
            DeskReducer.backOut(&state)
            return []
        default:
            break
        }
        if pane.running != nil {
            // While the specialist talks, everything typed is their answer (Enter breaks lines).
            pane.answer.apply(key)
            return []
        }
        if ListMotion.move(&pane.selected, count: pane.matches.count, action: action, page: 5) { return [] }
        if pane.topic.apply(key) {
            pane.topicEdited = true
            return changed(&pane)
        }
        return []
    }

    static func changed(_ pane: inout SpecialistsPane) -> [DeskEffect] {
        pane.generation += 1
        pane.selected = 0
        let topic = pane.topic.trimmed
        guard !topic.isEmpty else {
            pane.matches = []
            pane.searching = false
            return []
        }
        pane.searching = true
        return [.specialists(.find(topic: topic, generation: pane.generation))]
    }

    static func selected(_ pane: SpecialistsPane) -> SpecialistRow? {
        pane.matches.indices.contains(pane.selected) ? pane.matches[pane.selected] : nil
    }

    private static func start(_ pane: SpecialistsPane, state: inout DeskState) -> [DeskEffect] {
        if let running = pane.running {
            state.message = .error("正在与\(running.specialist.name)三方通话；先 Ctrl-R（已解决）或 Ctrl-U（未解决）结束")
            return []
        }
        guard let callID = state.currentCallID else {
            state.message = .error(noCallMessage)
            return []
        }
        guard let specialist = selected(pane) else {
            state.message = .error("没有选中的政策专员；先输入业务主题")
            return []
        }
        let question = pane.topic.trimmed
        guard !question.isEmpty else {
            state.message = .error("业务主题为空：它将作为三方通话的问题记录")
            return []
        }
        return [.specialists(.start(callID: callID, specialist: specialist, question: question))]
    }

    private static func finish(_ pane: SpecialistsPane, resolved: Bool, state: inout DeskState) -> [DeskEffect] {
        guard let running = pane.running else {
            state.message = .error("没有进行中的三方通话（Ctrl-T 开始）")
            return []
        }
        let answer = pane.answer.trimmed
        if resolved && answer.isEmpty {
            state.message = .error("已解决的三方通话须记下政策专员的答复")
            return []
        }
        return [.specialists(.finish(id: running.id, answer: answer, resolved: resolved))]
    }

    private static func promote(_ pane: SpecialistsPane, state: inout DeskState) -> [DeskEffect] {
        guard let finished = pane.finished else {
            state.message = .error(pane.running == nil ? "没有已结束的三方通话可转为知识草稿" : "先结束三方通话（Ctrl-R 已解决）再转为知识草稿")
            return []
        }
        if let draft = finished.draft {
            state.message = .info("三方通话 \(finished.id) 已转为知识草稿 \(draft)")
            return []
        }
        guard finished.resolved else {
            state.message = .error("三方通话 \(finished.id) 未解决，答复不能转为知识草稿；可 Ctrl-O 转工单")
            return []
        }
        return [.specialists(.promote(id: finished.id))]
    }

    /// An order from here goes to the specialist's department unless the agent changes it.
    private static func createOrder(_ pane: SpecialistsPane, state: inout DeskState) -> [DeskEffect] {
        let specialist = pane.running?.specialist ?? selected(pane)
        OrderFormLogic.start(from: &state)
        if let specialist {
            state.orderForm.department.set(specialist.departmentCode)
            state.orderForm.focus = .title
        }
        let topic = pane.topic.trimmed
        if state.orderForm.content.trimmed.isEmpty && !topic.isEmpty {
            state.orderForm.content.set(topic)
            state.orderForm.title.set(String(topic.prefix(40)))
        }
        return OrderFormLogic.deadlineEffect(state.orderForm)
    }

    static func apply(_ result: SpecialistsResult, to state: inout DeskState) -> [DeskEffect] {
        var pane = state.specialists
        defer { state.specialists = pane }
        switch result {
        case .found(let generation, let rows, let problem):
            guard generation == pane.generation else { return [] }
            pane.matches = rows
            pane.searching = false
            pane.selected = min(pane.selected, max(0, rows.count - 1))
            if let problem { state.message = .error(problem) }
        case .started(let running):
            pane.running = running
            pane.answer.set("")
            pane.finished = nil
            state.message = .info("三方通话 \(running.id) 已开始：\(running.specialist.name)；输入答复，Ctrl-R 已解决，Ctrl-U 未解决")
        case .finished(let finished, let seconds):
            // Only a saved record clears the typed answer; a refusal leaves it in place.
            pane.running = nil
            pane.answer.set("")
            pane.finished = finished
            let duration = "\(seconds / 60) 分 \(seconds % 60) 秒"
            state.message = .info(finished.resolved
                ? "三方通话 \(finished.id) 已结束：已解决（\(duration)），来电记为专员解答；Ctrl-P 转草稿"
                : "三方通话 \(finished.id) 已结束：未解决（\(duration)）；可 Ctrl-O 转工单")
        case .promoted(let threeWayID, let draft, let department):
            if pane.finished?.id == threeWayID { pane.finished?.draft = draft }
            state.message = .info("已转为知识草稿 \(draft)（\(department)），待知识库管理员审核发布")
        }
        return []
    }
}
