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

/// Counts `OrderFigures` per department (nil: orders without one) for a period, from the
/// report facts (`ReportFactsSchema`): each figure is a sum over an index of the period,
/// not a look-up per dispatch or order into the event log. Without `byDepartment` (and
/// without a tag) every figure lands under nil and the queries skip the order rows: the
/// center-wide KPI reads facts, events by type, callbacks and their indexes only.
enum OrderFigureCounter {
    /// How far before the period dispatches are read: a sign deadline falls at most the
    /// longest sign rule after its dispatch, counted in working days at the stored
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
        func factDepartment(_ alias: String) -> String { grouped ? "\(alias).department_id" : "NULL" }
        func payloadDepartment(_ alias: String, _ field: String) -> String {
            grouped ? "json_extract(\(alias).payload, '$.\(field)')" : "NULL"
        }
        // Bound as the stored numbers of the order domain (`StoredInstant`).
        let start = StoredInstant.value(period.start), end = StoredInstant.value(period.end)
        let nowValue = StoredInstant.value(now)

        // Dispatches in the period, by the department they went to.
        for row in try Row.fetchAll(db, sql: """
            SELECT \(factDepartment("d")), count(*)
            FROM report_dispatch d \(join("d"))
            WHERE d.dispatched_at >= ? AND d.dispatched_at < ? AND \(tag)
            GROUP BY 1
            """, arguments: [start, end] + tagArguments) {
            result[row[0] as Int64?, default: OrderFigures()].dispatches += row[1] as Int
        }

        // Sign on time: each dispatch whose sign_due falls in the period, judged by the
        // event that ended it: signed (late or not); taken away before its deadline (the
        // department was not due to sign it: not counted) or after it (late); still
        // running: late once the deadline has passed, not counted before.
        for row in try Row.fetchAll(db, sql: """
            SELECT department, count(verdict), coalesce(sum(verdict), 0)
            FROM (SELECT \(factDepartment("d")) AS department,
                         CASE WHEN d.end_type = 'signed' THEN d.end_late = 0
                              WHEN d.end_type IS NOT NULL THEN CASE WHEN d.end_at < d.sign_due THEN NULL ELSE 0 END
                              WHEN d.sign_due <= ? THEN 0 END AS verdict
                  FROM report_dispatch d \(join("d"))
                  WHERE d.sign_due >= ? AND d.sign_due < ? AND d.dispatched_at >= ? AND d.dispatched_at < ? AND \(tag))
            GROUP BY 1
            """, arguments: [nowValue, start, end, start - (try signLookback(in: db)), end] + tagArguments) {
            // A department whose only dispatches here were not yet due gets no row.
            guard (row[1] as Int) > 0 else { continue }
            result[row[0] as Int64?, default: OrderFigures()].signOnTime = Rate(row[2], of: row[1])
        }

        // Accepted answers: each order once, by its latest acceptance in the period (SQLite
        // takes the bare columns from the row that holds the max).
        for row in try Row.fetchAll(db, sql: """
            SELECT department, count(*), sum(coalesce(answer_late, 0) = 0), sum(extended)
            FROM (SELECT \(orderDepartment) AS department, max(a.sequence), a.answer_late, a.extended
                  FROM report_acceptance a \(join("a"))
                  WHERE a.accepted_at >= ? AND a.accepted_at < ? AND \(tag)
                  GROUP BY a.order_id)
            GROUP BY 1
            """, arguments: [start, end] + tagArguments) {
            let id: Int64? = row[0]
            let n: Int = row[1]
            result[id, default: OrderFigures()].answerOnTime = Rate(row[2], of: n)
            result[id, default: OrderFigures()].extensionRate = Rate(row[3], of: n)
        }

        // Returns approved (by the returning department) and requested: few events, read
        // from the log by type, each type through its own partial index.
        for type in [OrderEventType.returnApproved, .returnRequested] {
            for row in try Row.fetchAll(db, sql: """
                SELECT \(payloadDepartment("e", "returned_by")), \(orderDepartment), count(*)
                FROM order_event e \(join("e"))
                WHERE e.type = '\(type.rawValue)' AND e.at >= ? AND e.at < ? AND \(tag)
                GROUP BY 1, 2
                """, arguments: [start, end] + tagArguments) {
                let n: Int = row[2]
                if type == .returnApproved {
                    result[department(row[0]), default: OrderFigures()].returnRate.numerator += n
                } else {
                    result[row[1] as Int64?, default: OrderFigures()].returnRequests += n
                }
            }
        }
        for key in Array(result.keys) {
            result[key]!.returnRate.denominator = result[key]!.dispatches
        }

        // Late steps and overdue flags.
        for row in try Row.fetchAll(db, sql: """
            SELECT m.type, \(orderDepartment), count(*)
            FROM report_mark m \(join("m"))
            WHERE m.at >= ? AND m.at < ? AND \(tag)
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
            SELECT \(orderDepartment), count(*), coalesce(sum(r.reworked), 0)
            FROM work_order o LEFT JOIN report_order r ON r.order_id = o.id
            WHERE o.closed_at >= ? AND o.closed_at < ? AND \(tag)
            GROUP BY 1
            """, arguments: [start, end] + tagArguments) {
            let id: Int64? = row[0]
            let n: Int = row[1]
            result[id, default: OrderFigures()].closed += n
            result[id, default: OrderFigures()].reworkRate = Rate(row[2], of: n)
        }

        // Satisfaction: orders reached by a callback in the period; first = the order's
        // first callback that reached the requester, final = its latest up to the period's
        // end (the order's latest, unless a later one came after the period).
        for row in try Row.fetchAll(db, sql: """
            SELECT department, count(*), sum(first IN ('satisfied', 'basic')), sum(final IN ('satisfied', 'basic'))
            FROM (SELECT \(orderDepartment) AS department, r.first_result AS first,
                         CASE WHEN r.final_at < ? THEN r.final_result
                              ELSE (SELECT f.result FROM callback f WHERE f.order_id = x.order_id AND f.result <> 'unreachable'
                                    AND f.at < ? ORDER BY f.at DESC, f.id DESC LIMIT 1) END AS final
                  FROM (SELECT DISTINCT order_id FROM callback WHERE at >= ? AND at < ? AND result <> 'unreachable') x
                  JOIN report_order r ON r.order_id = x.order_id
                  \(join("x"))
                  WHERE \(tag))
            GROUP BY 1
            """, arguments: [end, end, start, end] + tagArguments) {
            let id: Int64? = row[0]
            let n: Int = row[1]
            result[id, default: OrderFigures()].satisfactionFirst = Rate(row[2], of: n)
            result[id, default: OrderFigures()].satisfactionFinal = Rate(row[3], of: n)
        }
        if !needsOrder {
            // Center-wide: each channel and result counted in one pass over the index,
            // without sorting the month's callbacks into groups.
            let pairs = CallbackChannel.allCases.flatMap { channel in CallbackResult.allCases.map { (channel, $0) } }
            let counts = pairs.map { "count(*) FILTER (WHERE c.channel = '\($0.0.rawValue)' AND c.result = '\($0.1.rawValue)')" }
            let row = try Row.fetchOne(db, sql: """
                SELECT \(counts.joined(separator: ", ")) FROM callback c WHERE c.at >= ? AND c.at < ?
                """, arguments: [start, end])!
            for (index, (channel, outcome)) in pairs.enumerated() {
                let n: Int = row[index]
                if n > 0 { result[nil, default: OrderFigures()].callbacks[channel, default: [:]][outcome, default: 0] += n }
            }
            return result
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
