import ArgumentParser
import Foundation
import HotlineCore

/// `hotline report facts`: the derived rows the KPI and evaluation sum, checked against
/// a recount from the event log, or rebuilt from it.
struct ReportFactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facts",
        abstract: "核对或重建报表事实（由工单事件和回访派生，系统管理员）。",
        discussion: "不加 --rebuild 时按事件重算并与存储的报表事实比较，不符时逐条列出并以 65 退出；--rebuild 在一个事务中按事件全部重建。hotline check 也做这项核对。"
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "按工单事件和回访重建全部报表事实")
    var rebuild = false

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        if rebuild {
            let counts = try ReportFacts.rebuild(store, identity: identity)
            if json {
                CommandOutput.json(["rebuilt": counts])
            } else {
                CommandOutput.line("报表事实已重建：" + counts.keys.sorted().map { "\($0) \(counts[$0]!) 行" }.joined(separator: "，"))
            }
            return
        }
        let mismatches = try ReportFacts.check(store, identity: identity)
        if json {
            CommandOutput.json(["consistent": mismatches.isEmpty,
                                "mismatches": mismatches.map { ["table": $0.table, "extra": $0.extra, "missing": $0.missing, "orders": $0.orders] }])
        } else if mismatches.isEmpty {
            CommandOutput.line("报表事实与事件重算一致")
        } else {
            for mismatch in mismatches { CommandOutput.line("问题  \(mismatch)") }
        }
        if !mismatches.isEmpty { throw CheckFailure(count: mismatches.count, path: store.path) }
    }
}
