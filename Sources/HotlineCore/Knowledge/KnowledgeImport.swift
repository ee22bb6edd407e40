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
    /// read and checked first, and any bad row rejects the whole import with every
    /// problem listed as file:line: reason. Re-importing an id writes a new revision.
    @discardableResult
    public func importFiles(
        _ paths: [String], options: KnowledgeImportOptions = KnowledgeImportOptions(), actor: Actor,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> KnowledgeImportSummary {
        var summary = KnowledgeImportSummary()
        summary.dryRun = options.dryRun
        var problems: [ImportProblem] = []
        var rows: [KnowledgeImportRow] = []
        for path in paths {
            guard let format = options.format ?? KnowledgeFileFormat(path: path) else {
                throw KnowledgeImportError.unknownFormat(path: path)
            }
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw KnowledgeImportError.unreadable(path: path, reason: (error as NSError).localizedDescription)
            }
            let outcome = KnowledgeFileReader.read(data: data, file: path, format: format, encoding: options.encoding)
            problems.append(contentsOf: outcome.problems)
            rows.append(contentsOf: outcome.rows)
            summary.files.append(.init(path: path, rows: outcome.rows.count + Set(outcome.problems.map(\.line)).count,
                                       encoding: outcome.encoding))
        }
        if !problems.isEmpty { throw ImportFailure(problems: problems) }
        let counts: KnowledgeImportSummary
        do {
            counts = try store.write { db -> KnowledgeImportSummary in
                var counts = KnowledgeImportSummary()
                try apply(rows, options: options, actor: actor, in: db, counts: &counts, progress: progress)
                if options.dryRun { throw DryRunRollback(summary: counts) }
                return counts
            }
        } catch let rollback as DryRunRollback {
            counts = rollback.summary
        }
        summary.added = counts.added
        summary.updated = counts.updated
        summary.unchanged = counts.unchanged
        summary.newDepartments = counts.newDepartments
        return summary
    }

    /// A dry run does all the work in the transaction, then rolls it back.
    struct DryRunRollback: Error { var summary: KnowledgeImportSummary }

    func apply(_ rows: [KnowledgeImportRow], options: KnowledgeImportOptions, actor: Actor, in db: Database,
               counts: inout KnowledgeImportSummary, progress: ((Int, Int) -> Void)?) throws {
        let now = store.clock.now()
        var departments = try DepartmentDirectory(db: db)
        var terms = SearchTermDictionary.Batch()
        for (index, row) in rows.enumerated() {
            let departmentID = try departments.id(forName: row.department, createdAt: now, in: db) { name in
                counts.newDepartments.append(name)
            }
            var entry = KnowledgeEntry(
                externalID: row.externalID, departmentID: departmentID, category: row.category,
                question: row.question, answer: row.answer, keywords: row.keywords, source: row.source,
                effectiveFrom: row.effectiveFrom, effectiveTo: row.effectiveTo, status: row.status ?? .published,
                isSample: options.markSample || row.isSample, updatedAt: now, updatedBy: actor.recorded)
            if var existing = try KnowledgeEntry.withExternalID(row.externalID).fetchOne(db) {
                if options.onlyNew {
                    counts.unchanged += 1
                    continue
                }
                let changed = entry.content.changedFields(from: existing.content)
                if changed.isEmpty && existing.isSample == entry.isSample {
                    counts.unchanged += 1
                    continue
                }
                entry.id = existing.id
                entry.revision = existing.revision + 1
                try entry.update(db)
                var revision = try KnowledgeRevision(entry: entry, change: "import", changedFields: changed)
                try revision.insert(db)
                existing = entry
                counts.updated += 1
            } else {
                try entry.insert(db)
                var revision = try KnowledgeRevision(entry: entry, change: "import", changedFields: [])
                try revision.insert(db)
                counts.added += 1
            }
            if entry.status == .published {
                terms.add(question: entry.question, keywords: entry.keywords, category: entry.category)
            }
            if let progress, index % 1000 == 999 { progress(index + 1, rows.count) }
        }
        try terms.save(in: db)
        progress?(rows.count, rows.count)
    }
}

/// Departments by name, creating the ones an import names for the first time.
struct DepartmentDirectory {
    private var idsByName: [String: Int64] = [:]

    init(db: Database) throws {
        for department in try Department.fetchAll(db) { idsByName[department.name] = department.id }
    }

    mutating func id(forName name: String, createdAt: Date, in db: Database, added: (String) -> Void) throws -> Int64 {
        if let id = idsByName[name] { return id }
        var department = Department(code: try Department.nextGeneratedCode(db), name: name, kind: .city, createdAt: createdAt)
        try department.insert(db)
        idsByName[name] = department.id!
        added(name)
        return department.id!
    }
}
