import Foundation
import GRDB

/// One call detail record of the telephony system.
public struct CallDetailRecord: Sendable, Equatable {
    public var callRef: String
    public var queue: String
    public var offeredAt: Date
    public var answeredAt: Date?
    public var endedAt: Date
    public var agent: String?
    public var caller: String?

    var waitSeconds: Int {
        Int(((answeredAt ?? endedAt).timeIntervalSince(offeredAt)).rounded(.down))
    }
}

public struct CallRecordImportSummary: Sendable, Equatable {
    public var rows = 0
    public var added = 0
    /// Already stored with the same content: a file imported again changes nothing.
    public var unchanged = 0
    /// Already stored, and the telephony system has since corrected the record.
    public var updated = 0
    public var firstOffered: Date?
    public var lastOffered: Date?
}

/// `hotline cdr import`: the telephony system's call detail records (CSV: call id, queue,
/// offered at, answered at or empty, ended at, agent, caller; a header row optional).
/// One transaction: any bad row rejects the file, every problem named as file:line.
public struct CallRecords: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    static let headerWords = ["call", "id", "queue", "呼叫", "编号", "队列", "话务"]

    public func importFile(path: String, identity: Identity) throws -> CallRecordImportSummary {
        try identity.require(.admin, .lead, for: "导入话务记录")
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ReportError.unreadableFile(path: path, reason: "无法读取文件")
        }
        guard let (text, _) = TextDecoding.decode(data) else {
            throw ReportError.badRows(["\(path):\(TextDecoding.lineOfFirstInvalidUTF8(data)): 既不是 UTF-8 也不是 GB18030 编码"])
        }
        let records: [CSVRecord]
        do { records = try CSVReader.records(text) } catch {
            switch error {
            case .unterminatedQuote(let line): throw ReportError.badRows(["\(path):\(line): 引号没有闭合"])
            case .textAfterQuote(let line): throw ReportError.badRows(["\(path):\(line): 引号后有多余内容"])
            }
        }
        var problems: [String] = []
        var parsed: [(line: Int, record: CallDetailRecord)] = []
        var seen: [String: (Int, CallDetailRecord)] = [:]
        for (index, record) in records.enumerated() {
            if index == 0, let first = record.fields.first?.lowercased(), Self.headerWords.contains(where: first.contains),
               record.fields.count > 2, (try? ShanghaiTime.parse(record.fields[2])) == nil { continue }
            do {
                let cdr = try Self.parse(record.fields)
                if let (line, earlier) = seen[cdr.callRef], earlier != cdr {
                    problems.append("\(path):\(record.line): 呼叫编号 \(cdr.callRef) 与第 \(line) 行重复且内容不同")
                    continue
                }
                seen[cdr.callRef] = (record.line, cdr)
                parsed.append((record.line, cdr))
            } catch {
                problems.append("\(path):\(record.line): \(error.description)")
            }
        }
        guard problems.isEmpty else { throw ReportError.badRows(problems) }
        let now = store.clock.now()
        return try store.write { db in
            var summary = CallRecordImportSummary()
            let lookup = try db.makeStatement(sql: "SELECT queue, offered_at, answered_at, ended_at, agent, caller FROM cdr WHERE call_ref = ?")
            let insert = try db.makeStatement(sql: """
                INSERT INTO cdr(call_ref, queue, offered_at, answered_at, ended_at, answered, wait_seconds, agent, caller, imported_at, imported_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(call_ref) DO UPDATE SET queue = excluded.queue, offered_at = excluded.offered_at,
                  answered_at = excluded.answered_at, ended_at = excluded.ended_at, answered = excluded.answered,
                  wait_seconds = excluded.wait_seconds, agent = excluded.agent, caller = excluded.caller,
                  imported_at = excluded.imported_at, imported_by = excluded.imported_by
                """)
            var done = Set<String>()
            for (_, cdr) in parsed where done.insert(cdr.callRef).inserted {
                summary.rows += 1
                summary.firstOffered = min(summary.firstOffered ?? cdr.offeredAt, cdr.offeredAt)
                summary.lastOffered = max(summary.lastOffered ?? cdr.offeredAt, cdr.offeredAt)
                if let row = try Row.fetchOne(lookup, arguments: [cdr.callRef]) {
                    let stored = CallDetailRecord(callRef: cdr.callRef, queue: row["queue"], offeredAt: row["offered_at"],
                                                  answeredAt: row["answered_at"], endedAt: row["ended_at"], agent: row["agent"],
                                                  caller: row["caller"])
                    if stored == cdr { summary.unchanged += 1; continue }
                    summary.updated += 1
                } else {
                    summary.added += 1
                }
                try insert.execute(arguments: [cdr.callRef, cdr.queue, cdr.offeredAt, cdr.answeredAt, cdr.endedAt,
                                               cdr.answeredAt != nil, cdr.waitSeconds, cdr.agent, cdr.caller, now,
                                               identity.actor.recorded])
            }
            return summary
        }
    }

    static func parse(_ raw: [String]) throws(CallbackError) -> CallDetailRecord {
        let fields = raw.map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 7 else {
            throw .invalid(field: "列数", reason: "应为 7 列（呼叫编号, 队列, 进线时间, 接听时间, 结束时间, 坐席, 主叫），实为 \(fields.count) 列")
        }
        guard (1...64).contains(fields[0].count), !TextSafety.needsCleaning(fields[0]) else {
            throw .invalid(field: "呼叫编号", reason: "应为 1 到 64 个字符")
        }
        guard (1...64).contains(fields[1].count), !TextSafety.needsCleaning(fields[1]) else {
            throw .invalid(field: "队列", reason: "应为 1 到 64 个字符")
        }
        func instant(_ text: String, _ name: String) throws(CallbackError) -> Date {
            do {
                // Whole seconds: the waits are counted in seconds and a record must compare
                // equal to itself when imported again.
                return Date(timeIntervalSince1970: try ShanghaiTime.parse(text).timeIntervalSince1970.rounded(.down))
            } catch { throw .invalid(field: name, reason: "\(TextSafety.visible(text)) 不是时间（如 2026-11-02 09:00:05）") }
        }
        let offered = try instant(fields[2], "进线时间")
        let answered = fields[3].isEmpty ? nil : try instant(fields[3], "接听时间")
        let ended = try instant(fields[4], "结束时间")
        if let answered, answered < offered { throw .invalid(field: "接听时间", reason: "早于进线时间") }
        if ended < (answered ?? offered) { throw .invalid(field: "结束时间", reason: "早于\(answered == nil ? "进线" : "接听")时间") }
        guard fields[5].count <= 64, fields[6].count <= 64 else { throw .invalid(field: "坐席/主叫", reason: "超过 64 个字符") }
        let caller = fields[6].isEmpty ? nil : ((try? PhoneNumber.normalize(fields[6])) ?? TextSafety.visible(fields[6]))
        return CallDetailRecord(callRef: fields[0], queue: fields[1], offeredAt: offered, answeredAt: answered, endedAt: ended,
                                agent: fields[5].isEmpty ? nil : TextSafety.visible(fields[5]), caller: caller)
    }
}
