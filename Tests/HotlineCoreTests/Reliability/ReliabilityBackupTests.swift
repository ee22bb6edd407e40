import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// `hotline backup`, `restore` and `check` through HotlineCore.
final class ReliabilityBackupTests: OrderTestCase {
    private var backupPath: String { directory.appendingPathComponent("nightly.sqlite").path }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue & 0o777
    }

    /// A database in WAL mode at `path`, closed again (as a desk host has between shifts).
    private func makeTarget(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        _ = try Setup.initialize(path: path, seed: KnowledgeFixtures.seedDirectory, includeSamples: false,
                                 clock: clock.hotlineClock, osUser: "orderadmin")
        return path
    }

    func testABackupTakenWhileDesksWriteIsConsistentAndPrivate() throws {
        let numbers = try (0..<3).map { _ in try makeOrder().number }
        let desk = orders, leadIdentity = lead!
        let writer = Thread {
            for round in 0..<60 { _ = try? desk.urge(numbers[round % 3], note: "第\(round)次", identity: leadIdentity) }
        }
        writer.start()
        let summary = try DatabaseBackup.backup(store, to: backupPath, identity: admin)
        while writer.isExecuting || !writer.isFinished { usleep(1_000) }

        XCTAssertEqual(try mode(backupPath), 0o660)
        XCTAssertFalse(FileManager.default.fileExists(atPath: backupPath + "-wal"), "one self-contained file")
        let inspection = try DatabaseBackup.inspect(backupPath)
        XCTAssertEqual(inspection.problems, [])
        XCTAssertEqual(inspection.events, summary.events)
        XCTAssertEqual(inspection.orders, 3)
        XCTAssertNotNil(summary.head)
        XCTAssertEqual(try DatabaseBackup.inspect(backupPath).admins, ["orderadmin"])
    }

    func testABackupDoesNotOverwriteUnlessAsked() throws {
        try DatabaseBackup.backup(store, to: backupPath, identity: admin)
        XCTAssertThrowsError(try DatabaseBackup.backup(store, to: backupPath, identity: admin)) { error in
            XCTAssertEqual(error as? BackupError, .exists(path: backupPath))
        }
        try makeOrder()
        XCTAssertEqual(try DatabaseBackup.backup(store, to: backupPath, overwrite: true, identity: admin).orders, 1)
        let missingDirectory = directory.appendingPathComponent("no/such/dir/b.sqlite").path
        XCTAssertEqual(assertRefused(.cannotCreate) { try DatabaseBackup.backup(self.store, to: missingDirectory, identity: self.admin) }.isEmpty, false)
    }

    func testRestoreRefusesATamperedBackupAndLeavesTheTargetAlone() throws {
        try makeOrder()
        try DatabaseBackup.backup(store, to: backupPath, identity: admin)
        let target = try makeTarget("target.sqlite")
        let before = try Data(contentsOf: URL(fileURLWithPath: target))
        let tamper = try DatabaseQueue(path: backupPath)
        try tamper.write { db in
            try db.execute(sql: "DROP TRIGGER order_event_no_update")
            try db.execute(sql: "UPDATE order_event SET actor = 'nobody' WHERE id = 1")
        }
        try tamper.close()
        XCTAssertThrowsError(try DatabaseBackup.restore(from: backupPath, to: target, osUser: "orderadmin", clock: clock.hotlineClock)) { error in
            guard case .unusable(_, let problems)? = error as? BackupError else { return XCTFail("\(error)") }
            XCTAssertTrue(problems.contains { $0.contains("审计链") && $0.contains("#1") }, "\(problems)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: target)), before)
        XCTAssertThrowsError(try DatabaseBackup.restore(from: directory.appendingPathComponent("none").path, to: target,
                                                        osUser: "orderadmin", clock: clock.hotlineClock))
    }

    func testRestoreRefusesADatabaseInUseThenReplacesItKeepingTheOld() throws {
        try makeOrder()
        try makeOrder()
        try DatabaseBackup.backup(store, to: backupPath, identity: admin)
        let target = try makeTarget("live.sqlite")

        // Another process with the database open, idle, as a console between calls.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["sqlite3", target]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        input.fileHandleForWriting.write(Data("SELECT count(*) FROM account;\n".utf8))
        // Wait (bounded) until it has read the database and so holds its lock.
        var polls = 0
        while !DatabaseInUse.isInUse(target) && holder.isRunning && polls < 5_000 {
            usleep(2_000)
            polls += 1
        }
        if !holder.isRunning { throw XCTSkip("sqlite3 command-line tool not available") }
        XCTAssertTrue(DatabaseInUse.isInUse(target))
        XCTAssertThrowsError(try DatabaseBackup.restore(from: backupPath, to: target, osUser: "orderadmin", clock: clock.hotlineClock)) { error in
            XCTAssertEqual(error as? BackupError, .inUse(path: target))
        }
        try input.fileHandleForWriting.close()
        holder.waitUntilExit()

        XCTAssertFalse(DatabaseInUse.isInUse(target))
        XCTAssertThrowsError(try DatabaseBackup.restore(from: backupPath, to: target, osUser: "someone", clock: clock.hotlineClock)) { error in
            XCTAssertEqual(error as? BackupError, .notAdminInBackup(path: backupPath, osUser: "someone"))
        }
        let summary = try DatabaseBackup.restore(from: backupPath, to: target, osUser: "orderadmin", clock: clock.hotlineClock)
        XCTAssertEqual(summary.orders, 2)
        XCTAssertEqual(try mode(target), 0o660)
        let previous = try XCTUnwrap(summary.previous)
        XCTAssertTrue(FileManager.default.fileExists(atPath: previous))
        let restored = try HotlineStore.open(at: target, mode: .existing)
        try restored.read { db in
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT count(*) FROM work_order"), 2)
            XCTAssertEqual(try HealthCheck.storeProblems(in: db).findings, [])
        }
    }

    func testCheckPassesAHealthyDatabaseAndNamesFilesOthersCanRead() throws {
        try bringToCallback(try makeOrder().number)
        let healthy = try HealthCheck.run(store, identity: admin)
        XCTAssertEqual(healthy.findings, [])
        XCTAssertEqual(healthy.migrations, HotlineMigrations.migrator.migrations, "every known migration applied, in order")
        XCTAssertEqual(try mode(store.path), 0o660)

        try DatabaseBackup.backup(store, to: backupPath, identity: admin)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: backupPath)
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: store.path)
        let exposed = try HealthCheck.run(store, backups: [backupPath], identity: admin)
        XCTAssertEqual(exposed.findings.map(\.area), [.fileMode, .fileMode])
        XCTAssertTrue(exposed.findings[0].message.hasPrefix(store.path))
        XCTAssertTrue(exposed.findings[1].message.contains("644"))
    }
}
