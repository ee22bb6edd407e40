import Foundation

/// Caller phone numbers, validated and stored in one normal form so that "the same
/// caller" is a plain string comparison (history, repeat detection, orders).
///
/// Normal forms:
/// - mobile: the 11 digits, `13812345678` (country prefix +86 / 0086 / 86 dropped);
/// - landline: area code, dash, local number: `0513-80001001`; with an extension
///   `0513-80001001-123`. Area codes 010 and 02X have three digits, every other one
///   four (0513); local numbers have 7 or 8 digits and start with 2–9;
/// - 400/800 numbers: the 10 digits, `4001234567` (extension: `4001234567-2`).
///
/// Accepted on input: full-width digits and punctuation (NFKC), spaces, dashes, dots,
/// parentheses around the area code, `+86`/`0086`, and an extension after 转, 分机,
/// ext, x or #, or after a dash following a complete landline number.
public enum PhoneNumber {
    public enum Kind: String, Sendable, Equatable {
        case mobile, landline, nationalService = "400_800"
    }

    public struct Parsed: Sendable, Equatable {
        public var kind: Kind
        /// Without the extension: `13812345678`, `0513-80001001`, `4001234567`.
        public var number: String
        public var extensionDigits: String?
        /// The stored form: `number`, plus `-extension` when there is one.
        public var normalized: String { extensionDigits.map { "\(number)-\($0)" } ?? number }
    }

    static let shapes = "应为手机号（13812345678）、带区号的固定电话（0513-80001001，分机写作 0513-80001001-123）或 400/800 号码（4001234567）"

    /// The normal form of `text`, or an error saying what is wrong with it.
    public static func normalize(_ text: String) throws(IntakeError) -> String {
        try parse(text).normalized
    }

    public static func parse(_ text: String) throws(IntakeError) -> Parsed {
        func fail(_ reason: String) -> IntakeError { .phoneInvalid(text: text, reason: reason) }
        let folded = fold(text)
        guard !folded.isEmpty else { throw .phoneEmpty }
        guard folded.count <= 40 else { throw fail("过长；" + shapes) }

        let (main, markedExtension) = splitExtension(folded)
        var explicitExtension = markedExtension
        if let ext = explicitExtension {
            guard !ext.isEmpty else { throw fail("分机号为空") }
            guard ext.allSatisfy(\.isASCIIDigitCharacter), ext.count <= 6 else {
                throw fail("分机号“\(ext)”应为 1–6 位数字")
            }
        }

        // Groups of digits, as the caller or agent separated them.
        var groups: [String] = []
        var current = ""
        var plus = false
        for (index, character) in main.enumerated() {
            if character.isASCIIDigitCharacter {
                current.append(character)
            } else if separators.contains(character) {
                if !current.isEmpty { groups.append(current); current = "" }
            } else if character == "+" && groups.isEmpty && current.isEmpty && !plus {
                plus = true
            } else {
                throw fail("第 \(index + 1) 个字符“\(character)”不是数字；" + shapes)
            }
        }
        if !current.isEmpty { groups.append(current) }
        guard !groups.isEmpty else { throw fail("没有数字；" + shapes) }

        // Country prefix: +86, 0086, or 86 in front of a mobile number.
        var stripped = false
        if plus {
            guard groups[0].hasPrefix("86") else { throw fail("只受理中国大陆号码（+86）") }
            groups[0].removeFirst(2)
            stripped = true
        } else if groups[0].hasPrefix("0086") {
            groups[0].removeFirst(4)
            stripped = true
        } else if groups.joined().count == 13, groups[0].hasPrefix("861") {
            groups[0].removeFirst(2)
            stripped = true
        }
        groups.removeAll { $0.isEmpty }
        guard !groups.isEmpty else { throw fail("国家代码后没有号码") }
        // After a country code the landline trunk prefix 0 is dropped (+86 513 …).
        if stripped, let first = groups[0].first, first != "0", first != "1" {
            groups[0] = "0" + groups[0]
        }

        // "0513-80001001-123": a dash after a complete landline starts an extension.
        if explicitExtension == nil, groups.count >= 2, groups[0].hasPrefix("0"),
           let last = groups.last, last.count <= 6,
           main.contains("-"),
           let landline = splitLandline(groups.dropLast().joined()), landline.local.count >= 7,
           !(groups.count == 2 && groups[0].count <= 4) {
            explicitExtension = last
            groups.removeLast()
        }

        let digits = groups.joined()
        if (7...8).contains(digits.count), let head = digits.first, head != "0", head != "1" {
            throw fail("固定电话须带区号，如 0513-\(digits)")
        }
        if digits.count < 7 {
            throw fail("只有 \(digits.count) 位数字；" + shapes)
        }
        if digits.hasPrefix("1") {
            guard digits.count == 11 else {
                throw fail("手机号应为 11 位，实际 \(digits.count) 位")
            }
            guard let second = digits.dropFirst().first, ("3"..."9").contains(second) else {
                throw fail("手机号第 2 位应为 3–9")
            }
            guard explicitExtension == nil else { throw fail("手机号不能带分机号") }
            return Parsed(kind: .mobile, number: digits, extensionDigits: nil)
        }
        if digits.hasPrefix("400") || digits.hasPrefix("800") {
            guard digits.count == 10 else {
                throw fail("\(digits.prefix(3)) 号码应为 10 位，实际 \(digits.count) 位")
            }
            return Parsed(kind: .nationalService, number: digits, extensionDigits: explicitExtension)
        }
        if digits.hasPrefix("0") {
            guard let landline = splitLandline(digits) else {
                throw fail("区号无效；固定电话区号为 010、02X 或以 0 开头的四位数（如 0513）")
            }
            if groups.count >= 2, groups[0].count <= 4, groups[0] != landline.area {
                throw fail("区号“\(groups[0])”无效；\(landline.area.count == 3 ? "北京、天津、上海等" : "其他城市")区号为 \(landline.area)")
            }
            guard (7...8).contains(landline.local.count) else {
                throw fail("区号 \(landline.area) 后的本地号码应为 7 或 8 位，实际 \(landline.local.count) 位")
            }
            guard let head = landline.local.first, ("2"..."9").contains(head) else {
                throw fail("本地号码不能以 \(landline.local.prefix(1)) 开头")
            }
            return Parsed(kind: .landline, number: "\(landline.area)-\(landline.local)", extensionDigits: explicitExtension)
        }
        throw fail("无法识别的号码（\(digits.count) 位）；" + shapes)
    }

    /// `138****5678`, `0513-****1001`: for lists and reports (DESIGN.md: personal data is
    /// masked where the full number is not needed).
    public static func masked(_ normalized: String) -> String {
        let parts = normalized.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        if parts.count >= 2, parts[0].hasPrefix("0") {
            let local = parts[1]
            return parts[0] + "-" + String(repeating: "*", count: max(0, local.count - 4)) + local.suffix(4)
        }
        let number = parts[0]
        guard number.count > 7 else { return number }
        return number.prefix(3) + String(repeating: "*", count: number.count - 7) + number.suffix(4)
    }

    // MARK: pieces

    private static let separators: Set<Character> = [" ", "-", "(", ")", ".", "\u{2010}", "\u{2011}", "\u{2012}",
                                                     "\u{2013}", "\u{2014}", "\u{2212}", "\u{00A0}", "\t", "\u{3000}"]

    /// NFKC (full-width digits, ＋, （ ）, －), trimmed.
    private static func fold(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Splits at an extension marker: 转, 分机, ext, ext., x, #.
    private static func splitExtension(_ text: String) -> (String, String?) {
        let lower = text.lowercased()
        for marker in ["分机号", "分机", "转", "ext.", "ext", "#", "x"] {
            if let range = lower.range(of: marker) {
                let offset = lower.distance(from: lower.startIndex, to: range.lowerBound)
                let head = String(text.prefix(offset))
                let tail = String(text.dropFirst(offset + marker.count))
                let ext = tail.trimmingCharacters(in: CharacterSet(charactersIn: " .:：-"))
                return (head.trimmingCharacters(in: .whitespaces), ext)
            }
        }
        return (text, nil)
    }

    /// Area code and local number of a digit string starting with 0, by the national
    /// numbering plan: 010 and 02X are three digits, other area codes four.
    private static func splitLandline(_ digits: String) -> (area: String, local: String)? {
        guard digits.hasPrefix("0"), digits.count >= 4 else { return nil }
        let second = digits.dropFirst().first!
        let areaLength: Int
        switch second {
        case "1":
            guard digits.hasPrefix("010") else { return nil }
            areaLength = 3
        case "2": areaLength = 3
        case "3"..."9": areaLength = 4
        default: return nil
        }
        return (String(digits.prefix(areaLength)), String(digits.dropFirst(areaLength)))
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { ("0"..."9").contains(self) && isASCII }
}
