import ArgumentParser
import Foundation
import HotlineCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "性能基准（在临时数据库中运行，结果写入 BENCHMARKS.md）。",
        subcommands: [KnowledgeBenchCommand.self, CalendarBenchCommand.self, OrderBenchCommand.self, DeskBenchCommand.self, ReportBenchCommand.self]
    )
}

struct KnowledgeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kb", abstract: "知识库：导入速度与各长度查询的检索延迟。")

    @Option(help: "合成条目数")
    var entries = 100_000

    @Option(help: "每种查询长度的查询数")
    var queries = 500

    @Option(help: ArgumentHelp("knowledge-seed 目录", valueName: "DIR"))
    var seed: String?

    @Flag(help: "保留临时目录（合成语料与数据库），便于分析")
    var keep = false

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-bench-\(getpid())")
        defer {
            if keep {
                FileHandle.standardError.write(Data("保留：\(directory.path)\n".utf8))
            } else {
                try? FileManager.default.removeItem(at: directory)
            }
        }
        let report = try KnowledgeBenchmark.run(entries: entries, queriesPerLength: queries,
                                                seed: try SeedDirectory.locate(explicit: seed), directory: directory) {
            FileHandle.standardError.write(Data("\($0)\n".utf8))
        }
        print("条目数            \(report.entries)")
        print(String(format: "导入              %.2f 秒，%.0f 条/秒", report.importSeconds, report.importRate))
        print("查询     次数    p50(ms)   p95(ms)   p99(ms)   max(ms)")
        for row in report.latencies {
            print(String(format: "%@  %6d   %7.2f   %7.2f   %7.2f   %7.2f", row.label, row.count, row.p50, row.p95, row.p99, row.max))
        }
        print(String(format: "峰值内存          %.0f MB", report.peakResidentMegabytes))
        print(String(format: "数据库大小        %.0f MB", report.databaseMegabytes))
    }
}

struct CalendarBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "工作日历：截止时间计算速度（2021–2026 年随机时刻，工作小时与工作日各半）。"
    )

    @Option(help: "计算次数")
    var cases = 2_000_000

    @Option(help: ArgumentHelp("knowledge-seed 目录", valueName: "DIR"))
    var seed: String?

    func validate() throws {
        if !(1...100_000_000).contains(cases) { throw ValidationError("--cases: 应为 1 到 100000000") }
    }

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotline-bench-calendar-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let (store, _) = try Setup.initialize(path: directory.appendingPathComponent("bench.sqlite").path,
                                              seed: try SeedDirectory.locate(explicit: seed), includeSamples: false,
                                              clock: .system)
        let calendar = try CalendarStore(store: store).calendar()
        let result = CalendarBenchmark.run(cases: cases, calendar: calendar)
        print("节假日数据年份    \(calendar.coveredYears.map(String.init).joined(separator: "、"))")
        print("计算次数          \(result.count)")
        print(String(format: "用时              %.3f 秒", result.seconds))
        print(String(format: "每秒              %.0f 次", result.perSecond))
        print("校验和            \(result.checksum)")
    }
}
