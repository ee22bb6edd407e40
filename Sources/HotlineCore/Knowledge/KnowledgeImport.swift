import Foundation
import GRDB

public struct KnowledgeImportOptions: Sendable {
    public var dryRun = false
    public var encoding: TextEncoding? = nil
    public var format: KnowledgeFileFormat? = nil
    /// Entries of this import are sample content (the seed), to be replaced by departments' own.
    public var markSample = false
    /// Add entries whose id is new and leave existing ones as they are (seeding).
    public var onlyNew = false

    public init(dryRun: Bool = false, encoding: TextEncoding? = nil, format: KnowledgeFileFormat? = nil,
                markSample: Bool = false, onlyNew: Bool = false) {
        self.dryRun = dryRun
        self.onlyNew = onlyNew
        self.encoding = encoding
        self.format = format
        self.markSample = markSample
    }
}

public struct KnowledgeImportSummary: Sendable, Equatable {
    public struct FileSummary: Sendable, Equatable {
        public var path: String
        public var rows: Int
        public var encoding: TextEncoding
    }

    public var files: [FileSummary] = []
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var newDepartments: [String] = []
    public var dryRun = false

    public var rows: Int { files.reduce(0) { $0 + $1.rows } }
}

public enum KnowledgeImportError: HotlineFailure, Equatable {
    case unreadable(path: String, reason: String)
    case unknownFormat(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): 无法读取文件：\(reason)"
        case .unknownFormat(let path): return "\(path): 无法判断文件格式（应为 .jsonl 或 .csv，或用 --format 指定）"
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .unknownFormat: return .usage
        case .unreadable: return .badData
        }
    }
}

extension KnowledgeBase {
    /// Imports entries from JSON Lines or CSV files as one transaction: every file is
    /// read and checked, and any bad row rejects the whole import with every problem
    /// listed as file:line: reason. Re-importing an id writes a new revision.
    ///
    /// Files are read in chunks on a second thread while this one writes, so a large
    /// import neither holds its files in memory nor waits for them: the writing stops at
    /// the first problem, the reading goes on to list them all, and the transaction is
    /// rolled back.
    @discardableResult
    public func importFiles(
        _ paths: [String], options: KnowledgeImportOptions = KnowledgeImportOptions(), actor: Actor,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> KnowledgeImportSummary {
        ImportTrace.mark("start")
        var sources: [KnowledgeImportSource] = []
        for path in paths {
            guard let format = options.format ?? KnowledgeFileFormat(path: path) else {
                throw KnowledgeImportError.unknownFormat(path: path)
            }
            sources.append(try KnowledgeImportSource(path: path, format: format))
        }
        var summary: KnowledgeImportSummary
        do {
            summary = try store.write { db -> KnowledgeImportSummary in
                let run = KnowledgeImportRun(sources: sources, options: options, actor: actor, now: store.clock.now(),
                                             progress: progress)
                let summary = try run.execute(in: db)
                ImportTrace.mark("written")
                if options.dryRun { throw DryRunRollback(summary: summary) }
                return summary
            }
        } catch let rollback as DryRunRollback {
            summary = rollback.summary
        }
        ImportTrace.mark("commit")
        summary.dryRun = options.dryRun
        return summary
    }

    /// A dry run does all the work in the transaction, then rolls it back.
    struct DryRunRollback: Error { var summary: KnowledgeImportSummary }
}

/// Phase timings of an import on stderr when HOTLINE_TRACE is set (benchmark work).
enum ImportTrace {
    nonisolated(unsafe) static var last = DispatchTime.now().uptimeNanoseconds
    static let enabled = ProcessInfo.processInfo.environment["HOTLINE_TRACE"] != nil

    nonisolated(unsafe) static var lastCPU = threadCPU()

    static func threadCPU() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func mark(_ phase: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        let cpu = threadCPU()
        FileHandle.standardError.write(Data(String(format: "  %@ %.3f s (cpu %.3f s)\n", phase,
                                                   Double(Int64(bitPattern: now &- last)) / 1e9, cpu - lastCPU).utf8))
        last = now
        lastCPU = cpu
    }
}

/// Departments by name, creating the ones an import names for the first time.
struct DepartmentDirectory {
    private var idsByName: [String: Int64] = [:]

    init(db: Database) throws {
        for department in try Department.fetchAll(db) { idsByName[department.name] = department.id }
    }

    /// The names met so far with their ids, compared by their bytes: hashing a Chinese
    /// name for the dictionary on every row cost more than the comparison.
    private var recent: [(name: [UInt8], id: Int64)] = []

    mutating func id(forName name: String, createdAt: Date, in db: Database, added: (String) -> Void) throws -> Int64 {
        // Rows of one department tend to come together: the last one found is tried first.
        var copy = name
        let hit = copy.withUTF8 { bytes -> Int? in
            for index in recent.indices {
                let known = recent[index].name
                if known.count == bytes.count,
                   bytes.isEmpty || known.withUnsafeBytes({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) }) == 0 {
                    return index
                }
            }
            return nil
        }
        if let hit {
            if hit > 0 { recent.swapAt(0, hit) }
            return recent[0].id
        }
        let id = try lookUp(name, createdAt: createdAt, in: db, added: added)
        if recent.count < 64 { recent.append((Array(name.utf8), id)) }
        return id
    }

    private mutating func lookUp(_ name: String, createdAt: Date, in db: Database, added: (String) -> Void) throws -> Int64 {
        if let id = idsByName[name] { return id }
        var department = Department(code: try Department.nextGeneratedCode(db), name: name, kind: .city, createdAt: createdAt)
        try department.insert(db)
        idsByName[name] = department.id!
        added(name)
        return department.id!
    }
}
