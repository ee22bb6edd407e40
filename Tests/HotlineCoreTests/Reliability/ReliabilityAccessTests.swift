import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The roles table of DESIGN.md, denial by denial, and disabled accounts refused at
/// their next action even with an identity held in memory since the morning.
final class ReliabilityAccessTests: OrderTestCase {
    private var everyone: [Identity] { [agent, lead, trainer, tax, admin] }

    func testEveryOrderOperationRefusesEveryRoleNotInTheTable() throws {
        let number = try makeOrder().number
        let operations: [(OrderOperation, (Identity) throws -> Any)] = [
            (.create, { try self.orders.create(NewOrder(kind: .consult, department: "TAX", title: "t", content: "c"), identity: $0) }),
            (.dispatch, { try self.orders.dispatch(number, to: "HRSS", identity: $0) }),
            (.sign, { try self.orders.sign(number, identity: $0) }),
            (.contact, { try self.orders.contact(number, note: "n", identity: $0) }),
            (.answer, { try self.orders.answer(number, text: "a", identity: $0) }),
            (.review, { try self.orders.review(number, accept: true, identity: $0) }),
            (.requestReturn, { try self.orders.requestReturn(number, reason: "r", suggestedDepartment: nil, identity: $0) }),
            (.decideReturn, { try self.orders.decideReturn(number, approve: true, identity: $0) }),
            (.requestExtension, { try self.orders.requestExtension(number, days: 1, reason: "r", identity: $0) }),
            (.decideExtension, { try self.orders.decideExtension(number, approve: true, identity: $0) }),
            (.callback, { try self.orders.callback(number, channel: .sms, result: .satisfied, identity: $0) }),
            (.urge, { try self.orders.urge(number, note: "n", identity: $0) }),
            (.supervise, { try self.orders.supervise(number, note: "n", identity: $0) }),
            (.merge, { try self.orders.merge(number, into: number + "X", identity: $0) }),
            (.reassign, { try self.orders.reassign(number, to: "HRSS", identity: $0) }),
        ]
        XCTAssertEqual(Set(operations.map(\.0)), Set(OrderOperation.allCases), "every operation is in this test")
        var denials = 0
        for (operation, body) in operations {
            for identity in everyone where !operation.roles.contains(identity.role) {
                let message = assertRefused(.permissionDenied) { try body(identity) }
                XCTAssertTrue(message.contains(operation.label), "\(operation) by \(identity.role): \(message)")
                denials += 1
            }
        }
        XCTAssertEqual(denials, 15 * 5 - operations.reduce(0) { $0 + $1.0.roles.count })
        // Nothing was written by any refusal.
        XCTAssertEqual(try eventTypes(number), [.created, .dispatched])
    }

    func testADepartmentActsAndReadsOnlyItsOwnOrders() throws {
        let number = try makeOrder().number
        assertRefused(.permissionDenied) { try self.orders.sign(number, identity: self.hrss) }
        assertRefused(.permissionDenied) { try self.orders.detail(number, identity: self.hrss) }
        XCTAssertEqual(try orders.list(OrderFilter(), identity: hrss).count, 0)
        XCTAssertEqual(try orders.export(OrderFilter(), format: .csv, identity: hrss).count, 0)
        XCTAssertEqual(try orders.list(OrderFilter(), identity: tax).count, 1)
        assertRefused(.permissionDenied) { try self.orders.list(OrderFilter(), identity: self.trainer) }
        assertRefused(.permissionDenied) { try self.orders.detail(number, identity: self.trainer) }
        assertRefused(.permissionDenied) { try self.orders.export(OrderFilter(), format: .csv, identity: self.trainer) }
    }

    func testAdministrationIsForAdminsOnly() throws {
        try makeOrder()
        let backup = directory.appendingPathComponent("b.sqlite").path
        for identity in [agent!, lead!, trainer!, tax!] {
            assertRefused(.permissionDenied) { try DatabaseBackup.backup(self.store, to: backup, identity: identity) }
            assertRefused(.permissionDenied) { try HealthCheck.run(self.store, identity: identity) }
            assertRefused(.permissionDenied) { try AuditVerification.verify(self.store, identity: identity) }
            assertRefused(.permissionDenied) { try self.orders.export(OrderFilter(), format: .json, unmask: true, identity: identity) }
            assertRefused(.permissionDenied) {
                try AccountDirectory(store: self.store).add(NewAccount(login: "x", name: "x", role: .agent), identity: identity)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: backup))
    }

    func testADisabledAccountIsRefusedAtItsNextActionWithoutLoggingOut() throws {
        let number = try makeOrder().number
        // The console resolved these identities at the start of the shift and keeps them.
        let heldAgent = agent!, heldDepartment = tax!
        let directory = AccountDirectory(store: store)
        try directory.setActive(false, login: "agent1", identity: admin)
        try directory.setActive(false, login: "tax1", identity: admin)

        let message = assertRefused(.permissionDenied) { try self.makeOrderAs(heldAgent) }
        XCTAssertTrue(message.contains("agent1") && message.contains("停用"), message)
        assertRefused(.permissionDenied) { try self.orders.list(OrderFilter(), identity: heldAgent) }
        assertRefused(.permissionDenied) { try self.orders.sign(number, identity: heldDepartment) }
        assertRefused(.permissionDenied) {
            try CallService(store: self.store).record(CallIntake(phone: "13812345678", content: "咨询"), identity: heldAgent)
        }
        XCTAssertEqual(try eventTypes(number), [.created, .dispatched])

        try directory.setActive(true, login: "tax1", identity: admin)
        XCTAssertEqual(try orders.sign(number, identity: heldDepartment).order.status, .signed, "enabled again, it works again")
    }

    func testAnAdminActingForSomeoneIsCheckedToo() throws {
        let number = try makeOrder().number
        let directory = AccountDirectory(store: store)
        _ = try directory.add(NewAccount(login: "admin2", name: "二号管理员", role: .admin), identity: admin)
        let admin2 = try store.read { db in try Account.filter(Column("login") == "admin2").fetchOne(db)! }
        let actingLead = Identity(account: lead.account, actingAdmin: admin2.login)
        try orders.urge(number, note: "代班长催办", identity: actingLead)
        try directory.setActive(false, login: "admin2", identity: admin)
        let message = assertRefused(.permissionDenied) { try self.orders.urge(number, note: "再催", identity: actingLead) }
        XCTAssertTrue(message.contains("admin2"), message)
    }

    private func makeOrderAs(_ identity: Identity) throws -> OrderChange {
        try orders.create(NewOrder(kind: .consult, department: "TAX", title: "t", content: "c"), identity: identity)
    }
}
