import Foundation
import GRDB

/// A point of the chain written down outside the database (`hotline audit verify`
/// prints it; `hotline backup` too). The chain alone proves that nobody changed an event
/// without recomputing every hash after it; an anchor kept elsewhere proves that nobody
/// did that either, up to the anchored event.
public struct AuditAnchor: Sendable, Equatable, CustomStringConvertible {
    public var eventID: Int64
    public var hash: String

    public init(eventID: Int64, hash: String) {
        self.eventID = eventID
        self.hash = hash
    }

    /// `ID:HASH`, as printed.
    public init(text: String) throws(AuditError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = Int64(parts[0]), id > 0,
              parts[1].count == 64, parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw .badAnchor(text)
        }
        self.init(eventID: id, hash: parts[1])
    }

    public var description: String { "\(eventID):\(hash)" }
}

/// Where the chain first fails, and why.
public struct AuditBreak: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The event's content no longer gives its stored hash: it was edited.
        case contentChanged
        /// The event does not point at the event before it: one was removed, inserted or rehashed.
        case linkBroken
        /// Event ids jump: events `missing` were removed.
        case missing(ClosedRange<Int64>)
        /// The event has no hash at all.
        case unsealed
        /// Events after the last one stored were removed (the id counter is higher).
        case tailRemoved(lastStored: Int64, highestIssued: Int64)
        /// The anchor written down earlier does not match.
        case anchorMismatch(AuditAnchor)
    }

    public var eventID: Int64
    public var orderNumber: String?
    public var sequence: Int?
    public var reason: Reason

    public var description: String {
        let place = "事件 #\(eventID)" + (orderNumber.map { "（工单 \($0) 第 \(sequence ?? 0) 条）" } ?? "")
        switch reason {
        case .contentChanged: return "\(place)的内容与其哈希不符：该事件被改动过"
        case .linkBroken: return "\(place)的 prev_tag 与前一事件的哈希不符：其前的事件被改动、删除、插入或重算过"
        case .missing(let range):
            let gap = range.lowerBound == range.upperBound ? "#\(range.lowerBound)" : "#\(range.lowerBound)–#\(range.upperBound)"
            return "\(place)之前缺少事件 \(gap)：事件被删除过"
        case .unsealed: return "\(place)没有有效的哈希：不是经由本程序写入的"
        case .tailRemoved(let last, let highest):
            return "最后一个事件为 #\(last)，但曾写入到 #\(highest)：末尾的事件被删除过"
        case .anchorMismatch(let anchor):
            return "\(place)与记录的锚点 \(anchor) 不符：链被整体重算过"
        }
    }
}

/// The outcome of walking the whole chain.
public struct AuditReport: Sendable, Equatable {
    public var events: Int
    /// The last event: write it down as an anchor for later checks.
    public var head: AuditAnchor?
    public var firstBreak: AuditBreak?

    public var isIntact: Bool { firstBreak == nil }
}

public enum AuditError: HotlineFailure, Equatable {
    case badAnchor(String)
    case broken(AuditBreak)

    public var description: String {
        switch self {
        case .badAnchor(let text):
            return "--anchor: 应为 事件编号:64 位小写十六进制哈希（如 hotline audit verify 所印），收到 \(TextSafety.visible(text))"
        case .broken(let found):
            return "审计链校验失败：\(found)"
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .badAnchor: return .usage
        case .broken: return .badData
        }
    }
}

/// Recomputes the chain over the whole log, oldest event first.
public enum AuditVerification {
    public static func verify(_ store: HotlineStore, anchor: AuditAnchor? = nil, identity: Identity) throws -> AuditReport {
        try identity.require(.admin, for: "校验审计链")
        return try store.read { db in
            try identity.confirmActive(in: db)
            return try verify(in: db, anchor: anchor)
        }
    }

    static func verify(in db: Database, anchor: AuditAnchor? = nil) throws -> AuditReport {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT \(AuditChain.columnList), prev_tag, hash FROM order_event ORDER BY id
            """)
        var report = AuditReport(events: 0, head: nil, firstBreak: nil)
        var previous = AuditChain.genesis
        var expectedID: Int64 = 1
        var anchorSeen = false
        // The last event that verified, as an anchor; written out once, not per event.
        func head() -> AuditAnchor? {
            report.events > 0 ? AuditAnchor(eventID: expectedID - 1, hash: AuditChain.hex(previous)) : nil
        }
        func fail(_ row: Row, _ reason: AuditBreak.Reason) throws -> AuditReport {
            report.head = head()
            let orderID: Int64 = row["order_id"]
            let number = try String.fetchOne(db, sql: "SELECT number FROM work_order WHERE id = ?", arguments: [orderID])
            report.firstBreak = AuditBreak(eventID: row["id"], orderNumber: number, sequence: row["sequence"], reason: reason)
            return report
        }
        while let row = try rows.next() {
            let id: Int64 = row["id"]
            if id != expectedID { return try fail(row, .missing(expectedID...(id - 1))) }
            guard let stored: Data = row["hash"], stored.count == AuditChain.hashLength,
                  let tag: Data = row["prev_tag"] else { return try fail(row, .unsealed) }
            if tag != AuditChain.tag(previous) { return try fail(row, .linkBroken) }
            if AuditChain.hash(previous: previous, values: AuditChain.values(of: row)) != stored {
                return try fail(row, .contentChanged)
            }
            if let anchor, anchor.eventID == id {
                anchorSeen = true
                if anchor.hash != AuditChain.hex(stored) { return try fail(row, .anchorMismatch(anchor)) }
            }
            report.events += 1
            previous = stored
            expectedID = id + 1
        }
        report.head = head()
        // AUTOINCREMENT remembers the highest id ever issued; a lower last id means the
        // newest events were deleted.
        let issued = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'order_event'") ?? 0
        if issued > expectedID - 1 {
            report.firstBreak = AuditBreak(eventID: expectedID, orderNumber: nil, sequence: nil,
                                           reason: .tailRemoved(lastStored: expectedID - 1, highestIssued: issued))
            return report
        }
        if let anchor, !anchorSeen {
            report.firstBreak = AuditBreak(eventID: anchor.eventID, orderNumber: nil, sequence: nil,
                                           reason: .anchorMismatch(anchor))
        }
        return report
    }
}
