import Foundation

/// Instants as people here read them: ISO 8601 in Asia/Shanghai, `2024-09-30T16:00:00+08:00`.
public enum ShanghaiTimestamp {
    public static func format(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: instant)
    }
}
