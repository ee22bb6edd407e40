import Foundation
import GRDB

/// `hotline report kpi`: the service figures of a period (第十七条; DESIGN.md step 6).
public struct ServiceKPI: Sendable {
    public var period: ReportPeriod
    public var department: DepartmentRef?
    public var tag: String?
    public var generatedAt: Date
    /// From the call detail records; nil when the report is for one department or a
    /// tag, which CDR rows (queues, not matters) cannot be split by.
    public var connection: ConnectionFigures?
    public var calls: CallFigures
    public var orders: OrderFigures

    /// The headline figures, in the order the console and the reports show them.
    public var headline: [HeadlineFigure] {
        var figures: [HeadlineFigure] = []
        if let connection {
            figures.append(HeadlineFigure(key: "connection_rate", label: "接通率", rate: connection.connection))
            figures.append(HeadlineFigure(key: "answered_within_30s", label: "30秒接通率", rate: connection.within30s))
        }
        figures += [
            HeadlineFigure(key: "online_answer_rate", label: "在线答复率", rate: calls.onlineAnswer),
            HeadlineFigure(key: "sign_on_time_rate", label: "按时签收率", rate: orders.signOnTime),
            HeadlineFigure(key: "answer_on_time_rate", label: "按时办结率", rate: orders.answerOnTime),
            HeadlineFigure(key: "satisfaction_final", label: "满意率（最终）", rate: orders.satisfactionFinal),
        ]
        return figures
    }

    public var json: [String: Any] {
        var object: [String: Any] = [
            "period": ["from": period.first.iso, "to": period.last.iso, "label": period.label],
            "department": department.map { ["code": $0.code, "name": $0.name] } as Any? ?? NSNull(),
            "tag": tag as Any? ?? NSNull(),
            "generated_at": ShanghaiTime.format(generatedAt),
            "calls": [
                "received": calls.received,
                "accepted": calls.accepted,
                "by_outcome": Dictionary(uniqueKeysWithValues: Call.Outcome.allCases.map { ($0.rawValue, calls.byOutcome[$0, default: 0]) }),
            ],
            "online_answer_rate": calls.onlineAnswer.json,
            "dispatches": orders.dispatches,
            "sign_on_time_rate": orders.signOnTime.json,
            "answer_on_time_rate": orders.answerOnTime.json,
            "return_rate": orders.returnRate.json,
            "return_requests": orders.returnRequests,
            "extension_rate": orders.extensionRate.json,
            "rework_rate": orders.reworkRate.json,
            "closed": orders.closed,
            "overdue": ["signed_late": orders.signedLate, "answered_late": orders.answeredLate,
                        "sign_overdue_flagged": orders.signOverdueFlags, "answer_overdue_flagged": orders.answerOverdueFlags],
            "satisfaction_rate": ["first": orders.satisfactionFirst.json, "final": orders.satisfactionFinal.json],
            "callbacks": Dictionary(uniqueKeysWithValues: CallbackChannel.allCases.map { channel in
                (channel.rawValue, Dictionary(uniqueKeysWithValues: CallbackResult.allCases.map {
                    ($0.rawValue, orders.callbacks[channel]?[$0] ?? 0) }))
            }),
        ]
        if let connection {
            object["connection"] = [
                "queue": connection.queue as Any? ?? NSNull(),
                "offered": connection.offered, "answered": connection.answered,
                "average_wait_seconds": connection.averageWaitSeconds.map { ($0 * 10).rounded() / 10 } as Any? ?? NSNull(),
            ]
            object["connection_rate"] = connection.connection.json
            object["answered_within_15s"] = connection.within15s.json
            object["answered_within_30s"] = connection.within30s.json
        } else {
            object["connection_rate"] = NSNull()
        }
        return object
    }
}

/// One figure of a headline row: what it is and the counted fraction.
public struct HeadlineFigure: Sendable, Equatable {
    public var key: String
    public var label: String
    public var rate: Rate
}

/// The reports: KPI, the monthly evaluation, hotspots and the shift lead's dashboard.
/// Every figure is counted from stored facts at the moment of asking.
public struct Reports: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    var now: Date { store.clock.now() }

    public func kpi(_ period: ReportPeriod, department: String? = nil, tag: String? = nil, queue: String? = nil,
                    identity: Identity) throws -> ServiceKPI {
        try ReportAccess.requireReader(identity, "查看服务指标")
        let now = self.now
        return try store.read { db in
            let scope = ReportScope(department: try department.map { try DepartmentRef.resolve($0, in: db) },
                                    tag: tag.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 })
            return try Self.kpi(period, scope: scope, queue: queue, now: now, in: db)
        }
    }

    static func kpi(_ period: ReportPeriod, scope: ReportScope, queue: String?, now: Date, in db: Database) throws -> ServiceKPI {
        let orders = try OrderFigureCounter.count(period, scope: scope, byDepartment: false, now: now, in: db)
            .filter { scope.includes(department: $0.key) }.values.reduce(OrderFigures(), +)
        let calls = try CallAttribution.count(period, scope: scope, byDepartment: false, countEnterprise: false, in: db)
            .values.reduce(CallFigures(), +)
        let connection = scope.department == nil && scope.tag == nil
            ? try ConnectionFigures.count(period, queue: queue, in: db) : nil
        return ServiceKPI(period: period, department: scope.department, tag: scope.tag, generatedAt: now,
                          connection: connection, calls: calls, orders: orders)
    }
}
