import Foundation

/// BM25 over every column (question, keywords, category, answer) from the search
/// index: the title postings for the first three and the answer postings
/// (`knowledge_search_body`) for the fourth, with FTS5's formula and our column weights.
/// Search asks for it only when titles give too few candidates; a term is a phrase of
/// the query tokenizer's tokens at consecutive positions of one column, and a single
/// character counts every place it stands in (FTS5's prefix query `保*`).
enum BodyRanker {
    static let answerWeight = KnowledgeBase.columnWeights.answer

    /// Every entry holding one of the plan's terms in any column, with its BM25.
    static func score(_ plan: QueryPlan, index: SearchIndexReader) throws -> TitleRanker.Scored {
        var total = TitleRanker.Scored()
        for term in plan.terms {
            let title = try TitleRanker.matches(of: term, index: index)
            let body = try matches(of: term, index: index)
            var union = TitleRanker.PhraseMatches()
            union.rowIDs.reserveCapacity(max(title.count, body.count))
            var i = 0, j = 0
            while i < title.count || j < body.count {
                if j >= body.count || (i < title.count && title.rowIDs[i] < body.rowIDs[j]) {
                    union.append(title, i)
                    i += 1
                } else if i >= title.count || body.rowIDs[j] < title.rowIDs[i] {
                    union.rowIDs.append(body.rowIDs[j])
                    union.frequencies.append(Double(body.counts[j]) * answerWeight)
                    union.lengths.append(try index.length(of: body.rowIDs[j]))
                    j += 1
                } else {
                    union.rowIDs.append(title.rowIDs[i])
                    union.frequencies.append(title.frequencies[i] + Double(body.counts[j]) * answerWeight)
                    union.lengths.append(title.lengths[i])
                    i += 1
                    j += 1
                }
            }
            total = TitleRanker.merged(total, TitleRanker.bm25(union, index: index))
        }
        return total
    }

    /// Entries whose answer holds the term, with the number of places.
    struct Matches {
        var rowIDs: [Int64] = []
        var counts: [Int32] = []
        var count: Int { rowIDs.count }

        static func merged(_ a: Matches, _ b: Matches) -> Matches {
            if b.count == 0 { return a }
            if a.count == 0 { return b }
            var result = Matches()
            var i = 0, j = 0
            while i < a.count || j < b.count {
                if j >= b.count || (i < a.count && a.rowIDs[i] < b.rowIDs[j]) {
                    result.rowIDs.append(a.rowIDs[i]); result.counts.append(a.counts[i]); i += 1
                } else {
                    result.rowIDs.append(b.rowIDs[j]); result.counts.append(b.counts[j]); j += 1
                }
            }
            return result
        }
    }

    static func matches(of term: String, index: SearchIndexReader) throws -> Matches {
        let tokens = HanTextTokenizer.tokens(term, mode: .query)
        guard let last = tokens.last else { return Matches() }
        // A term ending in a lone character matches whatever that character starts: the
        // answers hold a character inside a run only as the first half of a bigram.
        let prefix = last.kind == .hanUnigram ? last.text.unicodeScalars.first : nil
        let stale = index.staleEntries
        var cursors: [BodyCursor] = []
        for (position, token) in tokens.enumerated() {
            if position == tokens.count - 1, let prefix {
                cursors.append(BodyCursor(segments: try index.storedBodyPostings(startingWith: prefix)))
            } else {
                cursors.append(BodyCursor(segments: try index.storedBodyPostings(of: token.text)))
            }
        }
        var result = matches(&cursors, excluding: stale)
        if !stale.isEmpty {
            var fresh: [BodyCursor] = []
            for (position, token) in tokens.enumerated() {
                if position == tokens.count - 1, let prefix {
                    fresh.append(BodyCursor(segments: [index.staleBodyPostings(startingWith: prefix)]))
                } else {
                    fresh.append(BodyCursor(segments: [index.staleBodyPostings(of: token.text)]))
                }
            }
            result = Matches.merged(result, matches(&fresh, excluding: []))
        }
        return result
    }

    /// The entries where the cursors' tokens stand at consecutive answer positions.
    static func matches(_ cursors: inout [BodyCursor], excluding excluded: Set<Int64>) -> Matches {
        var result = Matches()
        guard !cursors.isEmpty else { return result }
        if cursors.count == 1 {
            while cursors[0].next() {
                if !excluded.isEmpty && excluded.contains(cursors[0].rowID) { continue }
                result.rowIDs.append(cursors[0].rowID)
                result.counts.append(Int32(cursors[0].count))
            }
            return result
        }
        var starts: [UInt32] = []
        var others: [[UInt32]] = Array(repeating: [], count: cursors.count)
        EntryIntersection.forEach(&cursors) { cursors, target in
            guard excluded.isEmpty || !excluded.contains(target) else { return }
            cursors[0].positions(into: &starts)
            for j in 1..<cursors.count { cursors[j].positions(into: &others[j]) }
            var places: Int32 = 0
            for start in starts {
                var found = true
                for j in 1..<cursors.count where !others[j].contains(start + UInt32(j)) {
                    found = false
                    break
                }
                if found { places += 1 }
            }
            if places > 0 {
                result.rowIDs.append(target)
                result.counts.append(places)
            }
        }
        return result
    }
}

/// Reads a token's answer postings, segment after segment, one entry at a time,
/// skipping the positions of entries nobody asks about.
struct BodyCursor: EntryCursor {
    private let segments: [[UInt8]]
    private var segment = 0
    private var offset = 0
    private(set) var rowID: Int64 = 0
    private(set) var count = 0
    private var positionsAt = 0
    private var onEntry = false

    init(segments: [[UInt8]]) { self.segments = segments }

    /// Moves to the next entry; false at the end.
    mutating func next() -> Bool {
        while segment < segments.count {
            let found: Bool = segments[segment].withUnsafeBytes { raw in
                if onEntry { for _ in 0..<count { _ = Varint.read(raw, &offset) } }
                guard offset < raw.count else { return false }
                // Each segment's row ids start from zero.
                rowID += Int64(Varint.read(raw, &offset))
                count = Int(Varint.read(raw, &offset))
                positionsAt = offset
                return true
            }
            if found {
                onEntry = true
                return true
            }
            segment += 1
            offset = 0
            rowID = 0
            count = 0
            onEntry = false
        }
        return false
    }

    /// Moves to the first entry at or after `target`; false at the end.
    mutating func advance(to target: Int64) -> Bool {
        while !onEntry || rowID < target {
            if !next() { return false }
        }
        return true
    }

    /// The current entry's answer positions.
    func positions(into list: inout [UInt32]) {
        list.removeAll(keepingCapacity: true)
        segments[segment].withUnsafeBytes { raw in
            var at = positionsAt
            var position: UInt32 = 0
            for _ in 0..<count {
                position += UInt32(Varint.read(raw, &at))
                list.append(position)
            }
        }
    }
}

/// The union of several answer posting lists of the same entries' range, as one list in
/// the stored format: an entry's places from every list, in order.
enum BodyPostingsUnion {
    static func merged(_ lists: [[UInt8]]) -> [UInt8] {
        if lists.isEmpty { return [] }
        if lists.count == 1 { return lists[0] }
        var places: [(rowID: Int64, position: UInt32)] = []
        for list in lists {
            var cursor = BodyCursor(segments: [list])
            var positions: [UInt32] = []
            while cursor.next() {
                cursor.positions(into: &positions)
                for position in positions { places.append((cursor.rowID, position)) }
            }
        }
        places.sort { $0.rowID < $1.rowID || ($0.rowID == $1.rowID && $0.position < $1.position) }
        var result: [UInt8] = []
        var index = 0
        var last: Int64 = 0
        while index < places.count {
            let rowID = places[index].rowID
            var end = index + 1
            while end < places.count && places[end].rowID == rowID { end += 1 }
            Varint.append(UInt64(rowID - last), to: &result)
            Varint.append(UInt64(end - index), to: &result)
            var previous: UInt32 = 0
            for place in places[index..<end] {
                Varint.append(UInt64(place.position - previous), to: &result)
                previous = place.position
            }
            last = rowID
            index = end
        }
        return result
    }
}
