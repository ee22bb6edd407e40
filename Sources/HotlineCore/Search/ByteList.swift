import Foundation

/// Growable byte lists written through pointers, numbered from 0, each with the row id
/// of its last record. The index builders append a few bytes at a time to thousands of
/// posting lists; as Swift arrays inside an array, each append paid for uniqueness checks
/// and the generic append path, and as one object per list, for reference counting on
/// every record. Here a list is a number, and everything about it (buffer, size,
/// capacity, last row id) sits in one header: appending to a list of a large base is a
/// cache miss on the header and one on the buffer's end, not one per array.
final class ByteLists {
    struct Header {
        var buffer: UnsafeMutablePointer<UInt8>
        var size: Int
        var capacity: Int
        /// The row id of the list's last record (its next record is a delta from it).
        var last: Int64
    }

    private var headers: UnsafeMutablePointer<Header>
    private var room: Int
    private(set) var count = 0

    init() {
        room = 64
        headers = .allocate(capacity: room)
    }

    deinit {
        removeAll()
        headers.deallocate()
    }

    /// A new empty list; its number.
    func append(capacity: Int = 32) -> Int {
        if count == room {
            let grown = room * 2
            let moved = UnsafeMutablePointer<Header>.allocate(capacity: grown)
            moved.moveInitialize(from: headers, count: count)
            headers.deallocate()
            headers = moved
            room = grown
        }
        let size = max(capacity, 16)
        (headers + count).initialize(to: Header(buffer: .allocate(capacity: size), size: 0, capacity: size, last: 0))
        count += 1
        return count - 1
    }

    /// The header of list `list`, to write through: reserve room with `reserve`, write
    /// at `buffer + size`, then add to `size`.
    @inline(__always)
    func header(_ list: Int) -> UnsafeMutablePointer<Header> { headers + list }

    /// Room for `bytes` more in the list of this header; the place to write them.
    @inline(__always)
    static func reserve(_ header: UnsafeMutablePointer<Header>, _ bytes: Int) -> UnsafeMutablePointer<UInt8> {
        let size = header.pointee.size
        if size + bytes > header.pointee.capacity {
            let grown = max(header.pointee.capacity * 2, size + bytes)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            moved.update(from: header.pointee.buffer, count: size)
            header.pointee.buffer.deallocate()
            header.pointee.buffer = moved
            header.pointee.capacity = grown
        }
        return header.pointee.buffer + size
    }

    func bytes(_ list: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: headers[list].buffer, count: headers[list].size)) }

    /// Frees every list; numbering starts again from 0.
    func removeAll() {
        for list in 0..<count { headers[list].buffer.deallocate() }
        (headers).deinitialize(count: count)
        count = 0
    }
}
