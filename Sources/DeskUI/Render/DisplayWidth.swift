/// Terminal column widths: CJK and other East Asian wide characters take two columns,
/// combining marks none, everything else one. A Character (grapheme) is as wide as its
/// widest scalar, so 한 composed from jamo or an emoji with a skin tone stays one glyph.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        // Every screen measures every character it draws: ASCII (CR LF included) and
        // the common CJK blocks are answered before the scalar walk.
        if let ascii = character.asciiValue { return ascii == 0 ? 0 : 1 }
        var width = 0
        for scalar in character.unicodeScalars {
            width = max(width, of(scalar))
        }
        return width
    }

    public static func of(_ text: some StringProtocol) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } }
        return text.reduce(0) { $0 + of($1) }
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x80 { return value == 0 ? 0 : 1 }
        // Blocks with no marks or format characters in them: wide without asking.
        if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
            || (0xAC00...0xD7A3).contains(value) || (0xFF01...0xFF60).contains(value) {
            return 2
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B || (0x1160...0x11FF).contains(value) { return 0 }
        return isWide(value) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15, the blocks a hotline meets).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD,
             0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0,
             0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F004, 0x1F0CF, 0x1F18E,
             0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB,
             0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension String {
    /// The longest prefix that fits in `columns`, plus how wide it is.
    func prefix(columns: Int) -> (Substring, Int) {
        var used = 0
        var end = startIndex
        for index in indices {
            let width = DisplayWidth.of(self[index])
            if used + width > columns { break }
            used += width
            end = self.index(after: index)
        }
        return (self[..<end], used)
    }
}

/// Cutting and padding text by columns for the screens.
public enum ColumnText {
    /// `text` cut to `columns`, never splitting a wide character; when cut, the last
    /// column holds "…" so the reader knows there is more.
    public static func fit(_ text: String, columns: Int) -> String {
        guard columns > 0 else { return "" }
        if DisplayWidth.of(text) <= columns { return text }
        let (head, _) = text.prefix(columns: columns - 1)
        return String(head) + "…"
    }

    /// `text` fitted and padded with spaces to exactly `columns`.
    public static func pad(_ text: String, columns: Int) -> String {
        let fitted = fit(text, columns: columns)
        return fitted + String(repeating: " ", count: max(0, columns - DisplayWidth.of(fitted)))
    }

    /// Lines of at most `columns`, breaking at newlines and wherever the width runs out
    /// (Chinese has no spaces to break at; ASCII words are kept whole when they fit).
    public static func wrap(_ text: String, columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var width = 0
            for character in paragraph {
                let w = DisplayWidth.of(character)
                if width + w > columns {
                    if character != " ", let space = line.lastIndex(of: " "), line.distance(from: space, to: line.endIndex) < columns / 3,
                       line[space...].allSatisfy({ $0.isASCII }) {
                        let carried = String(line[line.index(after: space)...])
                        lines.append(String(line[..<space]))
                        line = carried
                        width = DisplayWidth.of(carried)
                    } else {
                        lines.append(line)
                        line = ""
                        width = 0
                    }
                    if character == " " { continue }
                }
                line.append(character)
                width += w
            }
            lines.append(line)
        }
        return lines
    }
}
