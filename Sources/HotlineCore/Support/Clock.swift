import Foundation

/// Where "now" comes from. Every rule that depends on time takes a clock, so tests and
/// demos can pin it (`HOTLINE_NOW=2024-09-30T16:00:00+08:00`).
public struct HotlineClock: Sendable {
    private let source: @Sendable () -> Date

    public init(_ source: @escaping @Sendable () -> Date) { self.source = source }

    public static let system = HotlineClock { Date() }

    public static func fixed(_ instant: Date) -> HotlineClock { HotlineClock { instant } }

    public func now() -> Date { source() }

    /// The clock the environment asks for: `HOTLINE_NOW` pins it, otherwise the system clock.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(ClockError) -> HotlineClock {
        guard let text = environment["HOTLINE_NOW"], !text.isEmpty else { return .system }
        do {
            return .fixed(try ShanghaiTime.parse(text))
        } catch {
            throw ClockError.badNow(text)
        }
    }
}

public enum ClockError: HotlineFailure {
    case badNow(String)
    public var description: String { "HOTLINE_NOW: 无法识别的时间 \"\(TextSafety.visible(badNowText))\"；应为 ISO 8601，如 2024-09-30T16:00:00+08:00" }
    private var badNowText: String { if case .badNow(let t) = self { return t } else { return "" } }
    public var exitCode: ExitStatus { .usage }
}
