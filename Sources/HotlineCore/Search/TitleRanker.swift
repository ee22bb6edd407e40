import Foundation

/// BM25 over the title columns (question, keywords, category) from the search index's
/// title postings, with FTS5's formula and our column weights: a phrase's weighted
/// frequency in an entry's title, its rarity among titles, the entry's length against
/// the average. One pass over each query token's posting list, whatever the number of
/// entries that hold it.
enum TitleRanker {
    static let k1 = 1.2
    static let b = 0.75
    /// Column weights by the index's column number (question, keywords, category).
    static let weights: [Double] = [
        KnowledgeBase.columnWeights.question, KnowledgeBase.columnWeights.keywords, KnowledgeBase.columnWeights.category,
    ]

    struct Scored {
        var rowIDs: [Int64] = []
        var scores: [Double] = []
        var count: Int { rowIDs.count }
    }

    /// Every entry whose title holds one of the plan's terms, with its BM25, by row id:
    /// each term a phrase of its own with its own rarity, as FTS5's bm25 scores the
    /// same expression on the other path, so that both rank alike.
    static func score(_ plan: QueryPlan, index: SearchIndexReader) throws -> Scored {
        var total = Scored()
        for term in plan.terms {
            total = merged(total, bm25(try matches(of: term, index: index), index: index))
        }
        return total
    }

    /// One phrase's BM25 in each entry that holds it: its rarity among the entries
    /// matched, its weighted frequency, the entry's length against the average.
    static func bm25(_ phrase: PhraseMatches, index: SearchIndexReader) -> Scored {
        guard phrase.count > 0 else { return Scored() }
        let n = Double(phrase.count)
        let documents = Double(index.documents)
        var idf = log((documents - n + 0.5) / (n + 0.5))
        if idf <= 0 { idf = 1e-6 }
        var scored = Scored()
        scored.rowIDs = phrase.rowIDs
        scored.scores.reserveCapacity(phrase.count)
        let average = index.averageLength
        for i in 0..<phrase.count {
            let frequency = phrase.frequencies[i]
            let length = Double(phrase.lengths[i])
            scored.scores.append(idf * frequency * (k1 + 1) / (frequency + k1 * (1 - b + b * length / average)))
        }
        return scored
    }

    /// Entries whose title holds one term (a word, a phrase of several tokens).
    static func matches(of term: String, index: SearchIndexReader) throws -> PhraseMatches {
        let tokens = HanTextTokenizer.tokens(term, mode: .query).map(\.text)
        if tokens.isEmpty { return PhraseMatches() }
        if tokens.count == 1 { return try index.titleFrequencies(of: tokens[0]) }
        if let stored = try index.storedPhraseFrequencies(of: term) {
            guard index.hasStaleEntries else { return stored }
            return PhraseMatches.merged(stored, matches(tokens.map { index.staleTitlePostings(of: $0) }))
        }
        if !index.hasStaleEntries {
            var cursors: [PostingCursor] = []
            for token in tokens { cursors.append(PostingCursor(bytes: try index.storedPostings(of: token))) }
            return matches(&cursors)
        }
        var lists: [TitlePostings] = []
        for token in tokens { lists.append(try index.titlePostings(of: token)) }
        return matches(lists)
    }

    struct PhraseMatches {
        var rowIDs: [Int64] = []
        var frequencies: [Double] = []
        var lengths: [Int32] = []
        var count: Int { rowIDs.count }

        mutating func append(_ other: PhraseMatches, _ index: Int) {
            rowIDs.append(other.rowIDs[index])
            frequencies.append(other.frequencies[index])
            lengths.append(other.lengths[index])
        }

        /// The union of two lists with no entry in common, in row id order.
        static func merged(_ a: PhraseMatches, _ b: PhraseMatches) -> PhraseMatches {
            if b.count == 0 { return a }
            if a.count == 0 { return b }
            var result = PhraseMatches()
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if j >= b.count || (i < a.count && a.rowIDs[i] < b.rowIDs[j]) { result.append(a, i); i += 1 } else { result.append(b, j); j += 1 }
            }
            return result
        }
    }

    /// Decodes a stored posting list into weighted frequencies, without keeping positions.
    /// The hottest loop of a search (every common term's list passes through it), so it
    /// reads through a raw pointer into arrays sized once.
    static func frequencies(decoding bytes: UnsafeRawBufferPointer, excluding excluded: Set<Int64>) -> PhraseMatches {
        let end = bytes.count
        guard end > 0, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return PhraseMatches() }
        // Every entry takes at least three bytes (row id delta, length, count).
        let capacity = end / 3 + 1
        var rowIDs = [Int64](repeating: 0, count: capacity)
        var frequencies = [Double](repeating: 0, count: capacity)
        var lengths = [Int32](repeating: 0, count: capacity)
        let weights = (Self.weights[0], Self.weights[1], Self.weights[2], KnowledgeBase.columnWeights.answer)
        var found = 0
        rowIDs.withUnsafeMutableBufferPointer { rowIDs in
            frequencies.withUnsafeMutableBufferPointer { frequencies in
                lengths.withUnsafeMutableBufferPointer { lengths in
                    var offset = 0
                    @inline(__always) func read() -> UInt64 {
                        var byte = base[offset]
                        offset += 1
                        if byte < 0x80 { return UInt64(byte) }
                        var value = UInt64(byte & 0x7F)
                        var shift: UInt64 = 7
                        while offset < end {
                            byte = base[offset]
                            offset += 1
                            value |= UInt64(byte & 0x7F) << shift
                            if byte < 0x80 { break }
                            shift += 7
                        }
                        return value
                    }
                    var rowID: Int64 = 0
                    while offset < end {
                        rowID &+= Int64(truncatingIfNeeded: read())
                        guard offset < end else { break }
                        let length = Int32(truncatingIfNeeded: read())
                        guard offset < end else { break }
                        let count = Int(truncatingIfNeeded: read())
                        var frequency = 0.0
                        var index = 0
                        while index < count && offset < end {
                            switch read() & 3 {
                            case 0: frequency += weights.0
                            case 1: frequency += weights.1
                            case 2: frequency += weights.2
                            default: frequency += weights.3
                            }
                            index += 1
                        }
                        if !excluded.isEmpty && excluded.contains(rowID) { continue }
                        guard found < capacity else { break }
                        rowIDs[found] = rowID
                        frequencies[found] = frequency
                        lengths[found] = length
                        found += 1
                    }
                }
            }
        }
        rowIDs.removeLast(capacity - found)
        frequencies.removeLast(capacity - found)
        lengths.removeLast(capacity - found)
        var result = PhraseMatches()
        result.rowIDs = rowIDs
        result.frequencies = frequencies
        result.lengths = lengths
        return result
    }

    /// Entries where the tokens occur at consecutive positions of one column, with the
    /// column-weighted number of such places.
    static func matches(_ lists: [TitlePostings]) -> PhraseMatches {
        var result = PhraseMatches()
        guard let first = lists.first else { return result }
        if lists.count == 1 {
            result.rowIDs = first.rowIDs
            result.lengths = first.lengths
            result.frequencies.reserveCapacity(first.count)
            first.occurrences.withUnsafeBufferPointer { occurrences in
                for i in 0..<first.count {
                    var frequency = 0.0
                    for o in Int(first.starts[i])..<Int(first.starts[i + 1]) { frequency += weights[Int(occurrences[o] & 3)] }
                    result.frequencies.append(frequency)
                }
            }
            return result
        }
        var cursors = [Int](repeating: 0, count: lists.count)
        var i = 0
        while i < first.count {
            let rowID = first.rowIDs[i]
            var all = true
            for j in 1..<lists.count {
                let list = lists[j]
                var c = cursors[j]
                while c < list.count && list.rowIDs[c] < rowID { c += 1 }
                cursors[j] = c
                if c >= list.count { return result }
                if list.rowIDs[c] != rowID { all = false }
            }
            if all {
                var frequency = 0.0
                for o in Int(first.starts[i])..<Int(first.starts[i + 1]) {
                    let start = first.occurrences[o]
                    var found = true
                    for j in 1..<lists.count {
                        let list = lists[j]
                        let c = cursors[j]
                        let wanted = start + UInt32(j) << 2
                        if !list.occurrences[Int(list.starts[c])..<Int(list.starts[c + 1])].contains(wanted) { found = false; break }
                    }
                    if found { frequency += weights[Int(start & 3)] }
                }
                if frequency > 0 {
                    result.rowIDs.append(rowID)
                    result.frequencies.append(frequency)
                    result.lengths.append(first.lengths[i])
                }
            }
            i += 1
        }
        return result
    }

    /// Sum of two score lists by row id.
    static func merged(_ a: Scored, _ b: Scored) -> Scored {
        if a.count == 0 { return b }
        if b.count == 0 { return a }
        var result = Scored()
        result.rowIDs.reserveCapacity(max(a.count, b.count))
        result.scores.reserveCapacity(max(a.count, b.count))
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a.rowIDs[i] < b.rowIDs[j]) {
                result.rowIDs.append(a.rowIDs[i]); result.scores.append(a.scores[i]); i += 1
            } else if i >= a.count || b.rowIDs[j] < a.rowIDs[i] {
                result.rowIDs.append(b.rowIDs[j]); result.scores.append(b.scores[j]); j += 1
            } else {
                result.rowIDs.append(a.rowIDs[i]); result.scores.append(a.scores[i] + b.scores[j]); i += 1; j += 1
            }
        }
        return result
    }

    /// Positions (into `scored`) of the `count` best scores, best first; ties by row id.
    static func top(_ scored: Scored, _ count: Int, skipping skipped: Set<Int64> = []) -> [Int] {
        // A min-heap of the best so far: one comparison per entry for the common case of
        // an entry below the heap's worst.
        var heap: [Int] = []
        heap.reserveCapacity(count + 1)
        func better(_ x: Int, _ y: Int) -> Bool {
            scored.scores[x] > scored.scores[y] || (scored.scores[x] == scored.scores[y] && scored.rowIDs[x] < scored.rowIDs[y])
        }
        func siftUp(_ start: Int) {
            var child = start
            while child > 0 {
                let parent = (child - 1) / 2
                if better(heap[parent], heap[child]) { heap.swapAt(parent, child); child = parent } else { break }
            }
        }
        func siftDown() {
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var worst = parent
                if left < heap.count && better(heap[worst], heap[left]) { worst = left }
                if right < heap.count && better(heap[worst], heap[right]) { worst = right }
                if worst == parent { return }
                heap.swapAt(parent, worst)
                parent = worst
            }
        }
        guard count > 0 else { return [] }
        for index in 0..<scored.count {
            if !skipped.isEmpty && skipped.contains(scored.rowIDs[index]) { continue }
            if heap.count < count {
                heap.append(index)
                siftUp(heap.count - 1)
            } else if better(index, heap[0]) {
                heap[0] = index
                siftDown()
            }
        }
        return heap.sorted(by: better)
    }

    /// A phrase's entries by walking its tokens' stored lists side by side: positions
    /// are decoded only where every token is in the same entry, so a phrase of common
    /// bigrams costs a scan of their bytes, not a copy of their lists.
    static func matches(_ cursors: inout [PostingCursor]) -> PhraseMatches {
        var result = PhraseMatches()
        guard !cursors.isEmpty else { return result }
        var starts: [UInt32] = []
        var others: [[UInt32]] = Array(repeating: [], count: cursors.count)
        EntryIntersection.forEach(&cursors) { cursors, target in
            cursors[0].occurrences(into: &starts)
            for j in 1..<cursors.count { cursors[j].occurrences(into: &others[j]) }
            var frequency = 0.0
            for start in starts {
                var found = true
                for j in 1..<cursors.count where !others[j].contains(start + UInt32(j) << 2) {
                    found = false
                    break
                }
                if found { frequency += weights[Int(start & 3)] }
            }
            if frequency > 0 {
                result.rowIDs.append(target)
                result.frequencies.append(frequency)
                result.lengths.append(cursors[0].length)
            }
        }
        return result
    }
}

/// Reads a stored title posting list one entry at a time, skipping the positions of
/// entries nobody asks about.
struct PostingCursor: EntryCursor {
    let bytes: [UInt8]
    private var offset = 0
    private(set) var rowID: Int64 = 0
    private(set) var length: Int32 = 0
    private var count = 0
    private var occurrencesAt = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    /// Moves to the next entry; false at the end.
    mutating func next() -> Bool {
        bytes.withUnsafeBytes { raw in
            for _ in 0..<count { _ = Varint.read(raw, &offset) }
            guard offset < raw.count else { return false }
            rowID += Int64(Varint.read(raw, &offset))
            length = Int32(Varint.read(raw, &offset))
            count = Int(Varint.read(raw, &offset))
            occurrencesAt = offset
            return true
        }
    }

    /// Moves to the first entry at or after `target`; false at the end.
    mutating func advance(to target: Int64) -> Bool {
        while rowID < target {
            if !next() { return false }
        }
        return true
    }

    /// The current entry's positions (`position << 2 | column`).
    func occurrences(into list: inout [UInt32]) {
        list.removeAll(keepingCapacity: true)
        bytes.withUnsafeBytes { raw in
            var at = occurrencesAt
            for _ in 0..<count { list.append(UInt32(Varint.read(raw, &at))) }
        }
    }
}
