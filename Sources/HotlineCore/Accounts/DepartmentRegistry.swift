import Foundation
import GRDB

/// A department with how many accounts belong to it, for `department list`.
public struct DepartmentListing: Sendable, Equatable {
    public var department: Department
    public var activeAccounts: Int
}

/// What a department import did. Existing codes are updated in place (name and kind);
/// unchanged rows are only counted.
public struct DepartmentImportSummary: Sendable, Equatable {
    public var added: [String]
    public var updated: [String]
    public var unchanged: Int
}

/// The 承办单位 orders are dispatched to. Adding and importing are for admins; the list
/// is open to every account, since leads dispatch to it and departments see each other
/// as co-handlers.
public struct DepartmentRegistry: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    public func add(code: String, name: String, kind: Department.Kind = .city, identity: Identity) throws -> Department {
        try identity.require(.admin, for: "添加承办单位")
        let code = try DirectoryNames.departmentCode(code, field: "CODE")
        let name = try DirectoryNames.displayName(name, field: "--name", limit: DirectoryNames.departmentNameLimit)
        let now = store.clock.now()
        return try store.write { db in
            try identity.confirmActive(in: db)
            if let existing = try Department.coded(code).fetchOne(db) {
                throw DirectoryError.departmentCodeTaken(code: code, name: existing.name)
            }
            if let existing = try Department.named(name).fetchOne(db) {
                throw DirectoryError.departmentNameTaken(name: name, code: existing.code)
            }
            var department = Department(code: code, name: name, kind: kind, createdAt: now)
            try department.insert(db)
            return department
        }
    }

    /// All departments by code, city departments first.
    public func list(identity: Identity) throws -> [DepartmentListing] {
        _ = identity
        return try store.read { db in
            let counts = try Row.fetchAll(db, sql: """
                SELECT department_id, count(*) AS n FROM account
                WHERE active AND department_id IS NOT NULL GROUP BY department_id
                """).reduce(into: [Int64: Int]()) { $0[$1["department_id"]] = $1["n"] }
            return try Department.order(Column("kind"), Column("code")).fetchAll(db)
                .map { DepartmentListing(department: $0, activeAccounts: counts[$0.id ?? 0] ?? 0) }
        }
    }

    /// Imports a CSV file `code,name,kind` (header row optional; kind city/town or
    /// 市级部门/镇区街道, default city), UTF-8 or GB18030. All or nothing: any bad row
    /// rejects the file with every problem listed as file:line.
    public func importFile(path: String, identity: Identity) throws -> DepartmentImportSummary {
        try identity.require(.admin, for: "导入承办单位")
        guard let data = FileManager.default.contents(atPath: path) else { throw DirectoryError.cannotRead(path: path) }
        guard let (text, _) = TextDecoding.decode(data) else {
            throw ImportFailure(problems: [ImportProblem(file: path, line: TextDecoding.lineOfFirstInvalidUTF8(data),
                                                         reason: "既不是 UTF-8 也不是 GB18030 文本")])
        }
        return try importText(text, source: path, identity: identity)
    }

    public func importText(_ text: String, source: String, identity: Identity) throws -> DepartmentImportSummary {
        try identity.require(.admin, for: "导入承办单位")
        let rows = try DepartmentImportRows.parse(text, source: source)
        let now = store.clock.now()
        return try store.write { db in
            try identity.confirmActive(in: db)
            var problems: [ImportProblem] = []
            var summary = DepartmentImportSummary(added: [], updated: [], unchanged: 0)
            // Names must stay unique after the whole file is applied: check against the
            // stored names of departments the file does not rename.
            let fileCodes = Set(rows.map(\.code))
            for row in rows {
                if let holder = try Department.named(row.name).fetchOne(db), holder.code != row.code, !fileCodes.contains(holder.code) {
                    problems.append(ImportProblem(file: source, line: row.line,
                                                  reason: "名称 \(row.name) 已被编码 \(holder.code) 使用"))
                }
            }
            if !problems.isEmpty { throw ImportFailure(problems: problems) }
            // Two passes so that two departments may swap names in one file without
            // tripping the unique index halfway.
            var pending: [(Department, DepartmentImportRows.Row)] = []
            for row in rows {
                if var existing = try Department.coded(row.code).fetchOne(db) {
                    if existing.name == row.name && existing.kind == row.kind && !existing.isSample {
                        summary.unchanged += 1
                        continue
                    }
                    if existing.name != row.name {
                        existing.name = "\u{1}renaming-\(existing.id ?? 0)"
                        try existing.update(db)
                    }
                    pending.append((existing, row))
                } else {
                    pending.append((Department(code: row.code, name: row.name, kind: row.kind, createdAt: now), row))
                }
            }
            for (var department, row) in pending {
                department.name = row.name
                department.kind = row.kind
                department.isSample = false
                if department.id == nil {
                    try department.insert(db)
                    summary.added.append(row.code)
                } else {
                    try department.update(db)
                    summary.updated.append(row.code)
                }
            }
            return summary
        }
    }
}

/// The rows of a department file, checked on their own (shape, codes, names, kinds,
/// duplicates within the file) before the store is touched.
enum DepartmentImportRows {
    struct Row {
        var line: Int
        var code: String
        var name: String
        var kind: Department.Kind
    }

    static func parse(_ text: String, source: String) throws -> [Row] {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(text)
        } catch {
            switch error {
            case .unterminatedQuote(let line):
                throw ImportFailure(problems: [ImportProblem(file: source, line: line, reason: "引号未闭合")])
            case .textAfterQuote(let line):
                throw ImportFailure(problems: [ImportProblem(file: source, line: line, reason: "引号后有多余内容")])
            }
        }
        var rows: [Row] = []
        var problems: [ImportProblem] = []
        var codeLines: [String: Int] = [:]
        var nameLines: [String: Int] = [:]
        for (index, record) in records.enumerated() {
            let fields = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            if index == 0, let first = fields.first?.lowercased(), ["code", "编码", "单位编码"].contains(first) { continue }
            func problem(_ reason: String) { problems.append(ImportProblem(file: source, line: record.line, reason: reason)) }
            guard (2...3).contains(fields.count) else {
                problem("应有 2 或 3 列：编码,名称,类型（实际 \(fields.count) 列）")
                continue
            }
            var row = Row(line: record.line, code: "", name: "", kind: .city)
            do {
                row.code = try DirectoryNames.departmentCode(fields[0])
                row.name = try DirectoryNames.displayName(fields[1], field: "名称", limit: DirectoryNames.departmentNameLimit)
            } catch {
                problem(error.description)
                continue
            }
            if fields.count == 3, !fields[2].isEmpty {
                guard let kind = Department.Kind(label: fields[2]) else {
                    problem("类型“\(fields[2])”无法识别；应为 city、town、市级部门或镇区街道")
                    continue
                }
                row.kind = kind
            }
            if let earlier = codeLines[row.code] {
                problem("编码 \(row.code) 与第 \(earlier) 行重复")
                continue
            }
            if let earlier = nameLines[row.name] {
                problem("名称 \(row.name) 与第 \(earlier) 行重复")
                continue
            }
            codeLines[row.code] = record.line
            nameLines[row.name] = record.line
            rows.append(row)
        }
        if !problems.isEmpty { throw ImportFailure(problems: problems) }
        if rows.isEmpty { throw ImportFailure(problems: [ImportProblem(file: source, line: 1, reason: "文件中没有承办单位")]) }
        return rows
    }
}
