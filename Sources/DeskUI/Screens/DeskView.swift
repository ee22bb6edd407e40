import Foundation
import HotlineCore

/// Draws the whole console for a state: top bar, the current screen, the message or
/// prompt line, and the key line. Every piece of outside text passes the sanitiser.
public enum DeskView {
    public static func render(_ state: DeskState, keys: any KeyBindings) -> ScreenBuffer {
        var buffer = ScreenBuffer(rows: state.rows, columns: state.columns)
        guard !state.isTooSmall else {
            buffer.write("终端至少需要 80×24（现为 \(state.columns)×\(state.rows)）；请放大窗口", row: 0, column: 0, style: .warning)
            return buffer
        }
        topBar(state, into: &buffer)
        let body = Frame(top: 2, left: 0, height: state.rows - 4, width: state.columns)
        switch state.screen {
        case .search: SearchView.draw(state, in: body, into: &buffer)
        case .intake: IntakeView.draw(state, in: body, into: &buffer)
        case .orderForm: OrderFormView.draw(state, in: body, into: &buffer)
        case .queue: QueueView.draw(state, in: body, into: &buffer)
        case .detail: DetailView.draw(state, in: body, into: &buffer)
        case .help: HelpView.draw(state, keys: keys, in: body, into: &buffer)
        case .dashboard: DashboardView.draw(state, in: body, into: &buffer)
        case .specialists: SpecialistsView.draw(state, in: body, into: &buffer)
        case .browse: BrowseView.draw(state, in: body, into: &buffer)
        case .handling: HandlingView.draw(state, in: body, into: &buffer)
        }
        statusLine(state, into: &buffer)
        keyLine(state, keys: keys, into: &buffer)
        return buffer
    }

    static func safe(_ text: String) -> String { TextSafety.visible(text) }

    private static func topBar(_ state: DeskState, into buffer: inout ScreenBuffer) {
        buffer.fill(row: 0, style: .bar)
        let time = ShanghaiTime.format(state.now)
        let clock = String(time.dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ")
        var text = "一企来 12345 │ \(safe(state.login))（\(state.role.label)）│ \(clock)"
        if let counters = state.counters {
            text += " │ 1小时内到期 \(counters.dueSoon) 超时 \(counters.overdue) 待回访 \(counters.awaitingCallback)"
        }
        let used = buffer.write(text, row: 0, column: 0, style: .bar)
        if let warning = state.calendarWarning, used + 4 < state.columns {
            buffer.write(" ⚠ " + warning, row: 0, column: used, style: CellStyle(bold: true, reverse: true, color: .warning))
        }
        var x = 0
        for screen in [DeskScreen.intake, .search, .queue, .help] {
            let label = " \(screen.title) "
            let style: CellStyle = screen == state.screen || (screen == .queue && [.detail, .handling].contains(state.screen))
                ? .selected : .muted
            x += buffer.write(label, row: 1, column: x, style: style) + 1
        }
        if ![.intake, .search, .queue, .help].contains(state.screen) {
            buffer.write(" \(state.screen.title) ", row: 1, column: x, style: .selected)
        }
    }

    private static func statusLine(_ state: DeskState, into buffer: inout ScreenBuffer) {
        let row = state.rows - 2
        if let confirmation = state.confirmation {
            buffer.fill(row: row, style: .warning)
            buffer.write(confirmation.question, row: row, column: 0, style: .warning)
        } else if let prompt = state.prompt {
            let label = "\(prompt.label)（Enter 确认，Esc 取消）："
            let used = buffer.write(label, row: row, column: 0, style: .title)
            let (text, cursor) = prompt.field.window(columns: state.columns - used - 1)
            buffer.write(safe(text), row: row, column: used)
            buffer.cursor = (row, used + cursor)
        } else if let message = state.message {
            buffer.write(safe(message.text), row: row, column: 0, style: message.kind == .error ? .danger : .highlight)
        }
    }

    private static func keyLine(_ state: DeskState, keys: any KeyBindings, into buffer: inout ScreenBuffer) {
        let row = state.rows - 1
        buffer.fill(row: row, style: .bar)
        // Only what this person can do: a department's line leads with signing and
        // answering, a lead's with reviewing; help (F1) still lists every binding.
        let entries = keys.keyLine(for: state.screen.context) { $0.isOffered(to: state.role) }
            .map { "\($0.keys) \($0.description)" }
        var x = 0
        for entry in entries {
            let width = DisplayWidth.of(entry)
            if x + width > state.columns { break }
            buffer.write(entry, row: row, column: x, style: .bar)
            x += width + 2
        }
    }
}

/// A rectangle of the screen.
struct Frame {
    var top: Int
    var left: Int
    var height: Int
    var width: Int
}

extension ScreenBuffer {
    /// Writes `text` with the parts matching `terms` highlighted.
    @discardableResult
    mutating func writeHighlighted(_ text: String, terms: [String], row: Int, column: Int, width: Int,
                                   style: CellStyle = .plain, highlight: CellStyle = .highlight) -> Int {
        let fitted = ColumnText.fit(text, columns: width)
        var marked = Array(repeating: false, count: fitted.count)
        let characters = Array(fitted)
        for term in terms where !term.isEmpty {
            let needle = Array(term)
            guard needle.count <= characters.count else { continue }
            for start in 0...(characters.count - needle.count) where Array(characters[start..<start + needle.count]) == needle {
                for i in start..<start + needle.count { marked[i] = true }
            }
        }
        var x = column
        for (index, character) in characters.enumerated() {
            x += write(String(character), row: row, column: x, width: column + width - x,
                       style: marked[index] ? highlight : style)
        }
        return x - column
    }
}
