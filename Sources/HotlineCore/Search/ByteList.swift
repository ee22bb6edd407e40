import Foundation

/// Growable byte lists written through pointers, numbered from 0. The index builders
/// append a few bytes at a time to thousands of posting lists; as Swift arrays inside an
/// array, each append paid for uniqueness checks and the generic append path, and as one
/// object per list, for reference counting on every record. Here a list is a number,
/// and its buffer is reached through plain pointer arithmetic.
final class ByteLists {
    private var buffers: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>
    private var sizes: UnsafeMutablePointer<Int>
    private var capacities: UnsafeMutablePointer<Int>
    private var room: Int
    private(set) var count = 0

    init() {
        room = 64
        buffers = .allocate(capacity: room)
        sizes = .allocate(capacity: room)
        capacities = .allocate(capacity: room)
    }

    deinit {
        removeAll()
        buffers.deallocate()
        sizes.deallocate()
        capacities.deallocate()
    }

    /// A new empty list; its number.
    func append(capacity: Int = 32) -> Int {
        if count == room {
            let grown = room * 2
            let newBuffers = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>.allocate(capacity: grown)
            let newSizes = UnsafeMutablePointer<Int>.allocate(capacity: grown)
            let newCapacities = UnsafeMutablePointer<Int>.allocate(capacity: grown)
            newBuffers.moveInitialize(from: buffers, count: count)
            newSizes.moveInitialize(from: sizes, count: count)
            newCapacities.moveInitialize(from: capacities, count: count)
            buffers.deallocate()
            sizes.deallocate()
            capacities.deallocate()
            buffers = newBuffers
            sizes = newSizes
            capacities = newCapacities
            room = grown
        }
        let size = max(capacity, 16)
        (buffers + count).initialize(to: .allocate(capacity: size))
        (sizes + count).initialize(to: 0)
        (capacities + count).initialize(to: size)
        count += 1
        return count - 1
    }

    /// Room for `bytes` more in list `list`; the place to write them, to be committed
    /// with `advance`.
    @inline(__always)
    func reserve(_ list: Int, _ bytes: Int) -> UnsafeMutablePointer<UInt8> {
        let size = sizes[list]
        if size + bytes > capacities[list] {
            let grown = max(capacities[list] * 2, size + bytes)
            let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            moved.update(from: buffers[list], count: size)
            buffers[list].deallocate()
            buffers[list] = moved
            capacities[list] = grown
        }
        return buffers[list] + size
    }

    @inline(__always)
    func advance(_ list: Int, _ bytes: Int) { sizes[list] += bytes }

    func size(_ list: Int) -> Int { sizes[list] }

    func bytes(_ list: Int) -> [UInt8] { Array(UnsafeBufferPointer(start: buffers[list], count: sizes[list])) }

    /// Frees every list; numbering starts again from 0.
    func removeAll() {
        for list in 0..<count { buffers[list].deallocate() }
        count = 0
    }
}
