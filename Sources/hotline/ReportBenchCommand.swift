import ArgumentParser
import Foundation
import HotlineCore

struct ReportBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "报表：一年的合成工单、来电与话务记录，测月度评估、热点周报和一个月服务指标的耗时。"
    )

    @Option(help: "合成工单数")
    var orders = 1_000_000

    @Option(help: "合成来电数（每个来电一条话务记录）")
    var calls = 3_000_000

    @Option(help: "每项报表运行次数")
    var runs = 3

    @Option(help: ArgumentHelp("knowledge-seed 目录", valueName: "DIR"))
    var seed: String?

    @Option(help: ArgumentHelp("放临时数据库的目录（默认系统临时目录）", valueName: "DIR"))
    var directory: String?

    @Flag(help: "保留生成的数据库（打印其路径）")
    var keep = false

    @Option(help: ArgumentHelp("不生成数据，在先前 --keep 保留的数据库上重新计时", valueName: "PATH"))
    var reuse: String?

    func validate() throws {
        if !(1...10_000_000).contains(orders) { throw ValidationError("--orders: 应为 1 到 10000000") }
        if !(1...30_000_000).contains(calls) { throw ValidationError("--calls: 应为 1 到 30000000") }
        if !(1...100).contains(runs) { throw ValidationError("--runs: 应为 1 到 100") }
    }

    func run() throws {
        if let reuse {
            print(summary(try ReportBenchmark.rerun(path: reuse, runs: runs)))
            return
        }
        let base = directory.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("hotline-bench-reports-\(getpid())")
        defer {
            if keep {
                FileHandle.standardError.write(Data("数据库保留在 \(folder.appendingPathComponent("bench.sqlite").path)\n".utf8))
            } else {
                try? FileManager.default.removeItem(at: folder)
            }
        }
        let report = try ReportBenchmark.run(orders: orders, calls: calls, runs: runs, seed: try SeedDirectory.locate(explicit: seed),
                                             directory: folder) { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        print(summary(report))
    }

    func summary(_ report: ReportBenchmark.Report) -> String {
        var lines = ["工单 \(report.orders)，事件 \(report.events)，回访 \(report.callbacks)，来电 \(report.calls)，话务记录 \(report.callRecords)",
                     String(format: "生成用时          %.1f 秒；数据库 %.0f MB", report.fillSeconds, report.databaseMegabytes),
                     "月度评估办结工单 \(report.evaluatedOrders)，热点周报来电 \(report.hotspotCalls)"]
        for timing in report.timings {
            let verdict = timing.worst <= timing.target ? "达标" : "未达标"
            lines.append(String(format: "%@  最快 %.3f 秒  最慢 %.3f 秒  目标 ≤ %.0f 秒  %@", timing.label, timing.best, timing.worst,
                                timing.target, verdict))
        }
        return lines.joined(separator: "\n")
    }
}
