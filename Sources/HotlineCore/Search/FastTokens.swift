import Foundation

/// The index tokens of the text entries are nearly all made of: ASCII, the unified Han
/// ideographs (U+4E00–U+9FFF), CJK punctuation (U+3000–U+303F), general punctuation
/// (U+2010–U+2027) and full-width forms (U+FF01–U+FF5E), in well-formed UTF-8. For such
/// text the tokens (the same as the scanner's: NFKC and case folding of these scalars,
/// Han runs as bigrams and unigrams, ASCII words and digit runs with decimal points) are
/// worked out straight from the bytes, without the scanner's per-scalar queue and run
/// buffers; any other text goes through the scanner.
enum FastTokens {
    /// Whether every scalar of the bytes is one this path knows.
    @inline(__always)
    static func covers(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let b0 = bytes[index]
            if b0 < 0x80 { index += 1; continue }
            guard b0 & 0xF0 == 0xE0, index + 2 < count else { return false }
            let b1 = bytes[index + 1], b2 = bytes[index + 2]
            guard b1 & 0xC0 == 0x80, b2 & 0xC0 == 0x80 else { return false }
            let v = UInt32(b0 & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
            guard (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3000 && v <= 0x303F) || (v >= 0x2010 && v <= 0x2027)
                || (v >= 0xFF01 && v <= 0xFF5E) else { return false }
            index += 3
        }
        return true
    }

    private enum Kind { case han, word, separator }

    /// The normalised scalar at `index` (of text `covers` accepted), its class and length.
    @inline(__always)
    private static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Kind, Int) {
        let b0 = bytes[index]
        var v: UInt32
        let length: Int
        if b0 < 0x80 {
            v = UInt32(b0)
            length = 1
        } else {
            v = UInt32(b0 & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            length = 3
            if v >= 0x4E00 && v <= 0x9FFF { return (v, .han, 3) }
            if v >= 0xFF01 && v <= 0xFF5E {
                v -= 0xFEE0
            } else if v == 0x3007 {
                return (v, .han, 3)
            } else {
                // U+3000 becomes a space; the rest of CJK and general punctuation stays.
                return (v == 0x3000 ? 0x20 : v, .separator, 3)
            }
        }
        if v >= 0x41 && v <= 0x5A { v += 0x20 }
        if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) { return (v, .word, length) }
        return (v, .separator, length)
    }

    @inline(__always)
    static func forEach(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64, String?, Bool) -> Void) {
        var previousHan: UInt32 = 0
        var word: [UInt8] = []
        var wordIsDigits = true
        var index = 0
        let count = bytes.count
        @inline(__always) func endHan() {
            if previousHan != 0 {
                body(SearchIndexBuilder.unigramTag | UInt64(previousHan), nil, true)
                previousHan = 0
            }
        }
        @inline(__always) func endWord() {
            if !word.isEmpty {
                body(0, String(decoding: word, as: UTF8.self), true)
                word.removeAll(keepingCapacity: true)
            }
        }
        while index < count {
            let (v, kind, length) = scalar(bytes, at: index)
            index += length
            switch kind {
            case .han:
                endWord()
                if previousHan != 0 {
                    body(SearchIndexBuilder.bigramTag | UInt64(previousHan) << 21 | UInt64(v), nil, false)
                    body(SearchIndexBuilder.unigramTag | UInt64(previousHan), nil, true)
                }
                previousHan = v
            case .word:
                endHan()
                if word.isEmpty { wordIsDigits = true }
                if word.count < HanTextTokenizer.maximumWordBytes { word.append(UInt8(v)) }
                if !(v >= 0x30 && v <= 0x39) { wordIsDigits = false }
            case .separator:
                // A decimal point inside a number ("0.5个工作日") stays in the token.
                if v == 0x2E && !word.isEmpty && wordIsDigits && index < count {
                    let (following, _, followingLength) = scalar(bytes, at: index)
                    if following >= 0x30 && following <= 0x39 {
                        word.append(0x2E)
                        word.append(UInt8(following))
                        index += followingLength
                        continue
                    }
                }
                endHan()
                endWord()
            }
        }
        endHan()
        endWord()
    }
}
