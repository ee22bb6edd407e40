import Foundation

/// The answer column's postings, gathered entry by entry and handed out in segments.
///
/// Answers are four fifths of a base's tokens, so their postings are the bulk of the
/// index: a large import or rebuild writes them in segments of consecutive entries
/// (`knowledge_search_body`, one row per token and segment) instead of holding the whole
/// base's lists in memory. A record is the entry's row id (delta from the previous
/// record of the segment's list), the number of places, and the places as answer
/// positions (the first as it is, then gaps). The segment's entry lengths (all columns,
/// in index positions, for BM25) are stored as one more list under the empty term.
struct BodyPostingsBuilder {
    /// Token slot → list number in `lists`, or -1.
    private var listOfSlot: [Int32] = []
    private let lists = ByteLists()
    private var listLast: [Int64] = []
    private var slotOfList: [Int32] = []

    /// This entry's (slot, position) pairs, and per-slot scratch for grouping them
    /// without a sort: a stamp marks the slots the entry touched.
    private var pairs: [(slot: Int32, position: UInt32)] = []
    private var stampOfSlot: [Int32] = []
    private var countOfSlot: [Int32] = []
    private var offsetOfSlot: [Int32] = []
    private var touched: [Int32] = []
    private var grouped: [UInt32] = []
    private var stamp: Int32 = 0

    private var lengths: [UInt8] = []
    private var lengthLast: Int64 = 0
    private(set) var firstRowID: Int64? = nil
    /// Bytes held, to decide when to hand out a segment.
    private(set) var byteCount = 0

    @inline(__always)
    mutating func add(slot: Int, position: Int) {
        pairs.append((Int32(slot), UInt32(position)))
    }

    /// Turns the pairs added since the last call into records of `rowID`, and notes the
    /// entry's length. `slots` is the number of token slots known so far.
    mutating func finishEntry(rowID: Int64, length: Int, slots: Int) {
        if firstRowID == nil { firstRowID = rowID }
        Varint.append(UInt64(rowID - lengthLast), to: &lengths)
        Varint.append(UInt64(length), to: &lengths)
        lengthLast = rowID
        while listOfSlot.count < slots {
            listOfSlot.append(-1)
            stampOfSlot.append(0)
            countOfSlot.append(0)
            offsetOfSlot.append(0)
        }
        stamp &+= 1
        if stamp == 0 { stamp = 1; for i in stampOfSlot.indices { stampOfSlot[i] = 0 } }
        touched.removeAll(keepingCapacity: true)
        for pair in pairs {
            let slot = Int(pair.slot)
            if stampOfSlot[slot] != stamp {
                stampOfSlot[slot] = stamp
                countOfSlot[slot] = 0
                touched.append(pair.slot)
            }
            countOfSlot[slot] += 1
        }
        var running: Int32 = 0
        for slot in touched {
            offsetOfSlot[Int(slot)] = running
            running += countOfSlot[Int(slot)]
        }
        if grouped.count < Int(running) { grouped = Array(repeating: 0, count: Int(running) * 2) }
        for pair in pairs {
            let slot = Int(pair.slot)
            grouped[Int(offsetOfSlot[slot])] = pair.position
            offsetOfSlot[slot] += 1
        }
        pairs.removeAll(keepingCapacity: true)
        for slot32 in touched {
            let slot = Int(slot32)
            var list = listOfSlot[slot]
            if list < 0 {
                list = Int32(lists.append())
                listOfSlot[slot] = list
                listLast.append(0)
                slotOfList.append(slot32)
            }
            let l = Int(list)
            let count = Int(countOfSlot[slot])
            let end = Int(offsetOfSlot[slot])
            let record = lists.reserve(l, 10 * (count + 2))
            var n = Varint.write(UInt64(rowID - listLast[l]), to: record, at: 0)
            n = Varint.write(UInt64(count), to: record, at: n)
            var previous: UInt32 = 0
            for index in (end - count)..<end {
                let position = grouped[index]
                n = Varint.write(UInt64(position - previous), to: record, at: n)
                previous = position
            }
            lists.advance(l, n)
            listLast[l] = rowID
            byteCount += n
        }
    }

    /// The list of a token slot gathered so far (stale entries at query time).
    func list(slot: Int) -> [UInt8]? {
        guard slot < listOfSlot.count, listOfSlot[slot] >= 0 else { return nil }
        return lists.bytes(Int(listOfSlot[slot]))
    }

    /// The entry lengths gathered so far.
    var lengthList: [UInt8] { lengths }

    /// Hands out everything gathered since the last segment and starts a new one.
    mutating func takeSegment(term: (Int) -> String) -> BodySegment? {
        guard let firstRowID else { return nil }
        var rows: [BodySegment.Row] = []
        rows.reserveCapacity(lists.count + 1)
        for (list, slot) in slotOfList.enumerated() {
            rows.append(.init(term: term(Int(slot)), postings: lists.bytes(list)))
            listOfSlot[Int(slot)] = -1
        }
        rows.append(.init(term: BodySegment.lengthsTerm, postings: lengths))
        lists.removeAll()
        listLast = []
        slotOfList = []
        lengths = []
        lengthLast = 0
        byteCount = 0
        self.firstRowID = nil
        return BodySegment(firstRowID: firstRowID, rows: rows)
    }
}

/// Answer postings of consecutive entries, as stored: one row per token.
struct BodySegment: Sendable {
    struct Row: Sendable {
        var term: String
        var postings: [UInt8]
    }

    /// The list of entry lengths is stored under a term no token can be.
    static let lengthsTerm = ""

    var firstRowID: Int64
    var rows: [Row]
}
