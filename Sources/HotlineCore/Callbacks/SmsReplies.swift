import Foundation
import GRDB

/// What a replies import did. Problems are `file:line: reason`; those lines were
/// skipped and everything else applied.
public struct SmsReplyImportSummary: Sendable, Equatable {
    public var lines = 0
    /// Replies applied as callbacks, by result.
    public var applied: [CallbackResult: Int] = [:]
    /// Lines already applied by an earlier import of the same reply (re-imports are harmless).
    public var alreadyApplied = 0
    public var problems: [String] = []

    public var appliedCount: Int { applied.values.reduce(0, +) }
}

/// A line of the platform's reply file, as read.
struct SmsReplyLine: Equatable {
    var line: Int
    /// An order number (YQL-…) or a normalised phone number.
    var target: Target
    var reply: String
    var result: CallbackResult
    var repliedAt: Date

    enum Target: Equatable { case order(String), phone(String) }
}

extension SmsCallbacks {
    /// Reads the SMS platform's replies (CSV: phone or order number, reply, time; a header
    /// row optional) and applies each as an SMS callback through the work-order rules:
    /// 1 satisfied, 2 basically satisfied, 3 unsatisfied. Malformed lines, replies to no
    /// SMS we sent, and second replies to one SMS are reported by line and skipped.
    public func importReplies(path: String, identity: Identity) throws -> SmsReplyImportSummary {
        try requireOperator(identity, "导入短信回访结果")
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
        var summary = SmsReplyImportSummary()
        var lines: [SmsReplyLine] = []
        for (index, record) in records.enumerated() {
            if index == 0 && Self.isHeader(record) { continue }
            summary.lines += 1
            do { lines.append(try Self.parse(record)) } catch {
                summary.problems.append("\(path):\(record.line): \(error.description)")
            }
        }
        let callbackIdentity = Self.callbackIdentity(for: identity)
        for line in lines {
            let source = "\(path):\(line.line)"
            do {
                switch try match(line) {
                case .duplicate:
                    summary.alreadyApplied += 1
                case .conflict(let reason), .unmatched(let reason):
                    summary.problems.append("\(source): \(reason)")
                case .matched(let outboxID, let orderID, let number):
                    let note = "短信回复 \(line.reply)（\(ShanghaiTime.format(line.repliedAt))，\((path as NSString).lastPathComponent):\(line.line)）"
                    // Dated when the requester replied (never later than now), and written with its
                    // reply row in one transaction: both are there, or neither.
                    let now = store.clock.now()
                    try store.write { db in
                        _ = try WorkOrders.recordCallback(number, channel: .sms, result: line.result, note: note,
                                                          expectedVersion: nil, at: min(line.repliedAt, now),
                                                          identity: callbackIdentity, in: db)
                        try Self.recordReply(line, outboxID: outboxID, orderID: orderID, source: source, identity: identity,
                                             at: now, in: db)
                    }
                    summary.applied[line.result, default: 0] += 1
                }
            } catch let failure as any HotlineFailure {
                summary.problems.append("\(source): \(failure.description)")
            }
        }
        return summary
    }

    /// Replies are applied by the SMS platform's account: a lead importing is the
    /// callback's actor; an admin importing is recorded as acting for `sms`.
    static func callbackIdentity(for identity: Identity) -> Identity {
        guard identity.role == .admin else { return identity }
        let platform = Account(login: "sms", name: "短信平台", role: .lead, osUser: nil, createdAt: Date(timeIntervalSince1970: 0))
        return Identity(account: platform, actingAdmin: identity.account.login)
    }

    /// A first row naming its columns (phone, 手机号, 号码, 工单号, target …) rather than holding data.
    static func isHeader(_ record: CSVRecord) -> Bool {
        guard let first = record.fields.first?.trimmingCharacters(in: .whitespaces).lowercased(), !first.hasPrefix("yql-"),
              first.unicodeScalars.first.map({ !CharacterSet.decimalDigits.contains($0) && $0 != "+" }) ?? false else { return false }
        return ["phone", "mobile", "target", "number", "手机", "号码", "工单", "电话"].contains { first.contains($0) }
    }

    static func parse(_ record: CSVRecord) throws(CallbackError) -> SmsReplyLine {
        let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 3 else {
            throw .invalid(field: "列数", reason: "应为 3 列（手机号或工单号, 回复内容, 回复时间），实为 \(fields.count) 列")
        }
        let target: SmsReplyLine.Target
        let key = fields[0].uppercased()
        if key.hasPrefix("YQL-") {
            guard OrderNumberShape.matches(key) else { throw .invalid(field: "工单号", reason: "\(TextSafety.visible(fields[0])) 格式应为 YQL-YYYYMMDD-NNNN") }
            target = .order(key)
        } else {
            do { target = .phone(try PhoneNumber.normalize(fields[0])) } catch {
                throw .invalid(field: "手机号", reason: "\(TextSafety.visible(fields[0])) 不是手机号或工单号")
            }
        }
        guard let result = Self.result(of: fields[1]) else {
            throw .invalid(field: "回复内容", reason: "\"\(TextSafety.visible(String(fields[1].prefix(20))))\" 无法识别（应为 1 满意、2 基本满意、3 不满意）")
        }
        let repliedAt: Date
        do { repliedAt = try ShanghaiTime.parse(fields[2]) } catch {
            throw .invalid(field: "回复时间", reason: "\(TextSafety.visible(fields[2])) 不是时间（如 2026-11-25 10:03:00）")
        }
        return SmsReplyLine(line: record.line, target: target, reply: fields[1], result: result, repliedAt: repliedAt)
    }

    /// `1`, `2`, `3` (full-width too), optionally followed by its own label, or the label alone.
    static func result(of reply: String) -> CallbackResult? {
        let text = reply.precomposedStringWithCompatibilityMapping
            .trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "。.!！")))
        let choices: [(String, String, CallbackResult)] = [("1", "满意", .satisfied), ("2", "基本满意", .basic), ("3", "不满意", .unsatisfied)]
        for (digit, label, result) in choices where text == digit || text == label || text == digit + label || text == digit + " " + label {
            return result
        }
        return nil
    }

    enum ReplyMatch: Equatable {
        case matched(outboxID: Int64, orderID: Int64, number: String)
        case duplicate
        case conflict(String)
        case unmatched(String)
    }

    /// The SMS this reply answers: by order number, the order's SMS of its current or
    /// last round; by phone, the one SMS to that phone still waiting for a reply.
    func match(_ line: SmsReplyLine) throws -> ReplyMatch {
        try store.read { db in
            let candidates: [Row]
            switch line.target {
            case .order(let number):
                candidates = try Row.fetchAll(db, sql: """
                    SELECT s.id, s.order_id, o.number, s.sent_at, o.status, o.accepted_at = s.round_accepted_at AS current
                    FROM sms_outbox s JOIN work_order o ON o.id = s.order_id
                    WHERE o.number = ? ORDER BY s.sent_at DESC LIMIT 1
                    """, arguments: [number])
                if candidates.isEmpty { return .unmatched("没有发给工单 \(number) 的回访短信") }
            case .phone(let phone):
                candidates = try Row.fetchAll(db, sql: """
                    SELECT s.id, s.order_id, o.number, s.sent_at, o.status, o.accepted_at = s.round_accepted_at AS current
                    FROM sms_outbox s JOIN work_order o ON o.id = s.order_id
                    WHERE s.phone = ? AND s.sent_at <= ?
                      AND (NOT EXISTS (SELECT 1 FROM sms_reply r WHERE r.outbox_id = s.id)
                           OR EXISTS (SELECT 1 FROM sms_reply r WHERE r.outbox_id = s.id AND r.replied_at = ? AND r.reply = ?))
                    ORDER BY s.sent_at DESC
                    """, arguments: [phone, line.repliedAt, line.repliedAt, line.reply])
                if candidates.isEmpty { return .unmatched("没有发给 \(PhoneNumber.masked(phone)) 且在等待回复的回访短信") }
            }
            // A reply already recorded for one of them: the same line imported again.
            for row in candidates {
                if let previous = try Row.fetchOne(db, sql: "SELECT replied_at, reply FROM sms_reply WHERE outbox_id = ?",
                                                   arguments: [row["id"] as Int64]) {
                    if (previous["replied_at"] as Date) == line.repliedAt && (previous["reply"] as String) == line.reply {
                        return .duplicate
                    }
                    if case .order = line.target {
                        return .conflict("工单 \(row["number"] as String) 的回访短信已于 \(ShanghaiTime.format(previous["replied_at"])) 回复，本行未处理")
                    }
                }
            }
            let waiting = candidates.filter { ($0["status"] as String) == OrderStatus.awaitingCallback.rawValue && ($0["current"] as Bool? ?? false) }
            guard waiting.count <= 1 else {
                let numbers = waiting.map { $0["number"] as String }.joined(separator: "、")
                return .conflict("该号码有多张工单在等待短信回复（\(numbers)），请用工单号")
            }
            guard let row = waiting.first else {
                let number: String = candidates[0]["number"]
                return .unmatched("工单 \(number) 当前不在等待短信回访")
            }
            guard (row["sent_at"] as Date) <= line.repliedAt else {
                return .conflict("回复时间早于短信发出时间 \(ShanghaiTime.format(row["sent_at"]))")
            }
            return .matched(outboxID: row["id"], orderID: row["order_id"], number: row["number"])
        }
    }

    private static func recordReply(_ line: SmsReplyLine, outboxID: Int64, orderID: Int64, source: String, identity: Identity,
                                    at now: Date, in db: Database) throws {
        try db.execute(sql: """
            INSERT INTO sms_reply(outbox_id, order_id, replied_at, reply, result, source, imported_at, imported_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [outboxID, orderID, line.repliedAt, line.reply, line.result.rawValue, source, now,
                             identity.actor.recorded])
    }
}

/// `YQL-YYYYMMDD-NNNN`.
enum OrderNumberShape {
    static func matches(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 17, text.hasPrefix("YQL-"), bytes[12] == UInt8(ascii: "-") else { return false }
        return bytes[4..<12].allSatisfy { $0 >= 48 && $0 <= 57 } && bytes[13...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
