/// A posting list read one entry at a time, in ascending entry order.
protocol EntryCursor {
    var rowID: Int64 { get }
    /// Moves to the next entry; false at the end.
    mutating func next() -> Bool
    /// Moves to the first entry at or after `target`; false at the end.
    mutating func advance(to target: Int64) -> Bool
}

enum EntryIntersection {
    /// Calls `body` for each entry every cursor holds, with all cursors standing on it:
    /// each cursor leaps to the highest entry any other stands on, so a rare token's list
    /// sets the pace and a common one's is skipped through rather than read.
    static func forEach<Cursor: EntryCursor>(_ cursors: inout [Cursor], _ body: (inout [Cursor], Int64) -> Void) {
        guard !cursors.isEmpty else { return }
        for i in cursors.indices where !cursors[i].next() { return }
        var target = cursors.map(\.rowID).max()!
        while true {
            var aligned = true
            for i in cursors.indices {
                guard cursors[i].advance(to: target) else { return }
                if cursors[i].rowID > target {
                    target = cursors[i].rowID
                    aligned = false
                }
            }
            guard aligned else { continue }
            body(&cursors, target)
            guard cursors[0].next() else { return }
            target = cursors[0].rowID
        }
    }
}
