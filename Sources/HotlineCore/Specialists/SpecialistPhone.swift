import Foundation

/// Phone numbers on the registration form: a mainland mobile or a landline with its
/// area code (DESIGN.md "Phones"). Kept to this folder on purpose: the general
/// validator for callers' numbers (Calls/PhoneNumber) should absorb it once it lands.
enum SpecialistPhone {
    /// `13812345678`, `0513-80001001` or `0513-80001001-123`; nil when the text is not
    /// a number a desk agent could dial.
    static func normalized(_ raw: String) -> String? {
        // Full-width digits and punctuation from Chinese input methods fold to ASCII.
        var text = raw.precomposedStringWithCompatibilityMapping.trimmingCharacters(in: .whitespaces)
        var international = false
        for prefix in ["+86", "0086"] where text.hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            international = true
            break
        }
        var extensionDigits: String? = nil
        for marker in ["转", "ext.", "ext", "x", "#"] {
            if let range = text.range(of: marker, options: .caseInsensitive) {
                extensionDigits = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                text = String(text[..<range.lowerBound])
                break
            }
        }
        let allowed = Set("0123456789 -()")
        guard !text.isEmpty, text.allSatisfy({ allowed.contains($0) }) else { return nil }
        var groups = text.split(separator: "-").map { $0.filter(\.isNumber) }.filter { !$0.isEmpty }
        if extensionDigits == nil, groups.count == 3,
           groups[0].hasPrefix("0") || (international && !groups[0].hasPrefix("1")) {
            extensionDigits = groups.removeLast()
        }
        var digits = groups.joined()
        if let ext = extensionDigits {
            guard (1...6).contains(ext.count), ext.allSatisfy(\.isASCII), ext.allSatisfy(\.isNumber) else { return nil }
        }
        if digits.count == 11, digits.hasPrefix("1"), let second = digits.dropFirst().first, ("3"..."9").contains(second) {
            return extensionDigits == nil ? digits : nil
        }
        if international && !digits.hasPrefix("0") { digits = "0" + digits }
        guard digits.hasPrefix("0"), digits.count >= 2 else { return nil }
        // Area codes: 010 and 02X are three digits with the 0, the rest four (0513).
        let areaLength = ["1", "2"].contains(digits.dropFirst().first.map(String.init) ?? "") ? 3 : 4
        let area = digits.prefix(areaLength)
        let local = digits.dropFirst(areaLength)
        guard area.count == areaLength, (7...8).contains(local.count),
              let first = local.first, ("2"..."9").contains(first) else { return nil }
        return "\(area)-\(local)" + (extensionDigits.map { "-\($0)" } ?? "")
    }

    /// The roles that place calls see numbers in full (DESIGN.md: personal data is
    /// masked unless the role needs it).
    static func mayDial(_ role: Role) -> Bool {
        [.agent, .lead, .admin].contains(role)
    }

    /// `138****5678`; `0513-****1001` for a landline (area code and last four kept).
    static func masked(_ phone: String) -> String {
        let parts = phone.split(separator: "-").map(String.init)
        if parts.count >= 2 {
            let local = parts[1]
            return parts[0] + "-" + String(repeating: "*", count: max(local.count - 4, 0)) + local.suffix(4)
        }
        guard phone.count > 7 else { return String(repeating: "*", count: phone.count) }
        return phone.prefix(3) + String(repeating: "*", count: phone.count - 7) + phone.suffix(4)
    }
}
