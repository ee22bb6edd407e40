import Foundation

/// The reports as Markdown (for mail and wikis) and as the CLI's plain-text output.
/// Outside text (topics, examples, department names) is made terminal-safe, and `|`
/// inside a cell is escaped so tables stay tables.
public enum ReportMarkdown {
    static func cell(_ text: String) -> String {
        TextSafety.visible(text).replacingOccurrences(of: "|", with: "\\|")
    }

    static func table(_ headers: [String], _ rows: [[String]]) -> [String] {
        ["| " + headers.joined(separator: " | ") + " |", "|" + headers.map { _ in " --- |" }.joined()]
            + rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
    }

    public static func render(_ kpi: ServiceKPI) -> String {
        var lines = ["# 服务指标 \(kpi.period.label)", ""]
        if let d = kpi.department { lines.append("承办单位：\(cell(d.name))（\(d.code)）") }
        if let tag = kpi.tag { lines.append("标签：\(cell(tag))") }
        var rows: [[String]] = []
        if let c = kpi.connection {
            rows += [["接通率", c.connection.detailText], ["15秒接通率", c.within15s.detailText], ["30秒接通率", c.within30s.detailText],
                     ["平均等待", c.averageWaitSeconds.map { String(format: "%.1f 秒", $0) } ?? "—"]]
        }
        let o = kpi.orders
        rows += [["来电（受理/总数）", "\(kpi.calls.accepted)/\(kpi.calls.received)"], ["在线答复率", kpi.calls.onlineAnswer.detailText],
                 ["派发", "\(o.dispatches)"], ["按时签收率", o.signOnTime.detailText], ["按时办结率", o.answerOnTime.detailText],
                 ["退回率", o.returnRate.detailText], ["延时率", o.extensionRate.detailText], ["整改率", o.reworkRate.detailText],
                 ["超时（签收/答复/签收标记/答复标记）", "\(o.signedLate)/\(o.answeredLate)/\(o.signOverdueFlags)/\(o.answerOverdueFlags)"],
                 ["满意率（首次）", o.satisfactionFirst.detailText], ["满意率（最终）", o.satisfactionFinal.detailText]]
        lines += [""] + table(["指标", "数值"], rows)
        return lines.joined(separator: "\n") + "\n"
    }

    public static func render(_ evaluation: Evaluation) -> String {
        var lines = ["# 承办单位评估 \(evaluation.period.label)", "",
                     "评估范围：\(evaluation.period.first.iso) 至 \(evaluation.period.last.iso) 内办结的工单。", ""]
        let rows = (evaluation.departments + [evaluation.total]).map { e in
            [e.rank.map(String.init) ?? (e.department == nil ? "合计" : "—"),
             e.department.map { "\($0.name)（\($0.code)）" } ?? "全部承办单位", "\(e.closed)",
             e.signOnTime.detailText, e.answerOnTime.detailText, e.satisfactionFirst.detailText, e.satisfactionFinal.detailText,
             "\(e.returns)/\(e.extensions)/\(e.reworks)", "\(e.badReviews)", e.score.map { String(format: "%.2f", $0) } ?? "—"]
        }
        lines += table(["名次", "承办单位", "办结", "按时签收率", "按时办结率", "满意率（首次）", "满意率（最终）", "退回/延时/整改", "差评", "得分"], rows)
        lines += ["", "权重："] + EvaluationWeights.Metric.allCases.map { "- \($0.label)（\($0.rawValue)）：\(String(format: "%g", evaluation.weights.weight($0)))" }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func render(_ report: HotspotReport) -> String {
        var lines = ["# 热点报告 \(report.period.label)", "",
                     "来电 \(report.calls) 个（无明显主题 \(report.withoutTopic) 个）；企业来电占比 \(report.enterprise.detailText)。", "",
                     "## 热点话题", ""]
        lines += table(["话题", "来电", "此前均值", "变化", "示例"], report.topics.map {
            [$0.topic.label, "\($0.calls)", String(format: "%.1f", $0.baselineAverage),
             $0.arrow + ($0.change.map { String(format: " %+.0f%%", $0 * 100) } ?? " 新出现"), $0.example]
        })
        lines += ["", "## 集中事件", ""]
        lines += report.clusters.isEmpty ? ["无。"] : table(["话题", "来电", "来电人", "开始", "结束"], report.clusters.map {
            [$0.topic.label, "\($0.callIDs.count)", "\($0.callers)", ShanghaiTime.format($0.first), ShanghaiTime.format($0.last)]
        })
        lines += ["", "## 持续性事件", ""]
        lines += report.persistent.isEmpty ? ["无。"] : table(["话题", "连续周期", "各期来电"], report.persistent.map {
            [$0.topic.label, "\($0.atLeast ? "≥" : "")\($0.periods)", $0.history.map(String.init).joined(separator: " → ")]
        })
        lines += ["", "## 企业来电占比", ""]
        lines += table(["承办单位", "企业来电 / 来电"], report.enterpriseByDepartment.map {
            [$0.department.map { "\($0.name)（\($0.code)）" } ?? "未归属", $0.share.detailText]
        })
        return lines.joined(separator: "\n") + "\n"
    }
}
