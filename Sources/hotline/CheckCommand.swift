import ArgumentParser
import Foundation
import HotlineCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "检查数据库：完整性、外键、结构版本、事件重放、审计链、报表事实、文件权限（系统管理员）。",
        discussion: "发现任何问题时逐条列出（是什么、在哪里）并以 65 退出；全部通过时退出码 0。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("backup"), help: ArgumentHelp("同时检查这些备份文件的权限（可多次给出）", valueName: "FILE"))
    var backups: [String] = []

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let report = try HealthCheck.run(store, backups: backups, identity: identity)
        if json {
            CommandOutput.json([
                "path": report.path, "healthy": report.isHealthy, "orders": report.orders, "events": report.events,
                "migrations": report.migrations, "audit_head": report.auditHead?.description as Any? ?? NSNull(),
                "findings": report.findings.map { ["area": $0.area.rawValue, "message": $0.message] },
            ])
        } else {
            for finding in report.findings { CommandOutput.line("问题  \(finding)") }
            if report.isHealthy {
                CommandOutput.line("\(report.path)：检查通过（工单 \(report.orders) 单，事件 \(report.events) 个，"
                    + "结构 \(report.migrations.last ?? "?")，审计链末端 \(report.auditHead?.description ?? "（无事件）")）")
            }
        }
        if !report.isHealthy { throw CheckFailure(count: report.findings.count, path: report.path) }
    }
}

struct CheckFailure: HotlineFailure {
    var count: Int
    var path: String
    var description: String { "\(path): 检查发现 \(count) 个问题（见上）" }
    var exitCode: ExitStatus { .badData }
}
