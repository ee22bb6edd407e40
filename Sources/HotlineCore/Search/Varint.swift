import Foundation

/// LEB128 unsigned varints, the posting lists' number format.
enum Varint {
    @inline(__always)
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Writes `value` at `offset` of a buffer with room for it; the offset after it.
    @inline(__always)
    static func write(_ value: UInt64, to buffer: UnsafeMutablePointer<UInt8>, at offset: Int) -> Int {
        var v = value
        var at = offset
        while v >= 0x80 {
            buffer[at] = UInt8(truncatingIfNeeded: v) | 0x80
            v >>= 7
            at += 1
        }
        buffer[at] = UInt8(v)
        return at + 1
    }

    @inline(__always)
    static func read(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt64 {
        guard offset < bytes.count else { return 0 }
        let first = bytes[offset]
        if first < 0x80 {
            offset += 1
            return UInt64(first)
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return result
    }
}
