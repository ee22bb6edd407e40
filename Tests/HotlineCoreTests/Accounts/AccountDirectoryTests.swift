import Foundation
import GRDB
import XCTest
@testable import HotlineCore

final class AccountsDirectoryTests: DirectoryTestCase {
    func testAddMapsTheOSUserAndListsWithDepartment() throws {
        let accounts = AccountDirectory(store: store)
        let added = try accounts.add(NewAccount(login: "rc1", name: "钱联络", role: .department, departmentCode: "RC",
                                                osUser: "qian"), identity: try admin)
        XCTAssertEqual(added.account.osUser, "qian")
        XCTAssertEqual(added.departmentCode, "RC")
        XCTAssertEqual(added.departmentName, "如城街道")
        XCTAssertTrue(added.account.active)
        // The OS user now resolves to the account (peer authentication).
        XCTAssertEqual(try identity("qian").account.login, "rc1")

        let listed = try accounts.list(identity: try admin)
        XCTAssertEqual(listed.map(\.account.login), ["agent1", Self.adminUser, "lead1", "rc1", "tax1", "trainer1"])
        XCTAssertEqual(listed.first { $0.account.login == "agent1" }?.account.osUser, "agent1", "OS user defaults to the login")
        XCTAssertNil(listed.first { $0.account.login == "agent1" }?.departmentCode)
    }

    func testDepartmentRuleForRoles() throws {
        let accounts = AccountDirectory(store: store)
        XCTAssertEqual(thrown(try accounts.add(NewAccount(login: "d2", name: "x", role: .department), identity: try admin)) as? DirectoryError,
                       .departmentRequired(role: .department))
        for role in [Role.agent, .lead, .trainer, .admin] {
            let error = thrown(try accounts.add(NewAccount(login: "x\(role.rawValue)", name: "x", role: role, departmentCode: "TAX"),
                                                identity: try admin)) as? DirectoryError
            XCTAssertEqual(error, .departmentNotAllowed(role: role))
            XCTAssertEqual(error?.exitCode, .badData)
        }
        XCTAssertEqual(thrown(try accounts.add(NewAccount(login: "d3", name: "x", role: .department, departmentCode: "NOPE"),
                                               identity: try admin)) as? DirectoryError, .unknownDepartment("NOPE"))
        XCTAssertEqual(try count("account"), 5, "nothing written")
    }

    func testAddRefusesTakenAndMalformedNames() throws {
        let accounts = AccountDirectory(store: store)
        XCTAssertEqual(thrown(try accounts.add(NewAccount(login: "agent1", name: "x", role: .agent), identity: try admin)) as? DirectoryError,
                       .loginTaken("agent1"))
        XCTAssertEqual(thrown(try accounts.add(NewAccount(login: "agent9", name: "x", role: .agent, osUser: "lead1"), identity: try admin)) as? DirectoryError,
                       .osUserTaken(osUser: "lead1", login: "lead1"))
        for bad in ["", "张三", "a b", "-x", String(repeating: "a", count: 33)] {
            let error = thrown(try accounts.add(NewAccount(login: bad, name: "x", role: .agent), identity: try admin)) as? DirectoryError
            guard case .invalid(let field, _, _)? = error else { return XCTFail("\(bad): \(String(describing: error))") }
            XCTAssertEqual(field, "LOGIN")
        }
        let longName = thrown(try accounts.add(NewAccount(login: "ok", name: String(repeating: "名", count: 51), role: .agent),
                                               identity: try admin)) as? DirectoryError
        XCTAssertTrue(longName?.description.contains("最多 50") == true)
        XCTAssertEqual(try count("account"), 5)
    }

    func testRoleText() throws {
        XCTAssertEqual(try Role(text: "Lead"), .lead)
        XCTAssertEqual(try Role(text: "坐席"), .agent)
        XCTAssertThrowsError(try Role(text: "boss")) { error in
            XCTAssertTrue("\(error)".contains("agent"))
        }
    }

    func testOnlyAdminsManageAccounts() throws {
        let accounts = AccountDirectory(store: store)
        for who in [try agent, try lead, try trainer, try departmentUser] {
            assertRefused(try accounts.add(NewAccount(login: "n", name: "n", role: .agent), identity: who), needs: [.admin])
            assertRefused(try accounts.list(identity: who), needs: [.admin])
            assertRefused(try accounts.setActive(false, login: "agent1", identity: who), needs: [.admin])
            assertRefused(try accounts.setActive(true, login: "agent1", identity: who), needs: [.admin])
        }
        // An admin acting for an agent has the agent's role.
        let actingAsAgent = try identity(Self.adminUser, actingAs: "agent1")
        assertRefused(try accounts.list(identity: actingAsAgent), needs: [.admin])
    }

    func testDisableAndEnable() throws {
        let accounts = AccountDirectory(store: store)
        let disabled = try accounts.setActive(false, login: "agent1", identity: try admin)
        XCTAssertFalse(disabled.account.active)
        XCTAssertEqual(thrown(try identity("agent1")) as? AccessError, .disabled(login: "agent1"))
        XCTAssertEqual(thrown(try identity(Self.adminUser, actingAs: "agent1")) as? AccessError, .disabled(login: "agent1"))
        // Disabling again is harmless.
        XCTAssertFalse(try accounts.setActive(false, login: "agent1", identity: try admin).account.active)

        XCTAssertTrue(try accounts.setActive(true, login: "agent1", identity: try admin).account.active)
        XCTAssertEqual(try identity("agent1").role, .agent)

        XCTAssertEqual(thrown(try accounts.setActive(false, login: "ghost", identity: try admin)) as? DirectoryError,
                       .unknownAccount("ghost"))
    }

    func testLastActiveAdminStays() throws {
        let accounts = AccountDirectory(store: store)
        XCTAssertEqual(thrown(try accounts.setActive(false, login: Self.adminUser, identity: try admin)) as? DirectoryError,
                       .lastActiveAdmin(Self.adminUser))
        _ = try accounts.add(NewAccount(login: "admin2", name: "第二管理员", role: .admin), identity: try admin)
        XCTAssertFalse(try accounts.setActive(false, login: Self.adminUser, identity: try identity("admin2")).account.active)
        XCTAssertEqual(thrown(try identity(Self.adminUser)) as? AccessError, .disabled(login: Self.adminUser))
    }
}
