import Foundation

/// Free text an agent types during intake: trimmed, bounded, and free of terminal
/// controls (which would otherwise travel to every screen that shows the call).
enum IntakeText {
    static let callerNameLimit = 50
    static let enterpriseNameLimit = 100
    static let contentLimit = 4000
    static let transferredToLimit = 100
    static let tagLimit = 20

    /// The trimmed text, or nil when it is empty and `required` is false.
    static func clean(_ text: String?, field: String, limit: Int, multiline: Bool = false,
                      required: Bool = false) throws(IntakeError) -> String? {
        let trimmed = (text ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            if required { throw .fieldEmpty(field: field) }
            return nil
        }
        if TextSafety.needsCleaning(trimmed, keepLineBreaks: multiline) {
            throw .fieldHasControlCharacters(field: field)
        }
        guard trimmed.count <= limit else { throw .fieldTooLong(field: field, limit: limit, actual: trimmed.count) }
        return trimmed
    }

    /// A tag: NFKC, trimmed, 1–20 characters, one line.
    static func tag(_ text: String) throws(IntakeError) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !folded.isEmpty else { throw .invalidTag(text, reason: "为空") }
        guard !TextSafety.needsCleaning(folded) else { throw .invalidTag(text, reason: "含有控制字符") }
        guard folded.count <= tagLimit else { throw .invalidTag(text, reason: "最多 \(tagLimit) 个字符，实际 \(folded.count) 个") }
        return folded
    }
}
