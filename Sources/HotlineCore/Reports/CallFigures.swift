import Foundation
import GRDB

/// 接通率 from the telephony system's call detail records.
public struct ConnectionFigures: Sendable, Equatable {
    public var offered = 0
    public var answered = 0
    /// answered / offered.
    public var connection = Rate.empty
    /// Answered within 15 s of being offered / offered (GB/T 33358-2016).
    public var within15s = Rate.empty
    /// Answered within 30 s / offered (the Jiangsu 30-second figure).
    public var within30s = Rate.empty
    /// Mean seconds from offered to answered, over answered calls; nil when none.
    public var averageWaitSeconds: Double?
    /// The queue counted, or nil for every queue.
    public var queue: String?

    static func count(_ period: ReportPeriod, queue: String?, in db: Database) throws -> ConnectionFigures {
        // Summed from the daily counts (migration v13), which the record triggers keep.
        let row = try Row.fetchOne(db, sql: """
            SELECT coalesce(sum(offered), 0) AS offered, coalesce(sum(answered), 0) AS answered,
                   coalesce(sum(within15), 0) AS w15, coalesce(sum(within30), 0) AS w30, coalesce(sum(waited), 0) AS waited
            FROM report_cdr_day WHERE day >= ? AND day <= ? AND (? IS NULL OR queue = ?)
            """, arguments: [period.first.iso, period.last.iso, queue, queue])!
        var figures = ConnectionFigures()
        figures.queue = queue
        figures.offered = row["offered"]
        figures.answered = row["answered"]
        figures.connection = Rate(figures.answered, of: figures.offered)
        figures.within15s = Rate(row["w15"], of: figures.offered)
        figures.within30s = Rate(row["w30"], of: figures.offered)
        let waited: Int = row["waited"]
        figures.averageWaitSeconds = figures.answered == 0 ? nil : Double(waited) / Double(figures.answered)
        return figures
    }
}

/// What became of the calls received in a period (在线答复率).
public struct CallFigures: Sendable, Equatable {
    public var received = 0
    public var byOutcome: [Call.Outcome: Int] = [:]
    /// Enterprise-tagged calls among those received (counted for hotspots, not for the KPI).
    public var enterprise = 0

    public init() {}

    /// Calls accepted: in scope and concluded (knowledge, specialist, order, transferred);
    /// out-of-scope calls and calls still open are not counted.
    public var accepted: Int {
        [Call.Outcome.knowledge, .specialist, .order, .transferred].reduce(0) { $0 + byOutcome[$1, default: 0] }
    }

    /// Answered on the call, from the knowledge base or by a specialist / accepted.
    public var onlineAnswer: Rate {
        Rate(byOutcome[.knowledge, default: 0] + byOutcome[.specialist, default: 0], of: accepted)
    }

    public var enterpriseShare: Rate { Rate(enterprise, of: received) }

    static func + (a: CallFigures, b: CallFigures) -> CallFigures {
        var sum = a
        sum.received += b.received
        sum.enterprise += b.enterprise
        for (outcome, n) in b.byOutcome { sum.byOutcome[outcome, default: 0] += n }
        return sum
    }
}

/// The department a call is attributed to: the knowledge entry's owner when answered
/// from the base, the specialist's department when a specialist resolved it, the
/// department of the order raised from it; none otherwise.
enum CallAttribution {
    static func departmentSQL(_ alias: String) -> String {
        """
        CASE \(alias).outcome
          WHEN 'knowledge' THEN (SELECT k.department_id FROM knowledge_entry k WHERE k.id = \(alias).knowledge_entry_id)
          WHEN 'specialist' THEN (SELECT s.department_id FROM three_way_call w JOIN specialist s ON s.id = w.specialist_id
                                  WHERE w.call_id = \(alias).id AND w.resolved = 1 ORDER BY w.id DESC LIMIT 1)
          WHEN 'order' THEN (SELECT w.department_id FROM work_order w WHERE w.call_id = \(alias).id ORDER BY w.id LIMIT 1)
        END
        """
    }

    /// Calls received in the period by outcome; per department when `byDepartment`
    /// (otherwise everything under nil, which skips the attribution lookups), and the
    /// 企业-tagged ones when `countEnterprise` (a lookup per call, so only when wanted).
    static func count(_ period: ReportPeriod, scope: ReportScope, byDepartment: Bool, countEnterprise: Bool = true,
                      in db: Database) throws -> [Int64?: CallFigures] {
        let (tag, tagArguments) = scope.callTagCondition("c")
        let grouped = byDepartment || scope.department != nil
        let department = grouped ? departmentSQL("c") : "NULL"
        var result: [Int64?: CallFigures] = [:]
        if !grouped && !countEnterprise && scope.tag == nil {
            // Centre-wide: the period's days from the daily counts (migration v13).
            var figures = CallFigures()
            for row in try Row.fetchAll(db, sql: """
                SELECT outcome, sum(calls) FROM report_call_day WHERE day >= ? AND day <= ? GROUP BY 1
                """, arguments: [period.first.iso, period.last.iso]) {
                let n: Int = row[1]
                figures.received += n
                if n != 0, let outcome = Call.Outcome(rawValue: row[0]) { figures.byOutcome[outcome] = n }
            }
            if figures.received > 0 { result[nil] = figures }
            return result
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT \(department) AS department_id, c.outcome, count(*) AS n,
                   \(countEnterprise ? "sum(EXISTS (SELECT 1 FROM call_tag t WHERE t.call_id = c.id AND t.tag = ?))" : "0 + 0 * length(?)") AS enterprise
            FROM call c WHERE c.received_at >= ? AND c.received_at < ? AND \(tag)
            GROUP BY 1, 2
            """, arguments: [CallService.enterpriseTag, period.start, period.end] + tagArguments) {
            let id: Int64? = row["department_id"]
            guard scope.includes(department: id) else { continue }
            let n: Int = row["n"]
            var figures = result[id, default: CallFigures()]
            figures.received += n
            figures.enterprise += row["enterprise"] as Int
            if let outcome = Call.Outcome(rawValue: row["outcome"]) { figures.byOutcome[outcome, default: 0] += n }
            result[id] = figures
        }
        return result
    }
}
