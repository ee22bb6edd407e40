import ArgumentParser
import Foundation
import HotlineCore

struct SpecialistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specialist",
        abstract: "政策专员：导入报名表、查看名单、按业务主题查找。",
        subcommands: [SpecialistImportCommand.self, SpecialistListCommand.self, SpecialistFindCommand.self]
    )

    /// One specialist as JSON; the phone as the caller's role may see it.
    static func json(_ listing: SpecialistListing, role: Role) -> [String: Any] {
        let specialist = listing.specialist
        return [
            "id": specialist.id!, "department_code": listing.department.code, "department": listing.department.name,
            "name": specialist.name, "title": specialist.title, "phone": specialist.phone(for: role),
            "expertise": specialist.expertise, "active": specialist.active, "sample": specialist.isSample,
            "recent_answers": listing.recentAnswers,
        ]
    }
}

struct SpecialistImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "导入政策专员报名表（附件1，CSV；仅系统管理员）。",
        discussion: """
            表头 department,name,title,phone,expertise，或报名表的中文列名（单位/部门、姓名、职务、联系电话/手机、擅长领域/业务专长）；\
            表头上方可有标题行和“单位（盖章）：…”行。UTF-8（可带 BOM）或 GB18030 自动识别。单位写名称或编码；电话为 11 位手机号或带区号的座机；\
            擅长领域用 、，, ; 或空格分隔。有任何错误行则整个文件不写入，逐行列出 文件:行号: 原因。已有的同单位同名专员被更新。\
            导入后每个单位不足 3 人或超过 5 人时给出警告。
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("报名表 CSV 文件", valueName: "FILE"))
    var file: String

    @Flag(help: "只检查并报告结果，不写入")
    var dryRun = false

    @Option(help: ArgumentHelp("文件编码：utf-8 或 gb18030（默认自动识别）", valueName: "ENCODING"))
    var encoding: String?

    @Flag(help: "以 JSON 输出结果")
    var json = false

    func validate() throws {
        if let encoding, TextEncoding(name: encoding) == nil { throw ValidationError("--encoding: 应为 utf-8 或 gb18030") }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let options = SpecialistImportOptions(dryRun: dryRun, encoding: encoding.flatMap(TextEncoding.init(name:)))
        let summary = try SpecialistRoster(store: store).importForm(path: file, options: options, identity: identity)
        for warning in summary.warnings { CommandOutput.warn(warning.description) }
        if json {
            CommandOutput.json([
                "file": summary.source, "encoding": summary.encoding.rawValue, "rows": summary.rows,
                "added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged,
                "dry_run": summary.dryRun,
                "warnings": summary.warnings.map {
                    ["department_code": $0.departmentCode, "department": $0.departmentName, "count": $0.count] as [String: Any]
                },
            ])
            return
        }
        let verb = summary.dryRun ? "试运行（未写入）" : "已导入"
        CommandOutput.line("\(verb) \(summary.source)（\(summary.encoding.rawValue)）：\(summary.rows) 人，新增 \(summary.added)，更新 \(summary.updated)，未变 \(summary.unchanged)")
    }
}

struct SpecialistListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "列出政策专员（按单位）。",
        discussion: "电话只对坐席、班长和系统管理员完整显示，其他角色看到 138****5678 形式。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("只列该单位（名称或编码）", valueName: "CODE|NAME"))
    var department: String?

    @Flag(help: "包括已停用的专员")
    var includeInactive = false

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let listings = try SpecialistRoster(store: store).list(department: department, includeInactive: includeInactive)
        if json {
            CommandOutput.json(listings.map { SpecialistCommand.json($0, role: identity.role) })
            return
        }
        var current: Int64? = nil
        for listing in listings {
            if listing.department.id != current {
                current = listing.department.id
                let count = listings.filter { $0.department.id == current }.count
                CommandOutput.line("\(listing.department.name)（\(listing.department.code)）\(count) 人")
            }
            let specialist = listing.specialist
            let flags = (specialist.active ? "" : "  已停用") + (specialist.isSample ? "  示例" : "")
            CommandOutput.line("  \(specialist.id!)  \(specialist.name)  \(specialist.title)  \(specialist.phone(for: identity.role))  \(specialist.expertise.joined(separator: "、"))\(flags)")
        }
        if listings.isEmpty { CommandOutput.line("没有政策专员") }
    }
}

struct SpecialistFindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "按业务主题查找政策专员（三方通话前选人）。",
        discussion: """
            排序：先按擅长领域与主题的匹配度（主题中被擅长领域覆盖的比例，分词与同义词同知识库检索，社保 = 社会保险），\
            再按近 90 天三方通话中解决问题的次数，再按姓名。只列在岗且有匹配的专员。
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("业务主题，如 留抵退税、社保补缴", valueName: "TOPIC"))
    var topic: String

    @Option(help: ArgumentHelp("只在该单位中查找（名称或编码）", valueName: "CODE|NAME"))
    var department: String?

    @Option(help: "最多列出几人")
    var limit = 5

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if !(1...100).contains(limit) { throw ValidationError("--limit: 应在 1 到 100 之间") }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let matches = try SpecialistRoster(store: store).find(topic: topic, department: department, limit: limit)
        if json {
            CommandOutput.json(matches.map { match -> [String: Any] in
                var object = SpecialistCommand.json(match.listing, role: identity.role)
                object["score"] = (match.score * 1000).rounded() / 1000
                object["matched_expertise"] = match.matchedExpertise
                return object
            })
            return
        }
        if matches.isEmpty {
            CommandOutput.line("没有擅长该主题的政策专员；可去掉 --department 或换个说法再查")
            return
        }
        for (rank, match) in matches.enumerated() {
            let specialist = match.listing.specialist
            CommandOutput.line("\(rank + 1). \(specialist.name)（\(match.listing.department.name) \(specialist.title)）\(specialist.phone(for: identity.role))  编号 \(specialist.id!)")
            CommandOutput.line("   匹配 \(String(format: "%.2f", match.score))：\(match.matchedExpertise.joined(separator: "、"))    近 \(SpecialistRoster.recentDays) 天解答 \(match.listing.recentAnswers) 次")
        }
    }
}
