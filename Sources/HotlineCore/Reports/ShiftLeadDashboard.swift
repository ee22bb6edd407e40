import Foundation
import GRDB

/// One department's bar on the shift lead's screen: this month so far.
public struct DepartmentRates: Sendable, Equatable {
    public var department: DepartmentRef
    public var signOnTime: Rate
    public var answerOnTime: Rate
    public var satisfactionFinal: Rate
    /// Orders the department holds now (dispatched, signed, rework) and how many are overdue.
    public var holding: Int
    public var overdue: Int
}

/// What the console's shift-lead view draws: today's headline figures, calls per hour
/// today (for the sparkline), and per-department rates for the month so far.
public struct ShiftLeadDashboard: Sendable {
    public var asOf: Date
    public var today: ServiceKPI
    /// 24 buckets, local hours 00–23 of today: calls recorded at the desk.
    public var callsPerHour: [Int]
    /// 24 buckets: calls the telephony system offered (from imported call records; zero
    /// until today's records are imported).
    public var offeredPerHour: [Int]
    public var monthToDate: ReportPeriod
    /// Departments with orders held now or activity this month, by code.
    public var departments: [DepartmentRates]
    public var openOrders: Int
    public var overdueOrders: Int
    public var awaitingCallback: Int
    public var manualCallbacks: Int
    public var openRectifications: Int
}

extension Reports {
    /// The shift lead's dashboard, as of now (leads and admins).
    public func dashboard(identity: Identity) throws -> ShiftLeadDashboard {
        try ReportAccess.requireReader(identity, "查看班长看板")
        let now = self.now
        let today = ShanghaiTime.localDate(of: now)
        let month = ReportPeriod(kind: .range, first: LocalDate(year: today.year, month: today.month, day: 1)!, last: today)
        let manual = try CallbackQueue(store: store).manual(limit: 10_000, identity: Self.queueReader(identity)).count
        return try store.read { db in
            let kpi = try Self.kpi(.day(today), scope: .all, queue: nil, now: now, in: db)
            let start = ShanghaiTime.instant(today)
            func hourly(_ sql: String) throws -> [Int] {
                var buckets = [Int](repeating: 0, count: 24)
                for row in try Row.fetchAll(db, sql: sql, arguments: [start, start.addingTimeInterval(86_400)]) {
                    let instant: Date = row[0]
                    let hour = Int(instant.timeIntervalSince(start) / 3600)
                    if (0..<24).contains(hour) { buckets[hour] += 1 }
                }
                return buckets
            }
            let callsPerHour = try hourly("SELECT received_at FROM call WHERE received_at >= ? AND received_at < ?")
            let offeredPerHour = try hourly("SELECT offered_at FROM cdr WHERE offered_at >= ? AND offered_at < ?")

            let figures = try OrderFigureCounter.count(month, scope: .all, byDepartment: true, now: now, in: db)
            var holding: [Int64: (Int, Int)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT department_id, count(*) AS n, sum(sign_overdue OR answer_overdue) AS late FROM work_order
                WHERE status IN ('dispatched', 'signed', 'rework') AND department_id IS NOT NULL GROUP BY 1
                """) {
                holding[row["department_id"]] = (row["n"], row["late"])
            }
            let departments = try DepartmentRef.all(db)
            let ids = Set(figures.keys.compactMap { $0 }).union(holding.keys)
            let rates = ids.compactMap { id -> DepartmentRates? in
                guard let department = departments[id] else { return nil }
                let f = figures[id] ?? OrderFigures()
                return DepartmentRates(department: department, signOnTime: f.signOnTime, answerOnTime: f.answerOnTime,
                                       satisfactionFinal: f.satisfactionFinal, holding: holding[id]?.0 ?? 0,
                                       overdue: holding[id]?.1 ?? 0)
            }.sorted { $0.department.code < $1.department.code }
            let counts = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM work_order WHERE status IN ('pending_dispatch', 'dispatched', 'signed', 'answered', 'awaiting_callback', 'rework')) AS open,
                       (SELECT count(*) FROM work_order WHERE status IN ('dispatched', 'signed', 'rework') AND (sign_overdue OR answer_overdue)) AS overdue,
                       (SELECT count(*) FROM work_order WHERE status = 'awaiting_callback') AS awaiting,
                       (SELECT count(*) FROM rectification WHERE status = 'open') AS rectifications
                """)!
            return ShiftLeadDashboard(asOf: now, today: kpi, callsPerHour: callsPerHour, offeredPerHour: offeredPerHour,
                                      monthToDate: month, departments: rates, openOrders: counts["open"],
                                      overdueOrders: counts["overdue"], awaitingCallback: counts["awaiting"],
                                      manualCallbacks: manual, openRectifications: counts["rectifications"])
        }
    }

    /// Admins read the queue size through the dashboard, though they do not call back.
    static func queueReader(_ identity: Identity) -> Identity {
        guard identity.role == .admin else { return identity }
        var reader = identity
        reader.account.role = .lead
        return reader
    }
}
