import ArgumentParser
import Foundation
import HotlineCore

struct KnowledgeEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "检索质量评测：按查询类型输出 MRR@10 与 recall@5。",
        discussion: """
            QUERIES 每行 query<TAB>相关条目 id（逗号分隔，最相关在前）<TAB>类型。
            给出 --corpus 时在临时数据库中导入该语料后评测（载入 knowledge-seed 的同义词），否则用当前数据库。
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("评测查询文件（TSV）", valueName: "FILE"))
    var queries: String

    @Option(help: ArgumentHelp("语料（JSONL）；给出时在临时数据库中评测", valueName: "FILE"))
    var corpus: String?

    @Option(help: ArgumentHelp("knowledge-seed 目录", valueName: "DIR"))
    var seed: String?

    @Flag(help: "列出未排在第一的查询")
    var verbose = false

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        guard let data = FileManager.default.contents(atPath: queries), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(queries): 无法读取")
        }
        let parsed = try SearchEvaluation.parseQueries(text, file: queries)
        let knowledge: KnowledgeBase
        var temporary: URL? = nil
        if let corpus {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-eval-\(getpid())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            temporary = directory
            let (store, _) = try Setup.initialize(path: directory.appendingPathComponent("eval.sqlite").path,
                                                  seed: try SeedDirectory.locate(explicit: seed), includeSamples: false,
                                                  clock: try global.clock())
            knowledge = KnowledgeBase(store: store)
            try knowledge.importFiles([corpus], actor: Actor.operatingSystemUser)
        } else {
            knowledge = KnowledgeBase(store: try global.openStore())
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let evaluation = try SearchEvaluation.run(parsed, on: knowledge)
        if json {
            var kinds: [String: Any] = [:]
            for (kind, figures) in evaluation.byKind {
                kinds[kind] = ["queries": figures.count, "mrr": figures.mrr, "recall_at_5": figures.recallAt5]
            }
            let overall = evaluation.overall
            CommandOutput.json(["queries": overall.count, "mrr": overall.mrr, "recall_at_5": overall.recallAt5, "kinds": kinds])
            return
        }
        CommandOutput.line("类型          查询数   MRR@10   recall@5")
        for (kind, figures) in evaluation.byKind {
            CommandOutput.line(row(kind, figures))
        }
        CommandOutput.line(row("全部", evaluation.overall))
        if verbose {
            for outcome in evaluation.outcomes where outcome.reciprocalRank < 1 || outcome.recallAt5 < 1 {
                CommandOutput.line("[\(outcome.query.kind)] \(outcome.query.text)  期望 \(outcome.query.relevant.joined(separator: ","))  得到 \(outcome.returned.prefix(5).joined(separator: ","))")
            }
        }
    }

    private func row(_ kind: String, _ figures: SearchEvaluation.Figures) -> String {
        let padded = kind + String(repeating: " ", count: max(0, 12 - kind.count))
        return "\(padded)  \(String(format: "%5d    %.3f    %.3f", figures.count, figures.mrr, figures.recallAt5))"
    }
}
