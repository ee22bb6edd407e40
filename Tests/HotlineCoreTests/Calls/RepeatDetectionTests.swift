import Foundation
import GRDB
import XCTest
@testable import HotlineCore

final class CallsRepeatDetectionTests: CallTestCase {
    private let phone = "13812345678"

    func testSimilarOpenOrderFromTheSamePhoneIsOffered() throws {
        try insertOrder("YQL-1", title: "稳岗返还补贴未到账", content: "企业申请稳岗返还补贴两个月未到账，请人社部门核实发放进度",
                        phone: phone)
        try insertOrder("YQL-2", title: "道路施工", content: "厂区门口道路施工影响货车进出", phone: phone)
        let repeats = try calls.repeats(phone: "138 1234 5678", content: "稳岗返还补贴什么时候到账？申请两个月了还没收到",
                                        identity: try agent)
        XCTAssertEqual(repeats.map(\.order.number), ["YQL-1"], "the dissimilar order is not offered")
        XCTAssertEqual(repeats.first?.matchedBy, [.phone])
        XCTAssertGreaterThanOrEqual(repeats.first?.similarity ?? 0, ContentSimilarity.threshold)
        XCTAssertEqual(repeats.first?.order.departmentCode, "TAX")
    }

    func testWindowAndStatusRules() throws {
        let content = "稳岗返还补贴两个月未到账"
        try insertOrder("OLD", title: "稳岗返还补贴", content: content, phone: phone, daysAgo: 31)
        try insertOrder("EDGE", title: "稳岗返还补贴", content: content, phone: phone, daysAgo: 29.9)
        try insertOrder("CLOSED", status: "closed", title: "稳岗返还补贴", content: content, phone: phone)
        try insertOrder("MERGED", status: "merged", title: "稳岗返还补贴", content: content, phone: phone)
        try insertOrder("SIGNED", status: "signed", title: "稳岗返还补贴", content: content, phone: phone, daysAgo: 2)
        try insertOrder("PENDING", status: "pending_dispatch", title: "稳岗返还补贴", content: content, phone: phone, daysAgo: 3)
        try insertOrder("OTHERPHONE", title: "稳岗返还补贴", content: content, phone: "13900000000")
        let numbers = try calls.repeats(phone: phone, content: "稳岗返还补贴还没到账", identity: try agent).map(\.order.number)
        XCTAssertEqual(Set(numbers), ["EDGE", "SIGNED", "PENDING"])
    }

    func testBestFirst() throws {
        try insertOrder("LOOSE", title: "补贴", content: "稳岗返还补贴和社保补贴的政策咨询，还有研发费用加计扣除", phone: phone)
        try insertOrder("CLOSE", title: "稳岗返还补贴未到账", content: "稳岗返还补贴两个月未到账", phone: phone)
        let repeats = try calls.repeats(phone: phone, content: "稳岗返还补贴两个月了还没到账", identity: try agent)
        XCTAssertEqual(repeats.first?.order.number, "CLOSE")
        XCTAssertEqual(repeats.map(\.similarity), repeats.map(\.similarity).sorted(by: >))
    }

    func testEnterpriseMatchesByCodeNameOrOriginatingCall() throws {
        let content = "增值税留抵退税申请后一个月未到账"
        try insertOrder("BYCODE", title: "留抵退税", content: content, uscc: Self.uscc)
        try insertOrder("BYNAME", title: "留抵退税", content: content, enterprise: "如皋市某某机械有限公司")
        let earlier = try record(phone: "0513-80001001", enterprise: "如皋市某某机械有限公司", uscc: Self.uscc, content: content)
        try insertOrder("BYCALL", title: "留抵退税", content: content, callID: earlier.id)
        try insertOrder("OTHERFIRM", title: "留抵退税", content: content, uscc: Self.otherUSCC)

        let byCode = try calls.repeats(phone: nil, uscc: Self.uscc, content: "留抵退税还没有到账", identity: try agent)
        XCTAssertEqual(Set(byCode.map(\.order.number)), ["BYCODE", "BYCALL"])
        let byName = try calls.repeats(phone: nil, enterpriseName: "如皋市某某机械有限公司", content: "留抵退税还没有到账",
                                       identity: try agent)
        XCTAssertEqual(Set(byName.map(\.order.number)), ["BYNAME", "BYCALL"])
        let byPhone = try calls.repeats(phone: "051380001001", content: "留抵退税还没有到账", identity: try agent)
        XCTAssertEqual(byPhone.map(\.order.number), ["BYCALL"])
        XCTAssertEqual(byPhone.first?.matchedBy, [.phone])
        let all = try calls.repeats(phone: "0513-80001001", uscc: Self.uscc, enterpriseName: "如皋市某某机械有限公司",
                                    content: "留抵退税还没有到账", identity: try agent)
        XCTAssertEqual(all.first { $0.order.number == "BYCALL" }?.matchedBy, [.phone, .uscc, .enterpriseName])
    }

    func testRecordingACallOffersRepeats() throws {
        try insertOrder("YQL-1", title: "稳岗返还补贴未到账", content: "稳岗返还补贴两个月未到账", phone: phone)
        let recorded = try calls.record(CallIntake(phone: phone, content: "稳岗返还补贴还没到账"), identity: try agent)
        XCTAssertEqual(recorded.repeats.map(\.order.number), ["YQL-1"])
        let unrelated = try calls.record(CallIntake(phone: phone, content: "企业开办刻章费用谁出"), identity: try agent)
        XCTAssertEqual(unrelated.repeats, [])
    }

    func testLookupNeedsAKeyAndValidatesIt() throws {
        XCTAssertEqual(thrown(try calls.repeats(phone: nil, content: "x", identity: try agent)) as? IntakeError, .nothingToMatch)
        XCTAssertEqual(thrown(try calls.repeats(phone: "  ", uscc: "", content: "x", identity: try agent)) as? IntakeError, .nothingToMatch)
        guard case .phoneInvalid? = thrown(try calls.repeats(phone: "123", content: "x", identity: try agent)) as? IntakeError else {
            return XCTFail("a bad phone is refused")
        }
        // A lookup reads only, so a code with a failing check character is still looked up.
        XCTAssertEqual(try calls.repeats(phone: nil, uscc: "91320682MA1U12345X", content: "x", identity: try agent), [])
    }

    func testRingRecordsTheCallAndReturnsHistory() throws {
        let earlier = try record(content: "第一次来电")
        _ = try record(phone: "13900000000", content: "别人的来电")
        try insertOrder("OPEN", title: "未到账", content: "未到账", phone: phone)
        try insertOrder("DONE", status: "closed", title: "已办结", content: "已办结", phone: phone)
        try insertOrder("VIACALL", title: "经来电", content: "经来电", callID: earlier.id)

        let ring = try calls.ring(phone: "+86 13812345678", agent: "lead1", identity: try agent)
        XCTAssertEqual(ring.call.call.callerPhone, phone)
        XCTAssertEqual(ring.call.call.agentLogin, "lead1")
        XCTAssertEqual(ring.call.call.recordedBy, "agent1")
        XCTAssertEqual(ring.call.call.channel, .phone)
        XCTAssertEqual(ring.history.calls.map(\.id), [earlier.id], "earlier calls of this phone, not the new one")
        XCTAssertEqual(Set(ring.history.openOrders.map(\.number)), ["OPEN", "VIACALL"])

        XCTAssertEqual(thrown(try calls.ring(phone: phone, agent: "tax1", identity: try agent)) as? IntakeError,
                       .notAnAgent(login: "tax1", role: .department))
        XCTAssertEqual(thrown(try calls.ring(phone: phone, agent: "nobody", identity: try agent)) as? IntakeError,
                       .unknownAgent("nobody"))
        _ = try AccountDirectory(store: store).setActive(false, login: "lead1", identity: try admin)
        XCTAssertEqual(thrown(try calls.ring(phone: phone, agent: "lead1", identity: try agent)) as? IntakeError,
                       .unknownAgent("lead1"))
        XCTAssertEqual(try count("call"), 3, "refused rings write nothing")
    }

    func testHistoryByCode() throws {
        let a = try record(phone: "13800000001", uscc: Self.uscc, content: "一")
        let b = try record(phone: "13800000002", uscc: Self.uscc, content: "二")
        _ = try record(phone: "13800000003", uscc: Self.otherUSCC, content: "三")
        try insertOrder("CODE", title: "t", content: "c", uscc: Self.uscc)
        let history = try calls.history(phone: nil, uscc: Self.uscc.lowercased(), identity: try lead)
        XCTAssertEqual(history.calls.map(\.id), [b.id, a.id])
        XCTAssertEqual(history.openOrders.map(\.number), ["CODE"])
        let both = try calls.history(phone: "13800000003", uscc: Self.uscc, identity: try lead)
        XCTAssertEqual(both.calls.count, 3)
        XCTAssertEqual(thrown(try calls.history(phone: nil, uscc: nil, identity: try lead)) as? IntakeError, .nothingToMatch)
    }
}
