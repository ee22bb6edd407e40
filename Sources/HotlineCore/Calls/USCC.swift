import Foundation

/// The result of checking a 统一社会信用代码: the normalised code and whether its check
/// character agrees. A failing check is reported, not thrown: some early pilot codes fail
/// it, so the agent may keep one after checking with the caller.
public struct USCCCheck: Sendable, Equatable {
    public var normalized: String
    public var checkCharacterValid: Bool
    public var expectedCheckCharacter: Character
    /// The 18th character as given.
    public var actualCheckCharacter: Character { normalized.last ?? " " }
}

/// 统一社会信用代码 by GB 32100-2015: 18 characters over the 31-character alphabet
/// `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z; values 0–30). Positions 1–2 are
/// the registering authority and entity type, 3–8 the administrative division (digits),
/// 9–17 the organisation code, 18 the check character: with weights 3^(i−1) mod 31,
/// check = (31 − Σ value×weight mod 31) mod 31.
public enum USCC {
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    public static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    private static let values: [Character: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    /// Normalises (NFKC, upper case, spaces removed) and checks `text`. Throws for a wrong
    /// length or a character outside the alphabet, naming the position.
    public static func check(_ text: String) throws(IntakeError) -> USCCCheck {
        func fail(_ reason: String) -> IntakeError { .usccInvalid(text: text, reason: reason) }
        let code = String(text.precomposedStringWithCompatibilityMapping.uppercased()
            .filter { !$0.isWhitespace && $0 != "-" })
        guard !code.isEmpty else { throw .usccEmpty }
        let characters = Array(code)
        guard characters.count == 18 else { throw fail("应为 18 位，实际 \(characters.count) 位") }
        var sum = 0
        for (index, character) in characters.enumerated() {
            guard let value = values[character] else {
                let hint = "IOSVZ".contains(character) ? "（代码中不使用 I、O、S、V、Z，请核对是否为 1、0、5、U、2）" : "（只能是数字和除 I、O、S、V、Z 外的大写字母）"
                throw fail("第 \(index + 1) 位“\(TextSafety.visible(String(character)))”不是允许的字符\(hint)")
            }
            // Positions 3–8 are the administrative division code: digits only.
            if (2...7).contains(index), value > 9 {
                throw fail("第 \(index + 1) 位“\(character)”应为数字（第 3–8 位是行政区划代码，如如皋 320682）")
            }
            if index < 17 { sum += value * weights[index] }
        }
        let expected = alphabet[(31 - sum % 31) % 31]
        return USCCCheck(normalized: code, checkCharacterValid: characters[17] == expected,
                         expectedCheckCharacter: expected)
    }

    /// The check character for the first 17 characters of a code (tests, examples).
    public static func checkCharacter(for first17: String) -> Character? {
        let characters = Array(first17.uppercased())
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (index, character) in characters.enumerated() {
            guard let value = values[character] else { return nil }
            sum += value * weights[index]
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}
