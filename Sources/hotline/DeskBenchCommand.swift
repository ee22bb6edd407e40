import ArgumentParser
import DeskUI
import Foundation
import HotlineCore

struct DeskBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "控制台：按键到画面更新的延迟（检索界面、队列界面）、启动到首屏、常驻内存。",
        discussion: "先生成数据库，再在一个新进程中测量，内存数字只含控制台本身。"
    )

    @Option(help: "合成知识条目数")
    var entries = 100_000

    @Option(help: "合成工单数")
    var orders = 1_000_000

    @Option(help: "每个界面的按键次数")
    var samples = 500

    @Option(help: ArgumentHelp("knowledge-seed 目录", valueName: "DIR"))
    var seed: String?

    @Option(help: ArgumentHelp("放临时数据库的目录（默认系统临时目录）", valueName: "DIR"))
    var directory: String?

    @Flag(help: "保留生成的数据库（打印其路径），之后可用 --measure 重测")
    var keep = false

    @Option(help: ArgumentHelp("不生成数据，在一个新进程中测量这个已生成（--keep 保留）的数据库", valueName: "PATH"))
    var measure: String?

    func run() throws {
        if let measure {
            let report = try DeskBenchmark.measure(path: measure, samples: samples)
            print(String(format: "启动到首屏        %.1f ms", report.startMilliseconds))
            print("界面                  次数    p50(ms)   p95(ms)   p99(ms)   max(ms)")
            for row in report.latencies {
                print(String(format: "%@  %6d   %7.2f   %7.2f   %7.2f   %7.2f", row.label, row.count, row.p50, row.p95, row.p99, row.max))
            }
            print(String(format: "峰值常驻内存      %.0f MB", report.peakResidentMegabytes))
            return
        }
        let base = directory.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
        let folder = base.appendingPathComponent("hotline-bench-desk-\(getpid())")
        defer { if !keep { try? FileManager.default.removeItem(at: folder) } }
        let path = try DeskBenchmark.prepare(entries: entries, orders: orders, seed: try SeedDirectory.locate(explicit: seed),
                                             directory: folder) { FileHandle.standardError.write(Data("\($0)\n".utf8)) }
        if keep { print("数据库保留在 \(path)") }
        print("知识条目          \(entries)")
        print("工单              \(orders)")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        child.arguments = ["bench", "desk", "--measure", path, "--samples", String(samples)]
        try child.run()
        child.waitUntilExit()
        if child.terminationStatus != 0 { throw ExitCode(child.terminationStatus) }
    }
}
