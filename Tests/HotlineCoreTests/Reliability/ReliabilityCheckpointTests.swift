import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The console's WAL checkpoints run on a connection of their own, asked for by the
/// writer's commit once the WAL passes the threshold, instead of inside that commit.
final class ReliabilityCheckpointTests: OrderTestCase {
    /// Writes about `pages` WAL pages of filler in one transaction.
    private func fill(pages: Int) throws {
        try store.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS filler(x BLOB)")
            for _ in 0..<(pages / 4) { try db.execute(sql: "INSERT INTO filler VALUES (zeroblob(16000))") }
        }
    }

    func testACommitPastTheThresholdHasTheBackgroundConnectionCheckpoint() throws {
        try store.checkpointInBackground()
        try fill(pages: Int(BackgroundCheckpointer.threshold) + 200)
        store.finishCheckpoints()
        XCTAssertEqual(store.checkpointer.completed, 1)
        try fill(pages: 40)
        store.finishCheckpoints()
        XCTAssertEqual(store.checkpointer.completed, 1, "a small commit asks for nothing")
        XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") }, 300 + 10)
    }

    func testWithoutItTheCommitCheckpointsAsSQLiteDoes() throws {
        try fill(pages: Int(BackgroundCheckpointer.threshold) + 200)
        store.finishCheckpoints()
        XCTAssertEqual(store.checkpointer.completed, 0)
        XCTAssertEqual(try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM filler") }, 300)
    }
}
