import ArgumentParser
import Foundation
import HotlineCore

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "工单事件审计链（系统管理员）。",
        subcommands: [AuditVerifyCommand.self]
    )
}

struct AuditVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "重算整个事件日志的哈希链，指出第一个不符的事件；通过时打印链末端（可另行记下作锚点）。",
        discussion: "退出码：0 链完好，65 链被改动（指出事件编号、工单与序号）。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("此前记下的锚点 事件编号:哈希；核对链未被整体重算", valueName: "ID:HASH"))
    var anchor: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let parsedAnchor = try anchor.map { text throws(AuditError) in try AuditAnchor(text: text) }
        let (store, identity) = try global.openAsIdentity()
        let report = try AuditVerification.verify(store, anchor: parsedAnchor, identity: identity)
        if json {
            var object: [String: Any] = ["events": report.events, "intact": report.isIntact,
                                         "head": report.head?.description as Any? ?? NSNull()]
            if let broken = report.firstBreak {
                object["first_bad_event"] = broken.eventID
                object["order"] = broken.orderNumber as Any? ?? NSNull()
                object["sequence"] = broken.sequence as Any? ?? NSNull()
                object["reason"] = broken.description
            }
            CommandOutput.json(object)
        } else if report.isIntact {
            CommandOutput.line("审计链完好：\(report.events) 个事件；链末端 \(report.head?.description ?? "（无事件）")")
        }
        if let broken = report.firstBreak { throw AuditError.broken(broken) }
    }
}
