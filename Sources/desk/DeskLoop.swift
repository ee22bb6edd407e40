import DeskUI
import Foundation
import HotlineCore

/// The input loop: keys go through the reducer at once; effects run on a background
/// queue and their results come back through `inbox`; searches wait for a short pause
/// in typing; the screen is redrawn only when the state changed.
@MainActor
final class DeskLoop {
    private let screen: CursesScreen
    private let runtime: DeskRuntime
    private let reducer: DeskReducer
    private let keymap: Keymap
    private let watcher: ChangeWatcher?
    private var state: DeskState
    private let inbox = Inbox()
    private let work = DispatchQueue(label: "desk.work", qos: .userInitiated)
    private var pendingSearch: (effect: DeskEffect, due: Date)?
    private var lastPoll = Date.distantPast
    private var lastTick = Date.distantPast

    /// How long typing must pause before a search runs (a new keystroke restarts it).
    static let searchDebounce: TimeInterval = 0.06

    init(screen: CursesScreen, runtime: DeskRuntime, keymap: Keymap, watcher: ChangeWatcher?) {
        self.screen = screen
        self.runtime = runtime
        self.keymap = keymap
        self.watcher = watcher
        reducer = DeskReducer(keys: keymap)
        let size = screen.size
        state = DeskState(rows: size.rows, columns: size.columns, login: runtime.identity.account.login,
                          role: runtime.identity.role, now: runtime.store.clock.now())
    }

    func run() {
        dispatch(DeskReducer.startEffects(state) + [.loadRingBaseline])
        var drawn: ScreenBuffer?
        while !state.quitRequested {
            let frame = DeskView.render(state, keys: keymap)
            if frame != drawn {
                screen.draw(frame)
                drawn = frame
            }
            switch screen.readKey(timeout: 30) {
            case .key(.escape):
                // Alt-x arrives as Esc then x.
                if case .key(.character(let character)) = screen.readKey(timeout: 0) {
                    send(.key(.alt(character)))
                } else {
                    send(.key(.escape))
                }
            case .key(let key): send(.key(key))
            case .resize:
                let size = screen.size
                screen.forceFullRedraw()
                drawn = nil
                send(.resize(rows: size.rows, columns: size.columns))
            case .none: break
            }
            for result in inbox.drain() { send(.result(result)) }
            housekeeping()
        }
    }

    private func send(_ event: DeskEvent) {
        dispatch(reducer.reduce(&state, event))
    }

    private func dispatch(_ effects: [DeskEffect]) {
        for effect in effects {
            if case .search = effect {
                pendingSearch = (effect, Date().addingTimeInterval(Self.searchDebounce))
                continue
            }
            run(effect)
        }
    }

    private func run(_ effect: DeskEffect) {
        let runtime = self.runtime
        let inbox = self.inbox
        work.async { inbox.post(runtime.perform(effect)) }
    }

    private func housekeeping() {
        let now = Date()
        if let pending = pendingSearch, pending.due <= now {
            pendingSearch = nil
            run(pending.effect)
        }
        if now.timeIntervalSince(lastTick) >= 1 {
            lastTick = now
            send(.tick(runtime.store.clock.now()))
        }
        if now.timeIntervalSince(lastPoll) >= 1 {
            lastPoll = now
            if let watcher, watcher.poll() { send(.databaseChanged) }
        }
    }
}

/// Results from the background queue, collected for the input loop.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [DeskResult] = []

    func post(_ result: DeskResult) { lock.withLock { results.append(result) } }
    func drain() -> [DeskResult] { lock.withLock { defer { results = [] }; return results } }
}
