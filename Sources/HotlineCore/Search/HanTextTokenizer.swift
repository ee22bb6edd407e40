import Foundation

/// The tokenizer behind both the full-text index and query analysis.
///
/// Chinese has no spaces, and enterprise callers search with one- and two-character
/// terms (社保, 税). So a run of Han characters becomes overlapping bigrams, one per
/// position, and the run's last character a unigram: "社保费" indexes 社保 | 保费 | 费.
/// Every character then starts exactly one token at its own position, so a
/// one-character query is a prefix query (保* finds 保费) and counts each occurrence
/// once, at half the index size of colocating a unigram with every bigram. A query
/// uses bigrams only (a one-character run stays a unigram), so a query phrase lines up
/// with the bigram positions of the document. ASCII words and digit runs are single
/// tokens. Text is NFKC-normalised and case-folded on the way (full-width "３Ｃ" is
/// "3c"), while offsets keep pointing into the original bytes for highlighting.
public enum HanTextTokenizer {
    public enum Mode: Sendable { case document, query }

    public enum TokenKind: Sendable, Equatable { case hanBigram, hanUnigram, word }

    /// One token, with the byte range of the original text it came from.
    public struct Token: Sendable, Equatable {
        public var text: String
        public var kind: TokenKind
        public var startByte: Int
        public var endByte: Int
        /// True when the token shares its position with the previous one (FTS5
        /// colocated); the tokenizer no longer emits such tokens.
        public var colocated: Bool
    }

    /// Tokens of `text` as Swift values (query analysis, tests, the term dictionary).
    public static func tokens(_ text: String, mode: Mode) -> [Token] {
        var result: [Token] = []
        var copy = text
        copy.withUTF8 { bytes in
            scan(bytes, mode: mode) { tokenBytes, kind, start, end, colocated in
                result.append(Token(text: String(decoding: tokenBytes, as: UTF8.self), kind: kind,
                                    startByte: start, endByte: end, colocated: colocated))
                return true
            }
        }
        return result
    }

    /// The normalised runs of a text: Han runs and word runs, in order, each as a string.
    /// Query analysis works on these before turning them into index terms.
    public static func runs(_ text: String) -> [Run] {
        var result: [Run] = []
        var copy = text
        copy.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            while let run = scanner.nextRun() {
                switch run {
                case .han:
                    var scalars = String.UnicodeScalarView()
                    for c in scanner.han { scalars.append(c.scalar) }
                    result.append(Run(text: String(scalars), isHan: true))
                case .word:
                    result.append(Run(text: String(decoding: scanner.word, as: UTF8.self), isHan: false))
                }
            }
        }
        return result
    }

    public struct Run: Sendable, Equatable {
        public var text: String
        public var isHan: Bool
    }

    /// Normalises a whole string the way the tokenizer sees it (NFKC, case folding),
    /// keeping separators as single spaces. Used to compare query text with titles.
    public static func normalized(_ text: String) -> String {
        runs(text).map(\.text).joined(separator: " ")
    }

    /// The core loop over UTF-8 bytes. `emit` gets the token's bytes, kind, byte range
    /// and colocated flag, and returns false to stop.
    public static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>,
        mode: Mode,
        emit: (UnsafeBufferPointer<UInt8>, TokenKind, Int, Int, Bool) -> Bool
    ) {
        var scanner = Scanner(bytes: bytes)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16)
        while let run = scanner.nextRun() {
            switch run {
            case .word(let start, let end):
                let go = scanner.word.withUnsafeBufferPointer { emit($0, .word, start, end, false) }
                if !go { return }
            case .han:
                if !emitHan(scanner.han, mode: mode, buffer: &buffer, emit: emit) { return }
            }
        }
    }

    private static func emitHan(
        _ chars: [HanChar], mode: Mode, buffer: inout [UInt8],
        emit: (UnsafeBufferPointer<UInt8>, TokenKind, Int, Int, Bool) -> Bool
    ) -> Bool {
        let count = chars.count
        if count == 1 {
            return emitChars(chars[0], nil, kind: .hanUnigram, buffer: &buffer, emit: emit)
        }
        for index in 0..<(count - 1) {
            if !emitChars(chars[index], chars[index + 1], kind: .hanBigram, buffer: &buffer, emit: emit) { return false }
        }
        if mode == .document {
            return emitChars(chars[count - 1], nil, kind: .hanUnigram, buffer: &buffer, emit: emit)
        }
        return true
    }

    @inline(__always)
    private static func emitChars(
        _ first: HanChar, _ second: HanChar?, kind: TokenKind, buffer: inout [UInt8],
        emit: (UnsafeBufferPointer<UInt8>, TokenKind, Int, Int, Bool) -> Bool
    ) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        appendUTF8(first.scalar, to: &buffer)
        if let second { appendUTF8(second.scalar, to: &buffer) }
        return buffer.withUnsafeBufferPointer { emit($0, kind, first.start, (second ?? first).end, false) }
    }

    struct HanChar {
        var scalar: Unicode.Scalar
        var start: Int
        var end: Int
    }

    enum RawRun {
        /// A Han run, in the scanner's `han` buffer.
        case han
        /// A word, in the scanner's `word` buffer, with its byte range.
        case word(Int, Int)
    }

    /// Longest word token kept; longer runs (hashes, base64 noise) are cut.
    static let maximumWordBytes = 64

    /// Splits text into Han runs and words, normalising as it goes. The current run is
    /// left in `han` or `word`, buffers reused from run to run so that indexing a large
    /// import does not allocate per run.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0
        /// Normalised scalars waiting to be consumed, each with the byte range of the
        /// input scalar it came from (NFKC can turn one scalar into several).
        var pending: [(Unicode.Scalar, Int, Int)] = []
        var pendingIndex = 0
        private(set) var han: [HanChar] = []
        private(set) var word: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        @inline(__always)
        mutating func next() -> (Unicode.Scalar, Int, Int)? {
            if pendingIndex < pending.count {
                defer { pendingIndex += 1 }
                return pending[pendingIndex]
            }
            guard offset < bytes.count else { return nil }
            let start = offset
            let (scalar, length) = decode(at: offset)
            offset += length
            if let simple = CharacterClass.normalizeFast(scalar) { return (simple, start, offset) }
            let normalizedScalars = CharacterClass.normalizeSlow(scalar)
            if normalizedScalars.count == 1 { return (normalizedScalars[0], start, offset) }
            pending = normalizedScalars.map { ($0, start, offset) }
            pendingIndex = 0
            return next()
        }

        /// Decodes one scalar; malformed UTF-8 becomes U+FFFD, one byte at a time.
        @inline(__always)
        func decode(at index: Int) -> (Unicode.Scalar, Int) {
            let b0 = bytes[index]
            if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
            let remaining = bytes.count - index
            func cont(_ i: Int) -> UInt32? {
                guard i < remaining else { return nil }
                let b = bytes[index + i]
                return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
            }
            let replacement = (Unicode.Scalar(0xFFFD)!, 1)
            if b0 & 0xE0 == 0xC0 {
                guard let c1 = cont(1) else { return replacement }
                let v = (UInt32(b0 & 0x1F) << 6) | c1
                return v >= 0x80 ? (Unicode.Scalar(v)!, 2) : replacement
            }
            if b0 & 0xF0 == 0xE0 {
                guard let c1 = cont(1), let c2 = cont(2) else { return replacement }
                let v = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
                guard v >= 0x800, let s = Unicode.Scalar(v) else { return replacement }
                return (s, 3)
            }
            if b0 & 0xF8 == 0xF0 {
                guard let c1 = cont(1), let c2 = cont(2), let c3 = cont(3) else { return replacement }
                let v = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
                guard v >= 0x10000, let s = Unicode.Scalar(v) else { return replacement }
                return (s, 4)
            }
            return replacement
        }

        mutating func nextRun() -> RawRun? {
            han.removeAll(keepingCapacity: true)
            word.removeAll(keepingCapacity: true)
            var wordStart = 0
            var wordEnd = 0
            var wordIsDigits = true
            var lookahead: (Unicode.Scalar, Int, Int)? = nil
            while true {
                let item: (Unicode.Scalar, Int, Int)?
                if let saved = lookahead { item = saved; lookahead = nil } else { item = next() }
                guard let (scalar, start, end) = item else { break }
                switch CharacterClass.of(scalar) {
                case .han:
                    if !word.isEmpty {
                        pushBack(scalar, start, end)
                        return .word(wordStart, wordEnd)
                    }
                    han.append(HanChar(scalar: scalar, start: start, end: end))
                case .word:
                    if !han.isEmpty {
                        pushBack(scalar, start, end)
                        return .han
                    }
                    if word.isEmpty { wordStart = start; wordIsDigits = true }
                    if word.count < HanTextTokenizer.maximumWordBytes { appendUTF8(scalar, to: &word) }
                    wordEnd = end
                    if !(scalar.value >= 0x30 && scalar.value <= 0x39) { wordIsDigits = false }
                case .separator:
                    // A decimal point inside a number ("0.5个工作日") stays in the token.
                    if scalar == "." && !word.isEmpty && wordIsDigits, let following = next() {
                        if following.0.value >= 0x30 && following.0.value <= 0x39 {
                            word.append(0x2E)
                            appendUTF8(following.0, to: &word)
                            wordEnd = following.2
                            continue
                        }
                        lookahead = following
                    }
                    if !han.isEmpty { if let saved = lookahead { pushBack(saved.0, saved.1, saved.2) }; return .han }
                    if !word.isEmpty { if let saved = lookahead { pushBack(saved.0, saved.1, saved.2) }; return .word(wordStart, wordEnd) }
                }
            }
            if !han.isEmpty { return .han }
            if !word.isEmpty { return .word(wordStart, wordEnd) }
            return nil
        }

        mutating func pushBack(_ scalar: Unicode.Scalar, _ start: Int, _ end: Int) {
            if pendingIndex > 0 && pendingIndex <= pending.count {
                pendingIndex -= 1
                pending[pendingIndex] = (scalar, start, end)
            } else {
                pending.removeSubrange(0..<min(pendingIndex, pending.count))
                pending.insert((scalar, start, end), at: 0)
                pendingIndex = 0
            }
        }
    }
}

@inline(__always)
func appendUTF8(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
    let v = scalar.value
    switch v {
    case 0..<0x80:
        buffer.append(UInt8(v))
    case 0x80..<0x800:
        buffer.append(UInt8(0xC0 | (v >> 6)))
        buffer.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
        buffer.append(UInt8(0xE0 | (v >> 12)))
        buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        buffer.append(UInt8(0x80 | (v & 0x3F)))
    default:
        buffer.append(UInt8(0xF0 | (v >> 18)))
        buffer.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        buffer.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        buffer.append(UInt8(0x80 | (v & 0x3F)))
    }
}
