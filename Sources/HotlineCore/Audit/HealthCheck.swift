import Foundation
import GRDB

/// One thing `hotline check` found wrong, with where it is.
public struct HealthFinding: Sendable, Equatable, CustomStringConvertible {
    public enum Area: String, Sendable, CaseIterable {
        case integrity, foreignKeys = "foreign_keys", schema, replay, audit, fileMode = "file_mode"
        case reportFacts = "report_facts"

        public var label: String {
            switch self {
            case .integrity: return "完整性"
            case .foreignKeys: return "外键"
            case .schema: return "结构版本"
            case .replay: return "事件重放"
            case .audit: return "审计链"
            case .fileMode: return "文件权限"
            case .reportFacts: return "报表事实"
            }
        }
    }

    public var area: Area
    public var message: String

    public var description: String { "\(area.label)（\(area.rawValue)）：\(message)" }
}

public struct HealthReport: Sendable, Equatable {
    public var path: String
    public var findings: [HealthFinding]
    public var orders: Int
    public var events: Int
    public var migrations: [String]
    public var auditHead: AuditAnchor?

    public var isHealthy: Bool { findings.isEmpty }
}

/// `hotline check`: everything that must hold of a database, checked read-only.
public enum HealthCheck {
    /// Runs every check on the open store, plus file modes of the database and of
    /// `backups` (files the admin names, e.g. the nightly backup).
    public static func run(_ store: HotlineStore, backups: [String] = [], identity: Identity) throws -> HealthReport {
        try identity.require(.admin, for: "检查数据库")
        var report = try store.read { db in
            try identity.confirmActive(in: db)
            let (findings, audit) = try storeProblems(in: db)
            var report = HealthReport(path: store.path, findings: findings, orders: 0, events: 0,
                                      migrations: try HotlineMigrations.migrator.appliedMigrations(db),
                                      auditHead: nil)
            report.orders = try Int.fetchOne(db, sql: "SELECT count(*) FROM work_order") ?? 0
            report.events = try Int.fetchOne(db, sql: "SELECT count(*) FROM order_event") ?? 0
            report.auditHead = audit.flatMap { $0.isIntact ? $0.head : nil }
            return report
        }
        report.findings += FileModes.exposed(FileModes.databaseFiles(store.path) + backups).map {
            HealthFinding(area: .fileMode, message: $0.description)
        }
        return report
    }

    /// The checks that look inside a database (shared with the inspection of a backup
    /// before it is restored), with the audit chain's verification when it got that far:
    /// the chain is read once, its head reported from the same pass.
    static func storeProblems(in db: Database) throws -> (findings: [HealthFinding], audit: AuditReport?) {
        var findings: [HealthFinding] = []
        let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
        if integrity != ["ok"] {
            findings += integrity.map { HealthFinding(area: .integrity, message: $0) }
            // A damaged file gives unreliable answers to everything else.
            return (findings, nil)
        }
        for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").prefix(20) {
            let table: String = row["table"]
            let rowid: Int64? = row["rowid"]
            let parent: String = row["parent"]
            findings.append(HealthFinding(area: .foreignKeys, message: "\(table) 第 \(rowid.map(String.init) ?? "?") 行指向不存在的 \(parent)"))
        }
        let migrator = HotlineMigrations.migrator
        if try migrator.hasBeenSuperseded(db) {
            findings.append(HealthFinding(area: .schema, message: "数据库结构比本程序新；请用新版程序检查"))
            return (findings, nil)
        }
        if try !migrator.hasCompletedMigrations(db) {
            let applied = try migrator.appliedIdentifiers(db)
            let missing = migrator.migrations.filter { !applied.contains($0) }
            findings.append(HealthFinding(area: .schema, message: "缺少迁移 \(missing.joined(separator: "、"))；请运行 hotline init"))
            return (findings, nil)
        }
        let replay = try OrderReplay.check(in: db)
        findings += replay.mismatches.map { HealthFinding(area: .replay, message: $0.description) }
        findings += try ReportFacts.verify(in: db).map { HealthFinding(area: .reportFacts, message: $0.description) }
        let audit = try AuditVerification.verify(in: db)
        if let broken = audit.firstBreak {
            findings.append(HealthFinding(area: .audit, message: broken.description))
        }
        return (findings, audit)
    }
}
