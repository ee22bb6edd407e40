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
    /// Per token slot: the last entry that counted it, its entry count, its title list
    /// (index in `postings`, or -1) and the phrases it starts (index in `phraseGroups`, or -1).
    private var slots: [SlotInfo] = []
    private var postings = ByteLists()
    /// This entry's title occurrences as `slot << 32 | position << 2 | column`: sorted as
    /// plain integers, they come grouped by token with each token's places in order.
    private var occurrences: [UInt64] = []
    private var body = BodyPostingsBuilder()
    /// Gathered phrases: each one's slot, and its tokens (`phraseTokens[phraseStart[p]..<
    /// phraseStart[p + 1]]`) as keys and as slots, -1 until the token has one. Phrases are
    /// grouped by their first token, and a token slot points to its group.
    private var phraseSlot: [Int32] = []
    private var phraseStart: [Int] = [0]
    private var phraseTokenKeys: [UInt64] = []
    private var phraseTokenSlots: [Int32] = []
    private var phraseGroupOfKey: [UInt64: Int32] = [:]
    private var phraseGroups: [[Int32]] = []
    /// Phrase tokens (indices in `phraseTokenKeys`) whose key has no slot yet, by key:
    /// given their slot when the key is first met, instead of looked up at every match.
    private var pendingPhraseTokens: [UInt64: [Int]] = [:]
    /// `phraseGroups` flattened for matching: group g's phrases are
    /// `groupPhrases[groupStart[g]..<groupStart[g + 1]]`.
    private var groupStart: [Int] = []
    private var groupPhrases: [Int32] = []
    private var foundPhrases: [UInt64] = []

    struct SlotInfo {
        var lastDocument: Int64
        /// The last entry holding the token in a title column.
        var lastTitle: Int64
        var count: UInt32
        var posting: Int32
        var phraseGroup: Int32
    }

    /// Title columns in index order; their numbers are part of the posting format.
    enum Column: UInt32 { case question = 0, keywords = 1, category = 2 }

    /// Adds one published entry. Entries must come in increasing row id order.
    mutating func add(rowID: Int64, question: String, keywords: String, category: String, answer: String) {
        occurrences.removeAll(keepingCapacity: true)
        var length = 0
        var startsPhrase = false
        addTitle(question, column: .question, rowID: rowID, length: &length, startsPhrase: &startsPhrase)
        addTitle(keywords, column: .keywords, rowID: rowID, length: &length, startsPhrase: &startsPhrase)
        addTitle(category, column: .category, rowID: rowID, length: &length, startsPhrase: &startsPhrase)
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
        body.finishEntry(rowID: rowID, length: length, slots: table.count)
        documents += 1
        totalLength += length

        occurrences.sort()
        if startsPhrase { addPhraseOccurrences(rowID: rowID) }
        let count = occurrences.count
        var index = 0
        while index < count {
            let slot = Int(truncatingIfNeeded: occurrences[index] >> 32)
            var end = index + 1
            while end < count && Int(truncatingIfNeeded: occurrences[end] >> 32) == slot { end += 1 }
            var posting = slots[slot].posting
            if posting < 0 {
                posting = Int32(postings.append())
                slots[slot].posting = posting
            }
            let header = postings.header(Int(posting))
            let record = ByteLists.reserve(header, 10 * (end - index + 3))
            var n = Varint.write(UInt64(rowID - header.pointee.last), to: record, at: 0)
            n = Varint.write(UInt64(length), to: record, at: n)
            n = Varint.write(UInt64(end - index), to: record, at: n)
            for item in index..<end {
                n = Varint.write(occurrences[item] & 0xFFFF_FFFF, to: record, at: n)
            }
            header.pointee.size += n
            header.pointee.last = rowID
            index = end
        }
    }

    @inline(__always)
    private mutating func addTitle(_ text: String, column: Column, rowID: Int64, length: inout Int, startsPhrase: inout Bool) {
        var position: UInt32 = 0
        var phrase = false
        Self.forEachToken(text) { key, word, advances in
            let slot = self.countDocument(word.map { self.wordKey($0) } ?? key, rowID)
            self.slots[slot].lastTitle = rowID
            if self.slots[slot].phraseGroup >= 0 { phrase = true }
            self.occurrences.append(UInt64(slot) << 32 | UInt64(position << 2 | column.rawValue))
            if advances { position += 1 }
        }
        if phrase { startsPhrase = true }
        length += Int(position)
    }

    /// Places where a gathered phrase's tokens stand at consecutive positions of one
    /// title column, added as occurrences of the phrase (the occurrences are sorted).
    private mutating func addPhraseOccurrences(rowID: Int64) {
        if groupStart.count != phraseGroups.count + 1 {
            groupStart = [0]
            groupPhrases = []
            for group in phraseGroups {
                groupPhrases.append(contentsOf: group)
                groupStart.append(groupPhrases.count)
            }
        }
        foundPhrases.removeAll(keepingCapacity: true)
        for occurrence in occurrences {
            let group = slots[Int(truncatingIfNeeded: occurrence >> 32)].phraseGroup
            guard group >= 0 else { continue }
            let place = occurrence & 0xFFFF_FFFF
            for phrase in groupPhrases[groupStart[Int(group)]..<groupStart[Int(group) + 1]] {
                let p = Int(phrase)
                var matched = true
                var place = place
                for token in (phraseStart[p] + 1)..<phraseStart[p + 1] {
                    place += 4
                    let tokenSlot = phraseTokenSlots[token]
                    // A token no entry held yet, or in none of this entry's titles, is
                    // settled without a search.
                    if tokenSlot < 0 || slots[Int(tokenSlot)].lastTitle != rowID
                        || !Self.contains(occurrences, UInt64(tokenSlot) << 32 | place) {
                        matched = false
                        break
                    }
                }
                if matched { foundPhrases.append(UInt64(phraseSlot[p]) << 32 | (occurrence & 0xFFFF_FFFF)) }
            }
        }
        guard !foundPhrases.isEmpty else { return }
        for found in foundPhrases { countDocument(slot: Int(truncatingIfNeeded: found >> 32), rowID) }
        occurrences.append(contentsOf: foundPhrases)
        occurrences.sort()
    }

    @inline(__always)
    private static func contains(_ sorted: [UInt64], _ value: UInt64) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) >> 1
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }

    mutating func internedWordKey(_ word: String) -> UInt64 { wordKey(word) }

    /// A slot for a key that may hold no entry.
    @discardableResult
    mutating func reserveSlot(_ key: UInt64) -> Int {
        let (slot, inserted) = table.insert(key)
        if inserted { added(key, slot: slot, SlotInfo(lastDocument: 0, lastTitle: 0, count: 0, posting: -1, phraseGroup: -1)) }
        return slot
    }

    mutating func addPhrase(_ phrase: TitlePhrases.Phrase) {
        let index = Int32(phraseSlot.count)
        phraseSlot.append(Int32(reserveSlot(phrase.key)))
        for key in phrase.keys {
            if let slot = table.slot(of: key) {
                phraseTokenSlots.append(Int32(slot))
            } else {
                phraseTokenSlots.append(-1)
                pendingPhraseTokens[key, default: []].append(phraseTokenKeys.count)
            }
            phraseTokenKeys.append(key)
        }
        phraseStart.append(phraseTokenKeys.count)
        let first = phrase.keys[0]
        if let group = phraseGroupOfKey[first] {
            phraseGroups[Int(group)].append(index)
            groupStart = []
        } else {
            let group = Int32(phraseGroups.count)
            phraseGroups.append([index])
            groupStart = []
            phraseGroupOfKey[first] = group
            if let slot = table.slot(of: first) { slots[slot].phraseGroup = group }
        }
    }

    /// A new token slot: the phrases it starts, and the phrase tokens waiting for it.
    private mutating func added(_ key: UInt64, slot: Int, _ info: SlotInfo) {
        var info = info
        if !phraseGroupOfKey.isEmpty {
            info.phraseGroup = phraseGroupOfKey[key] ?? -1
            if !pendingPhraseTokens.isEmpty, let tokens = pendingPhraseTokens.removeValue(forKey: key) {
                for token in tokens { phraseTokenSlots[token] = Int32(slot) }
            }
        }
        slots.append(info)
    }

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
            added(key, slot: slot, SlotInfo(lastDocument: rowID, lastTitle: 0, count: 1, posting: -1, phraseGroup: -1))
        } else {
            countDocument(slot: slot, rowID)
        }
        return slot
    }

    @inline(__always)
    private mutating func countDocument(slot: Int, _ rowID: Int64) {
        if slots[slot].lastDocument != rowID {
            slots[slot].lastDocument = rowID
            slots[slot].count += 1
        }
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
        return Int(slots[slot].count)
    }

    /// The lengths of the entries added since the last segment.
    var bodyLengths: [UInt8] { body.lengthList }

    static let unigramTag: UInt64 = 1 << 62
    static let bigramTag: UInt64 = 2 << 62
    static let wordTag: UInt64 = 3 << 62

    /// The index tokens of a text: every Han character as a unigram, each with the bigram
    /// it starts (same position), words as themselves. `body` gets the packed key (or the
    /// word, whose key the builder interns) and whether the token takes a new position.
    @inline(__always)
    static func forEachToken(_ text: String, _ body: (UInt64, String?, Bool) -> Void) {
        var copy = text
        copy.withUTF8 { bytes in
            if FastTokens.covers(bytes) {
                FastTokens.forEach(bytes, body)
            } else {
                forEachToken(scanning: bytes, body)
            }
        }
    }

    /// The general path: any text, through the tokenizer's scanner.
    static func forEachToken(scanning bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64, String?, Bool) -> Void) {
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
            let posting = slots[slot].posting
            try body(term(of: key), Int(slots[slot].count), posting >= 0 ? postings.bytes(Int(posting)) : nil)
        }
    }

    var termCount: Int { table.count }

    func tableSlot(of key: UInt64) -> Int? { table.slot(of: key) }

    func postingBytes(slot: Int) -> [UInt8]? {
        let posting = slots[slot].posting
        return posting >= 0 ? postings.bytes(Int(posting)) : nil
    }

    func wordID(_ word: String) -> UInt32? { words[word] }
}
