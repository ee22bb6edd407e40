import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Issue 7: no operation surfaces SQLITE_BUSY to a person unless the database stays
/// locked past the bound. A second connection on the same file holds the write lock;
/// the store's writer waits only 20 ms per attempt here (the real timeout is 10 s), so
/// the bounded retry is what is exercised. Outcomes only, no timing assertions.
final class ReliabilityBusyRetryTests: OrderTestCase {
    /// A connection of its own (not the store's pool) that can take the write lock.
    private func lockHolder() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: store.path, configuration: configuration)
    }

    private func shortenWriterTimeout() throws {
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA busy_timeout = 20") }
    }

    private func departmentCount() throws -> Int {
        try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM department") ?? 0 }
    }

    private func addDepartment(_ code: String, runs: inout Int) throws {
        try store.write { db in
            runs += 1
            try db.execute(sql: "INSERT INTO department(code, name, kind, created_at) VALUES (?, ?, 'city', ?)",
                           arguments: [code, "测试部门\(code)", Date()])
        }
    }

    func testAWriteOutlastsALockReleasedDuringItsRetries() throws {
        try shortenWriterTimeout()
        let holder = try lockHolder()
        let before = try departmentCount()
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                release.wait()
                try db.execute(sql: "COMMIT")
            }
            released.signal()
        }
        thread.start()
        locked.wait()
        // Released by the retry loop itself after the first refused attempt: the lock is
        // gone before the second BEGIN IMMEDIATE, whatever the machine's speed.
        var pauses: [Int] = []
        var runs = 0
        let result = try HotlineStore.retryingBusy(attempts: HotlineStore.busyAttempts, pause: { attempt in
            pauses.append(attempt)
            if attempt == 1 { release.signal(); released.wait() }
        }) {
            try store.writeImmediately { db in
                runs += 1
                try db.execute(sql: "INSERT INTO department(code, name, kind, created_at) VALUES ('LOCK1', '锁后部门', 'city', ?)",
                               arguments: [Date()])
                return "done"
            }
        }
        XCTAssertEqual(result, "done")
        XCTAssertEqual(pauses, [1], "refused once at BEGIN IMMEDIATE, then written")
        XCTAssertEqual(runs, 1, "the body ran only for the attempt that committed")
        XCTAssertEqual(try departmentCount(), before + 1)
    }

    func testAWriteThroughTheStoreWaitsOutAShortLock() throws {
        try shortenWriterTimeout()
        let holder = try lockHolder()
        let locked = DispatchSemaphore(value: 0)
        let thread = Thread {
            try? holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                // Held across the first attempt's 20 ms busy timeout; the retries cover ≥ 150 ms.
                Thread.sleep(forTimeInterval: 0.03)
                try db.execute(sql: "COMMIT")
            }
        }
        thread.start()
        locked.wait()
        var runs = 0
        let before = try departmentCount()
        XCTAssertNoThrow(try addDepartment("LOCK2", runs: &runs))
        XCTAssertEqual(try departmentCount(), before + 1)
        XCTAssertEqual(runs, 1)
    }

    func testALockHeldPastTheBoundIsReportedBusyAndNothingRan() throws {
        try shortenWriterTimeout()
        let holder = try lockHolder()
        let before = try departmentCount()
        var runs = 0
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            XCTAssertThrowsError(try addDepartment("LOCK3", runs: &runs)) { error in
                guard case .busy = error as? StoreError else { return XCTFail("\(error)") }
                XCTAssertEqual((error as? StoreError)?.exitCode, .unavailable)
            }
        }
        XCTAssertEqual(runs, 0, "the body never ran: BEGIN IMMEDIATE was refused every time")
        XCTAssertEqual(try departmentCount(), before)
        XCTAssertNoThrow(try addDepartment("LOCK3", runs: &runs), "free again once the other writer is done")
        XCTAssertEqual(try departmentCount(), before + 1)
    }

    func testBusyInsideTheBodyIsNotRetried() throws {
        var runs = 0
        XCTAssertThrowsError(try store.write { _ in
            runs += 1
            throw DatabaseError(resultCode: .SQLITE_BUSY, message: "raised by the body")
        }) { error in
            guard case .busy = error as? StoreError else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(runs, 1, "a body that may have done work is not run again")
    }

    func testTheRetryLoopStopsAtItsBound() {
        var tries = 0
        var pauses: [Int] = []
        let busy = DatabaseError(resultCode: .SQLITE_BUSY)
        XCTAssertThrowsError(try HotlineStore.retryingBusy(attempts: 3, pause: { pauses.append($0) }) { () throws -> Int in
            tries += 1
            throw HotlineStore.BusyOutsideBody(underlying: busy)
        }) { error in
            XCTAssertEqual((error as? DatabaseError)?.resultCode, .SQLITE_BUSY)
        }
        XCTAssertEqual(tries, 3)
        XCTAssertEqual(pauses, [1, 2])
    }
}
