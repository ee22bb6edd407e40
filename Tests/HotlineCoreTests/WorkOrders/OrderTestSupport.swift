import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// A clock the test moves by hand.
final class MovableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date

    init(_ text: String) { instant = OrderTestCase.instant(text) }

    var now: Date { lock.withLock { instant } }

    func set(_ text: String) { lock.withLock { instant = OrderTestCase.instant(text) } }

    var hotlineClock: HotlineClock { HotlineClock { [self] in now } }
}

/// A database with the shipped calendar and SLA rules, two departments and one account
/// per role; the clock starts on Monday 2026-11-23 at 10:00 Beijing time (a plain week).
class OrderTestCase: XCTestCase {
    private(set) var directory: URL!
    private(set) var store: HotlineStore!
    private(set) var clock: MovableClock!
    var orders: WorkOrders { WorkOrders(store: store) }

    private(set) var agent: Identity!
    private(set) var lead: Identity!
    private(set) var trainer: Identity!
    private(set) var admin: Identity!
    /// The tax bureau's liaison (holds orders dispatched to TAX).
    private(set) var tax: Identity!
    /// The human-resources bureau's liaison.
    private(set) var hrss: Identity!

    /// A fresh database beside the test's own, migrated only as far as `migration`: for
    /// tests of what a later migration does to data written before it.
    func databaseAt(_ migration: String, name: String) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(path: directory.appendingPathComponent(name).path, configuration: HotlineStore.configuration())
        try HotlineMigrations.migrator.migrate(queue, upTo: migration)
        return queue
    }

    static func instant(_ text: String) -> Date {
        do { return try ShanghaiTime.parse(text) } catch { fatalError("bad test instant \(text): \(error)") }
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("hotline-order-tests-" + UUID().uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        clock = MovableClock("2026-11-23T10:00:00+08:00")
        store = try Setup.initialize(path: directory.appendingPathComponent("hotline.sqlite").path,
                                     seed: KnowledgeFixtures.seedDirectory, includeSamples: false,
                                     clock: clock.hotlineClock, osUser: "orderadmin").0
        let now = clock.now
        let accounts: [Account] = try store.write { db in
            var taxDepartment = Department(code: "TAX", name: "如皋市税务局", kind: .city, createdAt: now)
            try taxDepartment.insert(db)
            var hrssDepartment = Department(code: "HRSS", name: "如皋市人力资源和社会保障局", kind: .city, createdAt: now)
            try hrssDepartment.insert(db)
            var made: [Account] = []
            for (login, role, department) in [("agent1", Role.agent, nil), ("lead1", .lead, nil), ("trainer1", .trainer, nil),
                                              ("tax1", .department, taxDepartment.id), ("hrss1", .department, hrssDepartment.id)] {
                var account = Account(login: login, name: login, role: role, departmentID: department, osUser: nil, createdAt: now)
                try account.insert(db)
                made.append(account)
            }
            made.append(try Account.filter(Column("login") == "orderadmin").fetchOne(db)!)
            return made
        }
        agent = Identity(account: accounts[0], actingAdmin: nil)
        lead = Identity(account: accounts[1], actingAdmin: nil)
        trainer = Identity(account: accounts[2], actingAdmin: nil)
        tax = Identity(account: accounts[3], actingAdmin: nil)
        hrss = Identity(account: accounts[4], actingAdmin: nil)
        admin = Identity(account: accounts[5], actingAdmin: nil)
    }

    override func tearDownWithError() throws {
        store = nil
        if let directory { try? FileManager.default.removeItem(at: directory) }
        try super.tearDownWithError()
    }

    /// A consult order for TAX created by the agent now (dispatched, unless `department` is nil).
    @discardableResult
    func makeOrder(kind: OrderKind = .consult, department: String? = "TAX", title: String = "电子发票领用",
                   content: String = "企业咨询如何领用数电发票") throws -> WorkOrder {
        try orders.create(NewOrder(kind: kind, department: department, title: title, content: content,
                                   enterpriseName: "如皋市某某机械有限公司", phone: "13812345678"), identity: agent).order
    }

    /// Takes an order through sign, answer and an accepted review.
    func bringToCallback(_ number: String) throws {
        try orders.sign(number, identity: tax)
        try orders.answer(number, text: "可通过电子税务局申领", identity: tax)
        try orders.review(number, accept: true, identity: lead)
    }

    func status(_ number: String) throws -> OrderStatus {
        try orders.detail(number, identity: lead).order.status
    }

    func eventTypes(_ number: String) throws -> [OrderEventType] {
        try orders.detail(number, identity: lead).events.map(\.type)
    }

    /// Asserts that `body` throws an OrderError or AccessError with `exitCode`, and returns its message.
    @discardableResult
    func assertRefused(_ exitCode: ExitStatus, file: StaticString = #filePath, line: UInt = #line,
                       _ body: () throws -> Any) -> String {
        do {
            _ = try body()
            XCTFail("expected a refusal with exit \(exitCode.rawValue), but it succeeded", file: file, line: line)
        } catch let failure as any HotlineFailure {
            XCTAssertEqual(failure.exitCode, exitCode, "\(failure)", file: file, line: line)
            return failure.description
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return ""
    }
}
