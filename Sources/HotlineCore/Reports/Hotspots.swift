import Foundation
import GRDB

/// What a call was about, for hotspot counting.
public struct Topic: Sendable, Hashable {
    public enum Kind: String, Sendable { case knowledge, term }
    public var kind: Kind
    /// The knowledge category (or the entry's question when it has none), or the key term.
    public var name: String

    public var label: String { kind == .knowledge ? name : "「\(name)」" }
}

public struct TopicTrend: Sendable, Equatable {
    public var topic: Topic
    public var calls: Int
    /// Mean calls per period over the baseline periods before this one.
    public var baselineAverage: Double
    /// (calls − baseline) / baseline; nil when the topic is new (baseline 0).
    public var change: Double? { baselineAverage == 0 ? nil : (Double(calls) - baselineAverage) / baselineAverage }
    /// Calls in each period of the window, oldest first, this period last.
    public var history: [Int]
    /// One call's words (from the earliest call of the period), to show what the topic is.
    public var example: String

    /// ▲ up more than 10 %, ▼ down more than 10 %, → otherwise, ★ new.
    public var arrow: String {
        guard let change else { return "★" }
        return change > 0.1 ? "▲" : change < -0.1 ? "▼" : "→"
    }
}

/// 集中事件: similar calls close together from several callers.
public struct CallCluster: Sendable, Equatable {
    public var topic: Topic
    public var first: Date
    public var last: Date
    public var callIDs: [Int64]
    public var callers: Int
    public var example: String
}

/// 持续性事件: a topic present in consecutive periods up to this one.
public struct PersistentTopic: Sendable, Equatable {
    public var topic: Topic
    /// Consecutive periods, this one included; `atLeast` when the run reaches the start of
    /// the window read.
    public var periods: Int
    public var atLeast: Bool
    public var history: [Int]
}

public struct EnterpriseShare: Sendable, Equatable {
    public var department: DepartmentRef?
    public var share: Rate
}

/// `hotline report hotspots` (第十八、十九条): the week's (or day's) hot topics against the
/// previous periods, concentrated events, persistent events, and the 企业 share.
public struct HotspotReport: Sendable {
    public var period: ReportPeriod
    /// The periods read, oldest first, this one last.
    public var window: [ReportPeriod]
    public var generatedAt: Date
    public var settings: HotspotSettings
    public var calls: Int
    public var callsPerDay: [(LocalDate, Int)]
    /// Calls of the period with no topic (no knowledge entry, no term shared by enough calls).
    public var withoutTopic: Int
    public var topics: [TopicTrend]
    public var clusters: [CallCluster]
    public var persistent: [PersistentTopic]
    public var enterprise: Rate
    public var enterpriseByDepartment: [EnterpriseShare]

    public var json: [String: Any] {
        func topic(_ t: Topic) -> [String: Any] { ["kind": t.kind.rawValue, "name": t.name] }
        return [
            "period": ["from": period.first.iso, "to": period.last.iso, "label": period.label],
            "window": window.map(\.label),
            "generated_at": ShanghaiTime.format(generatedAt),
            "settings": Dictionary(uniqueKeysWithValues: HotspotSetting.allCases.map { ($0.rawValue, settings[$0]) }),
            "calls": calls,
            "calls_per_day": callsPerDay.map { ["date": $0.0.iso, "calls": $0.1] },
            "calls_without_topic": withoutTopic,
            "topics": topics.map { t -> [String: Any] in
                ["topic": topic(t.topic), "calls": t.calls, "baseline_average": (t.baselineAverage * 100).rounded() / 100,
                 "change": t.change.map { ($0 * 10_000).rounded() / 10_000 } as Any? ?? NSNull(), "arrow": t.arrow,
                 "history": t.history, "example": t.example]
            },
            "clusters": clusters.map { c -> [String: Any] in
                ["topic": topic(c.topic), "first": ShanghaiTime.format(c.first), "last": ShanghaiTime.format(c.last),
                 "calls": c.callIDs.count, "callers": c.callers, "call_ids": c.callIDs, "example": c.example]
            },
            "persistent": persistent.map { p -> [String: Any] in
                ["topic": topic(p.topic), "periods": p.periods, "at_least": p.atLeast, "history": p.history]
            },
            "enterprise_share": enterprise.json,
            "enterprise_share_by_department": enterpriseByDepartment.map { e -> [String: Any] in
                ["department": e.department.map { ["code": $0.code, "name": $0.name] } as Any? ?? NSNull(), "share": e.share.json]
            },
        ]
    }
}

extension Reports {
    public func hotspots(_ period: ReportPeriod, identity: Identity) throws -> HotspotReport {
        try ReportAccess.requireReader(identity, "查看热点报告")
        let now = self.now
        return try store.read { db in try Self.hotspots(period, now: now, in: db) }
    }

    static func hotspots(_ period: ReportPeriod, now: Date, in db: Database) throws -> HotspotReport {
        let settings = try HotspotSettings.load(db)
        let back = max(settings[.baselinePeriods], settings[.persistentPeriods] - 1)
        let window = period.preceding(back) + [period]
        var loaded = try HotspotCall.load(from: window[0].start, to: period.end, in: db)
        HotspotCall.assignTopics(&loaded, minCalls: settings[.topicMinCalls])
        let calls = loaded.calls

        let current = window.count - 1
        // Period bounds as epoch seconds: a few hundred thousand calls are placed.
        let bounds = window.map { (ShanghaiTime.epochSeconds($0.start), ShanghaiTime.epochSeconds($0.end)) }
        func periodIndex(_ seconds: Int) -> Int? { bounds.lastIndex { seconds >= $0.0 && seconds < $0.1 } }
        var counts: [Topic: [Int]] = [:]
        var examples: [Topic: String] = [:]
        var perDay: [LocalDate: Int] = [:]
        var withoutTopic = 0
        for call in calls {
            guard let index = periodIndex(call.seconds) else { continue }
            if index == current {
                perDay[LocalDate(dayNumber: CalendarMath.floorDiv(call.seconds + ShanghaiTime.offsetSeconds, 86_400)), default: 0] += 1
            }
            guard let topic = call.topic else {
                if index == current { withoutTopic += 1 }
                continue
            }
            counts[topic, default: Array(repeating: 0, count: window.count)][index] += 1
            if index == current && examples[topic] == nil { examples[topic] = call.example }
        }

        let baseline = settings[.baselinePeriods]
        let topics = counts.filter { $0.value[current] > 0 }.map { topic, history in
            TopicTrend(topic: topic, calls: history[current],
                       baselineAverage: Double(history[(current - baseline)..<current].reduce(0, +)) / Double(baseline),
                       history: history, example: examples[topic] ?? "")
        }.sorted { ($0.calls, $1.topic.label) > ($1.calls, $0.topic.label) }

        let minimum = settings[.persistentMinCalls]
        let persistent = counts.compactMap { topic, history -> PersistentTopic? in
            var run = 0
            while run < history.count && history[current - run] >= minimum { run += 1 }
            guard run >= settings[.persistentPeriods] else { return nil }
            return PersistentTopic(topic: topic, periods: run, atLeast: run == history.count, history: history)
        }.sorted { ($0.periods, $0.history[current], $1.topic.label) > ($1.periods, $1.history[current], $0.topic.label) }

        let clusters = ClusterDetection.find(calls.filter { periodIndex($0.seconds) == current }, settings: settings)

        let shares = try CallAttribution.count(period, scope: .all, byDepartment: true, in: db)
        let departments = try DepartmentRef.all(db)
        let byDepartment = shares.map { EnterpriseShare(department: $0.key.flatMap { departments[$0] }, share: $0.value.enterpriseShare) }
            .sorted { ($0.department?.code ?? "\u{10FFFF}") < ($1.department?.code ?? "\u{10FFFF}") }
        let enterprise = shares.values.reduce(CallFigures(), +).enterpriseShare

        return HotspotReport(period: period, window: window, generatedAt: now, settings: settings,
                             calls: perDay.values.reduce(0, +),
                             callsPerDay: period.days.map { ($0, perDay[$0] ?? 0) }, withoutTopic: withoutTopic,
                             topics: Array(topics.prefix(settings[.topTopics])), clusters: clusters,
                             persistent: persistent, enterprise: enterprise, enterpriseByDepartment: byDepartment)
    }
}

/// A call as the hotspot report reads it.
struct HotspotCall {
    var id: Int64
    /// Received at, as epoch seconds.
    var seconds: Int
    /// Phone, else 统一社会信用代码, else enterprise name, else the call itself.
    var caller: String
    var knowledgeEntryID: Int64?
    var knowledgeTopic: String?
    var terms: [Int32]
    var content: String
    var topic: Topic?

    var receivedAt: Date { Date(timeIntervalSince1970: Double(seconds)) }
    /// The first words of the call, safe to print.
    var example: String { TextSafety.visible(String(content.prefix(40))) }

    static func load(from start: Date, to end: Date, in db: Database) throws -> (calls: [HotspotCall], table: TopicTermTable) {
        var table = TopicTermTable()
        var calls: [HotspotCall] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT c.id, CAST(strftime('%s', c.received_at) AS INTEGER),
                   coalesce(c.caller_phone, c.enterprise_uscc, c.enterprise_name, '#' || c.id),
                   CASE WHEN c.outcome = 'knowledge' THEN c.knowledge_entry_id END,
                   CASE WHEN c.outcome = 'knowledge' THEN coalesce(nullif(k.category, ''), k.question) END,
                   c.content
            FROM call c LEFT JOIN knowledge_entry k ON k.id = c.knowledge_entry_id
            WHERE c.received_at >= ? AND c.received_at < ?
            ORDER BY c.received_at, c.id
            """, arguments: [start, end])
        while let row = try rows.next() {
            // Columns by position: this loop runs once per call of five periods.
            let content: String = row[5]
            let kbTopic: String? = row[4]
            calls.append(HotspotCall(id: row[0], seconds: row[1], caller: row[2], knowledgeEntryID: row[3], knowledgeTopic: kbTopic,
                                     terms: kbTopic == nil ? table.terms(of: content) : [], content: content, topic: nil))
        }
        return (calls, table)
    }

    /// Knowledge-answered calls take their entry's category. Every other call takes its key
    /// term: of its terms shared by at least `minCalls` calls of the window, the one with
    /// the highest tf-idf over the window, df·log(N/df) (N the calls without an entry,
    /// df the calls holding the term): frequent enough to be a subject, and penalised as it
    /// approaches background words that every call holds.
    static func assignTopics(_ loaded: inout (calls: [HotspotCall], table: TopicTermTable), minCalls: Int) {
        var df = [Int](repeating: 0, count: loaded.table.labels.count)
        var background = 0
        for call in loaded.calls where call.knowledgeTopic == nil {
            background += 1
            for term in call.terms { df[Int(term)] += 1 }
        }
        let n = Double(max(background, 1))
        let score = df.map { $0 >= minCalls ? Double($0) * log(n / Double($0)) : -1 }
        let labels = loaded.table.labels
        for index in loaded.calls.indices {
            if let kb = loaded.calls[index].knowledgeTopic {
                loaded.calls[index].topic = Topic(kind: .knowledge, name: kb)
                continue
            }
            var best: Int32 = -1
            for term in loaded.calls[index].terms where score[Int(term)] > 0 {
                if best < 0 || score[Int(term)] > score[Int(best)]
                    || (score[Int(term)] == score[Int(best)] && labels[Int(term)] < labels[Int(best)]) { best = term }
            }
            if best >= 0 { loaded.calls[index].topic = Topic(kind: .term, name: labels[Int(best)]) }
        }
    }
}

/// 集中事件: within one topic, a call and the later calls within the window whose content
/// is similar to it (the same knowledge entry, or term cosine at or above the threshold).
/// When they reach the minimum count from enough distinct callers they form a cluster
/// and leave the pool; otherwise the next call is tried.
enum ClusterDetection {
    static func find(_ calls: [HotspotCall], settings: HotspotSettings) -> [CallCluster] {
        let window = TimeInterval(settings[.clusterWindowHours] * 3600)
        let threshold = Double(settings[.clusterSimilarityPercent]) / 100
        var byTopic: [Topic: [HotspotCall]] = [:]
        for call in calls { if let topic = call.topic { byTopic[topic, default: []].append(call) } }
        var clusters: [CallCluster] = []
        for (topic, group) in byTopic where group.count >= settings[.clusterMinCalls] {
            let sorted = group.sorted { ($0.seconds, $0.id) < ($1.seconds, $1.id) }
            var used = [Bool](repeating: false, count: sorted.count)
            for anchor in sorted.indices where !used[anchor] {
                let seed = sorted[anchor]
                var members = [anchor]
                var next = anchor + 1
                while next < sorted.count && Double(sorted[next].seconds - seed.seconds) <= window {
                    let other = sorted[next]
                    if !used[next] && similar(seed, other, threshold: threshold) { members.append(next) }
                    next += 1
                }
                let callers = Set(members.map { sorted[$0].caller })
                guard members.count >= settings[.clusterMinCalls], callers.count >= settings[.clusterMinCallers] else { continue }
                for member in members { used[member] = true }
                clusters.append(CallCluster(topic: topic, first: seed.receivedAt, last: sorted[members.last!].receivedAt,
                                            callIDs: members.map { sorted[$0].id }, callers: callers.count, example: seed.example))
            }
        }
        return clusters.sorted { ($0.callIDs.count, $1.first) > ($1.callIDs.count, $0.first) }
    }

    static func similar(_ a: HotspotCall, _ b: HotspotCall, threshold: Double) -> Bool {
        if let x = a.knowledgeEntryID, let y = b.knowledgeEntryID { return x == y }
        return TopicTermTable.cosine(a.terms, b.terms) >= threshold
    }
}
