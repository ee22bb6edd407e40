import ArgumentParser
import Foundation
import HotlineCore

struct OrderExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "导出工单（CSV 或 JSON Lines）；个人信息默认脱敏，--unmask 仅限系统管理员且每单记一条事件。",
        discussion: "CSV 中以 = + - @ 开头的单元格前加 '，防止电子表格把它当公式执行。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("csv 或 json", valueName: "FORMAT"))
    var format = "csv"

    @Flag(help: "不脱敏（系统管理员；导出本身记入每张工单的事件）")
    var unmask = false

    @Option(name: .shortAndLong, help: ArgumentHelp("写入文件（权限 660）；默认标准输出", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("状态（可多次给出）", valueName: "S"))
    var status: [String] = []

    @Option(help: ArgumentHelp("承办单位代码", valueName: "CODE"))
    var department: String?

    @Option(help: "最多导出几单（默认全部）")
    var limit: Int?

    func run() throws {
        guard let exportFormat = OrderExportFormat(rawValue: format) else { throw ValidationError("--format: 应为 csv 或 json") }
        var statuses: [OrderStatus] = []
        for text in status.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let parsed = OrderStatus(text: text) else { throw ValidationError("--status: 没有状态 \(text)") }
            statuses.append(parsed)
        }
        let (store, identity) = try global.openAsIdentity()
        let filter = OrderFilter(statuses: statuses, department: department, limit: limit ?? Int.max)
        let export = try WorkOrders(store: store).export(filter, format: exportFormat, unmask: unmask, identity: identity)
        if let output {
            try ExportFile.write(export.text, to: output)
            CommandOutput.line("已导出 \(export.count) 单到 \(output)" + (export.unmasked ? "（未脱敏，已记入各单事件）" : "（个人信息已脱敏）"))
        } else {
            // Caller text must not drive a terminal; a file or pipe gets the bytes as they are.
            let text = isatty(1) == 1 ? TextSafety.visible(export.text, keepLineBreaks: true) : export.text
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}

enum ExportFile {
    /// Exports carry personal data even masked: created 0660 like the database.
    static func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o660]) else {
            throw ExportFailure(path: path)
        }
        try? FileManager.default.setAttributes([.posixPermissions: 0o660], ofItemAtPath: path)
    }
}

struct ExportFailure: HotlineFailure {
    var path: String
    var description: String { "\(path): 无法写入（目录不存在或没有权限）" }
    var exitCode: ExitStatus { .cannotCreate }
}
