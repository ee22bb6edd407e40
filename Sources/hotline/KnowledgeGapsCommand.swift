import ArgumentParser
import Foundation
import HotlineCore

struct KnowledgeGapsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaps",
        abstract: "检索缺口：没有找到任何条目的常见查询（查漏补缺，供知识库管理员补充）。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("只看最近 N 天", valueName: "DAYS"))
    var days: Int?

    @Option(help: "至少出现次数")
    var minCount = 1

    @Option(help: "最多列出条数")
    var limit = 50

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        try identity.require(.trainer, .lead, .admin, for: "查看检索缺口")
        let since = days.map { store.clock.now().addingTimeInterval(-Double($0) * 86_400) }
        let gaps = try KnowledgeBase(store: store).gaps(since: since, minimumCount: minCount, limit: limit)
        if json {
            CommandOutput.json(gaps.map { ["query": $0.query, "count": $0.count, "last_searched": ShanghaiTime.format($0.lastSearched)] })
            return
        }
        if gaps.isEmpty { CommandOutput.line("没有检索缺口"); return }
        for gap in gaps {
            CommandOutput.line("\(String(format: "%5d", gap.count))  \(gap.query)  （最近 \(ShanghaiTime.format(gap.lastSearched))）")
        }
    }
}
