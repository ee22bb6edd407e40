import Foundation

/// Masking of personal data (DESIGN.md "Roles": phones and ID numbers masked in lists,
/// reports and exports, 138****5678). Fields known to be phones use
/// `PhoneNumber.masked`; free text (a caller's account of the matter, an answer) is
/// scanned for what looks like a mobile, a landline or a 居民身份证号码.
public enum PersonalData {
    /// 居民身份证号码 (GB 11643: 17 digits and a check digit or X), mainland mobiles with
    /// optional +86, landlines with an area code. Not next to other digits, so order
    /// numbers and amounts are left alone.
    private static let patterns: [NSRegularExpression] = [
        #"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}[01][0-9][0-3][0-9][0-9]{3}[0-9Xx](?![0-9A-Za-z])"#,
        #"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])"#,
        #"(?<![0-9])0[1-9][0-9]{1,2}[- ]?[0-9]{7,8}(?![0-9])"#,
    ].map { try! NSRegularExpression(pattern: $0) }

    /// `text` with every phone or ID number in it masked: the last four characters and
    /// a short prefix stay (enough to tell two callers apart), the middle becomes *.
    public static func maskText(_ text: String) -> String {
        var result = text
        for pattern in patterns {
            let matches = pattern.matches(in: result, range: NSRange(result.startIndex..., in: result))
            for match in matches.reversed() {
                guard let range = Range(match.range, in: result) else { continue }
                result.replaceSubrange(range, with: maskRun(String(result[range])))
            }
        }
        return result
    }

    /// A person's name: the family name stays (张**).
    public static func maskName(_ name: String) -> String {
        guard let first = name.first else { return name }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }

    private static func maskRun(_ run: String) -> String {
        let characters = Array(run)
        let keepHead = characters.count >= 15 ? 6 : 3
        let keepTail = 4
        guard characters.count > keepHead + keepTail else { return run }
        var out = ""
        for (index, character) in characters.enumerated() {
            let inMiddle = index >= keepHead && index < characters.count - keepTail
            out.append(inMiddle && character != "-" && character != " " ? "*" : character)
        }
        return out
    }
}
