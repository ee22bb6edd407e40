import Foundation

/// A growable byte buffer written through a pointer. The index builders append a few
/// bytes at a time to thousands of posting lists; as Swift arrays inside an array, each
/// append paid for uniqueness checks and the generic append path, which took most of a
/// large import's reading thread.
final class ByteList {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 32) {
        self.capacity = max(capacity, 16)
        pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { pointer.deallocate() }

    /// Room for `bytes` more; the place to write them, to be committed with `advance`.
    @inline(__always)
    func reserve(_ bytes: Int) -> UnsafeMutablePointer<UInt8> {
        if count + bytes > capacity {
            let grown = max(capacity * 2, count + bytes)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            moved.update(from: pointer, count: count)
            pointer.deallocate()
            pointer = moved
            capacity = grown
        }
        return pointer + count
    }

    @inline(__always)
    func advance(_ bytes: Int) { count += bytes }

    @inline(__always)
    func appendVarint(_ value: UInt64) {
        let place = reserve(10)
        count += Varint.write(value, to: place, at: 0)
    }

    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
