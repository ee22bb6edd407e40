import ArgumentParser
import Foundation
import HotlineCore

struct KnowledgeShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "查看一个知识条目及其修订历史。")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("条目编号", valueName: "ID"))
    var id: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, _) = try global.openAsIdentity()
        let knowledge = KnowledgeBase(store: store)
        let detail = try knowledge.detail(externalID: id)
        let feedback = try knowledge.feedback(externalID: id)
        let entry = detail.entry
        if json {
            CommandOutput.json([
                "id": entry.externalID, "department": detail.department.name, "category": entry.category,
                "question": entry.question, "answer": entry.answer, "keywords": entry.keywords, "source": entry.source,
                "effective_from": entry.effectiveFrom ?? NSNull(), "effective_to": entry.effectiveTo ?? NSNull(),
                "status": entry.status.rawValue, "revision": entry.revision, "sample": entry.isSample,
                "expired": detail.isExpired,
                "feedback": ["helpful": feedback.helpful, "not_helpful": feedback.notHelpful] as [String: Any],
                "revisions": detail.revisions.map {
                    ["revision": $0.revision, "changed_at": ShanghaiTime.format($0.changedAt), "changed_by": $0.changedBy,
                     "change": $0.change, "changed_fields": $0.changedFields] as [String: Any]
                },
            ])
            return
        }
        CommandOutput.line("\(entry.externalID)  \(entry.question)")
        CommandOutput.line("部门：\(detail.department.name)    类别：\(entry.category)    状态：\(entry.status.label)\(detail.isExpired ? "（已过期）" : "")\(entry.isSample ? "    示例内容" : "")")
        CommandOutput.line("有效期：\(entry.effectiveFrom ?? "—") 至 \(entry.effectiveTo ?? "长期")    依据：\(entry.source.isEmpty ? "（缺）" : entry.source)")
        CommandOutput.line("关键词：\(entry.keywords.joined(separator: "、"))    坐席评价：有用 \(feedback.helpful)，没用 \(feedback.notHelpful)")
        CommandOutput.line("")
        print(TextSafety.visible(entry.answer, keepLineBreaks: true))
        CommandOutput.line("")
        CommandOutput.line("修订历史：")
        for revision in detail.revisions {
            let fields = revision.changedFields.isEmpty ? "" : "（\(revision.changedFields.joined(separator: "、"))）"
            CommandOutput.line("  第 \(revision.revision) 版  \(ShanghaiTime.format(revision.changedAt))  \(revision.changedBy)  \(revision.change)\(fields)")
        }
    }
}

struct KnowledgeExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "导出知识条目（JSONL 或 CSV，可再导入）。")

    @OptionGroup var global: GlobalOptions

    @Option(help: "格式：jsonl 或 csv")
    var format = "jsonl"

    @Option(name: .shortAndLong, help: ArgumentHelp("写入文件（默认标准输出）", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("只导出该状态：draft、published、retired", valueName: "STATUS"))
    var status: String?

    @Option(help: ArgumentHelp("只导出该部门（名称或编码）", valueName: "NAME"))
    var department: String?

    func validate() throws {
        guard ["jsonl", "csv"].contains(format) else { throw ValidationError("--format: 应为 jsonl 或 csv") }
        if let status, KnowledgeEntry.Status(rawValue: status) == nil { throw ValidationError("--status: 应为 draft、published 或 retired") }
    }

    func run() throws {
        let (store, _) = try global.openAsIdentity()
        var lines: [String] = format == "csv" ? [KnowledgeExport.csvHeader()] : []
        try KnowledgeBase(store: store).entries(status: status.flatMap(KnowledgeEntry.Status.init(rawValue:)), department: department) { entry, name in
            lines.append(format == "csv" ? KnowledgeExport.csvLine(entry, department: name) : KnowledgeExport.jsonLine(entry, department: name))
        }
        let text = lines.joined(separator: format == "csv" ? "\r\n" : "\n") + (lines.isEmpty ? "" : (format == "csv" ? "\r\n" : "\n"))
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: Data(text.utf8), attributes: [.posixPermissions: 0o640]) else {
                throw CommandFailure.cannotWrite(output)
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

struct KnowledgeLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "检查知识库：缺依据或日期、过期仍发布、重复或相似问题、照搬条文、答案过长。"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "以 JSON 输出")
    var json = false

    @Flag(help: "有任何问题时以 65 退出")
    var strict = false

    func run() throws {
        let (store, _) = try global.openAsIdentity()
        let findings = try KnowledgeBase(store: store).lint()
        if json {
            CommandOutput.json(findings.map { ["entry": $0.entry, "kind": $0.kind.rawValue, "detail": $0.detail] })
        } else {
            for finding in findings {
                CommandOutput.line("\(finding.entry): \(finding.kind.label)\(finding.detail.isEmpty ? "" : "：\(finding.detail)")")
            }
            var counts: [String] = []
            for kind in LintFinding.Kind.allCases {
                let n = findings.filter { $0.kind == kind }.count
                if n > 0 { counts.append("\(kind.label.prefix(12)) \(n)") }
            }
            CommandOutput.line(findings.isEmpty ? "没有发现问题" : "共 \(findings.count) 项：\(counts.joined(separator: "；"))")
        }
        if strict && !findings.isEmpty { throw CommandFailure.lintFindings(findings.count) }
    }
}

/// Failures of the CLI itself (files it writes, strict modes).
enum CommandFailure: HotlineFailure {
    case cannotWrite(String)
    case lintFindings(Int)

    var description: String {
        switch self {
        case .cannotWrite(let path): return "\(path): 无法写入文件"
        case .lintFindings(let n): return "知识库检查发现 \(n) 项问题"
        }
    }

    var exitCode: ExitStatus {
        switch self {
        case .cannotWrite: return .cannotCreate
        case .lintFindings: return .badData
        }
    }
}
