import Foundation
import GRDB

/// Notices commits made by anyone else (other desks, the CLI, cron) through SQLite's
/// `PRAGMA data_version`, which only changes for a connection when another connection
/// commits; so the watcher keeps one connection of its own for its whole life.
public final class ChangeWatcher: @unchecked Sendable {
    private let queue: DatabaseQueue
    private var lastVersion: Int?

    public init(store: HotlineStore) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(1)
        queue = try DatabaseQueue(path: store.path, configuration: configuration)
    }

    /// True when something was committed since the previous poll (false the first time).
    public func poll() -> Bool {
        guard let version = try? queue.read({ db in try Int.fetchOne(db, sql: "PRAGMA data_version") }) ?? nil else {
            return false
        }
        defer { lastVersion = version }
        return lastVersion.map { $0 != version } ?? false
    }
}
