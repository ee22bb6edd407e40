import Foundation
import GRDB
import GRDBSQLite

/// The stored search index (tables of migrations v6-knowledge-speed and
/// v10-knowledge-postings): `knowledge_search_term` holds every token's document count
/// and title postings, `knowledge_search_body` the answers' postings in segments of
/// consecutive entries, `knowledge_search_stale` the entries written since it was built
/// (kept by triggers, so that writes from anywhere are seen), and `setting` its totals.
///
/// Search reads the postings of the query's tokens and scores them itself; the stale
/// entries are scored from their stored text at query time. Imports rebuild the index
/// when many entries changed; until then a handful of stale entries cost little.
enum KnowledgeSearchIndex {
    static let format = "2"
    static let formatKey = "search_index.format"
    static let documentsKey = "search_index.documents"
    static let lengthKey = "search_index.total_length"
    /// An import that leaves more stale entries than this rebuilds the index.
    static let rebuildThreshold = 200
    /// Any other write that leaves more than this rebuilds it (scoring that many from
    /// their text costs each search a few milliseconds).
    static let staleLimit = 2_000
    /// Answer postings held in memory before they are written as a segment.
    static let segmentBytes = 8 << 20

    /// Replaces the stored title postings, counts and totals with what `builder`
    /// gathered, and writes its last answer segment. Earlier segments were written as
    /// they filled (`saveBody`), after `clearBody`.
    static func save(_ builder: inout SearchIndexBuilder, in db: Database) throws {
        try db.execute(sql: "DELETE FROM knowledge_search_term")
        try db.execute(sql: "DELETE FROM knowledge_search_stale")
        let insert = try db.makeStatement(sql: "INSERT INTO knowledge_search_term (term, documents, title_postings) VALUES (?, ?, ?)")
        let raw = RawStatement(insert, db: db)
        try builder.forEachTerm { term, count, postings in
            raw.bind(1, term)
            raw.bind(2, Int64(count))
            raw.bind(3, blob: postings)
            try raw.run()
        }
        if let segment = builder.takeBodySegment() { try saveBody(segment, in: db) }
        let upsert = "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        try db.execute(sql: upsert, arguments: [formatKey, format])
        try db.execute(sql: upsert, arguments: [documentsKey, String(builder.documents)])
        try db.execute(sql: upsert, arguments: [lengthKey, String(builder.totalLength)])
    }

    static func clearBody(in db: Database) throws {
        try db.execute(sql: "DELETE FROM knowledge_search_body")
    }

    static func saveBody(_ segment: BodySegment, in db: Database) throws {
        let raw = RawStatement(try db.cachedStatement(sql: """
            INSERT INTO knowledge_search_body (term, first_entry, postings) VALUES (?, ?, ?)
            """), db: db)
        for row in segment.rows {
            raw.bind(1, row.term)
            raw.bind(2, segment.firstRowID)
            raw.bind(3, blob: row.postings)
            try raw.run()
        }
    }

    /// Rebuilds the index from the stored published entries, writing the answers'
    /// postings whenever `segmentBytes` of them are held.
    static func rebuild(in db: Database, segmentBytes: Int = segmentBytes) throws {
        try clearBody(in: db)
        var builder = SearchIndexBuilder()
        builder.gatherPhrases(try TitlePhrases.forms(in: db))
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, question, keywords, category, answer FROM knowledge_entry WHERE status = 'published' ORDER BY id
            """)
        while let row = try rows.next() {
            builder.add(rowID: row[0], question: row[1], keywords: row[2], category: row[3], answer: row[4])
            if builder.bodyBytes >= segmentBytes, let segment = builder.takeBodySegment() { try saveBody(segment, in: db) }
        }
        try save(&builder, in: db)
    }

    /// Rebuilds when an earlier write left more than `threshold` entries for search to
    /// score one by one.
    static func refreshIfNeeded(in db: Database, threshold: Int = rebuildThreshold) throws {
        let stale = try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_search_stale") ?? 0
        let current = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [formatKey]) == format
        if stale > threshold || !current { try rebuild(in: db) }
    }
}

/// Title postings of one token, decoded: entries in row id order with their length in
/// index positions and their occurrences as `position << 2 | column`.
struct TitlePostings {
    var rowIDs: [Int64] = []
    var lengths: [Int32] = []
    /// Occurrences of entry i are `occurrences[starts[i]..<starts[i + 1]]`.
    var starts: [Int32] = [0]
    var occurrences: [UInt32] = []

    var count: Int { rowIDs.count }

    mutating func append(rowID: Int64, length: Int32, occurrences list: some Sequence<UInt32>) {
        rowIDs.append(rowID)
        lengths.append(length)
        occurrences.append(contentsOf: list)
        starts.append(Int32(occurrences.count))
    }

    /// Decodes a stored posting list, leaving out `excluded` entries.
    static func decode(_ bytes: UnsafeRawBufferPointer, excluding excluded: Set<Int64>) -> TitlePostings {
        var result = TitlePostings()
        var offset = 0
        var rowID: Int64 = 0
        while offset < bytes.count {
            rowID += Int64(Varint.read(bytes, &offset))
            let length = Int32(Varint.read(bytes, &offset))
            let count = Int(Varint.read(bytes, &offset))
            if !excluded.isEmpty && excluded.contains(rowID) {
                for _ in 0..<count { _ = Varint.read(bytes, &offset) }
                continue
            }
            result.rowIDs.append(rowID)
            result.lengths.append(length)
            for _ in 0..<count { result.occurrences.append(UInt32(Varint.read(bytes, &offset))) }
            result.starts.append(Int32(result.occurrences.count))
        }
        return result
    }

    /// The union of two lists with no entry in common, in row id order.
    static func merged(_ a: TitlePostings, _ b: TitlePostings) -> TitlePostings {
        if b.count == 0 { return a }
        if a.count == 0 { return b }
        var result = TitlePostings()
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j >= b.count || (i < a.count && a.rowIDs[i] < b.rowIDs[j]) {
                result.append(rowID: a.rowIDs[i], length: a.lengths[i],
                              occurrences: a.occurrences[Int(a.starts[i])..<Int(a.starts[i + 1])])
                i += 1
            } else {
                result.append(rowID: b.rowIDs[j], length: b.lengths[j],
                              occurrences: b.occurrences[Int(b.starts[j])..<Int(b.starts[j + 1])])
                j += 1
            }
        }
        return result
    }
}

extension SearchIndexBuilder {
    /// The title postings of one token text, decoded (for the stale entries at query time).
    func titlePostings(of token: String) -> TitlePostings {
        guard let key = packedKey(of: token), let slot = tableSlot(of: key) else { return TitlePostings() }
        guard let bytes = postingBytes(slot: slot) else { return TitlePostings() }
        return bytes.withUnsafeBytes { TitlePostings.decode($0, excluding: []) }
    }

    func packedKey(of token: String) -> UInt64? {
        let scalars = Array(token.unicodeScalars)
        if scalars.allSatisfy({ CharacterClass.isHan($0.value) }) {
            if scalars.count == 1 { return Self.unigramTag | UInt64(scalars[0].value) }
            if scalars.count == 2 { return Self.bigramTag | UInt64(scalars[0].value) << 21 | UInt64(scalars[1].value) }
            return nil
        }
        return wordID(token).map { Self.wordTag | UInt64($0) }
    }
}

/// Reads the stored index for one search: statistics, decoded postings (cached for the
/// search), and the stale entries scored from their text.
final class SearchIndexReader {
    let db: Database
    let documents: Int
    let averageLength: Double
    private let stale: Set<Int64>
    private let staleIndex: SearchIndexBuilder
    /// False when the stored index is missing or of another format: every published
    /// entry is then scored from its text, slowly but right, until the next rebuild.
    private let storedUsable: Bool
    private var cache: [String: TitlePostings] = [:]
    /// Stored lists read during this search: a synonym's forms share their bigrams.
    private var bytesCache: [String: [UInt8]] = [:]
    private var bodyCache: [String: [[UInt8]]] = [:]
    private var lengths: EntryLengths? = nil

    static func open(_ db: Database) throws -> SearchIndexReader {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM setting WHERE key IN (?, ?, ?)",
                                    arguments: [KnowledgeSearchIndex.formatKey, KnowledgeSearchIndex.documentsKey,
                                                KnowledgeSearchIndex.lengthKey])
        var values: [String: String] = [:]
        for row in rows { values[row[0]] = row[1] }
        var documents = values[KnowledgeSearchIndex.documentsKey].flatMap(Int.init)
        var length = values[KnowledgeSearchIndex.lengthKey].flatMap(Int.init)
        let usable = values[KnowledgeSearchIndex.formatKey] == KnowledgeSearchIndex.format && documents != nil && length != nil
        let stale: Set<Int64>
        var staleIndex = SearchIndexBuilder()
        let staleSQL = usable
            ? "SELECT id, question, keywords, category, answer FROM knowledge_entry WHERE status = 'published' AND id IN (SELECT entry_id FROM knowledge_search_stale) ORDER BY id"
            : "SELECT id, question, keywords, category, answer FROM knowledge_entry WHERE status = 'published' ORDER BY id"
        if usable {
            stale = try Set(Int64.fetchAll(db, sql: "SELECT entry_id FROM knowledge_search_stale"))
        } else {
            stale = try Set(Int64.fetchAll(db, sql: "SELECT id FROM knowledge_entry WHERE status = 'published'"))
        }
        if !stale.isEmpty {
            let rows = try Row.fetchCursor(db, sql: staleSQL)
            while let row = try rows.next() {
                staleIndex.add(rowID: row[0], question: row[1], keywords: row[2], category: row[3], answer: row[4])
            }
        }
        if !usable {
            documents = staleIndex.documents
            length = staleIndex.totalLength
        }
        let count = documents ?? 0
        return SearchIndexReader(db: db, documents: max(count, 1),
                                 averageLength: count > 0 ? Double(length ?? 0) / Double(count) : 1,
                                 stale: stale, staleIndex: staleIndex, storedUsable: usable)
    }

    private init(db: Database, documents: Int, averageLength: Double, stale: Set<Int64>, staleIndex: SearchIndexBuilder,
                 storedUsable: Bool) {
        self.db = db
        self.documents = documents
        self.averageLength = max(averageLength, 1)
        self.stale = stale
        self.staleIndex = staleIndex
        self.storedUsable = storedUsable
    }

    /// Entries holding the token in any column, as of the last build (or among the
    /// stale entries, for a token first written since); nil if unknown.
    func documentCount(of token: String) throws -> Int? {
        if storedUsable {
            let statement = try db.cachedStatement(sql: "SELECT documents FROM knowledge_search_term WHERE term = ?")
            if let count = try Int.fetchOne(statement, arguments: [token]) { return count }
        }
        return staleIndex.documentCount(of: token)
    }

    func titlePostings(of token: String) throws -> TitlePostings {
        if let cached = cache[token] { return cached }
        var postings = TitlePostings()
        let stale = self.stale
        try withStoredPostings(of: token) { postings = TitlePostings.decode($0, excluding: stale) }
        if !stale.isEmpty { postings = TitlePostings.merged(postings, staleIndex.titlePostings(of: token)) }
        cache[token] = postings
        return postings
    }

    /// A one-token phrase's entries with their weighted title frequency, straight from
    /// the stored bytes: the common case, and the longest lists.
    func titleFrequencies(of token: String) throws -> TitleRanker.PhraseMatches {
        var result = TitleRanker.PhraseMatches()
        let stale = self.stale
        try withStoredPostings(of: token) { result = TitleRanker.frequencies(decoding: $0, excluding: stale) }
        if !stale.isEmpty {
            result = TitleRanker.PhraseMatches.merged(result, TitleRanker.matches([staleIndex.titlePostings(of: token)]))
        }
        return result
    }

    /// Whether entries written since the build are scored from their text.
    var hasStaleEntries: Bool { !stale.isEmpty }

    /// A synonym form's weighted title frequencies as gathered at the build (stale
    /// entries left out); nil when the build did not gather that form.
    func storedPhraseFrequencies(of form: String) throws -> TitleRanker.PhraseMatches? {
        guard storedUsable else { return nil }
        let statement = try db.cachedStatement(sql: "SELECT title_postings FROM knowledge_search_term WHERE term = ?")
        let rows = try Row.fetchCursor(statement, arguments: [TitlePhrases.prefix + form])
        guard let row = try rows.next() else { return nil }
        var result = TitleRanker.PhraseMatches()
        let stale = self.stale
        try row.withUnsafeData(atIndex: 0) { data in
            if let data { data.withUnsafeBytes { result = TitleRanker.frequencies(decoding: $0, excluding: stale) } }
        }
        return result
    }

    /// The stale entries' title postings of a token.
    func staleTitlePostings(of token: String) -> TitlePostings { staleIndex.titlePostings(of: token) }

    /// The stale entries, left out of every stored list.
    var staleEntries: Set<Int64> { stale }

    /// A copy of a token's stored title postings (empty when the token is in no title).
    func storedPostings(of token: String) throws -> [UInt8] {
        if let known = bytesCache[token] { return known }
        var bytes: [UInt8] = []
        try withStoredPostings(of: token) { bytes = Array($0) }
        bytesCache[token] = bytes
        return bytes
    }

    /// A token's stored answer postings, segment by segment in entry order.
    func storedBodyPostings(of token: String) throws -> [[UInt8]] {
        if let known = bodyCache[token] { return known }
        var segments: [[UInt8]] = []
        if storedUsable {
            let statement = try db.cachedStatement(sql: "SELECT postings FROM knowledge_search_body WHERE term = ? ORDER BY first_entry")
            let rows = try Row.fetchCursor(statement, arguments: [token])
            while let row = try rows.next() {
                try row.withUnsafeData(atIndex: 0) { data in
                    if let data { segments.append(data.withUnsafeBytes { Array($0) }) }
                }
            }
        }
        bodyCache[token] = segments
        return segments
    }

    /// The stale entries' answer postings of a token, in the stored format.
    func staleBodyPostings(of token: String) -> [UInt8] {
        staleIndex.bodyPostings(of: token) ?? []
    }

    /// The answer postings of every token a Han character starts (FTS5's prefix query
    /// `保*`), merged into one list per segment.
    func storedBodyPostings(startingWith character: Unicode.Scalar) throws -> [[UInt8]] {
        let key = "\u{0}prefix" + String(character)
        if let known = bodyCache[key] { return known }
        var segments: [[UInt8]] = []
        if storedUsable, let next = Unicode.Scalar(character.value + 1) {
            let statement = try db.cachedStatement(sql: """
                SELECT first_entry, postings FROM knowledge_search_body WHERE term >= ? AND term < ? ORDER BY first_entry
                """)
            let rows = try Row.fetchCursor(statement, arguments: [String(character), String(next)])
            var segment: Int64? = nil
            var lists: [[UInt8]] = []
            while let row = try rows.next() {
                let first: Int64 = row[0]
                if first != segment, !lists.isEmpty {
                    segments.append(BodyPostingsUnion.merged(lists))
                    lists = []
                }
                segment = first
                try row.withUnsafeData(atIndex: 1) { data in
                    if let data { lists.append(data.withUnsafeBytes { Array($0) }) }
                }
            }
            if !lists.isEmpty { segments.append(BodyPostingsUnion.merged(lists)) }
        }
        bodyCache[key] = segments
        return segments
    }

    func staleBodyPostings(startingWith character: Unicode.Scalar) -> [UInt8] {
        BodyPostingsUnion.merged(staleIndex.bodyPostings(startingWith: character))
    }

    /// An entry's length in index positions (all columns), for BM25.
    func length(of rowID: Int64) throws -> Int32 {
        if lengths == nil {
            var table = EntryLengths()
            if storedUsable {
                let statement = try db.cachedStatement(sql: "SELECT postings FROM knowledge_search_body WHERE term = ? ORDER BY first_entry")
                let rows = try Row.fetchCursor(statement, arguments: [BodySegment.lengthsTerm])
                while let row = try rows.next() {
                    try row.withUnsafeData(atIndex: 0) { data in
                        if let data { data.withUnsafeBytes { table.add(decoding: $0) } }
                    }
                }
            }
            staleIndex.bodyLengths.withUnsafeBytes { table.add(decoding: $0) }
            lengths = table
        }
        return lengths!.length(of: rowID)
    }

    /// The stored posting bytes, read in place (a cursor's row is not copied).
    private func withStoredPostings(of token: String, _ body: (UnsafeRawBufferPointer) -> Void) throws {
        guard storedUsable else { return }
        let statement = try db.cachedStatement(sql: "SELECT title_postings FROM knowledge_search_term WHERE term = ?")
        let rows = try Row.fetchCursor(statement, arguments: [token])
        if let row = try rows.next() {
            try row.withUnsafeData(atIndex: 0) { data in
                if let data { data.withUnsafeBytes { body($0) } }
            }
        }
    }
}

/// Entry lengths by row id, decoded from the stored lists (later lists win: the stale
/// entries' current lengths come last). Row ids are dense, so an array indexed by them.
struct EntryLengths {
    private var values: [Int32] = []

    mutating func add(decoding bytes: UnsafeRawBufferPointer) {
        var offset = 0
        var rowID: Int64 = 0
        while offset < bytes.count {
            rowID += Int64(Varint.read(bytes, &offset))
            let length = Int32(Varint.read(bytes, &offset))
            guard rowID >= 0 && rowID < Int64(Int32.max) else { continue }
            let index = Int(rowID)
            if index >= values.count { values.append(contentsOf: repeatElement(0, count: max(index + 1 - values.count, values.count / 2))) }
            values[index] = length
        }
    }

    func length(of rowID: Int64) -> Int32 {
        rowID >= 0 && rowID < Int64(values.count) ? values[Int(rowID)] : 0
    }
}
