import ArgumentParser
import Foundation
import HotlineCore

struct DepartmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "department",
        abstract: "承办单位：添加、列出、从 CSV 导入（添加和导入仅系统管理员）。",
        subcommands: [DepartmentAddCommand.self, DepartmentListCommand.self, DepartmentImportCommand.self]
    )

    static func json(_ department: Department, activeAccounts: Int? = nil) -> [String: Any] {
        var object: [String: Any] = ["code": department.code, "name": department.name, "kind": department.kind.rawValue,
                                     "kind_label": department.kind.label, "is_sample": department.isSample,
                                     "created_at": ShanghaiTime.format(department.createdAt)]
        if let activeAccounts { object["active_accounts"] = activeAccounts }
        return object
    }
}

struct DepartmentAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "添加承办单位（编码与名称都不能与已有的重复）。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("编码：英文字母、数字、_ 或 -，如 TAX", valueName: "CODE"))
    var code: String

    @Option(help: ArgumentHelp("名称，如 如皋市税务局", valueName: "NAME"))
    var name: String

    @Option(help: ArgumentHelp("city（市级部门，默认）或 town（镇区街道）", valueName: "KIND"))
    var kind: String = "city"

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if Department.Kind(label: kind.lowercased()) == nil {
            throw ValidationError("--kind: 应为 city（市级部门）或 town（镇区街道），收到 \(kind)")
        }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let department = try DepartmentRegistry(store: store)
            .add(code: code, name: name, kind: try Department.Kind(text: kind), identity: identity)
        if json { CommandOutput.json(DepartmentCommand.json(department)); return }
        CommandOutput.line("\(department.code)  已添加承办单位 \(department.name)（\(department.kind.label)）")
    }
}

struct DepartmentListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "列出承办单位（市级部门在前，按编码排序）及其在用账号数。"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let listings = try DepartmentRegistry(store: store).list(identity: identity)
        if json {
            CommandOutput.json(listings.map { DepartmentCommand.json($0.department, activeAccounts: $0.activeAccounts) })
            return
        }
        for listing in listings {
            let d = listing.department
            CommandOutput.line("\(d.code)\t\(d.name)\t\(d.kind.label)\t账号 \(listing.activeAccounts)\(d.isSample ? "\t示例" : "")")
        }
        CommandOutput.line("共 \(listings.count) 个承办单位")
    }
}

struct DepartmentImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "从 CSV 导入承办单位：编码,名称,类型（有任何错误行则全部不写入）。",
        discussion: """
            类型为 city/town 或 市级部门/镇区街道，可省略（默认市级部门）；可有表头行 code,name,kind。
            UTF-8（可带 BOM）或 GB18030。已有的编码按文件更新名称和类型，并在结果中列出。
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("CSV 文件", valueName: "FILE"))
    var file: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let summary = try DepartmentRegistry(store: store).importFile(path: file, identity: identity)
        if json {
            CommandOutput.json(["added": summary.added, "updated": summary.updated, "unchanged": summary.unchanged])
            return
        }
        CommandOutput.line("新增 \(summary.added.count) 个，更新 \(summary.updated.count) 个，未变 \(summary.unchanged) 个")
        if !summary.updated.isEmpty { CommandOutput.line("已更新：\(summary.updated.joined(separator: "、"))") }
    }
}
