import CNCursesW
import DeskUI
import Foundation

/// The curses side: draws a ScreenBuffer (only the cells that changed since the last
/// frame) and turns wide-character input into Keys.
@MainActor
final class CursesScreen {
    private let window: UnsafeMutablePointer<WINDOW>
    private var shown: ScreenBuffer?

    init?() {
        guard let window = initscr() else { return nil }
        self.window = window
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        set_escdelay(25)
        if has_colors() {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_CYAN), -1)
            init_pair(2, Int16(COLOR_YELLOW), -1)
            init_pair(3, Int16(COLOR_RED), -1)
            init_pair(4, Int16(COLOR_BLUE), -1)
            init_pair(5, Int16(COLOR_GREEN), -1)
        }
    }

    func close() { endwin() }

    var size: (rows: Int, columns: Int) { (Int(hotline_getmaxy(window)), Int(hotline_getmaxx(window))) }

    /// Waits up to `milliseconds` for a key.
    func readKey(timeout milliseconds: Int32) -> ReadResult {
        wtimeout(window, milliseconds)
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        if status == ERR { return .none }
        if status == hotline_key_code_yes() {
            if Int32(code) == hotline_key_resize() { return .resize }
            return CursesKeys.special(Int32(code)).map(ReadResult.key) ?? .none
        }
        return CursesKeys.character(UInt32(code)).map(ReadResult.key) ?? .none
    }

    enum ReadResult { case key(Key), resize, none }

    func forceFullRedraw() {
        shown = nil
        clearok(window, true)
    }

    func draw(_ buffer: ScreenBuffer) {
        let previous = shown?.rows == buffer.rows && shown?.columns == buffer.columns ? shown : nil
        if previous == nil { werase(window) }
        for row in 0..<buffer.rows {
            var column = 0
            while column < buffer.columns {
                let cell = buffer[row, column]
                if cell.isContinuation { column += 1; continue }
                if let previous, previous[row, column] == cell && (cell.width == 1 || previous[row, column + 1] == buffer[row, column + 1]) {
                    column += max(cell.width, 1)
                    continue
                }
                put(cell, row: row, column: column)
                column += max(cell.width, 1)
            }
        }
        if let cursor = buffer.cursor {
            curs_set(1)
            wmove(window, Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        wrefresh(window)
        shown = buffer
    }

    private func put(_ cell: Cell, row: Int, column: Int) {
        var attributes: attr_t = 0
        if cell.style.bold { attributes |= hotline_a_bold() }
        if cell.style.reverse { attributes |= hotline_a_reverse() }
        if cell.style.underline { attributes |= hotline_a_underline() }
        switch cell.style.color {
        case .normal: break
        case .accent: attributes |= hotline_color_pair(1)
        case .warning: attributes |= hotline_color_pair(2)
        case .danger: attributes |= hotline_color_pair(3)
        case .muted: attributes |= hotline_a_dim()
        case .success: attributes |= hotline_color_pair(5)
        }
        wattrset(window, Int32(bitPattern: attributes))
        var scalars = Array(String(cell.character).unicodeScalars.map { wchar_t(bitPattern: $0.value) })
        scalars.append(0)
        // The last cell of the screen is written without moving past it, so it never scrolls.
        _ = mvwaddnwstr(window, Int32(row), Int32(column), &scalars, Int32(scalars.count - 1))
    }
}

/// Curses key codes to Keys.
enum CursesKeys {
    static func special(_ code: Int32) -> Key? {
        for n in 1...12 where code == hotline_key_f(Int32(n)) { return .function(n) }
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        default: return nil
        }
    }

    static func character(_ value: UInt32) -> Key? {
        switch value {
        case 13, 10: return .enter
        case 9: return .tab
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default:
            guard let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .control else { return nil }
            return .character(Character(scalar))
        }
    }
}
