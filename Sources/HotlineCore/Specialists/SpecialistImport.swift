import Foundation
import GRDB

public struct SpecialistImportOptions: Sendable {
    public var dryRun: Bool
    /// nil detects UTF-8 (with or without BOM) or GB18030.
    public var encoding: TextEncoding?

    public init(dryRun: Bool = false, encoding: TextEncoding? = nil) {
        self.dryRun = dryRun
        self.encoding = encoding
    }
}

/// A department whose roster is outside the 3–5 the notice asks for, after an import.
/// A warning, not an error: a department may be filling its list in several rounds.
public struct SpecialistRosterWarning: Sendable, Equatable, CustomStringConvertible {
    public var departmentCode: String
    public var departmentName: String
    public var count: Int

    public var description: String {
        let expected = SpecialistRoster.expectedPerDepartment
        return "\(departmentName)（\(departmentCode)）现有 \(count) 名政策专员；通知要求每个单位 \(expected.lowerBound)–\(expected.upperBound) 名"
    }
}

public struct SpecialistImportSummary: Sendable, Equatable {
    public var source: String
    public var rows = 0
    public var encoding: TextEncoding = .utf8
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    public var dryRun = false
    public var warnings: [SpecialistRosterWarning] = []
}

extension SpecialistRoster {
    /// Imports a registration form (admins only) as one transaction: any bad row rejects
    /// the whole file with every problem listed as file:line: reason, and nothing is
    /// written. A specialist already on the roster (same department and name) is updated
    /// and made active again; the form is real data, so the row is no longer a sample.
    public func importForm(path: String, options: SpecialistImportOptions = SpecialistImportOptions(),
                           identity: Identity) throws -> SpecialistImportSummary {
        try identity.require(.admin, for: "导入政策专员报名表")
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw SpecialistError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try importForm(data: data, source: path, options: options, identity: identity)
    }

    public func importForm(data: Data, source: String, options: SpecialistImportOptions = SpecialistImportOptions(),
                           identity: Identity) throws -> SpecialistImportSummary {
        try identity.require(.admin, for: "导入政策专员报名表")
        let form = SpecialistFormReader.read(data: data, file: source, encoding: options.encoding)
        var summary = SpecialistImportSummary(source: source, rows: form.rows.count, encoding: form.encoding,
                                              dryRun: options.dryRun)
        let now = store.clock.now()
        let recorded = identity.actor.recorded
        do {
            summary = try store.write { db in
                try identity.confirmActive(in: db)
                let (resolved, unresolved) = try Self.resolve(form.rows, file: source, in: db)
                // Every bad row of the file at once, in file order, whatever the reason.
                let problems = (form.problems + unresolved).enumerated()
                    .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
                if !problems.isEmpty { throw ImportFailure(problems: problems) }
                var counts = summary
                var touched = Set<Int64>()
                for (row, departmentID) in resolved {
                    touched.insert(departmentID)
                    var incoming = Specialist(departmentID: departmentID, name: row.name, title: row.title, phone: row.phone,
                                              expertise: row.expertise, updatedAt: now, updatedBy: recorded)
                    if let existing = try Specialist.keyed(departmentID: departmentID, name: row.name).fetchOne(db) {
                        incoming.id = existing.id
                        if Self.sameContent(existing, incoming) {
                            counts.unchanged += 1
                            continue
                        }
                        try incoming.update(db)
                        counts.updated += 1
                    } else {
                        try incoming.insert(db)
                        counts.added += 1
                    }
                }
                counts.warnings = try Self.rosterWarnings(for: touched, in: db)
                if options.dryRun { throw DryRunRollback(summary: counts) }
                return counts
            }
        } catch let rollback as DryRunRollback {
            summary = rollback.summary
        }
        return summary
    }

    /// The sample specialists of knowledge-seed/ for `hotline init`: rows not yet on the
    /// roster are added as samples; rows already there (perhaps edited) are left alone.
    static func loadSamples(from url: URL, at now: Date, by actor: Actor, in db: Database) throws -> Int {
        guard let data = FileManager.default.contents(atPath: url.path) else { return 0 }
        let form = SpecialistFormReader.read(data: data, file: url.path, encoding: .utf8)
        if !form.problems.isEmpty { throw ImportFailure(problems: form.problems) }
        let (resolved, unresolved) = try resolve(form.rows, file: url.path, in: db)
        if !unresolved.isEmpty { throw ImportFailure(problems: unresolved) }
        var added = 0
        for (row, departmentID) in resolved {
            if try Specialist.keyed(departmentID: departmentID, name: row.name).fetchCount(db) > 0 { continue }
            var specialist = Specialist(departmentID: departmentID, name: row.name, title: row.title, phone: row.phone,
                                        expertise: row.expertise, isSample: true, updatedAt: now, updatedBy: actor.recorded)
            try specialist.insert(db)
            added += 1
        }
        return added
    }

    private struct DryRunRollback: Error { var summary: SpecialistImportSummary }

    /// Each row's department by name or code; an unknown department, or the same person
    /// twice for one department, is a problem of that line.
    private static func resolve(_ rows: [SpecialistFormRow], file: String,
                                in db: Database) throws -> ([(SpecialistFormRow, Int64)], [ImportProblem]) {
        var byName: [String: Int64] = [:]
        var byCode: [String: Int64] = [:]
        for department in try Department.fetchAll(db) {
            byName[department.name] = department.id
            byCode[department.code] = department.id
        }
        var problems: [ImportProblem] = []
        var resolved: [(SpecialistFormRow, Int64)] = []
        var firstLine: [String: Int] = [:]
        for row in rows {
            guard let id = byName[row.department] ?? byCode[row.department] ?? byCode[row.department.uppercased()] else {
                problems.append(ImportProblem(file: file, line: row.line,
                                              reason: "未知单位 \"\(row.department)\"：应为已有单位的名称或编码（hotline department list）"))
                continue
            }
            let key = "\(id)\u{1F}\(row.name)"
            if let earlier = firstLine[key] {
                problems.append(ImportProblem(file: file, line: row.line, reason: "\(row.name) 在本单位重复（第 \(earlier) 行已有）"))
                continue
            }
            firstLine[key] = row.line
            resolved.append((row, id))
        }
        return (resolved, problems)
    }

    private static func sameContent(_ a: Specialist, _ b: Specialist) -> Bool {
        a.title == b.title && a.phone == b.phone && a.expertise == b.expertise && a.active && !a.isSample
    }

    /// Departments among `departmentIDs` whose active roster is outside 3–5.
    static func rosterWarnings(for departmentIDs: Set<Int64>, in db: Database) throws -> [SpecialistRosterWarning] {
        guard !departmentIDs.isEmpty else { return [] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT d.code, d.name, (SELECT count(*) FROM specialist s WHERE s.department_id = d.id AND s.active = 1) AS n
            FROM department d WHERE d.id IN (\(databaseQuestionMarks(count: departmentIDs.count))) ORDER BY d.code
            """, arguments: StatementArguments(Array(departmentIDs)))
        return rows.compactMap { row in
            let count: Int = row["n"]
            guard !expectedPerDepartment.contains(count) else { return nil }
            return SpecialistRosterWarning(departmentCode: row["code"], departmentName: row["name"], count: count)
        }
    }
}
