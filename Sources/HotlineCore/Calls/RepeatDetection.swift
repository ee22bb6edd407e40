import Foundation
import GRDB

/// Repeat requests (重复诉求): a new call from the same phone or the same enterprise
/// (统一社会信用代码, or the exact name when no code is known) whose content reads like an
/// order that is still open (not closed or merged) and was created in the last 30 days.
/// The console offers these for merge; nothing is merged here.
enum RepeatDetection {
    static let windowDays = 30
    static let maximumCandidates = 10

    static func candidates(phone: String?, uscc: String?, enterpriseName: String?, content: String,
                           now: Date, in db: Database) throws -> [RepeatCandidate] {
        guard phone != nil || uscc != nil || enterpriseName != nil else { return [] }
        // Bound against work_order.created_at, a stored number (`StoredInstant`).
        let since = StoredInstant.value(now.addingTimeInterval(-Double(windowDays) * 86_400))
        // One indexed lookup per key (work_order.contact_phone, .enterprise_uscc, call.caller_phone,
        // .enterprise_uscc, .enterprise_name); names on orders are looked at only within the window.
        var parts: [String] = []
        var arguments = StatementArguments()
        if let phone {
            parts.append("SELECT id, 'phone' AS matched FROM work_order WHERE contact_phone = ?")
            parts.append("SELECT o.id, 'phone' FROM call c JOIN work_order o ON o.call_id = c.id WHERE c.caller_phone = ?")
            arguments += [phone, phone]
        }
        if let uscc {
            parts.append("SELECT id, 'uscc' FROM work_order WHERE enterprise_uscc = ?")
            parts.append("SELECT o.id, 'uscc' FROM call c JOIN work_order o ON o.call_id = c.id WHERE c.enterprise_uscc = ?")
            arguments += [uscc, uscc]
        }
        if let enterpriseName {
            parts.append("SELECT id, 'enterprise_name' FROM work_order WHERE created_at >= ? AND enterprise_name = ?")
            parts.append("SELECT o.id, 'enterprise_name' FROM call c JOIN work_order o ON o.call_id = c.id WHERE c.enterprise_name = ?")
            arguments += [since, enterpriseName, enterpriseName]
        }
        let sql = """
            WITH matched(id, matched) AS (\(parts.joined(separator: " UNION ")))
            SELECT \(OrderSummary.selection), group_concat(DISTINCT m.matched) AS matched_by
            FROM matched m JOIN work_order o ON o.id = m.id \(OrderSummary.departmentJoin)
            WHERE o.status NOT IN ('closed', 'merged') AND o.created_at >= ?
            GROUP BY o.id
            """
        arguments += [since]
        let synonyms = try ContentSimilarity.Synonyms.load(db)
        let terms = ContentSimilarity.terms(content, synonyms: synonyms)
        var result: [RepeatCandidate] = []
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            let order = OrderSummary(row: row)
            let score = ContentSimilarity.score(terms, ContentSimilarity.terms(order.title + "\n" + order.content, synonyms: synonyms))
            guard score >= ContentSimilarity.threshold else { continue }
            let keys = Set(((row["matched_by"] as String?) ?? "").split(separator: ",").map(String.init))
            let matchedBy = RepeatCandidate.Match.allCases.filter { keys.contains($0.rawValue) }
            result.append(RepeatCandidate(order: order, similarity: score, matchedBy: matchedBy))
        }
        result.sort { ($0.similarity, $0.order.createdAt, $0.order.id) > ($1.similarity, $1.order.createdAt, $1.order.id) }
        return Array(result.prefix(maximumCandidates))
    }
}
