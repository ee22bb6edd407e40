import ArgumentParser
import Foundation
import HotlineCore

struct KnowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kb",
        abstract: "政策知识库：导入、检索、查看、导出、检查、检索缺口、草稿发布与退回、检索质量评测。",
        subcommands: [KnowledgeImportCommand.self, KnowledgeSearchCommand.self, KnowledgeShowCommand.self,
                      KnowledgeExportCommand.self, KnowledgeLintCommand.self,
                      KnowledgeGapsCommand.self, KnowledgePublishCommand.self, KnowledgeRejectCommand.self,
                      KnowledgeEvalCommand.self]
    )
}

struct KnowledgeImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入 JSON Lines 或 CSV 知识条目（整体一个事务：有任何错误行则全部不写入）。",
        discussion: "CSV 可为 UTF-8（含或不含 BOM）或 GB18030（Excel 中文版另存的格式），自动识别。同一 id 再次导入记为新修订版本。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("要导入的文件", valueName: "FILE"))
    var files: [String]

    @Flag(help: "只检查，不写入")
    var dryRun = false

    @Option(help: ArgumentHelp("CSV 编码：utf-8 或 gb18030（默认自动识别）", valueName: "ENCODING"))
    var encoding: String?

    @Option(help: ArgumentHelp("文件格式：jsonl 或 csv（默认按扩展名）", valueName: "FORMAT"))
    var format: String?

    @Flag(help: "以 JSON 输出摘要")
    var json = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("请给出至少一个文件") }
        if let encoding, TextEncoding(name: encoding) == nil { throw ValidationError("--encoding: 应为 utf-8 或 gb18030") }
        if let format, KnowledgeFileFormat(rawValue: format.lowercased()) == nil { throw ValidationError("--format: 应为 jsonl 或 csv") }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        try identity.require(.admin, .trainer, for: "导入知识条目")
        let options = KnowledgeImportOptions(dryRun: dryRun, encoding: encoding.flatMap(TextEncoding.init(name:)),
                                             format: format.flatMap { KnowledgeFileFormat(rawValue: $0.lowercased()) })
        let summary = try KnowledgeBase(store: store).importFiles(files, options: options, actor: identity.actor) { done, total in
            if total >= 5000 { CommandOutput.progress("导入", done, total) }
        }
        if json {
            CommandOutput.json([
                "files": summary.files.map { ["path": $0.path, "rows": $0.rows, "encoding": $0.encoding.rawValue] },
                "added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged,
                "new_departments": summary.newDepartments, "dry_run": summary.dryRun,
            ])
            return
        }
        for file in summary.files {
            CommandOutput.line("\(file.path)：\(file.rows) 行（\(file.encoding.rawValue)）")
        }
        let verb = summary.dryRun ? "检查通过（未写入）：将" : "已"
        CommandOutput.line("\(verb)新增 \(summary.added) 条，更新 \(summary.updated) 条，未变 \(summary.unchanged) 条")
        if !summary.newDepartments.isEmpty {
            CommandOutput.line("新部门（已\(summary.dryRun ? "将" : "")添加）：\(summary.newDepartments.joined(separator: "、"))")
        }
    }
}

struct KnowledgeSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "检索知识库（支持简称、拼音、全拼/首字母、同音错字）。",
        discussion: "--batch 从标准输入逐行读取查询，每行输出一个 JSON 数组（最相关在前）。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("查询", valueName: "QUERY"))
    var query: [String] = []

    @Flag(help: "以 JSON 输出")
    var json = false

    @Flag(help: "从标准输入逐行读取查询（需同时给 --json）")
    var batch = false

    @Option(help: "最多返回条数")
    var limit = 10

    @Option(help: ArgumentHelp("只查该部门（名称或编码）", valueName: "NAME"))
    var department: String?

    @Flag(help: "包含已过期条目（标注“已过期”）")
    var includeExpired = false

    @Flag(help: "在标准错误上说明查询被理解为哪些词（同义词、拼音、同音纠错）")
    var explain = false

    func validate() throws {
        if batch && !json { throw ValidationError("--batch 需要同时给出 --json") }
        if batch && !query.isEmpty { throw ValidationError("--batch 从标准输入读取查询，不接受 QUERY 参数") }
        if !batch && query.joined().trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("请给出查询") }
        if !(1...1000).contains(limit) { throw ValidationError("--limit: 应为 1 到 1000") }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let knowledge = KnowledgeBase(store: store)
        if batch {
            var requests: [SearchRequest] = []
            while let line = readLine(strippingNewline: true) {
                requests.append(request(line))
            }
            let responses = try knowledge.search(batch: requests)
            for response in responses { CommandOutput.json(response.hits.map(hitObject)) }
            try knowledge.logSearches(zip(requests, responses).map { ($0.text, $0.department, $1.hits.count) }, actor: identity.actor)
            // Blank lines get an empty result line too, so output lines stay aligned with input lines.
            return
        }
        let text = query.joined(separator: " ")
        let response = try knowledge.search(request(text, snippets: !json))
        if explain {
            for unit in response.units { CommandOutput.warn("查询词：\(unit.joined(separator: " | "))") }
        }
        try knowledge.logSearches([(text, department, response.hits.count)], actor: identity.actor)
        if json {
            CommandOutput.json(response.hits.map(hitObject))
            return
        }
        if response.hits.isEmpty {
            CommandOutput.line("没有找到匹配的条目（已记入检索缺口，供知识库管理员补充）")
            return
        }
        for (index, hit) in response.hits.enumerated() {
            let expired = hit.isExpired ? " [已过期 \(hit.effectiveTo ?? "")]" : ""
            CommandOutput.line("\(index + 1). \(hit.externalID)  \(hit.question)\(expired)")
            CommandOutput.line("   \(hit.department) · \(hit.category) · 得分 \(String(format: "%.3f", hit.score))")
            if let snippet = hit.snippet { CommandOutput.line("   \(snippet.replacingOccurrences(of: "\n", with: " "))") }
        }
    }

    private func request(_ text: String, snippets: Bool = false) -> SearchRequest {
        SearchRequest(text: text, limit: limit, department: department, includeExpired: includeExpired, withSnippets: snippets)
    }

    private func hitObject(_ hit: SearchHit) -> [String: Any] {
        var object: [String: Any] = [
            "id": hit.externalID, "question": hit.question, "department": hit.department,
            "category": hit.category, "score": (hit.score * 10_000).rounded() / 10_000,
        ]
        if includeExpired { object["expired"] = hit.isExpired }
        if let snippet = hit.snippet { object["snippet"] = snippet }
        return object
    }
}
