import Foundation
import GRDB

/// One file of an import, opened before the transaction starts so that a missing or
/// unreadable file is refused without touching the database.
struct KnowledgeImportSource: @unchecked Sendable {
    let path: String
    let format: KnowledgeFileFormat
    let handle: FileHandle
    let size: Int

    init(path: String, format: KnowledgeFileFormat) throws {
        self.path = path
        self.format = format
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
        } catch {
            throw KnowledgeImportError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}

/// The rows and problems of a stretch of one file, as the reading thread hands them over.
struct KnowledgeImportChunk: @unchecked Sendable {
    var file: Int
    var rows: [KnowledgeImportRow] = []
    var problems: [ImportProblem] = []
    var encoding: TextEncoding = .utf8
    var bytesRead = 0
    var failure: (any Error)? = nil
    /// Answer postings of the rows read so far, when a segment filled (empty base only).
    var bodySegments: [BodySegment] = []
}

/// A bounded hand-over between the reading thread and the writing one: the reader
/// stays a few chunks ahead, so memory holds a few chunks, not the files.
final class ChunkQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [KnowledgeImportChunk] = []
    private var closed = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// False when the consumer gave up.
    func put(_ item: KnowledgeImportChunk) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    func take() -> KnowledgeImportChunk? {
        condition.lock(); defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock(); closed = true; condition.broadcast(); condition.unlock()
    }

    func cancel() {
        condition.lock(); cancelled = true; items = []; condition.broadcast(); condition.unlock()
    }
}

/// What the reading thread builds beside the rows when the base starts empty: the
/// search index of every published row, on the assumption (checked by the writer) that
/// each row becomes a new entry with the next row id.
final class SpeculativeIndexes: @unchecked Sendable {
    var searchIndex = SearchIndexBuilder()
}

/// The term dictionary's rows with their pinyin, worked out on a thread of their own
/// while the writer saves the search index.
final class PinyinWork: @unchecked Sendable {
    private var terms: SearchTermDictionary.Batch
    private var prepared: [SearchTermDictionary.PreparedTerm] = []
    private let done = DispatchSemaphore(value: 0)

    init(_ terms: SearchTermDictionary.Batch) {
        self.terms = terms
        let thread = Thread { [self] in
            prepared = self.terms.prepared()
            done.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    /// The rows, once the thread is done.
    func wait() -> [SearchTermDictionary.PreparedTerm] {
        done.wait()
        return prepared
    }
}

/// One import inside its transaction: a reading thread parses the files into chunks
/// (and, into an empty base, gathers the search index and term dictionary); this thread
/// writes them with prepared statements.
final class KnowledgeImportRun {
    let sources: [KnowledgeImportSource]
    let options: KnowledgeImportOptions
    let actor: Actor
    let now: Date
    let progress: ((Int, Int) -> Void)?

    static let chunkBytes = 1 << 20

    init(sources: [KnowledgeImportSource], options: KnowledgeImportOptions, actor: Actor, now: Date,
         progress: ((Int, Int) -> Void)?) {
        self.sources = sources
        self.options = options
        self.actor = actor
        self.now = now
        self.progress = progress
    }

    func execute(in db: Database) throws -> KnowledgeImportSummary {
        // A larger page cache for the length of the import: a long transaction otherwise
        // spills the same interior pages to the WAL again and again.
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        try db.execute(sql: "PRAGMA cache_size = -32768")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        var counts = KnowledgeImportSummary()
        counts.files = sources.map { .init(path: $0.path, rows: 0, encoding: .utf8) }
        let stored = try Int.fetchOne(db, sql: "SELECT count(*) FROM knowledge_entry") ?? 0
        let firstRowID = try Int64.fetchOne(db, sql: """
            SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'knowledge_entry'), 0),
                       coalesce((SELECT max(id) FROM knowledge_entry), 0)) + 1
            """) ?? 1
        let totalBytes = sources.reduce(0) { $0 + $1.size }
        // Entries run to several hundred bytes; an estimate is all the trigger choice needs.
        let expectedRows = totalBytes / 300
        let speculative = stored == 0
        var writer = try KnowledgeBulkWriter(db: db, changedAt: now, changedBy: actor.recorded,
                                             expectedNewRows: speculative ? expectedRows : 0, firstRowID: firstRowID)
        var departments = try DepartmentDirectory(db: db)
        var terms = SearchTermDictionary.Batch()
        let indexes = speculative ? SpeculativeIndexes() : nil
        if let indexes { indexes.searchIndex.gatherPhrases(try TitlePhrases.forms(in: db)) }
        // The reading thread hands over the answer postings in segments as it goes.
        if speculative { try KnowledgeSearchIndex.clearBody(in: db) }

        let queue = ChunkQueue(capacity: 3)
        let finished = DispatchSemaphore(value: 0)
        let reader = Thread { [sources, options] in
            let began = ImportTrace.threadCPU()
            Self.read(sources, options: options, queue: queue, indexes: indexes, firstRowID: firstRowID)
            if ImportTrace.enabled {
                FileHandle.standardError.write(Data(String(format: "  reader cpu %.3f s\n", ImportTrace.threadCPU() - began).utf8))
            }
            finished.signal()
        }
        reader.stackSize = 1 << 22
        reader.start()
        var readerDone = false
        defer {
            queue.cancel()
            if !readerDone { finished.wait() }
        }
        ImportTrace.mark("prepare")

        var problems: [ImportProblem] = []
        var problemLines: [Set<Int>] = sources.map { _ in [] }
        var bytesRead = 0
        var written = 0
        var consistent = true
        var expectedRowID = firstRowID
        var waited: UInt64 = 0
        while true {
            let began = DispatchTime.now().uptimeNanoseconds
            guard let chunk = queue.take() else { break }
            waited += DispatchTime.now().uptimeNanoseconds - began
            if let failure = chunk.failure { throw failure }
            counts.files[chunk.file].encoding = chunk.encoding
            counts.files[chunk.file].rows += chunk.rows.count
            for problem in chunk.problems { problemLines[chunk.file].insert(problem.line) }
            problems.append(contentsOf: chunk.problems)
            bytesRead += chunk.bytesRead
            // After the first problem nothing more is written: the transaction is rolled
            // back, and the reading only goes on to list every problem.
            guard problems.isEmpty else { continue }
            for segment in chunk.bodySegments { try KnowledgeSearchIndex.saveBody(segment, in: db) }
            for row in chunk.rows {
                let outcome = try apply(row, writer: &writer, departments: &departments, counts: &counts, in: db)
                if case .inserted(let rowID) = outcome, rowID == expectedRowID {
                    expectedRowID += 1
                } else {
                    consistent = false
                }
                // The term dictionary is gathered here, where the reading thread (the
                // longer of the two) does not wait for it: the content of every new or
                // changed published entry, into an empty base only new entries, as the
                // reading thread's search index assumes.
                if (row.status ?? .published) == .published {
                    if case .inserted = outcome {
                        terms.add(question: row.question, keywords: row.keywords, category: row.category)
                    } else if !speculative, outcome.indexed {
                        terms.add(question: row.question, keywords: row.keywords, category: row.category)
                    }
                }
                written += 1
                if let progress, written % 1000 == 0 {
                    progress(written, max(written, Int(Double(written) * Double(totalBytes) / Double(max(bytesRead, 1)))))
                }
            }
        }
        for index in counts.files.indices { counts.files[index].rows += problemLines[index].count }
        if !problems.isEmpty { throw ImportFailure(problems: problems) }
        ImportTrace.mark("rows (writer waited \(waited / 1_000_000) ms for the reader)")

        let bulk = try writer.finish()
        // The terms' pinyin is worked out on another thread while the search index is written.
        let pinyin = speculative ? PinyinWork(terms) : nil
        if let indexes, consistent, writer.rowIDsAsExpected {
            try KnowledgeSearchIndex.save(&indexes.searchIndex, in: db)
        } else if bulk {
            try KnowledgeSearchIndex.rebuild(in: db)
        } else {
            try KnowledgeSearchIndex.refreshIfNeeded(in: db)
        }
        ImportTrace.mark("search index")
        if let pinyin {
            finished.wait()
            readerDone = true
            try SearchTermDictionary.save(pinyin.wait(), in: db)
        } else {
            try terms.save(in: db)
        }
        ImportTrace.mark("terms")
        progress?(written, written)
        return counts
    }

    enum Outcome {
        case inserted(Int64)
        case updated
        case unchanged

        /// Whether the row's content counts in the term dictionary, as a new or changed entry.
        var indexed: Bool {
            if case .unchanged = self { return false }
            return true
        }
    }

    private func apply(_ row: KnowledgeImportRow, writer: inout KnowledgeBulkWriter, departments: inout DepartmentDirectory,
                       counts: inout KnowledgeImportSummary, in db: Database) throws -> Outcome {
        let departmentID = try departments.id(forName: row.department, createdAt: now, in: db) { name in
            counts.newDepartments.append(name)
        }
        var entry = KnowledgeEntry(
            externalID: row.externalID, departmentID: departmentID, category: row.category,
            question: row.question, answer: row.answer, keywords: row.keywords, source: row.source,
            effectiveFrom: row.effectiveFrom, effectiveTo: row.effectiveTo, status: row.status ?? .published,
            isSample: options.markSample || row.isSample, updatedAt: now, updatedBy: actor.recorded)
        guard var existingID = writer.existingID(row.externalID) else {
            let rowID = try writer.insert(entry)
            counts.added += 1
            return .inserted(rowID)
        }
        if options.onlyNew {
            counts.unchanged += 1
            return .unchanged
        }
        if existingID == KnowledgeBulkWriter.pending {
            // Added earlier in this import and still in the batch: written first.
            try writer.flush()
            existingID = writer.existingID(row.externalID) ?? existingID
        }
        guard let existing = try KnowledgeEntry.fetchOne(db, key: existingID) else { return .unchanged }
        let changed = entry.content.changedFields(from: existing.content)
        if changed.isEmpty && existing.isSample == entry.isSample {
            counts.unchanged += 1
            return .unchanged
        }
        entry.id = existing.id
        entry.revision = existing.revision + 1
        try entry.update(db)
        try writer.addRevision(entryID: existingID, revision: entry.revision, change: "import", changedFields: changed,
                               content: entry.content)
        counts.updated += 1
        return .updated
    }

    /// The reading thread: every file in chunks, every problem, and the speculative
    /// indexes of the valid published rows.
    private static func read(_ sources: [KnowledgeImportSource], options: KnowledgeImportOptions, queue: ChunkQueue,
                             indexes: SpeculativeIndexes?, firstRowID: Int64) {
        defer { queue.close() }
        var nextRowID = firstRowID
        var seenAcrossFiles = Set<String>()
        /// Adds the rows to the speculative indexes; the answer segments that filled.
        func gather(_ rows: [KnowledgeImportRow]) -> [BodySegment] {
            guard let indexes else { return [] }
            var segments: [BodySegment] = []
            for row in rows {
                // A repeated id is an update, not a new row id; the writer sees that and
                // rebuilds the index from the stored entries instead.
                guard seenAcrossFiles.insert(row.externalID).inserted else { continue }
                defer { nextRowID += 1 }
                guard (row.status ?? .published) == .published else { continue }
                indexes.searchIndex.add(rowID: nextRowID, question: row.question,
                                        keywords: KnowledgeEntry.joinKeywords(row.keywords), category: row.category,
                                        answer: row.answer)
                if indexes.searchIndex.bodyBytes >= KnowledgeSearchIndex.segmentBytes,
                   let segment = indexes.searchIndex.takeBodySegment() {
                    segments.append(segment)
                }
            }
            return segments
        }
        for (fileIndex, source) in sources.enumerated() {
            do {
                defer { try? source.handle.close() }
                switch source.format {
                case .jsonl:
                    var outcome = KnowledgeFileReader.Outcome()
                    var splitter = JSONLinesSplitter(file: source.path)
                    while true {
                        let data = try source.handle.read(upToCount: chunkBytes) ?? Data()
                        let final = data.isEmpty
                        splitter.feed(data, final: final) { line, bytes in
                            KnowledgeFileReader.readJSONLine(bytes, line: line, file: source.path, into: &outcome)
                        }
                        let segments = gather(outcome.rows)
                        let chunk = KnowledgeImportChunk(file: fileIndex, rows: outcome.rows, problems: outcome.problems,
                                                         encoding: .utf8, bytesRead: data.count, bodySegments: segments)
                        outcome.rows = []
                        outcome.problems = []
                        guard queue.put(chunk) else { return }
                        if final { break }
                    }
                case .csv:
                    let data = try source.handle.readToEnd() ?? Data()
                    let outcome = KnowledgeFileReader.readCSV(data: data, file: source.path, encoding: options.encoding)
                    let segments = gather(outcome.rows)
                    let chunk = KnowledgeImportChunk(file: fileIndex, rows: outcome.rows, problems: outcome.problems,
                                                     encoding: outcome.encoding, bytesRead: data.count, bodySegments: segments)
                    guard queue.put(chunk) else { return }
                }
            } catch {
                let failure = KnowledgeImportError.unreadable(path: source.path, reason: (error as NSError).localizedDescription)
                _ = queue.put(KnowledgeImportChunk(file: fileIndex, failure: failure))
                return
            }
        }
    }
}
