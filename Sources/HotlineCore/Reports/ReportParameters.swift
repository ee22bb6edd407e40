import Foundation
import GRDB

/// The weights of the monthly department score (第二十、二十一条), kept as data so the
/// center can change them without a release, and printed with every evaluation.
public struct EvaluationWeights: Sendable, Equatable {
    public enum Metric: String, Sendable, CaseIterable {
        case signOnTime = "sign_on_time"
        case answerOnTime = "answer_on_time"
        case satisfaction = "satisfaction_final"
        case notReturned = "not_returned"
        case notReworked = "not_reworked"
        /// Points taken off per bad review (差评), not a share of the score.
        case badReviewPenalty = "bad_review_penalty"

        public var label: String {
            switch self {
            case .signOnTime: return "按时签收率"
            case .answerOnTime: return "按时办结率"
            case .satisfaction: return "满意率（最终）"
            case .notReturned: return "未退回率（1 − 退回率）"
            case .notReworked: return "未整改率（1 − 整改率）"
            case .badReviewPenalty: return "每条差评扣分"
            }
        }
    }

    static let defaults: [(Metric, Double)] = [
        (.signOnTime, 15), (.answerOnTime, 30), (.satisfaction, 35), (.notReturned, 10), (.notReworked, 10),
        (.badReviewPenalty, 2),
    ]

    public var values: [Metric: Double]

    public func weight(_ metric: Metric) -> Double { values[metric] ?? 0 }

    static func load(_ db: Database) throws -> EvaluationWeights {
        var values: [Metric: Double] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT metric, weight FROM evaluation_weight") {
            if let metric = Metric(rawValue: row["metric"]) { values[metric] = row["weight"] }
        }
        return EvaluationWeights(values: values)
    }
}

/// Thresholds of the hotspot report, as data (defaults from the issue: 5 calls within
/// 48 h from 3 callers; 3 consecutive periods).
public enum HotspotSetting: String, Sendable, CaseIterable {
    case clusterMinCalls = "cluster_min_calls"
    case clusterMinCallers = "cluster_min_callers"
    case clusterWindowHours = "cluster_window_hours"
    case clusterSimilarityPercent = "cluster_similarity_percent"
    case persistentPeriods = "persistent_periods"
    case persistentMinCalls = "persistent_min_calls"
    case topicMinCalls = "topic_min_calls"
    case baselinePeriods = "baseline_periods"
    case topTopics = "top_topics"

    public var label: String {
        switch self {
        case .clusterMinCalls: return "集中事件：最少来电数"
        case .clusterMinCallers: return "集中事件：最少不同来电人"
        case .clusterWindowHours: return "集中事件：时间窗（小时）"
        case .clusterSimilarityPercent: return "集中事件：内容相似度下限（%）"
        case .persistentPeriods: return "持续性事件：最少连续周期数"
        case .persistentMinCalls: return "持续性事件：每周期最少来电数"
        case .topicMinCalls: return "关键词成为主题的最少来电数"
        case .baselinePeriods: return "环比基线：此前周期数"
        case .topTopics: return "热点列出条数"
        }
    }
}

public struct HotspotSettings: Sendable, Equatable {
    static let defaults: [(HotspotSetting, Int)] = [
        (.clusterMinCalls, 5), (.clusterMinCallers, 3), (.clusterWindowHours, 48), (.clusterSimilarityPercent, 30),
        (.persistentPeriods, 3), (.persistentMinCalls, 3), (.topicMinCalls, 3), (.baselinePeriods, 4), (.topTopics, 10),
    ]

    public var values: [HotspotSetting: Int]

    public subscript(_ key: HotspotSetting) -> Int {
        values[key] ?? Self.defaults.first { $0.0 == key }!.1
    }

    static func load(_ db: Database) throws -> HotspotSettings {
        var values: [HotspotSetting: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM hotspot_setting") {
            if let key = HotspotSetting(rawValue: row["key"]) { values[key] = row["value"] }
        }
        return HotspotSettings(values: values)
    }
}

/// Reading and changing the report parameters (admins change them).
public struct ReportParameters: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    public func weights() throws -> EvaluationWeights { try store.read(EvaluationWeights.load) }
    public func hotspotSettings() throws -> HotspotSettings { try store.read(HotspotSettings.load) }

    /// `metric=value` pairs, all checked before any is written.
    public func setWeights(_ assignments: [String], identity: Identity) throws -> EvaluationWeights {
        try identity.require(.admin, for: "修改评估权重")
        let parsed = try assignments.map { text throws -> (EvaluationWeights.Metric, Double) in
            let (name, value) = try Self.split(text)
            guard let metric = EvaluationWeights.Metric(rawValue: name) else {
                throw ReportError.unknownParameter(name: name, known: EvaluationWeights.Metric.allCases.map(\.rawValue))
            }
            guard let number = Double(value), number.isFinite, (0...100).contains(number) else {
                throw ReportError.badParameter(name: name, text: value, reason: "应为 0 到 100 之间的数")
            }
            return (metric, number)
        }
        let now = store.clock.now()
        return try store.write { db in
            for (metric, weight) in parsed {
                try db.execute(sql: """
                    INSERT INTO evaluation_weight(metric, weight, updated_at, updated_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT(metric) DO UPDATE SET weight = excluded.weight, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                    """, arguments: [metric.rawValue, weight, now, identity.actor.recorded])
            }
            let weights = try EvaluationWeights.load(db)
            let shares = EvaluationWeights.Metric.allCases.filter { $0 != .badReviewPenalty }.map { weights.weight($0) }
            guard shares.reduce(0, +) > 0 else {
                throw ReportError.badParameter(name: "weights", text: "0", reason: "各项权重之和须大于 0")
            }
            return weights
        }
    }

    public func setHotspotSettings(_ assignments: [String], identity: Identity) throws -> HotspotSettings {
        try identity.require(.admin, for: "修改热点参数")
        let parsed = try assignments.map { text throws -> (HotspotSetting, Int) in
            let (name, value) = try Self.split(text)
            guard let key = HotspotSetting(rawValue: name) else {
                throw ReportError.unknownParameter(name: name, known: HotspotSetting.allCases.map(\.rawValue))
            }
            let range = key == .clusterSimilarityPercent ? 1...100 : 1...100_000
            guard let number = Int(value), range.contains(number) else {
                throw ReportError.badParameter(name: name, text: value, reason: "应为 \(range.lowerBound) 到 \(range.upperBound) 的整数")
            }
            return (key, number)
        }
        let now = store.clock.now()
        return try store.write { db in
            for (key, value) in parsed {
                try db.execute(sql: """
                    INSERT INTO hotspot_setting(key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by
                    """, arguments: [key.rawValue, value, now, identity.actor.recorded])
            }
            return try HotspotSettings.load(db)
        }
    }

    static func split(_ text: String) throws(ReportError) -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw .badParameter(name: text, text: "", reason: "应写成 名称=值")
        }
        return (parts[0], parts[1])
    }
}
