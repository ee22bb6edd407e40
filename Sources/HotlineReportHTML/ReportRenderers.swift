import Foundation
import HotlineCore
import Plot

extension ReportHTML {
    public static func render(_ kpi: ServiceKPI) -> String {
        let scope = [kpi.department.map { "承办单位：\($0.name)（\($0.code)）" }, kpi.tag.map { "标签：\($0)" }]
            .compactMap { $0 }.joined(separator: "；")
        var content: [Body] = [
            .h2("主要指标"),
            .div(.class("cards"), .forEach(kpi.headline) { card($0.label, $0.rate) }),
            .h2("指标明细"),
            table(headers: ["指标", "比率", "分子 / 分母"], rows: detailRows(kpi)),
        ]
        if let connection = kpi.connection {
            content.append(.p(.text("平均等待 " + (connection.averageWaitSeconds.map { String(format: "%.1f 秒", $0) } ?? "—")
                + "；进线 \(connection.offered)，接通 \(connection.answered)。")))
        }
        return page(title: "服务指标 \(kpi.period.label)", subtitle: [scope, generated(kpi.generatedAt)].filter { !$0.isEmpty }
            .joined(separator: "　"), content)
    }

    static func detailRows(_ kpi: ServiceKPI) -> [[Body]] {
        var rows: [(String, Rate)] = []
        if let c = kpi.connection {
            rows += [("接通率", c.connection), ("15秒接通率", c.within15s), ("30秒接通率", c.within30s)]
        }
        rows += [("在线答复率", kpi.calls.onlineAnswer), ("按时签收率", kpi.orders.signOnTime), ("按时办结率", kpi.orders.answerOnTime),
                 ("退回率", kpi.orders.returnRate), ("延时率", kpi.orders.extensionRate), ("整改率", kpi.orders.reworkRate),
                 ("满意率（首次）", kpi.orders.satisfactionFirst), ("满意率（最终）", kpi.orders.satisfactionFinal)]
        return rows.map { [.text($0.0), rateCell($0.1), .text("\($0.1.numerator) / \($0.1.denominator)")] }
    }

    public static func render(_ evaluation: Evaluation) -> String {
        let scored = evaluation.departments.filter { $0.score != nil }
        let rows: [[Body]] = (evaluation.departments + [evaluation.total]).map { e in
            [
                .text(e.rank.map(String.init) ?? (e.department == nil ? "合计" : "—")),
                .text(e.department.map { "\($0.name)（\($0.code)）" } ?? "全部承办单位"),
                number(e.closed), rateCell(e.signOnTime), rateCell(e.answerOnTime), rateCell(e.satisfactionFinal),
                .text("\(e.returns) / \(e.extensions) / \(e.reworks)"), number(e.badReviews),
                .text(e.score.map { String(format: "%.2f", $0) } ?? "—"),
            ]
        }
        let weights = EvaluationWeights.Metric.allCases.map { [Body.text($0.label), Body.text(String(format: "%g", evaluation.weights.weight($0)))] }
        return page(title: "承办单位\(evaluation.period.kind == .year ? "年度" : "月度")评估 \(evaluation.period.label)",
                    subtitle: "评估范围：本期内办结的工单（未办结的计入下一期，第二十一条）。" + generated(evaluation.generatedAt), [
            .h2("得分"),
            SVGChart.bars(scored.map { SVGChart.Bar(label: $0.department?.name ?? "", value: $0.score ?? 0,
                                                    caption: String(format: "%.2f", $0.score ?? 0)) },
                          title: "各承办单位得分", maximum: 100),
            .h2("各承办单位"),
            table(headers: ["名次", "承办单位", "办结", "按时签收率", "按时办结率", "满意率（最终）", "退回/延时/整改", "差评", "得分"], rows: rows),
            .h2("权重"),
            .p(.text("得分 = 100 × Σ(权重 × 比率) ÷ Σ权重（只计有分母的项）− 每条差评扣分 × 差评数，不低于 0。")),
            table(headers: ["项目", "权重"], rows: weights),
        ])
    }

    public static func render(_ report: HotspotReport) -> String {
        let perDay = report.callsPerDay.map { SVGChart.Bar(label: report.period.kind == .day ? $0.0.iso : "\($0.0.month)/\($0.0.day)",
                                                           value: Double($0.1), caption: "\($0.1)") }
        let topicBars = report.topics.map { SVGChart.Bar(label: $0.topic.label, value: Double($0.calls), caption: "\($0.calls) \($0.arrow)") }
        let topicRows: [[Body]] = report.topics.map { t in
            [.text(t.topic.label), number(t.calls), .text(String(format: "%.1f", t.baselineAverage)),
             .span(.class(t.change == nil ? "new" : (t.change! > 0.1 ? "up" : t.change! < -0.1 ? "down" : "")),
                   .text(t.arrow + " " + (t.change.map { String(format: "%+.0f%%", $0 * 100) } ?? "新出现"))),
             .text(t.example)]
        }
        let clusterRows: [[Body]] = report.clusters.map { c in
            [.text(c.topic.label), number(c.callIDs.count), number(c.callers),
             .text("\(ShanghaiTime.format(c.first)) 至 \(ShanghaiTime.format(c.last))"), .text(c.example)]
        }
        let persistentRows: [[Body]] = report.persistent.map { p in
            [.text(p.topic.label), .text("\(p.atLeast ? "≥" : "")\(p.periods)"), .text(p.history.map(String.init).joined(separator: " → "))]
        }
        let shareRows: [[Body]] = report.enterpriseByDepartment.map { e in
            [.text(e.department.map { "\($0.name)（\($0.code)）" } ?? "未归属（未转办、未答复或不予受理）"), rateCell(e.share)]
        } + [[.text("全部来电"), rateCell(report.enterprise)]]
        let kind = report.period.kind == .day ? "日" : "周"
        return page(title: "热点\(kind)报 \(report.period.label)",
                    subtitle: "\(report.period.first.iso) 至 \(report.period.last.iso)，来电 \(report.calls) 个；对比此前 \(report.settings[.baselinePeriods]) 个\(kind)的平均。"
                        + generated(report.generatedAt), [
            .h2("每日来电"),
            SVGChart.columns(perDay, title: "每日来电数"),
            .h2("热点话题"),
            SVGChart.bars(topicBars, title: "热点话题来电数"),
            table(headers: ["话题", "来电", "此前均值", "变化", "示例"], rows: topicRows),
            .h2("集中事件（\(report.settings[.clusterWindowHours]) 小时内 ≥\(report.settings[.clusterMinCalls]) 个相似来电，来自 ≥\(report.settings[.clusterMinCallers]) 个来电人）"),
            clusterRows.isEmpty ? .p("本期无集中事件。") : table(headers: ["话题", "来电", "来电人", "时间", "示例"], rows: clusterRows),
            .h2("持续性事件（连续 ≥\(report.settings[.persistentPeriods]) 个\(kind)，每\(kind) ≥\(report.settings[.persistentMinCalls]) 个来电）"),
            persistentRows.isEmpty ? .p("本期无持续性事件。") : table(headers: ["话题", "连续\(kind)数", "各\(kind)来电"], rows: persistentRows),
            .h2("企业来电占比"),
            table(headers: ["承办单位", "企业来电 / 来电"], rows: shareRows),
        ])
    }
}
