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

    /// NFKC and case folding for one scalar: the common cases (ASCII, unified
    /// ideographs, CJK punctuation, full-width ASCII) are answered without allocating;
    /// only rare scalars reach Foundation, and may map to several scalars.
    @inline(__always)
    static func normalizeFast(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let v = scalar.value
        if v < 0x80 {
            return v >= 0x41 && v <= 0x5A ? Unicode.Scalar(v + 0x20)! : scalar
        }
        if (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3001 && v <= 0x303F) || (v >= 0x2010 && v <= 0x2027) {
            return scalar
        }
        if v >= 0xFF01 && v <= 0xFF5E {
            let ascii = v - 0xFEE0
            return ascii >= 0x41 && ascii <= 0x5A ? Unicode.Scalar(ascii + 0x20)! : Unicode.Scalar(ascii)!
        }
        if v == 0x3000 { return " " }
        return nil
    }

    static func normalizeSlow(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let mapped = String(scalar).precomposedStringWithCompatibilityMapping.lowercased()
        let scalars = Array(mapped.unicodeScalars)
        return scalars.isEmpty ? [scalar] : scalars
    }
}
