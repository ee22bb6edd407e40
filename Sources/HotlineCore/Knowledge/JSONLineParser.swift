import Foundation

/// Reads the common shape of a knowledge JSON line, an object whose values are strings,
/// nulls or (for keywords) arrays of strings, straight from the bytes. Anything else
/// (numbers, booleans, nesting, a syntax error, bad UTF-8) returns nil, and the caller
/// hands the line to JSONSerialization, which decides and words the problem as before.
/// Foundation's parser and its bridged dictionaries were most of a large import's time.
enum JSONLineParser {
    static func parse(_ line: UnsafeRawBufferPointer, into fields: inout RawKnowledgeFields) -> Bool {
        var parser = Cursor(bytes: line)
        parser.skipSpace()
        guard parser.take(0x7B) else { return false }   // {
        parser.skipSpace()
        if parser.take(0x7D) { return parser.atEndAfterSpace() }
        while true {
            parser.skipSpace()
            guard let key = parser.key() else { return false }
            parser.skipSpace()
            guard parser.take(0x3A) else { return false }   // :
            parser.skipSpace()
            guard let byte = parser.peek() else { return false }
            switch byte {
            case 0x22:
                guard let value = parser.string() else { return false }
                if let field = key.field { fields[field] = value }
            case 0x6E:   // null
                guard parser.literal("null") else { return false }
                if let field = key.field { fields[field] = nil }
            case 0x5B where key.field == .keywords:
                parser.offset += 1
                var list: [String] = []
                parser.skipSpace()
                if !parser.take(0x5D) {
                    while true {
                        parser.skipSpace()
                        guard let item = parser.string() else { return false }
                        list.append(item)
                        parser.skipSpace()
                        if parser.take(0x2C) { continue }
                        guard parser.take(0x5D) else { return false }
                        break
                    }
                }
                fields.keywords = list
            default:
                return false
            }
            parser.skipSpace()
            if parser.take(0x2C) { continue }
            guard parser.take(0x7D) else { return false }
            return parser.atEndAfterSpace()
        }
    }

    /// An object key: the field it names, if the import reads it.
    struct Key {
        var field: RawKnowledgeFields.Field?
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        func peek() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
            return true
        }

        mutating func skipSpace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x09, 0x0A, 0x0D: offset += 1
                default: return
                }
            }
        }

        mutating func atEndAfterSpace() -> Bool {
            skipSpace()
            return offset == bytes.count
        }

        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard offset + count <= bytes.count else { return false }
            for i in 0..<count where bytes[offset + i] != text.utf8Start[i] { return false }
            offset += count
            return true
        }

        /// An object key, matched against the field names on its bytes when it has no
        /// escapes (always, in practice); nil on any error.
        mutating func key() -> Key? {
            guard offset < bytes.count, bytes[offset] == 0x22 else { return nil }
            var end = offset + 1
            while end < bytes.count {
                let byte = bytes[end]
                if byte == 0x22 {
                    let field = RawKnowledgeFields.Field(utf8: UnsafeRawBufferPointer(rebasing: bytes[(offset + 1)..<end]))
                    if field == nil {
                        // Unknown keys must still be valid UTF-8 for the line to be read here.
                        guard string() != nil else { return nil }
                        return Key(field: nil)
                    }
                    offset = end + 1
                    return Key(field: field)
                }
                if byte == 0x5C || byte < 0x20 { break }
                end += 1
            }
            guard let name = string() else { return nil }
            return Key(field: RawKnowledgeFields.Field(name: name))
        }

        /// A JSON string; nil on any error (including invalid UTF-8 and raw control bytes).
        mutating func string() -> String? {
            guard take(0x22) else { return nil }
            let start = offset
            // Plain run: no escapes, the common case, decoded in one validated step.
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == 0x22 {
                    let result = String(validating: UnsafeRawBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                    offset += 1
                    return result
                }
                if byte == 0x5C { break }
                if byte < 0x20 { return nil }
                offset += 1
            }
            guard offset < bytes.count else { return nil }
            var out: [UInt8] = Array(bytes[start..<offset])
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case 0x22:
                    return out.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
                case 0x5C:
                    guard offset < bytes.count else { return nil }
                    let escape = bytes[offset]
                    offset += 1
                    switch escape {
                    case 0x22, 0x5C, 0x2F: out.append(escape)
                    case 0x62: out.append(0x08)
                    case 0x66: out.append(0x0C)
                    case 0x6E: out.append(0x0A)
                    case 0x72: out.append(0x0D)
                    case 0x74: out.append(0x09)
                    case 0x75:
                        guard var code = hex4() else { return nil }
                        if (0xD800...0xDBFF).contains(code) {
                            guard take(0x5C), take(0x75), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(code) {
                            return nil
                        }
                        guard let scalar = Unicode.Scalar(code) else { return nil }
                        appendUTF8(scalar, to: &out)
                    default:
                        return nil
                    }
                default:
                    if byte < 0x20 { return nil }
                    out.append(byte)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[offset]
                offset += 1
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: return nil
                }
                value = value << 4 | digit
            }
            return value
        }
    }
}
