import Foundation

/// `hotline bench kb`: builds a synthetic base in a temporary database and measures
/// the import rate and search latency by query length.
public enum KnowledgeBenchmark {
    public struct Report: Sendable {
        public var entries: Int
        public var importSeconds: Double
        public var importRate: Double
        public var latencies: [LatencySummary]
        public var peakResidentMegabytes: Double
        public var databaseMegabytes: Double
    }

    public static func run(entries: Int, queriesPerLength: Int, seed: URL, directory: URL,
                           progress: ((String) -> Void)? = nil) throws -> Report {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let corpus = directory.appendingPathComponent("synthetic.jsonl")
        var generator = SyntheticKnowledge()
        // Written in slices: the whole corpus in memory would count in the peak.
        _ = FileManager.default.createFile(atPath: corpus.path, contents: nil)
        let output = try FileHandle(forWritingTo: corpus)
        var text = ""
        for number in 1...entries {
            text += generator.jsonLine(number: number) + "\n"
            if number % 2_000 == 0 || number == entries {
                try output.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try output.close()
        progress?("已生成 \(entries) 条合成条目")

        let path = directory.appendingPathComponent("bench.sqlite").path
        let (store, _) = try Setup.initialize(path: path, seed: seed, includeSamples: false, clock: .system)
        let knowledge = KnowledgeBase(store: store)
        progress?("系统负载（1 分钟平均）\(loadAverage())")
        let start = Date()
        let importCPU = processCPUSeconds()
        try knowledge.importFiles([corpus.path], actor: Actor(login: "bench"))
        let importSeconds = Date().timeIntervalSince(start)
        progress?(String(format: "导入用时 %.2f 秒（本进程 CPU %.2f 秒，两个线程合计）", importSeconds, processCPUSeconds() - importCPU))

        var rows: [LatencySummary] = []
        for (label, length) in [("1 字", 1), ("2 字", 2), ("3 字", 3), ("4 字", 4), ("拼音", 0)] {
            var queries: [String] = []
            for _ in 0..<queriesPerLength { queries.append(generator.query(length: length)) }
            // Warm the page cache and statement cache once, as a desk that is already open.
            _ = try knowledge.search(SearchRequest(text: queries[0]))
            var samples: [Double] = []
            var cpu: [Double] = []
            for query in queries {
                let began = DispatchTime.now().uptimeNanoseconds
                let cpuBegan = processCPUSeconds()
                _ = try knowledge.search(SearchRequest(text: query, limit: 10))
                cpu.append((processCPUSeconds() - cpuBegan) * 1000)
                samples.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1_000_000)
            }
            // Wall time is what the target counts; CPU time tells a busy machine from a slow search.
            let cpuSummary = LatencySummary(label: label, milliseconds: cpu)
            progress?(String(format: "%@ CPU 时间 p50 %.2f ms，p99 %.2f ms", label, cpuSummary.p50, cpuSummary.p99))
            rows.append(LatencySummary(label: label, milliseconds: samples))
        }
        progress?("系统负载（1 分钟平均）\(loadAverage())")
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return Report(entries: entries, importSeconds: importSeconds, importRate: Double(entries) / importSeconds,
                      latencies: rows, peakResidentMegabytes: ProcessMemory.peakResidentMegabytes(),
                      databaseMegabytes: Double(size) / 1_048_576)
    }
}

/// CPU time of this process (every thread), user and system.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The one-minute load average, from /proc (Linux): benchmark figures on a shared
/// machine mean little without it.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
    return text.split(separator: " ").first.map(String.init) ?? "?"
}

/// Peak resident memory of this process, from /proc (Linux).
public enum ProcessMemory {
    public static func peakResidentMegabytes() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.filter(\.isNumber)
            return (Double(digits) ?? 0) / 1024
        }
        return 0
    }
}
