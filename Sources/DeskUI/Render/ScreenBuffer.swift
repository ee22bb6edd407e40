/// How a cell is drawn. The curses backend maps these to attributes and colour pairs.
public struct CellStyle: Hashable, Sendable {
    public enum Color: UInt8, Sendable { case normal, accent, warning, danger, muted, success }

    public var bold = false
    public var reverse = false
    public var underline = false
    public var color: Color = .normal

    public init(bold: Bool = false, reverse: Bool = false, underline: Bool = false, color: Color = .normal) {
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.color = color
    }

    public static let plain = CellStyle()
    public static let title = CellStyle(bold: true)
    public static let selected = CellStyle(reverse: true)
    public static let highlight = CellStyle(bold: true, color: .accent)
    public static let muted = CellStyle(color: .muted)
    public static let warning = CellStyle(bold: true, color: .warning)
    public static let danger = CellStyle(bold: true, color: .danger)
    public static let bar = CellStyle(reverse: true)
}

/// One terminal cell. A wide character occupies its cell and marks the next one as its
/// continuation, so nothing is ever drawn into the second half of a Chinese character.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var width: Int
    public var style: CellStyle

    public static let blank = Cell(character: " ", width: 1, style: .plain)
    static func continuation(_ style: CellStyle) -> Cell { Cell(character: " ", width: 0, style: style) }

    public var isContinuation: Bool { width == 0 }
}

/// What a screen draws into: a grid of cells the size of the terminal. Screens write text
/// by columns; the backend copies the grid to the terminal (only when it changed).
public struct ScreenBuffer: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should rest (a text field being edited), if anywhere.
    public var cursor: (row: Int, column: Int)? {
        get { cursorCell.map { ($0 / max(columns, 1), $0 % max(columns, 1)) } }
        set { cursorCell = newValue.map { $0.row * columns + $0.column } }
    }
    private var cursorCell: Int?

    public init(rows: Int, columns: Int) {
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        cells = Array(repeating: .blank, count: self.rows * self.columns)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * columns + column]
    }

    /// Writes `text` (already sanitised) at a position, clipped to `width` columns (the
    /// rest of the row by default) and ending with "…" when cut. A wide character that
    /// would straddle the edge is replaced by a space. Returns the columns used.
    @discardableResult
    public mutating func write(_ text: String, row: Int, column: Int, width: Int? = nil, style: CellStyle = .plain) -> Int {
        guard row >= 0, row < rows, column >= 0, column < columns else { return 0 }
        let available = min(width ?? (columns - column), columns - column)
        guard available > 0 else { return 0 }
        let fitted = ColumnText.fit(text, columns: available)
        var x = column
        for character in fitted {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if x + w > column + available { break }
            clearWide(at: row, column: x)
            if w == 2 { clearWide(at: row, column: x + 1) }
            cells[row * columns + x] = Cell(character: character, width: w, style: style)
            if w == 2 { cells[row * columns + x + 1] = .continuation(style) }
            x += w
        }
        return x - column
    }

    /// Fills `width` columns from `column` with spaces in `style` (bars, selections).
    public mutating func fill(row: Int, column: Int = 0, width: Int? = nil, style: CellStyle) {
        guard row >= 0, row < rows else { return }
        let end = min(columns, column + (width ?? columns))
        var x = max(0, column)
        while x < end {
            clearWide(at: row, column: x)
            cells[row * columns + x] = Cell(character: " ", width: 1, style: style)
            x += 1
        }
    }

    /// Writing over half of a wide character blanks its other half.
    private mutating func clearWide(at row: Int, column: Int) {
        let index = row * columns + column
        let cell = cells[index]
        if cell.isContinuation, column > 0 {
            cells[index - 1] = Cell(character: " ", width: 1, style: cells[index - 1].style)
        } else if cell.width == 2, column + 1 < columns {
            cells[index + 1] = Cell(character: " ", width: 1, style: cell.style)
        }
    }

    /// The row as text (continuations skipped): what a person would read there.
    public func text(row: Int) -> String {
        var line = ""
        for column in 0..<columns where !self[row, column].isContinuation {
            line.append(self[row, column].character)
        }
        return line
    }

    /// The whole screen as lines with trailing spaces removed (tests, the e2e compare).
    public var lines: [String] {
        (0..<rows).map { row in
            var line = text(row: row)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    public static func == (a: ScreenBuffer, b: ScreenBuffer) -> Bool {
        a.rows == b.rows && a.columns == b.columns && a.cells == b.cells && a.cursorCell == b.cursorCell
    }
}
