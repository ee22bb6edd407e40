import Foundation

/// The outcome of `CalendarBenchmark.run`.
public struct CalendarBenchmarkResult: Sendable, Hashable, CustomStringConvertible {
    /// Deadlines computed.
    public let count: Int
    /// Wall time of the computing loop only (case generation excluded).
    public let seconds: Double
    public let perSecond: Double
    /// Sum of the results' epoch seconds; keeps the optimiser from dropping the work and
    /// lets two runs over the same cases be compared.
    public let checksum: Int

    public var description: String {
        "\(count) 次截止时间计算，用时 \(String(format: "%.3f", seconds)) 秒，每秒 \(Int(perSecond.rounded())) 次"
    }
}

/// `hotline bench calendar`: due computations per second for mixed working-hours and
/// working-days cases over 2021–2026 (queue screens compute thousands of countdowns on
/// every refresh; target ≥ 500,000 per second on one core).
public enum CalendarBenchmark {
    /// Runs `cases` deterministic pseudo-random cases (the same every run): instants
    /// anywhere in 2021–2026 at whole seconds, half of them N working hours (1–8), half
    /// N working days (1–10).
    public static func run(cases: Int, calendar: WorkingCalendar) -> CalendarBenchmarkResult {
        let count = max(cases, 0)
        var rng = SplitMix64(seed: 0x1234_5678_9ABC_DEF0)
        let first = LocalDate(year: 2021, month: 1, day: 1)!.dayNumber * 86_400 - ShanghaiTime.offsetSeconds
        let last = LocalDate(year: 2027, month: 1, day: 1)!.dayNumber * 86_400 - ShanghaiTime.offsetSeconds
        var instants: [Date] = []
        var amounts: [Int] = []
        instants.reserveCapacity(count)
        amounts.reserveCapacity(count)
        for _ in 0..<count {
            let t = first + Int(rng.next() % UInt64(last - first))
            let isHours = rng.next() & 1 == 0
            instants.append(Date(timeIntervalSince1970: Double(t)))
            // Positive N = working hours 1–8, negative N = working days 1–10.
            amounts.append(isHours ? Int(rng.next() % 8) + 1 : -(Int(rng.next() % 10) + 1))
        }

        let clock = ContinuousClock()
        var checksum = 0
        let start = clock.now
        for i in 0..<count {
            let n = amounts[i]
            let deadline = n > 0
                ? calendar.due(from: instants[i], workingHours: n)
                : calendar.due(from: instants[i], workingDays: -n)
            checksum &+= deadline.epochSeconds &+ deadline.warnings.count
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return CalendarBenchmarkResult(count: count, seconds: seconds,
                                       perSecond: seconds > 0 ? Double(count) / seconds : 0, checksum: checksum)
    }
}
