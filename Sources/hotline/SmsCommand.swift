import ArgumentParser
import Foundation
import HotlineCore

struct SmsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sms",
        abstract: "短信回访：导出待发短信、导入平台回复、查看或修改短信模板（系统管理员、班长）。",
        subcommands: [SmsOutboxCommand.self, SmsResultsCommand.self, SmsTemplateCommand.self]
    )
}

struct SmsOutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outbox",
        abstract: "列出待发的回访短信（待回访、有手机号、本轮尚未发送），并记为已交短信平台发送。",
        discussion: "--dry-run 只列出、不记为已发送。CSV 列：order_number,phone,message。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("csv 或 json", valueName: "FORMAT"))
    var format: OutboxFormat = .csv

    @Flag(help: "只列出，不记为已发送")
    var dryRun = false

    enum OutboxFormat: String, ExpressibleByArgument { case csv, json }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let messages = try SmsCallbacks(store: store).outbox(dryRun: dryRun, identity: identity)
        switch format {
        case .json:
            CommandOutput.json(messages.map { ["order_number": $0.orderNumber, "phone": $0.phone, "message": $0.text,
                                               "kind": $0.kind.rawValue, "department": $0.department] })
        case .csv:
            print("order_number,phone,message")
            for message in messages {
                print([message.orderNumber, message.phone, message.text].map(Self.csvField).joined(separator: ","))
            }
        }
    }

    static func csvField(_ text: String) -> String {
        let safe = TextSafety.visible(text)
        guard safe.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return safe }
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

struct SmsResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "短信平台回复的导入。",
        subcommands: [SmsResultsImportCommand.self]
    )
}

struct SmsResultsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入短信回复（CSV：手机号或工单号, 回复 1/2/3, 回复时间），按回访规则逐条生效。",
        discussion: "1 满意、2 基本满意（办结）、3 不满意（转人工回访）。无法识别或对应不上的行逐行报告（文件:行）并跳过，其余照常生效；同一回复再次导入不重复生效。有被跳过的行时退出码为 65。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("回复文件", valueName: "FILE"))
    var file: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let summary = try SmsCallbacks(store: store).importReplies(path: file, identity: identity)
        for problem in summary.problems { FileHandle.standardError.write(Data("hotline: \(TextSafety.visible(problem))\n".utf8)) }
        if json {
            CommandOutput.json(["lines": summary.lines, "applied": summary.appliedCount,
                                "by_result": Dictionary(uniqueKeysWithValues: summary.applied.map { ($0.key.rawValue, $0.value) }),
                                "already_applied": summary.alreadyApplied, "skipped": summary.problems.count])
        } else {
            let results = CallbackResult.allCases.compactMap { r in summary.applied[r].map { "\(r.label) \($0)" } }.joined(separator: "，")
            CommandOutput.line("共 \(summary.lines) 行：生效 \(summary.appliedCount) 条\(results.isEmpty ? "" : "（\(results)）")，"
                + "此前已导入 \(summary.alreadyApplied) 条，跳过 \(summary.problems.count) 行")
        }
        if !summary.problems.isEmpty { throw ExitCode(ExitStatus.badData.rawValue) }
    }
}

struct SmsTemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "查看或修改回访短信模板：--kind consult|other --set \"…{number}…{department}…\"。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("工单类别", valueName: "KIND"))
    var kind: String?

    @Option(help: ArgumentHelp("新的模板（须含 {number}，可含 {department}）", valueName: "TEXT"))
    var set: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let sms = SmsCallbacks(store: store)
        var templates: [SmsTemplate]
        if let set {
            guard let kind else { throw ValidationError("--set 需要同时给 --kind consult|other") }
            templates = [try sms.setTemplate(kind: kind, body: set, identity: identity)]
        } else {
            templates = try sms.templates(identity: identity).filter { kind == nil || $0.kind == kind }
        }
        if json {
            CommandOutput.json(templates.map { ["kind": $0.kind, "body": $0.body, "updated_at": ShanghaiTime.format($0.updatedAt),
                                                "updated_by": $0.updatedBy] })
            return
        }
        for template in templates { CommandOutput.line("\(template.kind)  \(template.body)") }
    }
}
