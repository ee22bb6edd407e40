import ArgumentParser
import Foundation
import HotlineCore

struct OrderBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "工单：一年的合成工单及事件，测队列一页、工单详情、一次操作与超时扫描的耗时。"
    )

    @Option(help: "合成工单数")
    var orders = 1_000_000

    @Option(help: "每项操作的测量次数")
    var samples = 500

    @Option(help: ArgumentHelp("knowledge-seed 目录", valueName: "DIR"))
    var seed: String?

    @Option(help: ArgumentHelp("放临时数据库的目录（默认系统临时目录）", valueName: "DIR"))
    var directory: String?

    @Flag(help: "保留生成的数据库（打印其路径），便于查看")
    var keep = false

    @Option(help: ArgumentHelp("不生成数据，在先前 --keep 保留的数据库上重新计时", valueName: "PATH"))
    var reuse: String?

    func validate() throws {
        if !(1...10_000_000).contains(orders) { throw ValidationError("--orders: 应为 1 到 10000000") }
        if !(1...100_000).contains(samples) { throw ValidationError("--samples: 应为 1 到 100000") }
    }

    func run() throws {
        if let reuse {
            print(summary(try OrderBenchmark.rerun(path: reuse, samples: samples)))
            return
        }
        let base = directory.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("hotline-bench-orders-\(getpid())")
        defer {
            if keep {
                FileHandle.standardError.write(Data("数据库保留在 \(folder.appendingPathComponent("bench.sqlite").path)\n".utf8))
            } else {
                try? FileManager.default.removeItem(at: folder)
            }
        }
        let report = try OrderBenchmark.run(orders: orders, samples: samples, seed: try SeedDirectory.locate(explicit: seed),
                                            directory: folder) { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        print(summary(report))
    }

    func summary(_ report: OrderBenchmark.Report) -> String {
        var lines: [String] = []
        lines.append("工单数            \(report.orders)（在办 \(report.openOrders)）")
        lines.append("事件数            \(report.events)")
        lines.append(String(format: "生成用时          %.1f 秒", report.fillSeconds))
        lines.append("操作                  次数    p50(ms)   p95(ms)   p99(ms)   max(ms)")
        for row in report.latencies {
            lines.append(String(format: "%@  %6d   %7.2f   %7.2f   %7.2f   %7.2f", row.label, row.count, row.p50, row.p95, row.p99, row.max))
        }
        lines.append(String(format: "超时扫描          %.3f 秒，新标记 %d 单", report.sweepSeconds, report.sweepFlagged))
        lines.append(String(format: "数据库大小        %.0f MB", report.databaseMegabytes))
        lines.append(String(format: "峰值内存          %.0f MB", report.peakResidentMegabytes))
        return lines.joined(separator: "\n")
    }
}
