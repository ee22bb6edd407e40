import Foundation
import GRDB

/// The words a Latin-letter query (shebao, sb, zcps) or a homophone typo (社报) can stand
/// for: synonyms, keywords, categories and the 2–4 character runs of questions, each
/// with its toneless pinyin and initials, and how often it occurs.
enum SearchTermDictionary {
    enum Weight {
        static let questionGram = 1
        static let category = 2
        static let keyword = 3
        static let synonym = 3
    }

    static let shortestTerm = 2
    static let longestGram = 4
    static let longestTerm = 10

    /// Terms gathered in memory and written with one statement each at the end, so that a
    /// large import touches every distinct term once. Question n-grams, the bulk of them,
    /// are kept as packed scalars in a table of their own: hashing them as strings was
    /// most of a large import's reading time.
    struct Batch {
        private var named: [String: (weight: Int, frequency: Int)] = [:]
        private var grams = GramTable()
        private var entry = 0
        private var runCache: [String: [String]] = [:]

        /// Every term with its weight and frequency.
        var terms: [String: (weight: Int, frequency: Int)] {
            var result = named
            grams.forEach { term, weight, frequency in
                if let existing = result[term] {
                    result[term] = (max(existing.weight, weight), existing.frequency + frequency)
                } else {
                    result[term] = (weight, frequency)
                }
            }
            return result
        }

        mutating func add(term: String, weight: Int, frequency: Int = 1) {
            let count = term.unicodeScalars.count
            guard count >= SearchTermDictionary.shortestTerm, count <= SearchTermDictionary.longestTerm else { return }
            if let existing = named[term] {
                named[term] = (max(existing.weight, weight), existing.frequency + frequency)
            } else {
                named[term] = (weight, frequency)
            }
        }

        /// The Han runs of an entry's question, keywords and category. A term counts once
        /// per entry, with the weight of its first and weightiest place (keywords, then
        /// category, then question).
        mutating func add(question: String, keywords: [String], category: String) {
            entry += 1
            var longOnes: [(String, Int)] = []
            func run(_ text: String, _ weight: Int) {
                let scalars = text.unicodeScalars
                let count = scalars.count
                guard count >= SearchTermDictionary.shortestTerm, count <= SearchTermDictionary.longestTerm else { return }
                if count <= SearchTermDictionary.longestGram {
                    var values = (UInt32(0), UInt32(0), UInt32(0), UInt32(0))
                    var index = 0
                    for scalar in scalars {
                        switch index {
                        case 0: values.0 = scalar.value
                        case 1: values.1 = scalar.value
                        case 2: values.2 = scalar.value
                        default: values.3 = scalar.value
                        }
                        index += 1
                    }
                    grams.count(GramTable.key(values.0, values.1, values.2, values.3), weight: weight, entry: entry)
                } else if !longOnes.contains(where: { $0.0 == text }) {
                    longOnes.append((text, weight))
                }
            }
            for keyword in keywords {
                for text in hanRuns(keyword) { run(text, Weight.keyword) }
            }
            for text in hanRuns(category) { run(text, Weight.category) }
            for (text, weight) in longOnes { add(term: text, weight: weight) }
            var copy = question
            copy.withUTF8 { bytes in
                var scanner = HanTextTokenizer.Scanner(bytes: bytes)
                while let kind = scanner.nextRun() {
                    guard case .han = kind else { continue }
                    let chars = scanner.han
                    guard chars.count >= SearchTermDictionary.shortestTerm else { continue }
                    for start in 0..<(chars.count - 1) {
                        let a = chars[start].scalar.value, b = chars[start + 1].scalar.value
                        grams.count(GramTable.key(a, b, 0, 0), weight: Weight.questionGram, entry: entry)
                        guard start + 2 < chars.count else { continue }
                        let c = chars[start + 2].scalar.value
                        grams.count(GramTable.key(a, b, c, 0), weight: Weight.questionGram, entry: entry)
                        guard start + 3 < chars.count else { continue }
                        grams.count(GramTable.key(a, b, c, chars[start + 3].scalar.value), weight: Weight.questionGram, entry: entry)
                    }
                }
            }
        }

        /// Han runs of a keyword or category, remembered: the same few hundred recur.
        private mutating func hanRuns(_ text: String) -> [String] {
            if let cached = runCache[text] { return cached }
            let runs = HanTextTokenizer.runs(text).filter(\.isHan).map(\.text)
            if runCache.count < 100_000 { runCache[text] = runs }
            return runs
        }

        /// The rows to write: each term with its pinyin keys. Worked out apart from the
        /// writing, so that an import can do it on its reading thread. The rows come in
        /// the order of the dictionary's primary key (the term's UTF-8 bytes, then the
        /// pinyin), so that the writer appends to its b-tree instead of inserting all
        /// over it.
        func prepared() -> [PreparedTerm] {
            var rows: [PreparedTerm] = []
            rows.reserveCapacity(grams.size + named.count)
            var namedTerms = named.map { (term: $0.key, weight: $0.value.weight, frequency: $0.value.frequency) }
            namedTerms.sort { $0.term.utf8.lexicographicallyPrecedes($1.term.utf8) }
            var next = 0
            func emit(_ term: String, _ weight: Int, _ frequency: Int) {
                var keys = Pinyin.keys(of: term)
                if keys.count > 1 { keys.sort { $0.full.utf8.lexicographicallyPrecedes($1.full.utf8) } }
                for key in keys {
                    rows.append(PreparedTerm(term: term, pinyin: key.full, initials: key.initials,
                                             weight: weight, frequency: frequency))
                }
            }
            // The n-grams in the order of their scalars, which is the order of their
            // UTF-8 bytes; the named terms merged in.
            grams.forEachInOrder { term, weight, frequency in
                while next < namedTerms.count, namedTerms[next].term.utf8.lexicographicallyPrecedes(term.utf8) {
                    emit(namedTerms[next].term, namedTerms[next].weight, namedTerms[next].frequency)
                    next += 1
                }
                if next < namedTerms.count, namedTerms[next].term == term {
                    emit(term, max(namedTerms[next].weight, weight), namedTerms[next].frequency + frequency)
                    next += 1
                } else {
                    emit(term, weight, frequency)
                }
            }
            while next < namedTerms.count {
                emit(namedTerms[next].term, namedTerms[next].weight, namedTerms[next].frequency)
                next += 1
            }
            return rows
        }

        func save(in db: Database) throws {
            try SearchTermDictionary.save(prepared(), in: db)
        }
    }

    struct PreparedTerm {
        var term: String
        var pinyin: String
        var initials: String
        var weight: Int
        var frequency: Int
    }

    static func save(_ rows: [PreparedTerm], in db: Database) throws {
        let upsert = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO search_term (term, pinyin, initials, weight, frequency) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (term, pinyin) DO UPDATE SET
                weight = max(weight, excluded.weight), frequency = frequency + excluded.frequency
            """), db: db)
        for row in rows {
            upsert.bind(1, row.term)
            upsert.bind(2, row.pinyin)
            upsert.bind(3, row.initials)
            upsert.bind(4, Int64(row.weight))
            upsert.bind(5, Int64(row.frequency))
            try upsert.run()
        }
    }

    /// Rebuilds the dictionary from every published entry and the synonym table.
    static func rebuild(in db: Database) throws {
        try db.execute(sql: "DELETE FROM search_term")
        var batch = Batch()
        let rows = try Row.fetchCursor(db, sql: "SELECT question, keywords, category FROM knowledge_entry WHERE status = 'published'")
        while let row = try rows.next() {
            batch.add(question: row["question"], keywords: KnowledgeEntry.splitKeywords(row["keywords"]), category: row["category"])
        }
        for term in try String.fetchAll(db, sql: "SELECT term FROM synonym") {
            batch.add(term: term, weight: Weight.synonym, frequency: 0)
        }
        try batch.save(in: db)
    }
}

/// Counts of 2–4 character terms keyed by their packed scalars, with the entry that last
/// counted each, so a term counts once per entry without a set per entry. A bucket holds
/// the key with its counts, so counting an n-gram of a large import touches one place.
struct GramTable {
    struct Key: Equatable {
        var high: UInt64
        var low: UInt64
    }

    private struct Bucket {
        var key: Key
        /// 0 for an empty bucket (no counted term has frequency 0).
        var frequency: Int32
        var lastEntry: Int32
        var weight: UInt8
    }

    private static let empty = Bucket(key: Key(high: 0, low: 0), frequency: 0, lastEntry: 0, weight: 0)
    private var buckets: [Bucket] = Array(repeating: empty, count: 1 << 12)
    private var mask = (1 << 12) - 1
    private(set) var size = 0

    static func key(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> Key {
        Key(high: UInt64(a) << 32 | UInt64(b), low: UInt64(c) << 32 | UInt64(d))
    }

    @inline(__always)
    private static func hash(_ key: Key) -> Int {
        var x = key.high &* 0x9E37_79B9_7F4A_7C15 ^ key.low &* 0xC2B2_AE3D_27D4_EB4F
        x ^= x >> 31
        return Int(truncatingIfNeeded: x)
    }

    mutating func count(_ key: Key, weight: Int, entry: Int) {
        let stamp = Int32(truncatingIfNeeded: entry)
        let mask = self.mask
        let added: Bool = buckets.withUnsafeMutableBufferPointer { buckets in
            var bucket = Self.hash(key) & mask
            while true {
                if buckets[bucket].frequency == 0 {
                    buckets[bucket] = Bucket(key: key, frequency: 1, lastEntry: stamp, weight: UInt8(weight))
                    return true
                }
                if buckets[bucket].key == key {
                    if buckets[bucket].lastEntry != stamp {
                        buckets[bucket].lastEntry = stamp
                        buckets[bucket].frequency += 1
                        buckets[bucket].weight = max(buckets[bucket].weight, UInt8(weight))
                    }
                    return false
                }
                bucket = (bucket + 1) & mask
            }
        }
        if added {
            size += 1
            if size * 2 > buckets.count { grow() }
        }
    }

    private mutating func grow() {
        let old = buckets
        let capacity = buckets.count * 2
        buckets = Array(repeating: Self.empty, count: capacity)
        mask = capacity - 1
        for item in old where item.frequency > 0 {
            var bucket = Self.hash(item.key) & mask
            while buckets[bucket].frequency > 0 { bucket = (bucket + 1) & mask }
            buckets[bucket] = item
        }
    }

    private static func text(of key: Key) -> String {
        var view = String.UnicodeScalarView()
        for value in [UInt32(key.high >> 32), UInt32(truncatingIfNeeded: key.high), UInt32(key.low >> 32),
                      UInt32(truncatingIfNeeded: key.low)] where value != 0 {
            view.append(Unicode.Scalar(value)!)
        }
        return String(view)
    }

    func forEach(_ body: (String, Int, Int) -> Void) {
        for item in buckets where item.frequency > 0 {
            body(Self.text(of: item.key), Int(item.weight), Int(item.frequency))
        }
    }

    /// Every term in the order of its scalars (a shorter term before the longer ones it
    /// starts), which is the order of its UTF-8 bytes.
    func forEachInOrder(_ body: (String, Int, Int) -> Void) {
        var used = buckets.filter { $0.frequency > 0 }
        used.sort { x, y in x.key.high < y.key.high || (x.key.high == y.key.high && x.key.low < y.key.low) }
        for item in used {
            body(Self.text(of: item.key), Int(item.weight), Int(item.frequency))
        }
    }
}
