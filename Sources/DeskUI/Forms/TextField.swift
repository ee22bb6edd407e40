import Foundation

/// Text being typed: edited by grapheme (a Chinese character from an input method, an
/// emoji with modifiers), so the cursor never lands inside a character.
public struct TextField: Equatable, Sendable {
    public private(set) var text: String
    /// Cursor position in Characters from the start.
    public private(set) var cursor: Int
    public var maxLength: Int
    public var multiline: Bool

    public init(_ text: String = "", maxLength: Int = 200, multiline: Bool = false) {
        self.text = String(text.prefix(maxLength))
        self.cursor = self.text.count
        self.maxLength = maxLength
        self.multiline = multiline
    }

    public var isEmpty: Bool { text.isEmpty }
    public var trimmed: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Applies an editing key; returns false when the key is not an edit (so the
    /// caller can treat it as a command).
    @discardableResult
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            insert(String(character))
        case .enter where multiline:
            insert("\n")
        case .backspace:
            guard cursor > 0 else { return true }
            let index = text.index(text.startIndex, offsetBy: cursor - 1)
            text.remove(at: index)
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = lineStart()
        case .end: cursor = lineEnd()
        case .up where multiline: cursor = verticalMove(up: true)
        case .down where multiline: cursor = verticalMove(up: false)
        case .control("u"):
            text.removeSubrange(text.startIndex..<text.index(text.startIndex, offsetBy: cursor))
            cursor = 0
        case .control("k"):
            text.removeSubrange(text.index(text.startIndex, offsetBy: cursor)..<text.endIndex)
        default:
            return false
        }
        return true
    }

    /// Inserts pasted or typed text at the cursor, up to the length limit; control
    /// characters other than newline (in multi-line fields) are dropped.
    public mutating func insert(_ typed: String) {
        let allowed = typed.filter { character in
            if character == "\n" { return multiline }
            return !character.unicodeScalars.contains { $0.properties.generalCategory == .control }
        }
        let room = maxLength - text.count
        guard room > 0 else { return }
        let piece = String(allowed.prefix(room))
        text.insert(contentsOf: piece, at: text.index(text.startIndex, offsetBy: cursor))
        cursor += piece.count
    }

    public mutating func set(_ value: String) {
        text = String(value.prefix(maxLength))
        cursor = text.count
    }

    private func lineStart() -> Int {
        let characters = Array(text)
        var index = cursor
        while index > 0 && characters[index - 1] != "\n" { index -= 1 }
        return index
    }

    private func lineEnd() -> Int {
        let characters = Array(text)
        var index = cursor
        while index < characters.count && characters[index] != "\n" { index += 1 }
        return index
    }

    /// The cursor one line up or down, at the same display column where that line is long
    /// enough (else at its end); past the first or last line, at the start or the end.
    private func verticalMove(up: Bool) -> Int {
        let characters = Array(text)
        let start = lineStart()
        let column = characters[start..<cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        var target: Int
        if up {
            guard start > 0 else { return 0 }
            target = start - 1
            while target > 0 && characters[target - 1] != "\n" { target -= 1 }
        } else {
            let end = lineEnd()
            guard end < characters.count else { return characters.count }
            target = end + 1
        }
        var used = 0
        while target < characters.count && characters[target] != "\n" {
            let width = DisplayWidth.of(characters[target])
            if used + width > column { break }
            used += width
            target += 1
        }
        return target
    }

    /// The visible part for a one-line box `columns` wide, and the cursor's column in it:
    /// the text scrolls so the cursor stays in view.
    public func window(columns: Int) -> (text: String, cursorColumn: Int) {
        let characters = Array(text.replacingOccurrences(of: "\n", with: "⏎"))
        var start = 0
        func width(_ from: Int, _ to: Int) -> Int { characters[from..<to].reduce(0) { $0 + DisplayWidth.of($1) } }
        while start < cursor && width(start, cursor) > columns - 1 { start += 1 }
        var visible = ""
        var used = 0
        for character in characters[start...] {
            let w = DisplayWidth.of(character)
            if used + w > columns { break }
            visible.append(character)
            used += w
        }
        return (visible, width(start, cursor))
    }
}
