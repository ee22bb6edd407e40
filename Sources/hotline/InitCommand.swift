import ArgumentParser
import Foundation
import HotlineCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "创建或升级数据库，并载入 knowledge-seed/（重复运行无害）。",
        discussion: "运行 init 的系统用户成为第一个系统管理员账号。--empty 不载入示例内容（部门、知识条目、政策专员），但仍载入同义词等参考数据。"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "不载入示例内容，只载入参考数据")
    var empty = false

    @Option(help: ArgumentHelp("knowledge-seed 目录（默认在程序所在仓库或 /usr/share/hotline 中查找）", valueName: "DIR"))
    var seed: String?

    @Flag(help: "以 JSON 输出结果")
    var json = false

    func run() throws {
        let seedURL = try SeedDirectory.locate(explicit: seed)
        let (_, report) = try Setup.initialize(path: global.databasePath, seed: seedURL, includeSamples: !empty,
                                               clock: try global.clock())
        if json {
            var object: [String: Any] = [
                "database": report.path, "migrations": report.migrationsApplied,
                "synonym_groups": report.synonymGroups, "departments_added": report.departmentsAdded,
                "calendar_years_added": report.calendarYearsAdded, "sla_rules_added": report.slaRulesAdded,
            ]
            object["admin_created"] = report.adminCreated ?? NSNull()
            if let knowledge = report.knowledge {
                object["entries_added"] = knowledge.added
                object["entries_unchanged"] = knowledge.unchanged
            }
            CommandOutput.json(object)
            return
        }
        CommandOutput.line("数据库：\(report.path)（结构版本 \(report.migrationsApplied.last ?? "-")）")
        if let admin = report.adminCreated { CommandOutput.line("系统管理员账号：\(admin)") }
        CommandOutput.line("同义词组：\(report.synonymGroups)")
        if !report.calendarYearsAdded.isEmpty {
            CommandOutput.line("节假日数据：载入 \(report.calendarYearsAdded.map(String.init).joined(separator: "、")) 年")
        }
        if !report.slaRulesAdded.isEmpty {
            CommandOutput.line("时限规则：载入 \(report.slaRulesAdded.joined(separator: "、"))")
        }
        if !empty {
            CommandOutput.line("新增示例部门：\(report.departmentsAdded)")
            if let knowledge = report.knowledge {
                CommandOutput.line("示例知识条目：新增 \(knowledge.added)，已存在 \(knowledge.unchanged)")
            }
        }
    }
}
