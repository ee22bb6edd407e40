import Foundation

/// The shapes of logins, OS user names, department codes and display names. Logins and
/// OS users follow POSIX user names (they map to SSH logins); codes are short ASCII so
/// they can be typed in any terminal and appear in order numbers and exports.
enum DirectoryNames {
    static let loginLimit = 32
    static let personNameLimit = 50
    static let codeLimit = 32
    static let departmentNameLimit = 100

    /// Letters, digits, `.`, `_`, `-`; starting with a letter, digit or `_`.
    static func login(_ text: String, field: String) throws(DirectoryError) -> String {
        let value = text.trimmingCharacters(in: .whitespaces)
        func fail(_ reason: String) -> DirectoryError { .invalid(field: field, value: text, reason: reason) }
        guard !value.isEmpty else { throw fail("不能为空") }
        guard value.count <= loginLimit else { throw fail("最多 \(loginLimit) 个字符") }
        guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw fail("只能包含英文字母、数字、点、下划线和连字符")
        }
        guard value.first != "-", value.first != "." else { throw fail("不能以 - 或 . 开头") }
        return value
    }

    /// Letters, digits, `_` and `-` (TAX, HRSS, D001), kept exactly as given: other
    /// commands and exchange files name departments by the same code.
    static func departmentCode(_ text: String, field: String = "编码") throws(DirectoryError) -> String {
        let value = text.trimmingCharacters(in: .whitespaces)
        func fail(_ reason: String) -> DirectoryError { .invalid(field: field, value: text, reason: reason) }
        guard !value.isEmpty else { throw fail("不能为空") }
        guard value.count <= codeLimit else { throw fail("最多 \(codeLimit) 个字符") }
        guard value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-".contains($0)) }) else {
            throw fail("只能包含英文字母、数字、下划线和连字符，如 TAX、D001")
        }
        return value
    }

    /// A display name: trimmed, one line, no terminal controls.
    static func displayName(_ text: String, field: String, limit: Int) throws(DirectoryError) -> String {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        func fail(_ reason: String) -> DirectoryError { .invalid(field: field, value: text, reason: reason) }
        guard !value.isEmpty else { throw fail("不能为空") }
        guard !TextSafety.needsCleaning(value) else { throw fail("含有换行、控制字符或文字方向控制符") }
        guard value.count <= limit else { throw fail("最多 \(limit) 个字符，实际 \(value.count) 个") }
        return value
    }
}
