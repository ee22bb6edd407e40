/// Text from outside (imports, callers, other desks) must never drive the terminal:
/// escape sequences (CSI, OSC 52 clipboard writes, OSC 8 hidden links, CSI 6n which
/// answers into stdin), 8-bit C1 controls and bidi overrides become visible
/// placeholders before anything is printed or drawn.
public enum TextSafety {
    /// Returns `text` with every control, C1 and bidi-override character replaced by a
    /// visible placeholder. Newlines and tabs survive only when `keepLineBreaks` is set.
    public static func visible(_ text: String, keepLineBreaks: Bool = false) -> String {
        guard needsCleaning(text, keepLineBreaks: keepLineBreaks) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let placeholder = placeholder(for: scalar, keepLineBreaks: keepLineBreaks) {
                out.append(contentsOf: placeholder.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// True when the text holds something that `visible` would replace.
    public static func needsCleaning(_ text: String, keepLineBreaks: Bool = false) -> Bool {
        for scalar in text.unicodeScalars where placeholder(for: scalar, keepLineBreaks: keepLineBreaks) != nil {
            return true
        }
        return false
    }

    static func placeholder(for scalar: Unicode.Scalar, keepLineBreaks: Bool) -> String? {
        let value = scalar.value
        switch value {
        case 0x0A, 0x09:
            return keepLineBreaks ? nil : (value == 0x0A ? "␤" : " ")
        case 0x1B:
            return "␛"
        case 0x00...0x1F:
            // Control Pictures block: U+2400 + code.
            return String(Unicode.Scalar(0x2400 + value)!)
        case 0x7F:
            return "␡"
        case 0x80...0x9F:
            return "<U+\(hex(value))>"
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C:
            return "<U+\(hex(value))>"
        case 0x2028, 0x2029:
            return keepLineBreaks ? "\n" : "␤"
        default:
            return nil
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
