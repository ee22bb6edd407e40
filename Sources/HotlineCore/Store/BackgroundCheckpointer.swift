import Foundation
import GRDB
import GRDBSQLite

/// Copies the WAL back into the database on a connection of its own, off the path of
/// the write that filled it.
///
/// SQLite checkpoints inside the COMMIT that takes the WAL past 1,000 pages: that write
/// pays for writing the pages home and syncing the file, tens of milliseconds on a year
/// of orders, while every other write takes one or two. A desk agent's transition should
/// not be the one that pays. With this checkpointer the writer's commit hook only asks
/// for a checkpoint; a passive checkpoint then runs on a background queue, next to the
/// writes that follow (it never blocks a writer or a reader).
///
/// Long-running programs (the console) use it. One-shot commands keep SQLite's own
/// checkpoint: they would exit before a background one finished.
final class BackgroundCheckpointer: @unchecked Sendable {
    /// The WAL size, in pages, at which a checkpoint is asked for (SQLite's default).
    static let threshold: Int32 = 1_000

    private let path: String
    private let queue = DispatchQueue(label: "hotline.checkpoint", qos: .utility)
    private let lock = NSLock()
    private var pending = false
    private var connection: DatabaseQueue?
    private(set) var completed = 0

    init(path: String) {
        self.path = path
    }

    /// Replaces the writer's automatic checkpoint by a request to this checkpointer.
    /// `self` must outlive the connection (the store keeps both).
    func install(on db: Database) {
        let context = Unmanaged.passUnretained(self).toOpaque()
        sqlite3_wal_hook(db.sqliteConnection, { context, _, _, pages in
            if pages >= BackgroundCheckpointer.threshold, let context {
                Unmanaged<BackgroundCheckpointer>.fromOpaque(context).takeUnretainedValue().request()
            }
            return SQLITE_OK
        }, context)
    }

    /// Asks for one checkpoint; requests while one is waiting or running coalesce into it.
    func request() {
        lock.lock()
        defer { lock.unlock() }
        guard !pending else { return }
        pending = true
        queue.async { [self] in run() }
    }

    /// Waits for the checkpoint asked for, if any (tests, and a clean exit).
    func drain() {
        queue.sync {}
    }

    private func run() {
        lock.lock()
        pending = false
        lock.unlock()
        do {
            let connection = try self.connection ?? Self.open(path)
            self.connection = connection
            try connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            completed += 1
        } catch {
            // A failed passive checkpoint loses nothing: the pages stay in the WAL and
            // the next request, or the last connection to close, copies them.
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(1)
        configuration.prepareDatabase { db in
            // A checkpoint reads the WAL, not the page cache: keep this connection small.
            try db.execute(sql: "PRAGMA cache_size = -256")
            try db.execute(sql: "PRAGMA journal_size_limit = \(HotlineStore.walSizeLimit)")
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }
}
