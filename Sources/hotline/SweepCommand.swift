import ArgumentParser
import Foundation
import HotlineCore

struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "标记超过签收或答复时限的工单（每单只标记一次并记一条事件；可由 cron 每分钟运行）。"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let store = try global.openStore()
        let summary = try WorkOrders(store: store).sweep()
        if json {
            CommandOutput.json(["at": ShanghaiTime.format(summary.at), "sign_overdue": summary.signOverdue,
                                "answer_overdue": summary.answerOverdue, "already_overdue": summary.alreadyOverdue])
            return
        }
        CommandOutput.line("\(ShanghaiTime.format(summary.at))  新增签收超时 \(summary.signOverdue.count) 单，"
            + "新增答复超时 \(summary.answerOverdue.count) 单，此前已超时 \(summary.alreadyOverdue) 单")
        for number in summary.signOverdue { CommandOutput.line("  签收超时 \(number)") }
        for number in summary.answerOverdue { CommandOutput.line("  答复超时 \(number)") }
    }
}
