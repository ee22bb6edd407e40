import Foundation

/// Percentiles of a benchmark's timed operations, in milliseconds.
public struct LatencySummary: Sendable {
    public var label: String
    public var count: Int
    public var p50: Double
    public var p95: Double
    public var p99: Double
    public var max: Double

    public init(label: String, milliseconds: [Double]) {
        let sorted = milliseconds.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        self.label = label
        count = sorted.count
        p50 = percentile(0.5)
        p95 = percentile(0.95)
        p99 = percentile(0.99)
        max = sorted.last ?? 0
    }

    /// Runs `body` once per element and times each run.
    public static func measure<T>(_ label: String, over items: [T], _ body: (T) throws -> Void) rethrows -> LatencySummary {
        var samples: [Double] = []
        samples.reserveCapacity(items.count)
        for item in items {
            let began = DispatchTime.now().uptimeNanoseconds
            try body(item)
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1_000_000)
        }
        return LatencySummary(label: label, milliseconds: samples)
    }
}
