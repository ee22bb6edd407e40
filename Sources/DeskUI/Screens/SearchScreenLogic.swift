import Foundation
import HotlineCore

/// Knowledge search while the caller talks: every keystroke starts a new search (the
/// runtime debounces and drops stale ones), arrows pick a result, the preview follows.
enum SearchScreenLogic {
    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        var pane = state.search
        defer { state.search = pane }
        if ListMotion.move(&pane.selected, count: pane.hits.count, action: action, page: 5) {
            pane.preview = nil
            state.search = pane
            return previewEffect(state)
        }
        switch action {
        case .back:
            if !pane.query.isEmpty {
                pane.query.set("")
                return changed(&pane)
            }
            DeskReducer.backOut(&state)
            return []
        case .answeredFromEntry, .confirm:
            guard let hit = selectedHit(pane) else { return [] }
            return [.markAnswered(callID: state.currentCallID, query: pane.query.trimmed, externalID: hit.externalID)]
        case .helpful, .notHelpful:
            guard let hit = selectedHit(pane) else { return [] }
            return [.feedback(externalID: hit.externalID, helpful: action == .helpful, query: pane.query.trimmed)]
        case .createOrder:
            state.search = pane
            OrderFormLogic.start(from: &state)
            return OrderFormLogic.deadlineEffect(state.orderForm)
        default:
            break
        }
        if pane.query.apply(key) { return changed(&pane) }
        return []
    }

    private static func changed(_ pane: inout SearchPane) -> [DeskEffect] {
        pane.generation += 1
        pane.selected = 0
        pane.preview = nil
        let query = pane.query.trimmed
        guard !query.isEmpty else {
            pane.hits = []
            pane.terms = []
            pane.searching = false
            return []
        }
        pane.searching = true
        return [.search(query: query, generation: pane.generation)]
    }

    static func selectedHit(_ pane: SearchPane) -> SearchHit? {
        pane.hits.indices.contains(pane.selected) ? pane.hits[pane.selected] : nil
    }

    static func previewEffect(_ state: DeskState) -> [DeskEffect] {
        guard let hit = selectedHit(state.search), state.search.preview?.externalID != hit.externalID else { return [] }
        return [.preview(externalID: hit.externalID)]
    }
}

extension DeskReducer {
    /// Esc from a screen with nothing to undo: the previous screen.
    static func backOut(_ state: inout DeskState) {
        // A department's form already sent or thrown away is no place to go back to.
        repeat {
            state.screen = state.previousScreens.popLast() ?? (state.role == .department ? .queue : .search)
        } while state.screen == .handling && state.handling == nil
    }
}
