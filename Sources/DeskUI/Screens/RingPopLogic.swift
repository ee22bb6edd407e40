import Foundation
import HotlineCore

/// Screen pop: a call rung in for this desk opens the intake form with the number and
/// the caller's history, unless the agent is in the middle of another call's form (then
/// the status line says who is calling and nothing typed is touched).
enum RingPopLogic {
    static func check(_ state: DeskState) -> [DeskEffect] {
        guard state.role == .agent || state.role == .lead, state.lastRingCallID != .max else { return [] }
        return [.checkRings(after: state.lastRingCallID)]
    }

    static func open(_ pops: [RingPop], in state: inout DeskState) {
        guard let pop = pops.last else { return }
        state.lastRingCallID = max(state.lastRingCallID == .max ? 0 : state.lastRingCallID, pop.callID)
        if state.intake.hasInput && state.currentCallID == nil {
            state.message = .info("新来电 \(pop.phone)：当前表单未保存，保存或放弃后按 F2 接听")
            return
        }
        var form = IntakeForm()
        form.phone.set(pop.phone)
        form.ringCallID = pop.callID
        form.history = pop.history
        form.focus = .name
        state.intake = form
        state.currentCallID = nil
        if state.screen != .intake {
            state.previousScreens.append(state.screen)
            state.screen = .intake
        }
        state.message = .info("来电 \(pop.phone)" + (pop.history.isEmpty ? "（首次来电）" : "（有历史记录）"))
    }
}
