import ArgumentParser
import Foundation
import HotlineCore

struct CdrCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cdr",
        abstract: "话务系统的呼叫记录（接通率的依据）。",
        subcommands: [CdrImportCommand.self]
    )
}

struct CdrImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入呼叫记录 CSV（系统管理员、班长）：呼叫编号, 队列, 进线时间, 接听时间或空, 结束时间, 坐席, 主叫。",
        discussion: "表头可有可无；UTF-8 或 GB18030。同一呼叫编号再次导入不重复计数（内容有变则更新）。任何一行有错则整个文件不写入，逐行报告（文件:行）。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("呼叫记录文件", valueName: "FILE"))
    var file: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let summary = try CallRecords(store: store).importFile(path: file, identity: identity)
        if json {
            CommandOutput.json(["rows": summary.rows, "added": summary.added, "unchanged": summary.unchanged, "updated": summary.updated,
                                "first_offered": summary.firstOffered.map(ShanghaiTime.format) as Any? ?? NSNull(),
                                "last_offered": summary.lastOffered.map(ShanghaiTime.format) as Any? ?? NSNull()])
            return
        }
        let span = summary.firstOffered.map { "（\(ShanghaiTime.format($0)) 至 \(ShanghaiTime.format(summary.lastOffered!))）" } ?? ""
        CommandOutput.line("共 \(summary.rows) 条\(span)：新增 \(summary.added)，未变 \(summary.unchanged)，更新 \(summary.updated)")
    }
}
