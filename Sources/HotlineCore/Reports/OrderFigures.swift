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

/// Counts `OrderFigures` per department (nil: orders without one) for a period. Without
/// `byDepartment` (and without a tag) every figure lands under nil and the queries skip the
/// order rows and the payloads' department fields: the center-wide KPI reads only events,
/// callbacks and their indexes.
enum OrderFigureCounter {
    /// How far before the period dispatch events are read: a sign deadline falls at most
    /// the longest sign rule after its dispatch, counted in working days at the stored
    /// working hours, as calendar days (7 per 5 working), plus the longest run of holidays
    /// with their weekends (12 days covers the Spring Festival).
    static func signLookback(in db: Database) throws -> TimeInterval {
        let hours = try Int.fetchOne(db, sql: "SELECT max(sign_working_hours) FROM sla_rule") ?? 1
        let minutesPerDay = max(60, try Int.fetchOne(db, sql: "SELECT sum(end_minute - start_minute) FROM working_interval") ?? 450)
        let workingDays = (hours * 60 + minutesPerDay - 1) / minutesPerDay
        return TimeInterval((workingDays * 7 + 4) / 5 + 12) * 86_400
    }

    static func count(_ period: ReportPeriod, scope: ReportScope, byDepartment: Bool, now: Date,
                      in db: Database) throws -> [Int64?: OrderFigures] {
        var result: [Int64?: OrderFigures] = [:]
        let grouped = byDepartment || scope.department != nil
        let codes = grouped ? Dictionary(try DepartmentRef.all(db).values.map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a }) : [:]
        func department(_ code: String?) -> Int64? { code.flatMap { codes[$0] } }
        let (tag, tagArguments) = scope.orderTagCondition("o")
        let needsOrder = grouped || scope.tag != nil
        func join(_ alias: String) -> String { needsOrder ? "JOIN work_order o ON o.id = \(alias).order_id" : "" }
        let orderDepartment = grouped ? "o.department_id" : "NULL"
        func payloadDepartment(_ alias: String, _ field: String) -> String {
            grouped ? "json_extract(\(alias).payload, '$.\(field)')" : "NULL"
        }
        let start = period.start, end = period.end
        let nowText = StoredTime.text(now)

        // Dispatches in the period, by the department in the event.
        for row in try Row.fetchAll(db, sql: """
            SELECT \(payloadDepartment("d", "department")), count(*)
            FROM order_event d \(join("d"))
            WHERE d.type IN ('dispatched', 'reassigned') AND d.at >= ? AND d.at < ? AND \(tag)
            GROUP BY 1
            """, arguments: [start, end] + tagArguments) {
            result[department(row[0]), default: OrderFigures()].dispatches += row[1] as Int
        }

        // Sign on time: each dispatch whose sign_due falls in the period, judged by the
        // next event that ends the dispatch.
        for row in try Row.fetchAll(db, sql: """
            SELECT department, due, (SELECT n.type || '|' || n.at || '|' || coalesce(json_extract(n.payload, '$.late'), 0)
                     FROM order_event n WHERE n.order_id = x.order_id AND n.sequence > x.sequence
                     AND n.type IN ('signed', 'dispatched', 'reassigned', 'return_approved', 'merged')
                     ORDER BY n.sequence LIMIT 1) AS next
            FROM (SELECT d.order_id, d.sequence, \(payloadDepartment("d", "department")) AS department,
                         strftime('%Y-%m-%d %H:%M:%f', json_extract(d.payload, '$.sign_due')) AS due
                  FROM order_event d \(join("d"))
                  WHERE d.type IN ('dispatched', 'reassigned') AND d.at >= ? AND d.at < ? AND \(tag)) x
            WHERE due >= ? AND due < ?
            """, arguments: [start.addingTimeInterval(-(try signLookback(in: db))), end] + tagArguments + [start, end]) {
            let due: String = row[1]
            let verdict: Bool?
            if let next = row[2] as String? {
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
            if let verdict { result[department(row[0]), default: OrderFigures()].signOnTime.count(verdict) }
        }

        // Accepted answers: each order once, by its latest acceptance in the period.
        for row in try Row.fetchAll(db, sql: """
            SELECT x.department_id,
                   (SELECT coalesce(json_extract(n.payload, '$.late'), 0) FROM order_event n
                    WHERE n.order_id = x.order_id AND n.sequence < x.sequence AND n.type = 'answered'
                    ORDER BY n.sequence DESC LIMIT 1),
                   EXISTS (SELECT 1 FROM order_event n WHERE n.order_id = x.order_id AND n.sequence < x.sequence
                           AND n.type = 'extension_approved')
            FROM (SELECT a.order_id, \(orderDepartment) AS department_id, max(a.sequence) AS sequence
                  FROM order_event a \(join("a"))
                  WHERE a.type = 'answer_accepted' AND a.at >= ? AND a.at < ? AND \(tag)
                  GROUP BY a.order_id) x
            """, arguments: [start, end] + tagArguments) {
            let id: Int64? = row[0]
            let late = (row[1] as Int?) ?? 0
            result[id, default: OrderFigures()].answerOnTime.count(late == 0)
            result[id, default: OrderFigures()].extensionRate.count(row[2] as Bool)
        }

        // Returns approved (by the returning department) and requested.
        for row in try Row.fetchAll(db, sql: """
            SELECT e.type, \(payloadDepartment("e", "returned_by")), \(orderDepartment), count(*)
            FROM order_event e \(join("e"))
            WHERE e.type IN ('return_approved', 'return_requested') AND e.at >= ? AND e.at < ? AND \(tag)
            GROUP BY 1, 2, 3
            """, arguments: [start, end] + tagArguments) {
            let n: Int = row[3]
            if (row[0] as String) == "return_approved" {
                result[department(row[1]), default: OrderFigures()].returnRate.numerator += n
            } else {
                result[row[2] as Int64?, default: OrderFigures()].returnRequests += n
            }
        }
        for key in Array(result.keys) {
            result[key]!.returnRate.denominator = result[key]!.dispatches
        }

        // Late steps and overdue flags.
        for row in try Row.fetchAll(db, sql: """
            SELECT e.type, \(orderDepartment), count(*)
            FROM order_event e \(join("e"))
            WHERE e.type IN ('signed', 'answered', 'sign_overdue', 'answer_overdue') AND e.at >= ? AND e.at < ? AND \(tag)
              AND (e.type IN ('sign_overdue', 'answer_overdue') OR json_extract(e.payload, '$.late'))
            GROUP BY 1, 2
            """, arguments: [start, end] + tagArguments) {
            let id: Int64? = row[1]
            let n: Int = row[2]
            switch row[0] as String {
            case "signed": result[id, default: OrderFigures()].signedLate += n
            case "answered": result[id, default: OrderFigures()].answeredLate += n
            case "sign_overdue": result[id, default: OrderFigures()].signOverdueFlags += n
            default: result[id, default: OrderFigures()].answerOverdueFlags += n
            }
        }

        // Closed in the period, and whether 核实整改 came first (a first manual callback
        // that was unsatisfied is what sends an order to rework).
        for row in try Row.fetchAll(db, sql: """
            SELECT \(orderDepartment), count(*),
                   sum(EXISTS (SELECT 1 FROM callback c WHERE c.order_id = o.id AND c.channel = 'manual'
                               AND c.result = 'unsatisfied' AND c.after_rework = 0))
            FROM work_order o WHERE o.closed_at >= ? AND o.closed_at < ? AND \(tag)
            GROUP BY 1
            """, arguments: [start, end] + tagArguments) {
            let id: Int64? = row[0]
            let n: Int = row[1]
            result[id, default: OrderFigures()].closed += n
            result[id, default: OrderFigures()].reworkRate = Rate(row[2], of: n)
        }

        // Satisfaction: orders reached by a callback in the period; first = the order's
        // first callback that reached the requester, final = its latest up to the period's end.
        let content: Set<String> = ["satisfied", "basic"]
        for row in try Row.fetchAll(db, sql: """
            SELECT \(orderDepartment),
                   (SELECT f.result FROM callback f WHERE f.order_id = x.order_id AND f.result <> 'unreachable' AND f.at < ?
                    ORDER BY f.at, f.id LIMIT 1),
                   (SELECT f.result FROM callback f WHERE f.order_id = x.order_id AND f.result <> 'unreachable' AND f.at < ?
                    ORDER BY f.at DESC, f.id DESC LIMIT 1)
            FROM (SELECT DISTINCT order_id FROM callback WHERE at >= ? AND at < ? AND result <> 'unreachable') x
            \(join("x"))
            WHERE \(tag)
            """, arguments: [end, end, start, end] + tagArguments) {
            let id: Int64? = row[0]
            result[id, default: OrderFigures()].satisfactionFirst.count(content.contains(row[1] as String))
            result[id, default: OrderFigures()].satisfactionFinal.count(content.contains(row[2] as String))
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT \(orderDepartment), c.channel, c.result, count(*)
            FROM callback c \(join("c"))
            WHERE c.at >= ? AND c.at < ? AND \(tag)
            GROUP BY 1, 2, 3
            """, arguments: [start, end] + tagArguments) {
            guard let channel = CallbackChannel(rawValue: row[1]), let outcome = CallbackResult(rawValue: row[2]) else { continue }
            result[row[0] as Int64?, default: OrderFigures()].callbacks[channel, default: [:]][outcome, default: 0] += row[3] as Int
        }
        return result
    }
}
