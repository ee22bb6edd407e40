import Foundation

/// How the tokenizer sees one (already normalised) scalar.
enum CharacterClass {
    case han
    case word
    case separator

    static func of(_ scalar: Unicode.Scalar) -> CharacterClass {
        let v = scalar.value
        if v < 0x80 {
            if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { return .word }
            return .separator
        }
        if isHan(v) { return .han }
        // CJK punctuation, general punctuation, full-width forms' punctuation.
        if (v >= 0x2000 && v <= 0x206F) || (v >= 0x3000 && v <= 0x303F) || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0xFF00 && v <= 0xFF65) {
            return v == 0x3007 ? .han : .separator
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return .word }
        return .separator
    }

    /// Han ideographs, and kana/hangul, which also come without spaces and are
    /// therefore indexed the same way.
    @inline(__always)
    static func isHan(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x3134F)
            || (v >= 0x3040 && v <= 0x30FF) || (v >= 0xAC00 && v <= 0xD7AF)
    }

    /// NFKC and case folding for one scalar. The common cases (ASCII, unified
    /// ideographs, CJK punctuation, full-width ASCII) never reach Foundation.
    static func normalize(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let v = scalar.value
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A { return [Unicode.Scalar(v + 0x20)!] }
            return [scalar]
        }
        if (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3000 && v <= 0x303F) || (v >= 0x2010 && v <= 0x2027) {
            return [scalar]
        }
        if v >= 0xFF01 && v <= 0xFF5E {
            return normalize(Unicode.Scalar(v - 0xFEE0)!)
        }
        if v == 0x3000 { return [" "] }
        let mapped = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
        let scalars = Array(mapped.unicodeScalars)
        return scalars.isEmpty ? [scalar] : scalars
    }
}
