import Foundation

/// A rate as a fraction of counted facts: the report always carries the numerator and
/// denominator, so anyone can recount it, and no rate at all when nothing was counted.
public struct Rate: Sendable, Equatable, Codable {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let empty = Rate(0, of: 0)

    /// nil when the denominator is 0.
    public var value: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }

    public mutating func count(_ hit: Bool) {
        denominator += 1
        if hit { numerator += 1 }
    }

    public static func + (a: Rate, b: Rate) -> Rate { Rate(a.numerator + b.numerator, of: a.denominator + b.denominator) }

    /// `{"numerator": n, "denominator": d, "rate": r|null}` with the rate to 4 decimals.
    public var json: [String: Any] {
        ["numerator": numerator, "denominator": denominator,
         "rate": value.map { ($0 * 10_000).rounded() / 10_000 } as Any? ?? NSNull()]
    }

    /// `97.5%`, or `—` when there was nothing to count.
    public var percentText: String {
        guard let value else { return "—" }
        return String(format: "%.1f%%", value * 100)
    }

    /// `97.5%（39/40）`.
    public var detailText: String { value == nil ? "—（0/0）" : "\(percentText)（\(numerator)/\(denominator)）" }
}
