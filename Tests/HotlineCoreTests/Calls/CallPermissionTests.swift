import Foundation
import XCTest
@testable import HotlineCore

/// Every intake operation is for agents and leads; trainers, departments and admins (not
/// acting for an agent) are refused with exit 77 naming the roles needed.
final class CallsPermissionTests: CallTestCase {
    func testEveryOperationRefusesOtherRoles() throws {
        let call = try record(enterprise: "某公司")
        let intakeRoles: [Role] = [.agent, .lead]
        for who in [try trainer, try departmentUser, try admin] {
            assertRefused(try calls.record(CallIntake(phone: "13812345678", content: "x"), identity: who), needs: intakeRoles)
            assertRefused(try calls.ring(phone: "13812345678", identity: who), needs: intakeRoles)
            assertRefused(try calls.amend(callID: call.id, CallAmendment(content: "y"), identity: who), needs: intakeRoles)
            assertRefused(try calls.setOutcome(.outOfScope(.other), for: call.id, identity: who), needs: intakeRoles)
            assertRefused(try calls.addTag("重点", to: call.id, identity: who), needs: intakeRoles)
            assertRefused(try calls.removeTag("企业", from: call.id, identity: who), needs: intakeRoles)
            assertRefused(try calls.show(call.id, identity: who), needs: intakeRoles)
            assertRefused(try calls.recent(identity: who), needs: intakeRoles)
            assertRefused(try calls.history(phone: "13812345678", uscc: nil, identity: who), needs: intakeRoles)
            assertRefused(try calls.repeats(phone: "13812345678", content: "x", identity: who), needs: intakeRoles)
            assertRefused(try calls.enterpriseNames(matching: "某", identity: who), needs: intakeRoles)
        }
        XCTAssertEqual(try count("call"), 1)
        XCTAssertEqual(try calls.show(call.id, identity: try agent).tags, ["企业"], "nothing changed")
        XCTAssertEqual(try calls.show(call.id, identity: try agent).call.outcome, .open)
    }

    func testRefusalNamesTheRoles() throws {
        do {
            _ = try calls.record(CallIntake(phone: "13812345678", content: "x"), identity: try departmentUser)
            XCTFail("refused")
        } catch let error as AccessError {
            XCTAssertEqual(error.description, "记录来电 需要坐席（agent）或班长（lead）角色；当前角色为承办单位联络员（department）")
        }
    }

    func testAgentsLeadsAndActingAdminsMayTakeCalls() throws {
        XCTAssertNoThrow(try record(as: try agent))
        XCTAssertNoThrow(try record(as: try lead))
        XCTAssertNoThrow(try record(as: try identity(Self.adminUser, actingAs: "lead1")))
    }
}
