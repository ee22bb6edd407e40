import Foundation
import GRDB

public struct BackupSummary: Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var orders: Int
    public var events: Int
    /// The last event of the chain at the moment of the backup: an anchor to keep.
    public var head: AuditAnchor?
}

public struct RestoreSummary: Sendable, Equatable {
    public var target: String
    /// Where the database that was replaced now lies (nil when there was none).
    public var previous: String?
    public var orders: Int
    public var events: Int
}

/// `hotline backup` and `hotline restore`.
///
/// A backup is SQLite's online backup API copying every page in one step from a read
/// transaction: a consistent snapshot while desks keep writing (WAL lets them). It is
/// written to a temporary file beside the target, switched to a rollback journal so
/// that it is one self-contained file, checked, set to 0660 and only then renamed into
/// place, so a backup file either is complete or does not exist.
///
/// A restore checks the backup first (integrity, foreign keys, schema, event replay, the
/// audit chain) and refuses one that fails, or a target that any process has open
/// (`DatabaseInUse`). The database it replaces is kept beside it, renamed with the time.
public enum DatabaseBackup {
    @discardableResult
    public static func backup(_ store: HotlineStore, to path: String, overwrite: Bool = false,
                              identity: Identity) throws -> BackupSummary {
        try identity.require(.admin, for: "备份数据库")
        try store.read { db in try identity.confirmActive(in: db) }
        let manager = FileManager.default
        if manager.fileExists(atPath: path) && !overwrite { throw BackupError.exists(path: path) }
        let temporary = temporaryPath(beside: path)
        defer { try? manager.removeItem(atPath: temporary) }
        do {
            guard manager.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: FileModes.databaseMode]) else {
                throw BackupError.cannotWrite(path: path, reason: "目录不存在或没有写入权限")
            }
            try FileModes.restrict(temporary)
            let copy = try DatabaseQueue(path: temporary)
            try store.pool.backup(to: copy)
            let summary: BackupSummary = try copy.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = DELETE")
                let report = try AuditVerification.verify(in: db)
                return BackupSummary(path: path, bytes: 0,
                                     orders: try Int.fetchOne(db, sql: "SELECT count(*) FROM work_order") ?? 0,
                                     events: report.events, head: report.head)
            }
            try copy.close()
            try FileModes.restrict(temporary)
            if overwrite && manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
            try manager.moveItem(atPath: temporary, toPath: path)
            var result = summary
            result.bytes = (try? manager.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return result
        } catch let error as HotlineFailure {
            throw error
        } catch {
            throw BackupError.cannotWrite(path: path, reason: HotlineStore.describe(error))
        }
    }

    /// What a backup file holds, and every problem found in it.
    public struct Inspection: Sendable, Equatable {
        public var problems: [String]
        public var orders: Int
        public var events: Int
        public var admins: [String]
    }

    /// Reads a backup without changing it (read-only connection).
    public static func inspect(_ path: String) throws -> Inspection {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupError.notFound(path: path) }
        var configuration = HotlineStore.configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                var problems = try HealthCheck.storeProblems(in: db).findings.map(\.description)
                let orders = try db.tableExists("work_order") ? Int.fetchOne(db, sql: "SELECT count(*) FROM work_order") ?? 0 : 0
                let events = try db.tableExists("order_event") ? Int.fetchOne(db, sql: "SELECT count(*) FROM order_event") ?? 0 : 0
                let admins = try db.tableExists("account")
                    ? String.fetchAll(db, sql: "SELECT coalesce(os_user, login) FROM account WHERE role = 'admin' AND active = 1")
                    : []
                if !(try db.tableExists("account")) { problems.append("不是本系统的数据库") }
                return Inspection(problems: problems, orders: orders, events: events, admins: admins)
            }
        } catch let error as HotlineFailure {
            throw error
        } catch {
            throw BackupError.unusable(path: path, problems: [HotlineStore.describe(error)])
        }
    }

    /// Replaces the database at `target` with the backup at `source`.
    public static func restore(from source: String, to target: String,
                               osUser: String = OperatingSystemUser.current(), clock: HotlineClock) throws -> RestoreSummary {
        let inspection = try inspect(source)
        guard inspection.problems.isEmpty else { throw BackupError.unusable(path: source, problems: inspection.problems) }
        guard inspection.admins.contains(osUser) else { throw BackupError.notAdminInBackup(path: source, osUser: osUser) }
        guard !DatabaseInUse.isInUse(target) else { throw BackupError.inUse(path: target) }
        let manager = FileManager.default
        let temporary = temporaryPath(beside: target)
        defer { try? manager.removeItem(atPath: temporary) }
        var previous: String?
        do {
            try manager.copyItem(atPath: source, toPath: temporary)
            try FileModes.restrict(temporary)
            if manager.fileExists(atPath: target) {
                // The old database moves aside with its WAL (which may hold committed
                // pages not yet in the main file); a WAL left beside the restored file
                // would be replayed into it.
                let aside = target + ".before-restore-" + stamp(clock.now())
                for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: target + suffix) {
                    try manager.moveItem(atPath: target + suffix, toPath: aside + suffix)
                }
                previous = aside
            }
            try manager.moveItem(atPath: temporary, toPath: target)
        } catch {
            throw BackupError.cannotWrite(path: target, reason: HotlineStore.describe(error))
        }
        return RestoreSummary(target: target, previous: previous, orders: inspection.orders, events: inspection.events)
    }

    private static func temporaryPath(beside path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)").path
    }

    private static func stamp(_ date: Date) -> String {
        ShanghaiTime.format(date).filter { $0.isNumber }.prefix(14).description
    }
}
