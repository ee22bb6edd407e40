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
    /// Per token slot: its list number in `lists` (or -1), and scratch for grouping an
    /// entry's places without a sort (a stamp marks the slots the entry touched), side by
    /// side so that a slot costs one cache miss.
    private struct SlotState {
        var list: Int32
        var stamp: Int32
        var count: Int32
        var offset: Int32
    }

    private var states: [SlotState] = []
    private let lists = ByteLists()
    private var slotOfList: [Int32] = []

    /// This entry's (slot, position) pairs.
    private var pairs: [(slot: Int32, position: UInt32)] = []
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
        if states.count < slots {
            states.append(contentsOf: repeatElement(SlotState(list: -1, stamp: 0, count: 0, offset: 0), count: slots - states.count))
        }
        stamp &+= 1
        if stamp == 0 { stamp = 1; for i in states.indices { states[i].stamp = 0 } }
        touched.removeAll(keepingCapacity: true)
        if grouped.count < pairs.count { grouped = Array(repeating: 0, count: pairs.count * 2) }
        let current = self.stamp
        var total = 0
        let lists = self.lists
        // Worked on as locals (moved out and back), so that the buffers are borrowed
        // without copies or exclusivity checks.
        var slotStates = self.states
        self.states = []
        var groupedPlaces = self.grouped
        self.grouped = []
        var touchedSlots = self.touched
        self.touched = []
        var listSlots = self.slotOfList
        self.slotOfList = []
        defer {
            self.states = slotStates
            self.grouped = groupedPlaces
            self.touched = touchedSlots
            self.slotOfList = listSlots
        }
        let entryPairs = self.pairs
        slotStates.withUnsafeMutableBufferPointer { states in
            for pair in entryPairs {
                let slot = Int(pair.slot)
                if states[slot].stamp != current {
                    states[slot].stamp = current
                    states[slot].count = 0
                    touchedSlots.append(pair.slot)
                }
                states[slot].count += 1
            }
            var running: Int32 = 0
            for slot in touchedSlots {
                states[Int(slot)].offset = running
                running += states[Int(slot)].count
            }
            groupedPlaces.withUnsafeMutableBufferPointer { grouped in
                for pair in entryPairs {
                    let slot = Int(pair.slot)
                    grouped[Int(states[slot].offset)] = pair.position
                    states[slot].offset += 1
                }
                for slot32 in touchedSlots {
                    let slot = Int(slot32)
                    var list = states[slot].list
                    if list < 0 {
                        list = Int32(lists.append())
                        states[slot].list = list
                        listSlots.append(slot32)
                    }
                    let count = Int(states[slot].count)
                    let end = Int(states[slot].offset)
                    let header = lists.header(Int(list))
                    let record = ByteLists.reserve(header, 10 * (count + 2))
                    var n = Varint.write(UInt64(rowID - header.pointee.last), to: record, at: 0)
                    n = Varint.write(UInt64(count), to: record, at: n)
                    var previous: UInt32 = 0
                    for index in (end - count)..<end {
                        let position = grouped[index]
                        n = Varint.write(UInt64(position - previous), to: record, at: n)
                        previous = position
                    }
                    header.pointee.size += n
                    header.pointee.last = rowID
                    total += n
                }
            }
        }
        byteCount += total
        self.pairs.removeAll(keepingCapacity: true)
    }

    /// The list of a token slot gathered so far (stale entries at query time).
    func list(slot: Int) -> [UInt8]? {
        guard slot < states.count, states[slot].list >= 0 else { return nil }
        return lists.bytes(Int(states[slot].list))
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
            states[Int(slot)].list = -1
        }
        rows.append(.init(term: BodySegment.lengthsTerm, postings: lengths))
        lists.removeAll()
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
