import Foundation
import GRDB

/// Builds the search index's derived data from published entries: for every token, how
/// many entries hold it in any column, and the title postings (question, keywords,
/// category) with each entry's length, so that search can rank a common term's title
/// matches by BM25 in one pass over a compact list instead of ranking every entry that
/// holds it anywhere. Every character is a unigram at its own position beside the bigram it
/// starts, so that one-character queries need no prefix merge. The answers' postings
/// (`BodyPostingsBuilder`) let search rank every column without FTS5.
struct SearchIndexBuilder {
    /// Published entries added, and the sum of their lengths in index positions.
    private(set) var documents = 0
    private(set) var totalLength = 0

    private var table = TokenTable()
    private var words: [String: UInt32] = [:]
    private var wordList: [String] = []
    private var lastDocument: [Int64] = []
    private var counts: [UInt32] = []
    private var postingIndex: [Int32] = []
    private var postings: [ByteList] = []
    private var postingLast: [Int64] = []
    private var occurrences: [(key: UInt64, slot: UInt32)] = []
    private var body = BodyPostingsBuilder()
    private var phrases = TitlePhrases()
    private var phraseOccurrences: [(key: UInt64, slot: UInt32)] = []

    /// Title columns in index order; their numbers are part of the posting format.
    enum Column: UInt32 { case question = 0, keywords = 1, category = 2 }

    /// Adds one published entry. Entries must come in increasing row id order.
    mutating func add(rowID: Int64, question: String, keywords: String, category: String, answer: String) {
        occurrences.removeAll(keepingCapacity: true)
        var length = 0
        for (column, text) in [(Column.question, question), (.keywords, keywords), (.category, category)] {
            var position: UInt32 = 0
            Self.forEachToken(text) { key, word, advances in
                let resolved = word.map { self.wordKey($0) } ?? key
                self.countDocument(resolved, rowID)
                self.occurrences.append((resolved, position << 2 | column.rawValue))
                if advances { position += 1 }
            }
            length += Int(position)
        }
        var answerLength = 0
        // Answers keep FTS5's tokens only: a bigram at each position and the last
        // character of a run; a character inside a run is found through the bigrams it
        // starts. Half the postings of a unigram at every position, and answers are four
        // fifths of the text.
        var startsBigram = false
        Self.forEachToken(answer) { key, word, advances in
            let slot = self.countDocument(word.map { self.wordKey($0) } ?? key, rowID)
            if !advances {
                startsBigram = true
                self.body.add(slot: slot, position: answerLength)
            } else {
                if !startsBigram { self.body.add(slot: slot, position: answerLength) }
                startsBigram = false
                answerLength += 1
            }
        }
        length += answerLength
        body.finishEntry(rowID: rowID, length: length, slots: table.keys.count)
        documents += 1
        totalLength += length

        occurrences.sort { $0.key < $1.key || ($0.key == $1.key && $0.slot < $1.slot) }
        if !phrases.isEmpty {
            phraseOccurrences.removeAll(keepingCapacity: true)
            TitleRanker.phraseOccurrences(occurrences, phrases: phrases, into: &phraseOccurrences)
            if !phraseOccurrences.isEmpty {
                for occurrence in phraseOccurrences { countDocument(occurrence.key, rowID) }
                occurrences.append(contentsOf: phraseOccurrences)
                occurrences.sort { $0.key < $1.key || ($0.key == $1.key && $0.slot < $1.slot) }
            }
        }
        var index = 0
        while index < occurrences.count {
            let key = occurrences[index].key
            var end = index + 1
            while end < occurrences.count && occurrences[end].key == key { end += 1 }
            let slot = table.slot(of: key)!
            var posting = postingIndex[slot]
            if posting < 0 {
                posting = Int32(postings.count)
                postingIndex[slot] = posting
                postings.append(ByteList())
                postingLast.append(0)
            }
            let p = Int(posting)
            let list = postings[p]
            list.appendVarint(UInt64(rowID - postingLast[p]))
            list.appendVarint(UInt64(length))
            list.appendVarint(UInt64(end - index))
            for occurrence in occurrences[index..<end] { list.appendVarint(UInt64(occurrence.slot)) }
            postingLast[p] = rowID
            index = end
        }
    }

    mutating func internedWordKey(_ word: String) -> UInt64 { wordKey(word) }

    /// A slot for a key that may hold no entry.
    mutating func reserveSlot(_ key: UInt64) {
        let (_, inserted) = table.insert(key)
        if inserted {
            lastDocument.append(0)
            counts.append(0)
            postingIndex.append(-1)
        }
    }

    mutating func addPhrase(_ phrase: TitlePhrases.Phrase) { phrases.add(phrase) }

    private mutating func wordKey(_ word: String) -> UInt64 {
        if let id = words[word] { return Self.wordTag | UInt64(id) }
        let id = UInt32(wordList.count)
        words[word] = id
        wordList.append(word)
        return Self.wordTag | UInt64(id)
    }

    @inline(__always)
    @discardableResult
    private mutating func countDocument(_ key: UInt64, _ rowID: Int64) -> Int {
        let (slot, inserted) = table.insert(key)
        if inserted {
            lastDocument.append(rowID)
            counts.append(1)
            postingIndex.append(-1)
        } else if lastDocument[slot] != rowID {
            lastDocument[slot] = rowID
            counts[slot] += 1
        }
        return slot
    }

    /// Bytes of answer postings held since the last segment.
    var bodyBytes: Int { body.byteCount }

    /// The answer postings gathered since the last call, to be stored as one segment.
    mutating func takeBodySegment() -> BodySegment? {
        let keys = table.keys
        return body.takeSegment { [wordList] slot in Self.term(of: keys[slot], words: wordList) }
    }

    /// The answer postings of one token text gathered so far (stale entries at query time).
    func bodyPostings(of token: String) -> [UInt8]? {
        guard let key = packedKey(of: token), let slot = table.slot(of: key) else { return nil }
        return body.list(slot: slot)
    }

    /// The answer postings gathered so far of every token a Han character starts: the
    /// bigrams beginning with it and the character at the end of a run.
    func bodyPostings(startingWith character: Unicode.Scalar) -> [[UInt8]] {
        let first = UInt64(character.value)
        var result: [[UInt8]] = []
        for (slot, key) in table.keys.enumerated() {
            let matches = key == Self.unigramTag | first
                || (key & (3 << 62) == Self.bigramTag && (key >> 21) & 0x1F_FFFF == first)
            if matches, let list = body.list(slot: slot) { result.append(list) }
        }
        return result
    }

    /// Entries holding one token text in any column, among those added.
    func documentCount(of token: String) -> Int? {
        guard let key = packedKey(of: token), let slot = table.slot(of: key) else { return nil }
        return Int(counts[slot])
    }

    /// The lengths of the entries added since the last segment.
    var bodyLengths: [UInt8] { body.lengthList }

    static let unigramTag: UInt64 = 1 << 62
    static let bigramTag: UInt64 = 2 << 62
    static let wordTag: UInt64 = 3 << 62

    /// The index tokens of a text: every Han character as a unigram, each with the bigram
    /// it starts (same position), words as themselves. `body` gets the packed key (or the
    /// word, whose key the builder interns) and whether the token takes a new position.
    static func forEachToken(_ text: String, _ body: (UInt64, String?, Bool) -> Void) {
        var copy = text
        copy.withUTF8 { bytes in
            var scanner = HanTextTokenizer.Scanner(bytes: bytes)
            while let run = scanner.nextRun() {
                switch run {
                case .word:
                    body(0, String(decoding: scanner.word, as: UTF8.self), true)
                case .han:
                    let chars = scanner.han
                    for index in chars.indices {
                        let scalar = UInt64(chars[index].scalar.value)
                        if index + 1 < chars.count {
                            body(bigramTag | scalar << 21 | UInt64(chars[index + 1].scalar.value), nil, false)
                        }
                        body(unigramTag | scalar, nil, true)
                    }
                }
            }
        }
    }

    /// The token text of a packed key.
    func term(of key: UInt64) -> String { Self.term(of: key, words: wordList) }

    static func term(of key: UInt64, words wordList: [String]) -> String {
        switch key & (3 << 62) {
        case Self.wordTag: return wordList[Int(key & 0xFFFF_FFFF)]
        case Self.bigramTag:
            var view = String.UnicodeScalarView()
            view.append(Unicode.Scalar(UInt32((key >> 21) & 0x1F_FFFF))!)
            view.append(Unicode.Scalar(UInt32(key & 0x1F_FFFF))!)
            return String(view)
        default:
            return String(Unicode.Scalar(UInt32(key & 0x1F_FFFF))!)
        }
    }

    /// Every token with its document count and title postings (nil if in no title).
    func forEachTerm(_ body: (String, Int, [UInt8]?) throws -> Void) rethrows {
        for (slot, key) in table.keys.enumerated() {
            let posting = postingIndex[slot]
            try body(term(of: key), Int(counts[slot]), posting >= 0 ? postings[Int(posting)].bytes : nil)
        }
    }

    var termCount: Int { table.keys.count }

    func tableSlot(of key: UInt64) -> Int? { table.slot(of: key) }

    func postingBytes(slot: Int) -> [UInt8]? {
        let posting = postingIndex[slot]
        return posting >= 0 ? postings[Int(posting)].bytes : nil
    }

    func wordID(_ word: String) -> UInt32? { words[word] }
}

/// An open-addressing hash set of packed token keys giving each a dense slot number:
/// the builder meets tens of millions of tokens in a large import, and a Swift
/// dictionary's hashing was most of its time.
struct TokenTable {
    private var buckets: [Int32] = Array(repeating: -1, count: 1 << 12)
    private(set) var keys: [UInt64] = []
    private var mask = (1 << 12) - 1

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        var x = key &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return Int(truncatingIfNeeded: x)
    }

    func slot(of key: UInt64) -> Int? {
        var bucket = Self.hash(key) & mask
        while true {
            let slot = buckets[bucket]
            if slot < 0 { return nil }
            if keys[Int(slot)] == key { return Int(slot) }
            bucket = (bucket + 1) & mask
        }
    }

    /// The key's slot, and whether it was new.
    @inline(__always)
    mutating func insert(_ key: UInt64) -> (Int, Bool) {
        var bucket = Self.hash(key) & mask
        while true {
            let slot = buckets[bucket]
            if slot < 0 { break }
            if keys[Int(slot)] == key { return (Int(slot), false) }
            bucket = (bucket + 1) & mask
        }
        let slot = keys.count
        keys.append(key)
        buckets[bucket] = Int32(slot)
        if keys.count * 2 > buckets.count { grow() }
        return (slot, true)
    }

    private mutating func grow() {
        let capacity = buckets.count * 2
        buckets = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for (slot, key) in keys.enumerated() {
            var bucket = Self.hash(key) & mask
            while buckets[bucket] >= 0 { bucket = (bucket + 1) & mask }
            buckets[bucket] = Int32(slot)
        }
    }
}

/// LEB128 unsigned varints, the posting lists' number format.
enum Varint {
    @inline(__always)
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Writes `value` at `offset` of a buffer with room for it; the offset after it.
    @inline(__always)
    static func write(_ value: UInt64, to buffer: UnsafeMutablePointer<UInt8>, at offset: Int) -> Int {
        var v = value
        var at = offset
        while v >= 0x80 {
            buffer[at] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            at += 1
        }
        buffer[at] = UInt8(v)
        return at + 1
    }

    @inline(__always)
    static func read(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt64 {
        guard offset < bytes.count else { return 0 }
        let first = bytes[offset]
        if first < 0x80 {
            offset += 1
            return UInt64(first)
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return result
    }
}
