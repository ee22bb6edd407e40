import Foundation
import HotlineCore

/// `hotline bench desk`: keystroke to updated screen, measured headlessly through the
/// reducer, the runtime and the renderer (the curses copy is left out), on a knowledge
/// base and an order book of benchmark size; plus start to first screen and memory.
public enum DeskBenchmark {
    public struct Report: Sendable {
        public var startMilliseconds: Double
        public var latencies: [LatencySummary]
        public var peakResidentMegabytes: Double
    }

    /// Builds the benchmark database: `entries` synthetic knowledge entries and a year of
    /// `orders` orders. Returns its path.
    public static func prepare(entries: Int, orders: Int, seed: URL, directory: URL,
                               progress: ((String) -> Void)? = nil) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("desk-bench.sqlite").path
        let (store, _) = try Setup.initialize(path: path, seed: seed, includeSamples: false,
                                              clock: .fixed(OrderBenchmark.now), osUser: "bench")
        if entries > 0 {
            let corpus = directory.appendingPathComponent("entries.jsonl")
            var generator = SyntheticKnowledge()
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
            try KnowledgeBase(store: store).importFiles([corpus.path], actor: Actor(login: "bench"))
            try? FileManager.default.removeItem(at: corpus)
            progress?("知识库 \(entries) 条已导入")
        }
        if orders > 0 { try OrderBenchmark.fill(orders: orders, into: store, progress: progress) }
        return path
    }

    /// Measures in this process (so its memory is the desk's, not the generator's).
    public static func measure(path: String, samples: Int) throws -> Report {
        let began = DispatchTime.now().uptimeNanoseconds
        let store = try HotlineStore.open(at: path, mode: .existing, clock: .fixed(OrderBenchmark.now))
        try store.checkpointInBackground()
        let identity = try Identity.resolve(in: store, osUser: "bench", actingAs: "benchlead")
        let runtime = DeskRuntime(store: store, identity: identity)
        let keys = Keymap.builtinDefault
        let reducer = DeskReducer(keys: keys)
        var state = DeskState(rows: 24, columns: 80, login: identity.account.login, role: identity.role, now: OrderBenchmark.now)
        func settle(_ effects: [DeskEffect]) {
            var pending = effects
            while !pending.isEmpty {
                pending += reducer.reduce(&state, .result(runtime.perform(pending.removeFirst())))
            }
        }
        settle(DeskReducer.startEffects(state))
        _ = DeskView.render(state, keys: keys)
        let startMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - began) / 1_000_000

        func keystroke(_ key: Key) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            settle(reducer.reduce(&state, .key(key)))
            _ = DeskView.render(state, keys: keys)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        }

        var generator = SyntheticKnowledge()
        settle(reducer.reduce(&state, .key(.function(3))))
        var searchSamples: [Double] = []
        while searchSamples.count < samples {
            state.search = SearchPane()
            for character in generator.query(length: 2 + searchSamples.count % 3) {
                searchSamples.append(keystroke(.character(character)))
            }
        }
        settle(reducer.reduce(&state, .key(.function(4))))
        // Moves and every filter: status, overdue, 企业, department (a new one each round,
        // so overdue and kind are also timed within one department), kind.
        let queueKeys: [Key] = [.down, .down, .character("f"), .down, .character("o"), .character("o"), .character("e"),
                                .character("e"), .character("d"), .character("k"), .character("o"), .character("o"),
                                .character("k"), .character("k"), .pageDown, .up]
        let queueSamples = (0..<samples).map { keystroke(queueKeys[$0 % queueKeys.count]) }
        return Report(startMilliseconds: startMilliseconds,
                      latencies: [LatencySummary(label: "检索界面按键", milliseconds: searchSamples),
                                  LatencySummary(label: "队列界面按键", milliseconds: queueSamples)],
                      peakResidentMegabytes: ProcessMemory.peakResidentMegabytes())
    }
}
