import Foundation

/// One bad line of an input file or batch: where (1-based line number; 0 means the
/// file as a whole) and what is wrong, in Chinese.
public struct CalendarLineIssue: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "第 \(line) 行：\(reason)" : reason }
}

/// Every failure of the calendar code. Messages are Chinese and say where and what;
/// the CLI prints `description` on stderr as is (exit 65 for bad data).
public enum CalendarError: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    /// An instant that is not ISO 8601 as we accept it.
    case invalidInstant(text: String, reason: String)
    /// A date that is not `YYYY-MM-DD` or does not exist (2024-02-30).
    case invalidDate(text: String)
    /// Working hours that are empty, unordered, overlapping or outside 00:00–24:00.
    case invalidWorkingHours(reason: String)
    /// A file or batch with bad lines: all of them, so one run of an import shows every
    /// problem instead of one per attempt. Nothing from such an input is used.
    case invalidLines(source: String, issues: [CalendarLineIssue])

    /// One line per problem: `source:line: reason` for files, one line otherwise.
    public var description: String {
        switch self {
        case let .invalidInstant(text, reason):
            return "时间无效 \(CalendarText.quoted(text))：\(reason)"
        case let .invalidDate(text):
            return "日期无效 \(CalendarText.quoted(text))（应为 YYYY-MM-DD）"
        case let .invalidWorkingHours(reason):
            return "工作时段设置无效：\(reason)"
        case let .invalidLines(source, issues):
            let name = CalendarText.sanitized(source, limit: 200)
            return issues.map { issue in
                issue.line > 0 ? "\(name):\(issue.line): \(issue.reason)" : "\(name): \(issue.reason)"
            }.joined(separator: "\n")
        }
    }

    public var errorDescription: String? { description }

    /// The line issues of `.invalidLines`; empty for the other cases.
    public var issues: [CalendarLineIssue] {
        if case let .invalidLines(_, issues) = self { return issues }
        return []
    }
}

/// Small text helpers shared by the calendar parsers. Internal and prefixed so they do
/// not collide with helpers elsewhere in HotlineCore.
enum CalendarText {
    /// Untrusted text (import files, batch input) ends up in error messages printed on a
    /// terminal: show control characters (ESC, C1, …) and bidi overrides/isolates as
    /// visible `\u{…}` escapes (DESIGN.md "Terminal safety"), and cut very long text.
    static func sanitized(_ text: some StringProtocol, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            let v = scalar.value
            let unsafe = v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v)
                || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                || v == 0x200E || v == 0x200F || v == 0x061C
            if unsafe {
                out += "\\u{" + String(v, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    static func quoted(_ text: some StringProtocol) -> String {
        "\"" + sanitized(text) + "\""
    }

    /// Splits text into lines on LF, dropping one trailing CR (CRLF files) and a leading
    /// byte-order mark, so line numbers match what an editor shows.
    static func lines(_ text: String) -> [Substring] {
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" {
            body = Substring(body.unicodeScalars.dropFirst())
        }
        // Split by scalars: a Character-based split would not split "\r\n" (one grapheme).
        var result: [Substring] = []
        var start = body.unicodeScalars.startIndex
        let scalars = body.unicodeScalars
        var i = start
        while i < scalars.endIndex {
            if scalars[i] == "\n" {
                result.append(trimCR(Substring(scalars[start..<i])))
                start = scalars.index(after: i)
            }
            i = scalars.index(after: i)
        }
        result.append(trimCR(Substring(scalars[start..<scalars.endIndex])))
        return result
    }

    private static func trimCR(_ line: Substring) -> Substring {
        if line.unicodeScalars.last == "\r" {
            return Substring(line.unicodeScalars.dropLast())
        }
        return line
    }

    /// Fields separated by any run of whitespace (spaces, tabs, the ideographic space).
    static func fields(_ line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0.isWhitespace })
    }

    static func isBlankOrComment(_ line: Substring) -> Bool {
        let trimmed = line.drop(while: { $0.isWhitespace })
        return trimmed.isEmpty || trimmed.first == "#"
    }

    enum Count {
        case value(Int)
        case notPositiveInteger
        case tooLarge
    }

    /// A positive decimal integer (ASCII digits only, no sign) not above `max`.
    static func count(_ text: Substring, max: Int) -> Count {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return .notPositiveInteger }
        let digits = text.drop(while: { $0 == "0" })
        if digits.isEmpty { return .notPositiveInteger }
        guard digits.utf8.count <= 18, let value = Int(digits) else { return .tooLarge }
        return value > max ? .tooLarge : .value(value)
    }
}
