import ArgumentParser
import Foundation
import HotlineCore

/// Options every command takes, before or after the subcommand name.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("数据库文件（默认 $HOTLINE_DB，或 ~/.local/share/hotline/hotline.sqlite）", valueName: "PATH"))
    var db: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("以另一账号身份操作（仅系统管理员；记录中保留双方）", valueName: "LOGIN"))
    var actingAs: String?

    var databasePath: String { db ?? DatabaseLocation.defaultPath() }

    func clock() throws -> HotlineClock { try HotlineClock.fromEnvironment() }

    /// Opens the existing database at the current schema.
    func openStore() throws -> HotlineStore {
        try HotlineStore.open(at: databasePath, mode: .existing, clock: try clock())
    }

    /// Opens the store and resolves who is acting.
    func openAsIdentity() throws -> (HotlineStore, Identity) {
        let store = try openStore()
        return (store, try Identity.resolve(in: store, actingAs: actingAs))
    }
}
