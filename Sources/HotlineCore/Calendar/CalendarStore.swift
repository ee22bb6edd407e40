import Foundation
import GRDB

// MARK: records

/// A row of `calendar_day`: one dated entry of a State Council notice.
struct CalendarDayRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "calendar_day"

    var date: String
    var kind: String
    var name: String
    var importedAt: Date
    var importedBy: String

    enum CodingKeys: String, CodingKey {
        case date, kind, name
        case importedAt = "imported_at"
        case importedBy = "imported_by"
    }

    init(_ day: CalendarDay, at now: Date, by who: String) {
        date = day.date.iso
        kind = day.kind.rawValue
        name = day.name
        importedAt = now
        importedBy = who
    }

    /// The engine's value; nil for a row that does not parse (never written by us).
    var day: CalendarDay? {
        guard let date = LocalDate(iso: date), let kind = CalendarDayKind(rawValue: kind) else { return nil }
        return CalendarDay(date: date, kind: kind, name: name)
    }
}

extension CalendarDayRecord {
    static func inYear(_ year: Int) -> QueryInterfaceRequest<CalendarDayRecord> {
        let y = CalendarDigits.pad(year, 4)
        return filter(Column("date") >= "\(y)-01-01" && Column("date") <= "\(y)-12-31").order(Column("date"))
    }

    /// Years with at least one entry, ascending.
    static func years(_ db: Database) throws -> [Int] {
        try String.fetchAll(db, sql: "SELECT DISTINCT substr(date, 1, 4) FROM calendar_day ORDER BY 1")
            .compactMap { Int($0) }
    }
}

/// A row of `working_interval`: one interval of a working day, in minutes.
struct WorkingIntervalRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "working_interval"

    var position: Int
    var startMinute: Int
    var endMinute: Int

    enum CodingKeys: String, CodingKey {
        case position
        case startMinute = "start_minute"
        case endMinute = "end_minute"
    }
}

extension WorkingIntervalRecord {
    static let ordered = order(Column("position"))
}

/// A row of `sla_rule`.
struct SLARuleRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "sla_rule"

    var kind: String
    var signWorkingHours: Int
    var answerWorkingDays: Int
    var returnWindowWorkingDays: Int
    var updatedAt: Date
    var updatedBy: String

    enum CodingKeys: String, CodingKey {
        case kind
        case signWorkingHours = "sign_working_hours"
        case answerWorkingDays = "answer_working_days"
        case returnWindowWorkingDays = "return_window_working_days"
        case updatedAt = "updated_at"
        case updatedBy = "updated_by"
    }

    init(_ rule: SLARule, at now: Date, by who: String) {
        kind = rule.kind
        signWorkingHours = rule.signWorkingHours
        answerWorkingDays = rule.answerWorkingDays
        returnWindowWorkingDays = rule.returnWindowWorkingDays
        updatedAt = now
        updatedBy = who
    }

    var rule: SLARule {
        SLARule(kind: kind, signWorkingHours: signWorkingHours, answerWorkingDays: answerWorkingDays,
                returnWindowWorkingDays: returnWindowWorkingDays)
    }
}

extension SLARuleRecord {
    static let ordered = order(Column("kind"))
}

// MARK: errors

/// Calendar input errors are bad data (exit 65) for the CLI.
extension CalendarError: HotlineFailure {
    public var exitCode: ExitStatus { .badData }
}

/// Failures of the stored calendar that are not about the content of an input.
public enum CalendarStoreError: HotlineFailure, Equatable {
    case cannotRead(path: String)
    case unknownKind(String, known: [String])

    public var description: String {
        switch self {
        case .cannotRead(let path):
            return "\(TextSafety.visible(path)): 无法读取，或不是 UTF-8 文本"
        case .unknownKind(let kind, let known):
            let list = known.isEmpty ? "（尚无任何规则）" : "（已有：\(known.joined(separator: "、"))）"
            return "没有工单类型 \(TextSafety.visible(kind)) 的时限规则\(list)"
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .cannotRead: return .badData
        case .unknownKind: return .badData
        }
    }
}

// MARK: service

/// What an import of a holiday file did.
public struct CalendarImportSummary: Sendable, Equatable {
    /// Years replaced, ascending.
    public var years: [Int]
    public var holidays: Int
    public var workdays: Int
    /// Entries the replaced years held before.
    public var replacedEntries: Int
}

/// A year as stored, for `hotline calendar show`.
public struct CalendarYear: Sendable, Equatable {
    public var year: Int
    public var days: [CalendarDay]
    public var hasData: Bool { !days.isEmpty }
    public var warning: CalendarWarning? { hasData ? nil : CalendarWarning(year: year) }
}

/// Why a date is or is not a working day.
public enum WorkdayReason: Sendable, Equatable {
    case holiday(name: String)
    case adjustedWorkday(name: String)
    case weekend
    case weekday

    public var isWorkday: Bool {
        switch self {
        case .holiday, .weekend: return false
        case .adjustedWorkday, .weekday: return true
        }
    }

    /// 法定节假日（国庆节）/ 调休上班（国庆节调休上班）/ 周末 / 工作日.
    public var label: String {
        switch self {
        case .holiday(let name): return "法定节假日（\(name)）"
        case .adjustedWorkday(let name): return "调休上班（\(name)）"
        case .weekend: return "周末"
        case .weekday: return "工作日"
        }
    }

    public var code: String {
        switch self {
        case .holiday: return "holiday"
        case .adjustedWorkday: return "workday"
        case .weekend: return "weekend"
        case .weekday: return "weekday"
        }
    }
}

extension WorkingCalendar {
    /// The reason a date is (not) a working day under this calendar.
    public func reason(for date: LocalDate) -> WorkdayReason {
        if let entry = entry(on: date) {
            return entry.kind == .holiday ? .holiday(name: entry.name) : .adjustedWorkday(name: entry.name)
        }
        return date.isWeekend ? .weekend : .weekday
    }
}

/// The working calendar as stored in the database: holiday data, working hours and SLA
/// rules. Reads need no account; every change is for admins only.
public struct CalendarStore: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    // MARK: reading

    /// The calendar built from the stored days and hours (default hours when none are
    /// stored).
    public func calendar() throws -> WorkingCalendar {
        try store.read { db in try Self.calendar(db) }
    }

    /// Cached by the calendar's revision stamp: a change by any process renews the stamp
    /// (triggers), so a stale calendar is never returned and an unchanged one is not
    /// rebuilt.
    static func calendar(_ db: Database) throws -> WorkingCalendar {
        try CalendarCache.shared.calendar(db, build: buildCalendar)
    }

    static func buildCalendar(_ db: Database) throws -> WorkingCalendar {
        let days = try CalendarDayRecord.fetchAll(db).compactMap(\.day)
        return WorkingCalendar(days: days, workingHours: try workingHours(db))
    }

    public func workingHours() throws -> WorkingHours {
        try store.read { db in try Self.workingHours(db) }
    }

    static func workingHours(_ db: Database) throws -> WorkingHours {
        let rows = try WorkingIntervalRecord.ordered.fetchAll(db)
        guard !rows.isEmpty else { return .default }
        // Rows were validated on the way in; fall back to the default rather than
        // failing every deadline if someone edited the table by hand.
        return (try? WorkingHours(validating: rows.map { WorkingInterval(start: $0.startMinute, end: $0.endMinute) })) ?? .default
    }

    /// The stored entries of one year (empty: the year has no data).
    public func year(_ year: Int) throws -> CalendarYear {
        let days = try store.read { db in try CalendarDayRecord.inYear(year).fetchAll(db).compactMap(\.day) }
        return CalendarYear(year: year, days: days)
    }

    /// Years with holiday data, ascending.
    public func coveredYears() throws -> [Int] {
        try store.read { db in try CalendarDayRecord.years(db) }
    }

    public func slaRules() throws -> [SLARule] {
        try store.read { db in try SLARuleRecord.ordered.fetchAll(db).map(\.rule) }
    }

    /// Sign, answer and return deadlines of an order of `kind` dispatched at `dispatched`,
    /// under the stored rule and calendar.
    public func deadlines(kind: String, dispatchedAt dispatched: Date) throws -> SLADeadlines {
        let (calendar, rule, known) = try store.read { db in
            (try Self.calendar(db), try SLARuleRecord.fetchOne(db, key: kind)?.rule,
             try SLARuleRecord.ordered.fetchAll(db).map(\.kind))
        }
        guard let rule else { throw CalendarStoreError.unknownKind(kind, known: known) }
        return calendar.deadlines(for: rule, dispatchedAt: dispatched)
    }

    // MARK: changing (admins)

    /// Imports a holiday file: every year the file covers is replaced as a whole, in one
    /// transaction; a file with any bad line writes nothing.
    public func importHolidays(path: String, identity: Identity) throws -> CalendarImportSummary {
        try identity.require(.admin, for: "导入节假日安排")
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(validatingUTF8Data: data) else {
            throw CalendarStoreError.cannotRead(path: path)
        }
        return try importHolidays(text: text, source: path, identity: identity)
    }

    public func importHolidays(text: String, source: String, identity: Identity) throws -> CalendarImportSummary {
        try identity.require(.admin, for: "导入节假日安排")
        let days = try HolidayFile.parse(text, source: source)
        let now = store.clock.now()
        return try store.write { db in
            try identity.confirmActive(in: db)
            return try Self.replaceYears(with: days, at: now, by: identity.actor.recorded, in: db)
        }
    }

    static func replaceYears(with days: [CalendarDay], at now: Date, by who: String, in db: Database) throws -> CalendarImportSummary {
        let years = HolidayFile.years(of: days)
        var replaced = 0
        for year in years {
            replaced += try CalendarDayRecord.inYear(year).deleteAll(db)
        }
        for day in days {
            try CalendarDayRecord(day, at: now, by: who).insert(db)
        }
        return CalendarImportSummary(years: years, holidays: days.filter { $0.kind == .holiday }.count,
                                     workdays: days.filter { $0.kind == .workday }.count, replacedEntries: replaced)
    }

    /// Sets the working intervals from text such as `08:30-12:00,13:30-17:30`.
    @discardableResult
    public func setWorkingHours(_ text: String, identity: Identity) throws -> WorkingHours {
        try identity.require(.admin, for: "设置工作时段")
        return try setWorkingHours(try WorkingHours.parse(text), identity: identity)
    }

    @discardableResult
    public func setWorkingHours(_ hours: WorkingHours, identity: Identity) throws -> WorkingHours {
        try identity.require(.admin, for: "设置工作时段")
        let checked = try WorkingHours(validating: hours.intervals)
        try store.write { db in
            try identity.confirmActive(in: db)
            try WorkingIntervalRecord.deleteAll(db)
            for (index, interval) in checked.intervals.enumerated() {
                try WorkingIntervalRecord(position: index + 1, startMinute: interval.start, endMinute: interval.end).insert(db)
            }
        }
        return checked
    }

    /// Adds or replaces rules from policy-file text (`consult 1 3 1`, one rule a line).
    @discardableResult
    public func setSLARules(_ text: String, source: String = "--set", identity: Identity) throws -> [SLARule] {
        try identity.require(.admin, for: "设置工单时限规则")
        let rules = try SLAPolicyFile.parse(text, source: source)
        let now = store.clock.now()
        try store.write { db in
            try identity.confirmActive(in: db)
            for rule in rules { try SLARuleRecord(rule, at: now, by: identity.actor.recorded).save(db) }
        }
        return rules
    }

    // MARK: reference data (hotline init)

    /// Loads the shipped holiday data for the years not yet stored (so an admin's later
    /// corrections survive a re-run). Returns the years added.
    static func loadReferenceDays(_ days: [CalendarDay], at now: Date, by who: String, in db: Database) throws -> [Int] {
        let present = Set(try CalendarDayRecord.years(db))
        let missing = days.filter { !present.contains($0.date.year) }
        guard !missing.isEmpty else { return [] }
        return try replaceYears(with: missing, at: now, by: who, in: db).years
    }

    /// Loads the shipped SLA rules for kinds not yet stored. Returns the kinds added.
    static func loadReferenceRules(_ rules: [SLARule], at now: Date, by who: String, in db: Database) throws -> [String] {
        var added: [String] = []
        for rule in rules where try SLARuleRecord.fetchOne(db, key: rule.kind) == nil {
            try SLARuleRecord(rule, at: now, by: who).insert(db)
            added.append(rule.kind)
        }
        return added
    }
}
