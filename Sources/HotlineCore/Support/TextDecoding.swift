import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Text encodings of files people hand us. Excel in China saves CSV as GB18030 (GBK),
/// others save UTF-8 with or without a BOM.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case gb18030

    public init?(name: String) {
        switch name.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        default: return nil
        }
    }
}

public enum TextDecoding {
    /// Decodes `data`: a UTF-8 BOM or valid UTF-8 means UTF-8, otherwise GB18030 is tried.
    /// With `forced`, only that encoding is used. Returns nil when the bytes are not
    /// valid in the chosen encoding.
    public static func decode(_ data: Data, forced: TextEncoding? = nil) -> (text: String, encoding: TextEncoding)? {
        var bytes = data
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let hasBOM = bytes.starts(with: bom)
        if hasBOM { bytes = bytes.dropFirst(3) }
        switch forced {
        case .utf8?:
            return String(validatingUTF8Data: bytes).map { ($0, .utf8) }
        case .gb18030?:
            return gb18030(bytes).map { ($0, .gb18030) }
        case nil:
            if let text = String(validatingUTF8Data: bytes) { return (text, .utf8) }
            if hasBOM { return nil }
            return gb18030(bytes).map { ($0, .gb18030) }
        }
    }

    /// The line (1-based) holding the first byte sequence that is not UTF-8.
    public static func lineOfFirstInvalidUTF8(_ data: Data) -> Int {
        var line = 1
        var lineStart = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            if String(validating: data[lineStart..<index], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = data.index(after: index)
        }
        return line
    }

    /// GB18030 through glibc's iconv: Foundation on Linux does not carry the encoding.
    static func gb18030(_ data: Data) -> String? {
        guard !data.isEmpty else { return "" }
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var input = [CChar](repeating: 0, count: data.count)
        data.withUnsafeBytes { raw in
            for (index, byte) in raw.enumerated() { input[index] = CChar(bitPattern: byte) }
        }
        var output = [CChar](repeating: 0, count: data.count * 4 + 16)
        let converted: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                var outLeft = outBuffer.count
                let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                if result == -1 || inLeft != 0 { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let length = converted else { return nil }
        let utf8 = output[0..<length].map { UInt8(bitPattern: $0) }
        return String(validating: utf8, as: UTF8.self)
    }
}

extension String {
    init?(validatingUTF8Data data: Data) {
        guard let text = String(validating: data, as: UTF8.self) else { return nil }
        self = text
    }
}
