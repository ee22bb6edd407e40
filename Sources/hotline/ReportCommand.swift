import ArgumentParser
import Foundation
import HotlineCore
import HotlineReportHTML

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "服务指标、承办单位月度/年度评估、热点周报/日报（班长、系统管理员；承办单位可看本单位评估）。",
        discussion: "日期均为北京时间的日期，--from/--to 含首尾两天；--week 为 ISO 周（如 2026-W48）。各指标的定义见 README“服务指标”。",
        subcommands: [ReportKPICommand.self, ReportEvaluationCommand.self, ReportHotspotsCommand.self,
                      ReportDashboardCommand.self, ReportWeightsCommand.self, ReportSettingsCommand.self,
                      ReportFactsCommand.self]
    )
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, md, html, json
}

/// Output options shared by the reports.
struct ReportOutputOptions: ParsableArguments {
    @Flag(help: "以 JSON 输出（同 --format json）")
    var json = false

    @Option(help: ArgumentHelp("输出格式：text、md、html、json", valueName: "FORMAT"))
    var format: ReportFormat?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("写入文件（默认标准输出）", valueName: "FILE"))
    var output: String?

    var resolved: ReportFormat { json ? .json : (format ?? .text) }

    func emit(json object: @autoclosure () -> Any, markdown: @autoclosure () -> String, html: @autoclosure () -> String) throws {
        let text: String
        switch resolved {
        case .json: text = CommandOutput.jsonText(object()) + "\n"
        case .md, .text: text = markdown()
        case .html: text = html()
        }
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
            throw ReportWriteError(path: output)
        }
    }
}

struct ReportWriteError: HotlineFailure {
    var path: String
    var description: String { "\(path): 无法写入（目录不存在或没有权限）" }
    var exitCode: ExitStatus { .cannotCreate }
}

struct ReportKPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpi",
        abstract: "服务指标：接通率、在线答复率、按时签收率、按时办结率、退回/延时/整改率、超时、满意率（首次/最终）。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("起始日期（含）", valueName: "DATE"))
    var from: String?

    @Option(help: ArgumentHelp("结束日期（含）", valueName: "DATE"))
    var to: String?

    @Option(help: ArgumentHelp("整月，代替 --from/--to", valueName: "YYYY-MM"))
    var month: String?

    @Option(help: ArgumentHelp("只统计该承办单位（代码或名称；此时不含话务接通率）", valueName: "CODE"))
    var department: String?

    @Option(help: ArgumentHelp("只统计带该标签的来电与工单，如 企业", valueName: "TAG"))
    var tag: String?

    @Option(help: ArgumentHelp("接通率只统计该话务队列", valueName: "QUEUE"))
    var queue: String?

    @OptionGroup var out: ReportOutputOptions

    func run() throws {
        let period: ReportPeriod
        if let month {
            period = try ReportPeriod.parse(month: month)
        } else {
            guard let from, let to else { throw ValidationError("需要 --from 和 --to，或 --month") }
            period = try ReportPeriod.parse(from: from, to: to)
        }
        let (store, identity) = try global.openAsIdentity()
        let kpi = try Reports(store: store).kpi(period, department: department, tag: tag, queue: queue, identity: identity)
        try out.emit(json: kpi.json, markdown: ReportMarkdown.render(kpi), html: ReportHTML.render(kpi))
    }
}

struct ReportEvaluationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluation",
        abstract: "承办单位评估：本期内办结的工单的各项比率、退回、延时、整改、差评和按权重计算的得分。",
        discussion: "工单计入其办结的月份；未办结的计入以后的月份（第二十一条）。承办单位账号只能看到本单位一行。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("月度评估", valueName: "YYYY-MM"))
    var month: String?

    @Option(help: ArgumentHelp("年度评估", valueName: "YYYY"))
    var year: String?

    @Option(help: ArgumentHelp("只看该承办单位", valueName: "CODE"))
    var department: String?

    @OptionGroup var out: ReportOutputOptions

    func run() throws {
        let period: ReportPeriod
        switch (month, year) {
        case (let month?, nil): period = try ReportPeriod.parse(month: month)
        case (nil, let year?): period = try ReportPeriod.parse(year: year)
        default: throw ValidationError("请给 --month YYYY-MM 或 --year YYYY 之一")
        }
        let (store, identity) = try global.openAsIdentity()
        let evaluation = try Reports(store: store).evaluation(period, department: department, identity: identity)
        try out.emit(json: evaluation.json, markdown: ReportMarkdown.render(evaluation), html: ReportHTML.render(evaluation))
    }
}

struct ReportHotspotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "热点周报（--week）或日报（--day）：热点话题及环比、集中事件、持续性事件、企业来电占比。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("ISO 周", valueName: "YYYY-Www"))
    var week: String?

    @Option(help: ArgumentHelp("日报的日期", valueName: "DATE"))
    var day: String?

    @OptionGroup var out: ReportOutputOptions

    func run() throws {
        let period: ReportPeriod
        switch (week, day) {
        case (let week?, nil): period = try ReportPeriod.parse(week: week)
        case (nil, let day?): period = try ReportPeriod.parse(day: day)
        default: throw ValidationError("请给 --week YYYY-Www 或 --day DATE 之一")
        }
        let (store, identity) = try global.openAsIdentity()
        let report = try Reports(store: store).hotspots(period, identity: identity)
        try out.emit(json: report.json, markdown: ReportMarkdown.render(report), html: ReportHTML.render(report))
    }
}

struct ReportDashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "班长看板的数据（今日主要指标、今日每小时来电、本月各承办单位比率），与控制台所示相同。"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let board = try Reports(store: store).dashboard(identity: identity)
        if json {
            CommandOutput.json([
                "as_of": ShanghaiTime.format(board.asOf),
                "headline": board.today.headline.map { ["key": $0.key, "label": $0.label, "rate": $0.rate.json] },
                "calls_per_hour": board.callsPerHour, "offered_per_hour": board.offeredPerHour,
                "month_to_date": ["from": board.monthToDate.first.iso, "to": board.monthToDate.last.iso],
                "departments": board.departments.map {
                    ["code": $0.department.code, "name": $0.department.name, "sign_on_time_rate": $0.signOnTime.json,
                     "answer_on_time_rate": $0.answerOnTime.json, "satisfaction_final": $0.satisfactionFinal.json,
                     "holding": $0.holding, "overdue": $0.overdue] as [String: Any]
                },
                "open_orders": board.openOrders, "overdue_orders": board.overdueOrders,
                "awaiting_callback": board.awaitingCallback, "manual_callbacks": board.manualCallbacks,
                "open_rectifications": board.openRectifications,
            ])
            return
        }
        CommandOutput.line("截至 \(ShanghaiTime.format(board.asOf))")
        for figure in board.today.headline { CommandOutput.line("\(figure.label)  \(figure.rate.detailText)") }
        CommandOutput.line("今日每小时来电  \(board.callsPerHour.map(String.init).joined(separator: " "))")
        CommandOutput.line("在办 \(board.openOrders)，超时 \(board.overdueOrders)，待回访 \(board.awaitingCallback)，"
            + "待人工回访 \(board.manualCallbacks)，未完成整改 \(board.openRectifications)")
        for d in board.departments {
            CommandOutput.line("\(d.department.code)  签收 \(d.signOnTime.percentText)  办结 \(d.answerOnTime.percentText)  "
                + "满意 \(d.satisfactionFinal.percentText)  在办 \(d.holding)  超时 \(d.overdue)")
        }
    }
}

struct ReportWeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "查看或修改评估权重（修改仅系统管理员），如 --set answer_on_time=30 --set bad_review_penalty=2。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("名称=值（0–100），可多次", valueName: "METRIC=WEIGHT"))
    var set: [String] = []

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let parameters = ReportParameters(store: store)
        let weights = set.isEmpty ? try parameters.weights() : try parameters.setWeights(set, identity: identity)
        if json {
            CommandOutput.json(Dictionary(uniqueKeysWithValues: EvaluationWeights.Metric.allCases.map { ($0.rawValue, weights.weight($0)) }))
            return
        }
        for metric in EvaluationWeights.Metric.allCases {
            CommandOutput.line("\(metric.rawValue)  \(String(format: "%g", weights.weight(metric)))  \(metric.label)")
        }
    }
}

struct ReportSettingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspot-settings",
        abstract: "查看或修改热点参数（修改仅系统管理员），如 --set cluster_min_calls=5 --set cluster_window_hours=48。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("名称=值（正整数），可多次", valueName: "KEY=VALUE"))
    var set: [String] = []

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let parameters = ReportParameters(store: store)
        let settings = set.isEmpty ? try parameters.hotspotSettings() : try parameters.setHotspotSettings(set, identity: identity)
        if json {
            CommandOutput.json(Dictionary(uniqueKeysWithValues: HotspotSetting.allCases.map { ($0.rawValue, settings[$0]) }))
            return
        }
        for key in HotspotSetting.allCases { CommandOutput.line("\(key.rawValue)  \(settings[key])  \(key.label)") }
    }
}
