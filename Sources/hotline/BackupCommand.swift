import ArgumentParser
import Foundation
import HotlineCore

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "在线备份数据库到 FILE（系统管理员；他人可照常工作；文件权限 660）。",
        discussion: "用 SQLite 在线备份接口一次复制一致的快照，写完并校验后才改名为 FILE；打印审计链末端，宜另行记下。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("备份文件", valueName: "FILE"))
    var file: String

    @Flag(help: "FILE 已存在时覆盖")
    var force = false

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let summary = try DatabaseBackup.backup(store, to: file, overwrite: force, identity: identity)
        if json {
            CommandOutput.json(["path": summary.path, "bytes": summary.bytes, "orders": summary.orders,
                                "events": summary.events, "audit_head": summary.head?.description as Any? ?? NSNull()])
            return
        }
        CommandOutput.line("已备份到 \(summary.path)：\(summary.bytes) 字节，工单 \(summary.orders) 单，事件 \(summary.events) 个")
        if let head = summary.head { CommandOutput.line("审计链末端 \(head)") }
    }
}
