import Foundation
import HotlineCore

/// The console's logic: every key and every result goes through `reduce`, which changes
/// the state and names the work to do. No terminal and no database here, so all of it
/// is tested directly.
public struct DeskReducer: Sendable {
    public let keys: any KeyBindings

    public init(keys: any KeyBindings) { self.keys = keys }

    /// What a desk loads as it starts: the top bar's counters, and the queue (with the
    /// departments to filter it by) when it opens on the queue.
    public static func startEffects(_ state: DeskState) -> [DeskEffect] {
        [.loadCounters] + (state.screen == .queue ? QueueScreenLogic.opened(state) : [])
    }

    public func reduce(_ state: inout DeskState, _ event: DeskEvent) -> [DeskEffect] {
        switch event {
        case .resize(let rows, let columns):
            state.rows = rows
            state.columns = columns
            return []
        case .tick(let now):
            state.now = now
            return []
        case .databaseChanged:
            return refreshEffects(state) + [.loadCounters] + RingPopLogic.check(state)
        case .result(let result):
            return apply(result, to: &state)
        case .text(let text):
            return typeText(text, into: &state)
        case .key(let key):
            return press(key, in: &state)
        }
    }

    // MARK: keys

    private func press(_ key: Key, in state: inout DeskState) -> [DeskEffect] {
        if state.confirmation != nil { return answerConfirmation(key, in: &state) }
        if state.prompt != nil { return editPrompt(key, in: &state) }
        if state.screen == .browse, state.browse.rejecting != nil { return BrowseScreenLogic.typeReason(key, in: &state) }
        let action = keys.action(for: key, in: state.screen.context)
        if let action, let effects = global(action, in: &state) { return effects }
        switch state.screen {
        case .search: return SearchScreenLogic.press(key, action: action, in: &state)
        case .intake: return IntakeScreenLogic.press(key, action: action, in: &state)
        case .orderForm: return OrderFormLogic.press(key, action: action, in: &state)
        case .queue: return QueueScreenLogic.press(key, action: action, in: &state)
        case .detail: return DetailScreenLogic.press(key, action: action, in: &state)
        case .specialists: return SpecialistsScreenLogic.press(key, action: action, in: &state)
        case .browse: return BrowseScreenLogic.press(key, action: action, in: &state)
        case .handling: return HandlingScreenLogic.press(key, action: action, in: &state)
        case .help, .dashboard:
            if action == .back { back(&state) }
            return []
        }
    }

    /// Actions that mean the same on every screen. Nil: not global, the screen decides.
    private func global(_ action: DeskAction, in state: inout DeskState) -> [DeskEffect]? {
        switch action {
        case .help: go(to: .help, in: &state); return []
        case .newCall: go(to: .intake, in: &state); return []
        case .search:
            go(to: .search, in: &state)
            return []
        case .queue:
            go(to: .queue, in: &state)
            return QueueScreenLogic.opened(state) + [.loadCounters]
        case .specialists, .findSpecialist:
            go(to: .specialists, in: &state)
            return SpecialistsScreenLogic.opened(&state)
        case .browse:
            if let refusal = BrowseScreenLogic.refusal(for: state.role) {
                state.message = .error(refusal)
                return []
            }
            go(to: .browse, in: &state)
            return BrowseScreenLogic.opened(&state)
        case .dashboard:
            guard state.role == .lead || state.role == .admin else {
                state.message = .error("班长看板需要班长或系统管理员角色（当前：\(state.role.label)）")
                return []
            }
            go(to: .dashboard, in: &state)
            return [.loadDashboard]
        case .quit:
            if let running = state.specialists.running {
                state.confirmation = Confirmation(question: "与\(running.specialist.name)的三方通话还没有结束，确定退出？(y/n)", purpose: .quit)
                return []
            }
            if let draft = state.unsentHandling.first {
                state.confirmation = Confirmation(question: "工单 \(draft.number) 的\(draft.title)还没有提交，确定退出？(y/n)",
                                                  purpose: .quit)
            } else if state.intake.hasInput && state.currentCallID == nil {
                state.confirmation = Confirmation(question: "来电表单有未保存的内容，确定退出？(y/n)", purpose: .quit)
            } else {
                state.quitRequested = true
            }
            return []
        case .refresh:
            return refreshEffects(state) + [.loadCounters]
        default:
            return nil
        }
    }

    func go(to screen: DeskScreen, in state: inout DeskState) {
        guard screen != state.screen else { return }
        state.previousScreens.append(state.screen)
        if state.previousScreens.count > 20 { state.previousScreens.removeFirst() }
        state.screen = screen
        state.message = nil
    }

    func back(_ state: inout DeskState) {
        state.screen = state.previousScreens.popLast() ?? (state.role == .department ? .queue : .search)
    }

    private func answerConfirmation(_ key: Key, in state: inout DeskState) -> [DeskEffect] {
        guard let confirmation = state.confirmation else { return [] }
        switch key {
        case .character("y"), .character("Y"):
            state.confirmation = nil
            switch confirmation.purpose {
            case .quit: state.quitRequested = true
            case .leaveThreeWay: DeskReducer.backOut(&state)
            case .discardHandling(let key):
                state.handlingDrafts[key] = nil
                if state.handlingOpen == key { HandlingScreenLogic.leave(&state) }
                state.message = .info("已放弃未提交的内容")
            case .discardIntake(let next):
                state.intake = IntakeForm()
                state.currentCallID = nil
                if let next { go(to: next, in: &state) }
            }
        case .character("n"), .character("N"), .escape:
            state.confirmation = nil
        default:
            break
        }
        return []
    }

    private func editPrompt(_ key: Key, in state: inout DeskState) -> [DeskEffect] {
        guard var prompt = state.prompt else { return [] }
        switch key {
        case .escape:
            state.prompt = nil
            state.message = .info("已取消")
            return []
        case .enter:
            state.prompt = nil
            return [.orderAction(OrderActionRequest(operation: prompt.operation, number: prompt.number, version: prompt.version,
                                                    text: prompt.field.trimmed, accept: false))]
        default:
            prompt.field.apply(key)
            state.prompt = prompt
            return []
        }
    }

    private func typeText(_ text: String, into state: inout DeskState) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for character in text {
            effects = press(.character(character), in: &state)
        }
        return effects
    }

    func refreshEffects(_ state: DeskState) -> [DeskEffect] {
        switch state.screen {
        case .queue: return QueueScreenLogic.opened(state)
        case .detail: return state.detail.number.map { [.loadDetail(number: $0)] } ?? []
        case .search where !state.search.query.trimmed.isEmpty:
            return [.search(query: state.search.query.trimmed, generation: state.search.generation)]
        case .browse: return BrowseScreenLogic.refreshEffects(state)
        case .dashboard: return [.loadDashboard]
        default: return []
        }
    }

    // MARK: results

    private func apply(_ result: DeskResult, to state: inout DeskState) -> [DeskEffect] {
        switch result {
        case .searched(let generation, let hits, let terms):
            // A slower search for an older query must not overwrite a newer one.
            guard generation == state.search.generation else { return [] }
            state.search.hits = hits
            state.search.terms = terms
            state.search.searching = false
            state.search.selected = min(state.search.selected, max(0, hits.count - 1))
            return SearchScreenLogic.previewEffect(state)
        case .previewed(let preview):
            guard state.search.hits.indices.contains(state.search.selected),
                  state.search.hits[state.search.selected].externalID == preview.externalID else { return [] }
            state.search.preview = preview
        case .queue(let rows):
            state.queue.items = rows
            state.queue.selected = min(state.queue.selected, max(0, rows.count - 1))
        case .detail(let pane):
            state.detail = pane
        case .counters(let counters, let warning):
            state.counters = counters
            state.calendarWarning = warning
        case .repeats(let numbers):
            state.intake.repeats = numbers
        case .enterpriseCompletions(let typed, let suggestions):
            EnterpriseCompletionLogic.received(suggestions, for: typed, in: &state.intake)
        case .enterpriseForCode(let code, let suggestion):
            EnterpriseCompletionLogic.received(suggestion, forCode: code, in: &state.intake)
        case .callSaved(let id, let message):
            state.currentCallID = id
            state.message = .info(message)
        case .answered(let message):
            state.message = .info(message)
        case .deadlines(let sign, let answer, let name):
            state.orderForm.signDue = sign
            state.orderForm.answerDue = answer
            state.orderForm.departmentName = name
        case .orderCreated(let number):
            state.message = .info("已生成工单 \(number)")
            state.orderForm = OrderForm()
            state.intake = IntakeForm()
            state.currentCallID = nil
            go(to: .queue, in: &state)
            return QueueScreenLogic.opened(state) + [.loadCounters]
        case .orderChanged(let number, let message):
            state.message = .info(message)
            HandlingScreenLogic.accepted(number: number, in: &state)
            return [.loadQueue(QueueScreenLogic.request(state.queue)), .loadDetail(number: number), .loadCounters]
        case .orderRefused(let number, let operation, let message, let version):
            state.message = .error(message)
            HandlingScreenLogic.refused(number: number, operation: operation, currentVersion: version, in: &state)
            // What the refusal is about (a newer version, a passed deadline) is shown anew.
            return [.loadQueue(QueueScreenLogic.request(state.queue))]
                + (state.detail.number == number ? [.loadDetail(number: number)] : [])
        case .queueDepartments(let departments):
            state.queue.departments = departments
        case .dashboard(let pane):
            state.dashboard = pane
        case .ringBaseline(let id):
            state.lastRingCallID = id
        case .rang(let pops):
            RingPopLogic.open(pops, in: &state)
        case .specialists(let result):
            return SpecialistsScreenLogic.apply(result, to: &state)
        case .browse(let result):
            return BrowseScreenLogic.apply(result, to: &state)
        case .failed(let message):
            state.message = .error(message)
            state.search.searching = false
        }
        return []
    }
}

/// Moving a selection within a list.
enum ListMotion {
    static func move(_ selected: inout Int, count: Int, action: DeskAction?, page: Int) -> Bool {
        guard count > 0 else { return false }
        switch action {
        case .moveUp: selected = max(0, selected - 1)
        case .moveDown: selected = min(count - 1, selected + 1)
        case .pageUp: selected = max(0, selected - page)
        case .pageDown: selected = min(count - 1, selected + page)
        case .first: selected = 0
        case .last: selected = count - 1
        default: return false
        }
        return true
    }

    /// The filter value after `current`: none (everything) → each value in turn → none.
    static func next<Value: Equatable>(after current: Value?, in values: [Value]) -> Value? {
        guard let current, let index = values.firstIndex(of: current) else { return values.first }
        return index + 1 < values.count ? values[index + 1] : nil
    }
}
