import Foundation

/// An open-addressing hash set of packed token keys giving each a dense slot number:
/// the builder meets tens of millions of tokens in a large import, and a Swift
/// dictionary's hashing was most of its time. A bucket holds its key beside its slot,
/// so a probe reads one place.
struct TokenTable {
    private struct Bucket {
        var key: UInt64
        var slot: Int32
    }

    private var buckets: [Bucket] = Array(repeating: Bucket(key: 0, slot: -1), count: 1 << 12)
    private(set) var keys: [UInt64] = []
    private var mask = (1 << 12) - 1
    /// Slots of the unigrams of the Basic Multilingual Plane (every common Han character),
    /// indexed by the scalar: half of all tokens, found without hashing or probing.
    private var unigrams: [Int32] = []
    /// Keys in the buckets (all but those unigrams).
    private var hashed = 0

    var count: Int { keys.count }

    /// The index in `unigrams` of a key, if it is a BMP unigram.
    @inline(__always)
    private static func unigramIndex(_ key: UInt64) -> Int? {
        key >> 16 == SearchIndexBuilder.unigramTag >> 16 ? Int(truncatingIfNeeded: key & 0xFFFF) : nil
    }

    @inline(__always)
    private static func hash(_ key: UInt64) -> Int {
        var x = key &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return Int(truncatingIfNeeded: x)
    }

    func slot(of key: UInt64) -> Int? {
        if let index = Self.unigramIndex(key) {
            guard index < unigrams.count, unigrams[index] >= 0 else { return nil }
            return Int(unigrams[index])
        }
        var bucket = Self.hash(key) & mask
        while true {
            let item = buckets[bucket]
            if item.slot < 0 { return nil }
            if item.key == key { return Int(item.slot) }
            bucket = (bucket + 1) & mask
        }
    }

    /// The key's slot, and whether it was new.
    @inline(__always)
    mutating func insert(_ key: UInt64) -> (Int, Bool) {
        if let index = Self.unigramIndex(key) {
            if unigrams.isEmpty { unigrams = Array(repeating: -1, count: 1 << 16) }
            let known = unigrams.withUnsafeBufferPointer { $0[index] }
            if known >= 0 { return (Int(known), false) }
            let slot = keys.count
            keys.append(key)
            unigrams[index] = Int32(slot)
            return (slot, true)
        }
        var bucket = Self.hash(key) & mask
        let found: Int32? = buckets.withUnsafeBufferPointer { buckets in
            while true {
                let item = buckets[bucket]
                if item.slot < 0 { return nil }
                if item.key == key { return item.slot }
                bucket = (bucket + 1) & mask
            }
        }
        if let found { return (Int(found), false) }
        let slot = keys.count
        keys.append(key)
        hashed += 1
        buckets[bucket] = Bucket(key: key, slot: Int32(slot))
        if hashed * 2 > buckets.count { grow() }
        return (slot, true)
    }

    private mutating func grow() {
        let capacity = buckets.count * 2
        buckets = Array(repeating: Bucket(key: 0, slot: -1), count: capacity)
        mask = capacity - 1
        for (slot, key) in keys.enumerated() where Self.unigramIndex(key) == nil {
            var bucket = Self.hash(key) & mask
            while buckets[bucket].slot >= 0 { bucket = (bucket + 1) & mask }
            buckets[bucket] = Bucket(key: key, slot: Int32(slot))
        }
    }
}
