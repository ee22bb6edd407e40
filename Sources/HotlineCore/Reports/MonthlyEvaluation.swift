import Foundation
import GRDB

/// One department's row of the evaluation.
public struct DepartmentEvaluation: Sendable, Equatable {
    public var department: DepartmentRef?
    /// Orders closed in the period (an order counts in the period it closed: 第二十一条).
    public var closed = 0
    /// Of those: the last signature was by its sign_due.
    public var signOnTime = Rate.empty
    /// Of those: the accepted answer came by the answer deadline then in force.
    public var answerOnTime = Rate.empty
    public var satisfactionFirst = Rate.empty
    public var satisfactionFinal = Rate.empty
    /// Of those: orders with an approved extension.
    public var extensionRate = Rate.empty
    /// Of those: orders that went through 核实整改.
    public var reworkRate = Rate.empty
    /// Returns approved from this department in the period / dispatches to it in the period.
    public var returnRate = Rate.empty
    public var reviews = 0
    public var badReviews = 0
    public var score: Double?
    public var rank: Int?

    public var returns: Int { returnRate.numerator }
    public var extensions: Int { extensionRate.numerator }
    public var reworks: Int { reworkRate.numerator }

    /// 100 × Σ weight × rate / Σ weight over the components that have a denominator,
    /// less the penalty per bad review, not below 0; nil when no component counted.
    func computedScore(_ weights: EvaluationWeights) -> Double? {
        let components: [(EvaluationWeights.Metric, Double?)] = [
            (.signOnTime, signOnTime.value), (.answerOnTime, answerOnTime.value), (.satisfaction, satisfactionFinal.value),
            (.notReturned, returnRate.value.map { 1 - min(1, $0) }), (.notReworked, reworkRate.value.map { 1 - $0 }),
        ]
        var weighted = 0.0, total = 0.0
        for (metric, value) in components {
            guard let value else { continue }
            weighted += weights.weight(metric) * value
            total += weights.weight(metric)
        }
        guard total > 0 else { return nil }
        let score = max(0, 100 * weighted / total - weights.weight(.badReviewPenalty) * Double(badReviews))
        return (score * 100).rounded() / 100
    }
}

/// `hotline report evaluation`: the monthly (or annual) evaluation of every department.
public struct Evaluation: Sendable {
    public var period: ReportPeriod
    public var generatedAt: Date
    public var weights: EvaluationWeights
    /// Ranked by score (highest first); departments without a score last, by code.
    public var departments: [DepartmentEvaluation]
    /// The center as a whole, over every order closed in the period.
    public var total: DepartmentEvaluation

    public var json: [String: Any] {
        func row(_ e: DepartmentEvaluation) -> [String: Any] {
            [
                "department": e.department.map { ["code": $0.code, "name": $0.name] } as Any? ?? NSNull(),
                "closed": e.closed,
                "sign_on_time_rate": e.signOnTime.json,
                "answer_on_time_rate": e.answerOnTime.json,
                "satisfaction_rate": ["first": e.satisfactionFirst.json, "final": e.satisfactionFinal.json],
                "extension_rate": e.extensionRate.json,
                "rework_rate": e.reworkRate.json,
                "return_rate": e.returnRate.json,
                "returns": e.returns, "extensions": e.extensions, "reworks": e.reworks,
                "reviews": e.reviews, "bad_reviews": e.badReviews,
                "score": e.score as Any? ?? NSNull(),
                "rank": e.rank as Any? ?? NSNull(),
            ]
        }
        return [
            "period": ["from": period.first.iso, "to": period.last.iso, "label": period.label],
            "generated_at": ShanghaiTime.format(generatedAt),
            "weights": Dictionary(uniqueKeysWithValues: EvaluationWeights.Metric.allCases.map { ($0.rawValue, weights.weight($0)) }),
            "departments": departments.map(row),
            "total": row(total),
        ]
    }
}

extension Reports {
    public func evaluation(_ period: ReportPeriod, department: String? = nil, identity: Identity) throws -> Evaluation {
        let now = self.now
        return try store.read { db in
            let asked = try department.map { try DepartmentRef.resolve($0, in: db) }
            let only = try ReportAccess.evaluationDepartment(identity, asked: asked, in: db)
            return try Self.evaluation(period, only: only, now: now, in: db)
        }
    }

    static func evaluation(_ period: ReportPeriod, only: DepartmentRef?, now: Date, in db: Database) throws -> Evaluation {
        let departments = try DepartmentRef.all(db)
        let codes = Dictionary(departments.values.map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
        var rows: [Int64?: DepartmentEvaluation] = [:]

        // The cohort: orders closed in the period, summed per department from their facts
        // (`report_order`). An order without a fact row had no sign, answer or callback.
        for row in try Row.fetchAll(db, sql: """
            SELECT o.department_id, count(*) AS closed,
              count(r.sign_late) AS signs, coalesce(sum(r.sign_late = 0), 0) AS signs_on_time,
              count(r.accepted_answer_late) AS answers, coalesce(sum(r.accepted_answer_late = 0), 0) AS answers_on_time,
              coalesce(sum(r.extended), 0) AS extended, coalesce(sum(r.reworked), 0) AS reworked,
              count(r.first_result) AS reached,
              coalesce(sum(r.first_result IN ('satisfied', 'basic')), 0) AS first_content,
              coalesce(sum(r.final_result IN ('satisfied', 'basic')), 0) AS final_content
            FROM work_order o LEFT JOIN report_order r ON r.order_id = o.id
            WHERE o.closed_at >= ? AND o.closed_at < ?
            GROUP BY 1
            """, arguments: period.storedBounds) {
            let id: Int64? = row["department_id"]
            var e = rows[id] ?? DepartmentEvaluation(department: id.flatMap { departments[$0] })
            let closed: Int = row["closed"]
            e.closed += closed
            e.signOnTime = e.signOnTime + Rate(row["signs_on_time"], of: row["signs"])
            e.answerOnTime = e.answerOnTime + Rate(row["answers_on_time"], of: row["answers"])
            e.extensionRate = e.extensionRate + Rate(row["extended"], of: closed)
            e.reworkRate = e.reworkRate + Rate(row["reworked"], of: closed)
            // The first and the latest reached callback exist together.
            e.satisfactionFirst = e.satisfactionFirst + Rate(row["first_content"], of: row["reached"])
            e.satisfactionFinal = e.satisfactionFinal + Rate(row["final_content"], of: row["reached"])
            rows[id] = e
        }

        // Returns by the returning department, over dispatches to it, in the period.
        for row in try Row.fetchAll(db, sql: """
            SELECT department_id, count(*) AS n FROM report_dispatch
            WHERE dispatched_at >= ? AND dispatched_at < ? AND department_id IS NOT NULL
            GROUP BY 1
            """, arguments: period.storedBounds) {
            let id: Int64 = row["department_id"]
            rows[id, default: DepartmentEvaluation(department: departments[id])].returnRate.denominator += row["n"] as Int
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT json_extract(payload, '$.returned_by') AS department, count(*) AS n
            FROM order_event WHERE type = 'return_approved' AND at >= ? AND at < ?
            GROUP BY 1
            """, arguments: period.storedBounds) {
            guard let id = (row["department"] as String?).flatMap({ codes[$0] }) else { continue }
            rows[id, default: DepartmentEvaluation(department: departments[id])].returnRate.numerator += row["n"] as Int
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT department_id, count(*) AS n, sum(level >= 4) AS bad FROM service_review WHERE at >= ? AND at < ?
            GROUP BY 1
            """, arguments: [period.start, period.end]) {
            let id: Int64 = row["department_id"]
            rows[id, default: DepartmentEvaluation(department: departments[id])].reviews += row["n"] as Int
            rows[id, default: DepartmentEvaluation(department: departments[id])].badReviews += row["bad"] as Int
        }

        let weights = try EvaluationWeights.load(db)
        var total = DepartmentEvaluation(department: nil)
        for e in rows.values {
            total.closed += e.closed
            total.signOnTime = total.signOnTime + e.signOnTime
            total.answerOnTime = total.answerOnTime + e.answerOnTime
            total.satisfactionFirst = total.satisfactionFirst + e.satisfactionFirst
            total.satisfactionFinal = total.satisfactionFinal + e.satisfactionFinal
            total.extensionRate = total.extensionRate + e.extensionRate
            total.reworkRate = total.reworkRate + e.reworkRate
            total.returnRate = total.returnRate + e.returnRate
            total.reviews += e.reviews
            total.badReviews += e.badReviews
        }
        total.score = total.computedScore(weights)
        var ranked = rows.compactMap { key, value -> DepartmentEvaluation? in key == nil ? nil : value }
        for index in ranked.indices { ranked[index].score = ranked[index].computedScore(weights) }
        ranked.sort { a, b in
            switch (a.score, b.score) {
            case let (x?, y?) where x != y: return x > y
            case (_?, nil): return true
            case (nil, _?): return false
            default: return (a.department?.code ?? "") < (b.department?.code ?? "")
            }
        }
        var rank = 0
        for index in ranked.indices where ranked[index].score != nil {
            // Equal scores share a rank (1, 2, 2, 4).
            if index == 0 || ranked[index].score != ranked[index - 1].score { rank = index + 1 }
            ranked[index].rank = rank
        }
        if let only { ranked = ranked.filter { $0.department?.id == only.id } }
        return Evaluation(period: period, generatedAt: now, weights: weights, departments: ranked,
                          total: only == nil ? total : (ranked.first ?? DepartmentEvaluation(department: only)))
    }
}
