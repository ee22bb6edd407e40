import Foundation
import HotlineCore

/// The trainer's knowledge browser: filters cycle through the departments and categories
/// that have entries, Enter opens an entry with its revisions, `p` publishes and `x`
/// rejects a draft (asking the reason first), and the search gaps are one key away.
/// The core checks the role again on every load and decision.
enum BrowseScreenLogic {
    static let roles: [Role] = [.trainer, .admin]

    static func refusal(for role: Role) -> String? {
        roles.contains(role) ? nil
            : "知识库维护需要\(roles.map(\.label).joined(separator: "或"))角色（当前：\(role.label)）"
    }

    static func opened(_ state: inout DeskState) -> [DeskEffect] { refreshEffects(state) }

    /// What to reload when the screen is shown again or the database changed.
    static func refreshEffects(_ state: DeskState) -> [DeskEffect] {
        let pane = state.browse
        var effects: [DeskEffect] = [.browse(.load(pane.request))]
        switch pane.mode {
        case .entry: if let id = pane.entry?.externalID { effects.append(.browse(.open(externalID: id))) }
        case .gaps: effects.append(.browse(.loadGaps))
        case .list: break
        }
        return effects
    }

    static func press(_ key: Key, action: DeskAction?, in state: inout DeskState) -> [DeskEffect] {
        var pane = state.browse
        defer { state.browse = pane }
        let page = max(1, state.rows - 7)
        switch pane.mode {
        case .entry:
            if ListMotion.move(&pane.scroll, count: pane.entry?.lines.count ?? 0, action: action, page: page) { return [] }
            switch action {
            case .back:
                pane.mode = .list
                return []
            case .publish, .reject:
                guard let entry = pane.entry else { return [] }
                return decide(action!, externalID: entry.externalID, status: entry.status, pane: &pane, state: &state)
            default:
                return []
            }
        case .gaps:
            if ListMotion.move(&pane.gapSelected, count: pane.gaps.count, action: action, page: page) { return [] }
            if action == .back || action == .searchGaps { pane.mode = .list }
            return []
        case .list:
            break
        }
        if ListMotion.move(&pane.selected, count: pane.listing?.rows.count ?? 0, action: action, page: page) { return [] }
        switch action {
        case .filterDepartment:
            pane.department = ListMotion.next(after: pane.department, in: pane.listing?.departments ?? [])
            // Categories differ between departments: start the category over.
            pane.category = nil
            return reload(&pane)
        case .filterCategory:
            pane.category = ListMotion.next(after: pane.category, in: pane.listing?.categories ?? [])
            return reload(&pane)
        case .filterDrafts:
            pane.draftsOnly.toggle()
            return reload(&pane)
        case .searchGaps:
            pane.mode = .gaps
            pane.gapSelected = 0
            return [.browse(.loadGaps)]
        case .confirm:
            guard let row = pane.selectedRow else { return [] }
            pane.mode = .entry
            pane.entry = nil
            pane.scroll = 0
            return [.browse(.open(externalID: row.externalID))]
        case .publish, .reject:
            guard let row = pane.selectedRow else { return [] }
            return decide(action!, externalID: row.externalID, status: row.status, pane: &pane, state: &state)
        case .back:
            DeskReducer.backOut(&state)
            return []
        default:
            return []
        }
    }

    /// The next value of a filter: all → each value in turn → all again.
    private static func reload(_ pane: inout BrowsePane) -> [DeskEffect] {
        pane.selected = 0
        return [.browse(.load(pane.request))]
    }

    private static func decide(_ action: DeskAction, externalID: String, status: KnowledgeEntry.Status,
                               pane: inout BrowsePane, state: inout DeskState) -> [DeskEffect] {
        if action == .publish { return [.browse(.publish(externalID: externalID))] }
        // Asking a reason for an entry the core will refuse wastes the trainer's typing;
        // the core still decides (the list may be a second old).
        guard status == .draft else {
            state.message = .error(KnowledgeReviewError.notADraft(externalID: externalID, status: status).description)
            return []
        }
        pane.rejecting = RejectPrompt(externalID: externalID)
        state.message = nil
        return []
    }

    /// Keys while the reject reason is being typed: every printable key is text here,
    /// even `p` and `x`, so this runs before the keymap is consulted.
    static func typeReason(_ key: Key, in state: inout DeskState) -> [DeskEffect] {
        guard var prompt = state.browse.rejecting else { return [] }
        switch key {
        case .escape:
            state.browse.rejecting = nil
            state.message = .info("已取消退回")
            return []
        case .enter:
            let reason = prompt.reason.trimmed
            guard !reason.isEmpty else {
                state.message = .error("请写明退回理由，供原单位修改后重新提交")
                return []
            }
            state.browse.rejecting = nil
            return [.browse(.reject(externalID: prompt.externalID, reason: reason))]
        default:
            prompt.reason.apply(key)
            state.browse.rejecting = prompt
            return []
        }
    }

    static func apply(_ result: BrowseResult, to state: inout DeskState) -> [DeskEffect] {
        var pane = state.browse
        defer { state.browse = pane }
        switch result {
        case .loaded(let listing, let request):
            // A list for filters changed since is stale.
            guard request == pane.request else { return [] }
            pane.listing = listing
            pane.selected = min(pane.selected, max(0, listing.rows.count - 1))
        case .opened(let entry):
            // Only the entry asked for last: the one shown (a refresh) or, while loading, the selected one.
            let expected = pane.entry?.externalID ?? pane.selectedRow?.externalID
            guard pane.mode == .entry, expected == entry.externalID else { return [] }
            pane.entry = entry
        case .gaps(let gaps):
            pane.gaps = gaps
            pane.gapSelected = min(pane.gapSelected, max(0, gaps.count - 1))
        case .reviewed(_, let message):
            state.message = .info(message)
            state.browse = pane
            return refreshEffects(state)
        }
        return []
    }
}
