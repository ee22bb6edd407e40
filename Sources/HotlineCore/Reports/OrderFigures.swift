import Foundation
import GRDB

/// The work-order figures of a period, counted from the event log and the callbacks.
/// Each is defined in README "Service metrics"; the SQL below is that definition.
public struct OrderFigures: Sendable, Equatable {
    /// Dispatch and reassign events in the period.
    public var dispatches = 0
    /// Dispatches whose sign_due fell in the period, signed by it (superseded or still
    /// running ones left out).
    public var signOnTime = Rate.empty
    /// Orders whose answer was accepted in the period: the accepted answer came by the
    /// answer deadline then in force.
    public var answerOnTime = Rate.empty
    /// Orders whose answer was accepted in the period that had an extension approved before it.
    public var extensionRate = Rate.empty
    /// Approved returns in the period / dispatches in the period (per department: returns
    /// by it / dispatches to it).
    public var returnRate = Rate.empty
    public var returnRequests = 0
    /// Orders closed in the period that went through 核实整改.
    public var reworkRate = Rate.empty
    public var closed = 0
    public var signedLate = 0
    public var answeredLate = 0
    public var signOverdueFlags = 0
    public var answerOverdueFlags = 0
    /// Orders with a callback in the period that reached the requester.
    public var satisfactionFirst = Rate.empty
    public var satisfactionFinal = Rate.empty
    /// Callbacks recorded in the period: channel → result → count.
    public var callbacks: [CallbackChannel: [CallbackResult: Int]] = [:]

    public init() {}

    static func + (a: OrderFigures, b: OrderFigures) -> OrderFigures {
        var sum = OrderFigures()
        sum.dispatches = a.dispatches + b.dispatches
        sum.signOnTime = a.signOnTime + b.signOnTime
        sum.answerOnTime = a.answerOnTime + b.answerOnTime
        sum.extensionRate = a.extensionRate + b.extensionRate
        sum.returnRate = a.returnRate + b.returnRate
        sum.returnRequests = a.returnRequests + b.returnRequests
        sum.reworkRate = a.reworkRate + b.reworkRate
        sum.closed = a.closed + b.closed
        sum.signedLate = a.signedLate + b.signedLate
        sum.answeredLate = a.answeredLate + b.answeredLate
        sum.signOverdueFlags = a.signOverdueFlags + b.signOverdueFlags
        sum.answerOverdueFlags = a.answerOverdueFlags + b.answerOverdueFlags
        sum.satisfactionFirst = a.satisfactionFirst + b.satisfactionFirst
        sum.satisfactionFinal = a.satisfactionFinal + b.satisfactionFinal
        sum.callbacks = a.callbacks
        for (channel, results) in b.callbacks {
            for (result, count) in results { sum.callbacks[channel, default: [:]][result, default: 0] += count }
        }
        return sum
    }
}

/// Counts `OrderFigures` per department (nil: orders without one) for a period.
enum OrderFigureCounter {
    /// A sign deadline falls at most this long after its dispatch (1 working hour across
    /// the longest holiday with weekends); dispatch events are read from this far back.
    static let signLookback: TimeInterval = 30 * 86_400

    static func count(_ period: ReportPeriod, scope: ReportScope, now: Date, in db: Database) throws -> [Int64?: OrderFigures] {
        var byDepartment: [Int64?: OrderFigures] = [:]
        let codes = Dictionary(try DepartmentRef.all(db).values.map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
        let (tag, tagArguments) = scope.orderTagCondition("o")
        let start = period.start, end = period.end
        let nowText = StoredTime.text(now)

        // Dispatches in the period, by the department in the event.
        for row in try Row.fetchAll(db, sql: """
            SELECT json_extract(d.payload, '$.department') AS department, count(*) AS n
            FROM order_event d JOIN work_order o ON o.id = d.order_id
            WHERE d.type IN ('dispatched', 'reassigned') AND d.at >= ? AND d.at < ? AND \(tag)
            GROUP BY 1
            """, arguments: [start, end] + tagArguments) {
            let id = (row["department"] as String?).flatMap { codes[$0] }
            byDepartment[id, default: OrderFigures()].dispatches += row["n"] as Int
        }

        // Sign on time: each dispatch whose sign_due falls in the period, judged by the
        // next event that ends the dispatch.
        for row in try Row.fetchAll(db, sql: """
            SELECT department, due, (SELECT n.type || '|' || n.at || '|' || coalesce(json_extract(n.payload, '$.late'), 0)
                     FROM order_event n WHERE n.order_id = x.order_id AND n.sequence > x.sequence
                     AND n.type IN ('signed', 'dispatched', 'reassigned', 'return_approved', 'merged')
                     ORDER BY n.sequence LIMIT 1) AS next
            FROM (SELECT d.order_id, d.sequence, json_extract(d.payload, '$.department') AS department,
                         strftime('%Y-%m-%d %H:%M:%f', json_extract(d.payload, '$.sign_due')) AS due
                  FROM order_event d JOIN work_order o ON o.id = d.order_id
                  WHERE d.type IN ('dispatched', 'reassigned') AND d.at >= ? AND d.at < ? AND \(tag)) x
            WHERE due >= ? AND due < ?
            """, arguments: [start.addingTimeInterval(-signLookback), end] + tagArguments + [start, end]) {
            let id = (row["department"] as String?).flatMap { codes[$0] }
            let due: String = row["due"]
            let verdict: Bool?
            if let next = row["next"] as String? {
                let parts = next.split(separator: "|", omittingEmptySubsequences: false)
                if parts[0] == "signed" {
                    verdict = parts[2] == "0"
                } else {
                    // Taken away before its deadline: the department was not due to sign it.
                    verdict = String(parts[1]) < due ? nil : false
                }
            } else {
                verdict = due <= nowText ? false : nil
            }
            if let verdict { byDepartment[id, default: OrderFigures()].signOnTime.count(verdict) }
        }

        // Accepted answers: each order once, by its latest acceptance in the period.
        for row in try Row.fetchAll(db, sql: """
            SELECT x.department_id,
                   (SELECT coalesce(json_extract(n.payload, '$.late'), 0) FROM order_event n
                    WHERE n.order_id = x.order_id AND n.sequence < x.sequence AND n.type = 'answered'
                    ORDER BY n.sequence DESC LIMIT 1) AS late,
                   EXISTS (SELECT 1 FROM order_event n WHERE n.order_id = x.order_id AND n.sequence < x.sequence
                           AND n.type = 'extension_approved') AS extended
            FROM (SELECT a.order_id, o.department_id, max(a.sequence) AS sequence
                  FROM order_event a JOIN work_order o ON o.id = a.order_id
                  WHERE a.type = 'answer_accepted' AND a.at >= ? AND a.at < ? AND \(tag)
                  GROUP BY a.order_id) x
            """, arguments: [start, end] + tagArguments) {
            let id: Int64? = row["department_id"]
            let late = (row["late"] as Int?) ?? 0
            byDepartment[id, default: OrderFigures()].answerOnTime.count(late == 0)
            byDepartment[id, default: OrderFigures()].extensionRate.count(row["extended"] as Bool)
        }

        // Returns approved (by the returning department) and requested.
        for row in try Row.fetchAll(db, sql: """
            SELECT e.type, coalesce(json_extract(e.payload, '$.returned_by'), '') AS returned_by, o.department_id, count(*) AS n
            FROM order_event e JOIN work_order o ON o.id = e.order_id
            WHERE e.type IN ('return_approved', 'return_requested') AND e.at >= ? AND e.at < ? AND \(tag)
            GROUP BY 1, 2, 3
            """, arguments: [start, end] + tagArguments) {
            let n: Int = row["n"]
            if (row["type"] as String) == "return_approved" {
                let id = codes[row["returned_by"] as String]
                byDepartment[id, default: OrderFigures()].returnRate.numerator += n
            } else {
                byDepartment[row["department_id"] as Int64?, default: OrderFigures()].returnRequests += n
            }
        }
        for key in Array(byDepartment.keys) {
            byDepartment[key]!.returnRate.denominator = byDepartment[key]!.dispatches
        }

        // Late steps and overdue flags.
        for row in try Row.fetchAll(db, sql: """
            SELECT e.type, o.department_id, count(*) AS n
            FROM order_event e JOIN work_order o ON o.id = e.order_id
            WHERE e.type IN ('signed', 'answered', 'sign_overdue', 'answer_overdue') AND e.at >= ? AND e.at < ? AND \(tag)
              AND (e.type IN ('sign_overdue', 'answer_overdue') OR json_extract(e.payload, '$.late'))
            GROUP BY 1, 2
            """, arguments: [start, end] + tagArguments) {
            let id: Int64? = row["department_id"]
            let n: Int = row["n"]
            switch row["type"] as String {
            case "signed": byDepartment[id, default: OrderFigures()].signedLate += n
            case "answered": byDepartment[id, default: OrderFigures()].answeredLate += n
            case "sign_overdue": byDepartment[id, default: OrderFigures()].signOverdueFlags += n
            default: byDepartment[id, default: OrderFigures()].answerOverdueFlags += n
            }
        }

        // Closed in the period, and whether 核实整改 came first (a first manual callback
        // that was unsatisfied is what sends an order to rework).
        for row in try Row.fetchAll(db, sql: """
            SELECT o.department_id, count(*) AS n,
                   sum(EXISTS (SELECT 1 FROM callback c WHERE c.order_id = o.id AND c.channel = 'manual'
                               AND c.result = 'unsatisfied' AND c.after_rework = 0)) AS reworked
            FROM work_order o WHERE o.closed_at >= ? AND o.closed_at < ? AND \(tag)
            GROUP BY 1
            """, arguments: [start, end] + tagArguments) {
            let id: Int64? = row["department_id"]
            let n: Int = row["n"]
            byDepartment[id, default: OrderFigures()].closed += n
            byDepartment[id, default: OrderFigures()].reworkRate = Rate(row["reworked"], of: n)
        }

        // Satisfaction: orders reached by a callback in the period; first = the order's
        // first callback that reached the requester, final = its latest up to the period's end.
        for row in try Row.fetchAll(db, sql: """
            SELECT o.department_id,
                   (SELECT f.result FROM callback f WHERE f.order_id = x.order_id AND f.result <> 'unreachable' AND f.at < ?
                    ORDER BY f.at, f.id LIMIT 1) AS first,
                   (SELECT f.result FROM callback f WHERE f.order_id = x.order_id AND f.result <> 'unreachable' AND f.at < ?
                    ORDER BY f.at DESC, f.id DESC LIMIT 1) AS final
            FROM (SELECT DISTINCT order_id FROM callback WHERE at >= ? AND at < ? AND result <> 'unreachable') x
            JOIN work_order o ON o.id = x.order_id
            WHERE \(tag)
            """, arguments: [end, end, start, end] + tagArguments) {
            let id: Int64? = row["department_id"]
            let content: Set<String> = ["satisfied", "basic"]
            byDepartment[id, default: OrderFigures()].satisfactionFirst.count(content.contains(row["first"] as String))
            byDepartment[id, default: OrderFigures()].satisfactionFinal.count(content.contains(row["final"] as String))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT o.department_id, c.channel, c.result, count(*) AS n
            FROM callback c JOIN work_order o ON o.id = c.order_id
            WHERE c.at >= ? AND c.at < ? AND \(tag)
            GROUP BY 1, 2, 3
            """, arguments: [start, end] + tagArguments) {
            guard let channel = CallbackChannel(rawValue: row["channel"]), let result = CallbackResult(rawValue: row["result"]) else { continue }
            byDepartment[row["department_id"] as Int64?, default: OrderFigures()].callbacks[channel, default: [:]][result, default: 0] += row["n"] as Int
        }
        return byDepartment
    }
}
