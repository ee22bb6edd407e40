import ArgumentParser
import Foundation
import HotlineCore

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "用备份 FILE 替换数据库（须先退出所有 desk 与 hotline；原库改名保留）。",
        discussion: """
            先检查备份（完整性、外键、结构版本、事件重放、审计链），任何一项不通过即拒绝。
            运行者须是备份中启用的系统管理员。数据库被任何进程打开时拒绝（退出码 69）。
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("备份文件", valueName: "FILE"))
    var file: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let summary = try DatabaseBackup.restore(from: file, to: global.databasePath, clock: try global.clock())
        if json {
            CommandOutput.json(["target": summary.target, "previous": summary.previous as Any? ?? NSNull(),
                                "orders": summary.orders, "events": summary.events])
            return
        }
        CommandOutput.line("已从 \(file) 恢复到 \(summary.target)：工单 \(summary.orders) 单，事件 \(summary.events) 个")
        if let previous = summary.previous { CommandOutput.line("原数据库保留为 \(previous)") }
    }
}
