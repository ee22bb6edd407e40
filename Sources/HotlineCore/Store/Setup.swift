import Foundation
import GRDB

/// What `hotline init` did.
public struct SetupReport: Sendable {
    public var path: String
    public var migrationsApplied: [String]
    public var adminCreated: String?
    public var synonymGroups: Int
    public var departmentsAdded: Int
    public var knowledge: KnowledgeImportSummary?
    /// Years of shipped holiday data loaded (years already stored are left as they are).
    public var calendarYearsAdded: [Int] = []
    /// SLA rule kinds loaded from sla-policy.txt (kinds already stored are kept).
    public var slaRulesAdded: [String] = []
    /// Sample specialists of specialists.csv added (ones already on the roster are kept).
    public var specialistsAdded = 0
}

/// Creates or migrates the database and loads knowledge-seed/: the reference data the
/// program needs (synonyms; calendar and SLA policy as they come), and unless
/// `includeSamples` is off, the sample departments and entries. Safe to run again:
/// reference data is replaced by the same content, and sample rows already present
/// (perhaps edited since) are left as they are.
public enum Setup {
    public static func initialize(path: String, seed: URL, includeSamples: Bool, clock: HotlineClock,
                                  osUser: String = OperatingSystemUser.current()) throws -> (HotlineStore, SetupReport) {
        let store = try HotlineStore.open(at: path, mode: .createOrMigrate, clock: clock)
        let migrations = try store.appliedMigrations()
        var report = SetupReport(path: path, migrationsApplied: migrations, adminCreated: nil, synonymGroups: 0,
                                 departmentsAdded: 0, knowledge: nil)
        let synonymFile = seed.appendingPathComponent("synonyms.txt")
        let groups = try SynonymTable.parse(try readSeed(synonymFile), file: synonymFile.path)
        report.synonymGroups = groups.count
        // Calendar reference data (loaded with --empty too): holidays for the years not
        // yet stored, SLA rules for the kinds not yet stored.
        let holidayFile = seed.appendingPathComponent("holidays.txt")
        let holidays = FileManager.default.fileExists(atPath: holidayFile.path)
            ? try HolidayFile.parse(try readSeed(holidayFile), source: holidayFile.path) : []
        let policyFile = seed.appendingPathComponent("sla-policy.txt")
        let rules = FileManager.default.fileExists(atPath: policyFile.path)
            ? try SLAPolicyFile.parse(try readSeed(policyFile), source: policyFile.path) : SLAPolicyFile.jiangsuDefault
        try store.write { db in
            report.adminCreated = try ensureFirstAdmin(osUser: osUser, at: clock.now(), in: db)
            try SynonymTable.replace(with: groups, in: db)
            report.calendarYearsAdded = try CalendarStore.loadReferenceDays(holidays, at: clock.now(), by: "hotline init", in: db)
            report.slaRulesAdded = try CalendarStore.loadReferenceRules(rules, at: clock.now(), by: "hotline init", in: db)
            if includeSamples {
                report.departmentsAdded = try loadDepartments(seed.appendingPathComponent("departments.csv"), at: clock.now(), in: db)
                report.specialistsAdded = try SpecialistRoster.loadSamples(
                    from: seed.appendingPathComponent("specialists.csv"), at: clock.now(), by: Actor(login: osUser), in: db)
            }
        }
        if includeSamples {
            let entries = seed.appendingPathComponent("entries.jsonl")
            if FileManager.default.fileExists(atPath: entries.path) {
                report.knowledge = try KnowledgeBase(store: store).importFiles(
                    [entries.path], options: KnowledgeImportOptions(markSample: true, onlyNew: true),
                    actor: Actor(login: osUser))
            }
        }
        return (store, report)
    }

    static func readSeed(_ url: URL) throws -> String {
        guard let data = FileManager.default.contents(atPath: url.path),
              let text = String(validatingUTF8Data: data) else {
            throw ImportFailure(problems: [ImportProblem(file: url.path, line: 1, reason: "无法读取，或不是 UTF-8 文本")])
        }
        return text
    }

    /// The OS user who first initialises the database becomes its admin.
    private static func ensureFirstAdmin(osUser: String, at now: Date, in db: Database) throws -> String? {
        let admins = try Account.filter(Column("role") == Role.admin.rawValue).fetchCount(db)
        guard admins == 0 else { return nil }
        if var existing = try Account.filter(Column("os_user") == osUser || Column("login") == osUser).fetchOne(db) {
            existing.role = .admin
            existing.active = true
            try existing.update(db)
            return existing.login
        }
        var admin = Account(login: osUser, name: osUser, role: .admin, osUser: osUser, createdAt: now)
        try admin.insert(db)
        return admin.login
    }

    /// Sample departments (code,name,kind); ones already present are left alone.
    private static func loadDepartments(_ url: URL, at now: Date, in db: Database) throws -> Int {
        guard FileManager.default.fileExists(atPath: url.path) else { return 0 }
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(try readSeed(url))
        } catch let error as CSVError {
            throw ImportFailure(problems: [ImportProblem(file: url.path, line: 1, reason: "CSV 格式错误：\(error)")])
        }
        var added = 0
        var problems: [ImportProblem] = []
        for record in records.dropFirst() {
            guard record.fields.count >= 2 else {
                problems.append(ImportProblem(file: url.path, line: record.line, reason: "应有 code,name,kind 三列"))
                continue
            }
            let code = record.fields[0].trimmingCharacters(in: .whitespaces)
            let name = record.fields[1].trimmingCharacters(in: .whitespaces)
            let kind = record.fields.count > 2 ? Department.Kind(label: record.fields[2]) : .city
            guard !code.isEmpty, !name.isEmpty, let kind else {
                problems.append(ImportProblem(file: url.path, line: record.line, reason: "编码、名称或类型无效"))
                continue
            }
            if try Department.coded(code).fetchCount(db) > 0 || Department.named(name).fetchCount(db) > 0 { continue }
            var department = Department(code: code, name: name, kind: kind, isSample: true, createdAt: now)
            try department.insert(db)
            added += 1
        }
        if !problems.isEmpty { throw ImportFailure(problems: problems) }
        return added
    }
}
