import Foundation
import GRDB

/// The one database every desk, cron job and import shares.
///
/// WAL (through `DatabasePool`) lets desks read while someone writes; the busy timeout
/// keeps concurrent writers waiting instead of failing; foreign keys are on; the file
/// is created 0660 so that the desk group shares it and nobody else reads it.
public final class HotlineStore: Sendable {
    public let path: String
    public let clock: HotlineClock
    let pool: DatabasePool
    let checkpointer: BackgroundCheckpointer

    public enum OpenMode: Sendable {
        /// The database must exist and be at the current schema (everyday commands).
        case existing
        /// Create the file if needed and apply pending migrations (`hotline init`).
        case createOrMigrate
    }

    /// How long a writer waits for another before giving up.
    public static let busyTimeout: TimeInterval = 10

    private init(path: String, clock: HotlineClock, pool: DatabasePool) {
        self.path = path
        self.clock = clock
        self.pool = pool
        checkpointer = BackgroundCheckpointer(path: path)
    }

    /// Moves WAL checkpoints off the writes that would pay for them, onto a background
    /// connection (`BackgroundCheckpointer`). For programs that stay open, such as the
    /// console; call `finishCheckpoints()` before exit to let a running one complete.
    public func checkpointInBackground() throws {
        try pool.writeWithoutTransaction { db in checkpointer.install(on: db) }
    }

    /// Waits for a background checkpoint that was asked for.
    public func finishCheckpoints() {
        checkpointer.drain()
    }

    public static func open(at path: String, mode: OpenMode, clock: HotlineClock = .system) throws -> HotlineStore {
        let fileManager = FileManager.default
        let exists = fileManager.fileExists(atPath: path)
        if !exists {
            guard mode == .createOrMigrate else { throw StoreError.notInitialized(path: path) }
            try createEmptyFile(at: path)
        }
        try refuseNewerSchema(at: path)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration())
        } catch {
            throw StoreError.cannotOpen(path: path, reason: describe(error))
        }
        let store = HotlineStore(path: path, clock: clock, pool: pool)
        try store.checkSchema(mode: mode)
        return store
    }

    /// Looks at the schema through a read-only connection first: opening the pool
    /// writes to the file (WAL set-up), and a newer program's database must not be
    /// touched at all.
    private static func refuseNewerSchema(at path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let superseded: Bool
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            superseded = try queue.read { db in try HotlineMigrations.migrator.hasBeenSuperseded(db) }
        } catch {
            // Unreadable here: the pool's own opening reports the real problem.
            return
        }
        if superseded { throw StoreError.schemaTooNew(path: path) }
    }

    /// Bytes the WAL file is cut back to after a checkpoint.
    static let walSizeLimit = 16 * 1_048_576

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            db.add(tokenizer: HanFTS5Tokenizer.self)
            // A large import or fill grows the WAL to its size; without a limit the file
            // keeps that size on disk after every checkpoint.
            try db.execute(sql: "PRAGMA journal_size_limit = \(walSizeLimit)")
        }
        return configuration
    }

    private static func createEmptyFile(at path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o770])
            }
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o660]) else {
                throw StoreError.cannotCreate(path: path, reason: "没有写入权限或目录不存在")
            }
            // createFile's attributes pass through the umask; set the mode outright.
            try FileManager.default.setAttributes([.posixPermissions: 0o660], ofItemAtPath: path)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotCreate(path: path, reason: describe(error))
        }
    }

    /// Refuses a database written by a newer program (never altered), and one whose
    /// schema is behind for everyday commands; migrates it for `init`.
    private func checkSchema(mode: OpenMode) throws {
        let migrator = HotlineMigrations.migrator
        do {
            let (superseded, complete, empty) = try pool.read { db in
                (try migrator.hasBeenSuperseded(db),
                 try migrator.hasCompletedMigrations(db),
                 try db.tableExists("grdb_migrations") == false)
            }
            if superseded { throw StoreError.schemaTooNew(path: path) }
            switch mode {
            case .existing:
                if empty { throw StoreError.notInitialized(path: path) }
                if !complete { throw StoreError.needsMigration(path: path) }
            case .createOrMigrate:
                if !complete {
                    let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
                    try migrator.migrate(pool)
                    if Self.compactsAfterUpgrade(from: applied) {
                        try pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM") }
                    }
                }
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, reason: HotlineStore.describe(error))
        }
    }

    /// v14 shrinks every order, event and callback row in place, and SQLite leaves the
    /// pages they sat in part empty: a year at a million orders kept 2.2 GB of pages for
    /// 1.75 GB of rows. An upgrade across it rewrites the file compactly (22 s at that size);
    /// the schema being behind, no one else is working in it.
    static func compactsAfterUpgrade(from applied: Set<String>) -> Bool {
        !applied.isEmpty && !applied.contains("v14-numeric-instants")
    }

    /// The schema migrations this database has applied, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try HotlineMigrations.migrator.appliedMigrations(db) }
    }

    static func describe(_ error: any Error) -> String {
        if let databaseError = error as? DatabaseError {
            return databaseError.message ?? "\(databaseError.resultCode)"
        }
        return "\(error)"
    }

    // MARK: Access for the domain services

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.reportingBusy("读取") { try pool.read(body) }
    }

    /// A write in an immediate transaction, so that two writers queue on the busy
    /// timeout instead of failing halfway. When the database is still locked at
    /// BEGIN IMMEDIATE or at COMMIT after the timeout, the whole transaction is tried
    /// again (up to `busyAttempts` times, with a short jittered pause): nothing was
    /// committed, so running `body` again from scratch is safe. A busy error raised
    /// inside `body` is not retried.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.reportingBusy("写入") {
            try Self.retryingBusy(attempts: Self.busyAttempts) { try writeImmediately(body) }
        }
    }

    /// How many times a write is tried when another writer holds the database.
    static let busyAttempts = 3

    /// A busy or locked error at BEGIN IMMEDIATE or COMMIT: the transaction did not
    /// happen and may be run again.
    struct BusyOutsideBody: Error {
        let underlying: DatabaseError
    }

    /// Runs `attempt` until it does not fail with `BusyOutsideBody`, at most `attempts`
    /// times, pausing 50–150 ms × the attempt number in between; the last failure is
    /// rethrown as the database's own error.
    static func retryingBusy<T>(attempts: Int, pause: (Int) -> Void = HotlineStore.backoff,
                                _ attempt: () throws -> T) throws -> T {
        var tried = 0
        while true {
            tried += 1
            do {
                return try attempt()
            } catch let busy as BusyOutsideBody {
                guard tried < attempts else { throw busy.underlying }
                pause(tried)
            }
        }
    }

    static func backoff(_ attempt: Int) {
        let milliseconds = Double(attempt) * Double.random(in: 50...150)
        Thread.sleep(forTimeInterval: milliseconds / 1000)
    }

    func writeImmediately<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var result: T?
            var inBody = false
            do {
                try db.inTransaction(.immediate) {
                    inBody = true
                    result = try body(db)
                    inBody = false
                    return .commit
                }
            } catch let error as DatabaseError where !inBody && Self.isBusy(error) {
                // A COMMIT refused as busy leaves the transaction open: undo it before trying again.
                if db.isInsideTransaction { try? db.rollback() }
                throw BusyOutsideBody(underlying: error)
            }
            return result!
        }
    }

    static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// Another writer held the database past the busy timeout: a person gets "busy,
    /// try again" (exit 69), never SQLite's own words.
    private static func reportingBusy<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where isBusy(error) {
            throw StoreError.busy(operation: operation)
        }
    }
}
