import Foundation
import GRDB
import XCTest
@testable import HotlineCore

final class CallsServiceTests: CallTestCase {
    func testRecordNormalisesAndTagsEnterpriseCalls() throws {
        let recorded = try calls.record(CallIntake(channel: .phone, phone: "+86 138-1234-5678", callerName: " 周先生 ",
                                                   enterpriseName: "如皋市某某机械有限公司", uscc: "91320682ma1u12345h",
                                                   requestType: .complaint, content: "  稳岗返还补贴两个月未到账\n请核实 ",
                                                   tags: ["重点"]),
                                        identity: try agent)
        let call = recorded.call.call
        XCTAssertEqual(call.callerPhone, "13812345678")
        XCTAssertEqual(call.callerName, "周先生")
        XCTAssertEqual(call.enterpriseUSCC, Self.uscc, "upper-cased")
        XCTAssertFalse(call.usccCheckOverridden)
        XCTAssertEqual(call.requestType, .complaint)
        XCTAssertEqual(call.content, "稳岗返还补贴两个月未到账\n请核实")
        XCTAssertEqual(call.outcome, .open)
        XCTAssertEqual(call.receivedAt, Self.now)
        XCTAssertEqual(call.agentLogin, "agent1")
        XCTAssertEqual(call.recordedBy, "agent1")
        XCTAssertNil(call.actingFor)
        XCTAssertEqual(recorded.call.tags, ["企业", "重点"], "企业 first")
        XCTAssertNil(recorded.overriddenUSCC)
        XCTAssertEqual(recorded.repeats, [])

        // Read back from the store.
        let shown = try calls.show(recorded.call.id, identity: try lead)
        XCTAssertEqual(shown, recorded.call)
    }

    func testEnterpriseTagFollowsNameOrCodeAndCanBeDeclined() throws {
        XCTAssertEqual(try record(enterprise: "某公司").tags, ["企业"])
        XCTAssertEqual(try record(uscc: Self.uscc).tags, ["企业"])
        XCTAssertEqual(try record().tags, [])
        let declined = try calls.record(CallIntake(phone: "13812345678", enterpriseName: "某公司", content: "问题",
                                                   enterpriseTag: false), identity: try agent)
        XCTAssertEqual(declined.call.tags, [])
    }

    func testFailingCheckCharacterNeedsTheOverride() throws {
        let bad = "91320682MA1U12345X"
        let error = thrown(try record(uscc: bad)) as? IntakeError
        XCTAssertEqual(error, .usccCheckFailed(code: bad, expected: "H", actual: "X"))
        XCTAssertTrue(error?.description.contains("应为 H") == true)
        XCTAssertEqual(error?.exitCode, .badData)
        XCTAssertEqual(try count("call"), 0, "nothing written")

        let kept = try calls.record(CallIntake(phone: "13812345678", uscc: bad, acceptFailingUSCC: true, content: "问题"),
                                    identity: try agent)
        XCTAssertTrue(kept.call.call.usccCheckOverridden)
        XCTAssertEqual(kept.call.call.enterpriseUSCC, bad)
        XCTAssertEqual(kept.overriddenUSCC?.expectedCheckCharacter, "H")
        XCTAssertEqual(kept.call.tags, ["企业"])
    }

    func testBadInputWritesNothing() throws {
        let cases: [(CallIntake, IntakeError)] = [
            (CallIntake(phone: "12345", content: "x"), .phoneInvalid(text: "12345", reason: "")),
            (CallIntake(phone: nil, content: "x"), .phoneRequired(channel: "电话")),
            (CallIntake(phone: "13812345678", content: "  "), .fieldEmpty(field: "诉求内容")),
            (CallIntake(phone: "13812345678", content: "a\u{1B}]52;c;ZWNobw==\u{07}"), .fieldHasControlCharacters(field: "诉求内容")),
            (CallIntake(phone: "13812345678", content: String(repeating: "长", count: 4001)),
             .fieldTooLong(field: "诉求内容", limit: 4000, actual: 4001)),
            (CallIntake(phone: "13812345678", enterpriseName: String(repeating: "企", count: 101), content: "x"),
             .fieldTooLong(field: "企业名称", limit: 100, actual: 101)),
            (CallIntake(phone: "13812345678", uscc: "9132068", content: "x"), .usccInvalid(text: "9132068", reason: "")),
            (CallIntake(phone: "13812345678", content: "x", tags: [String(repeating: "标", count: 21)]),
             .invalidTag(String(repeating: "标", count: 21), reason: "")),
        ]
        for (intake, expected) in cases {
            let error = thrown(try calls.record(intake, identity: try agent)) as? IntakeError
            switch (error, expected) {
            case (.phoneInvalid?, .phoneInvalid), (.usccInvalid?, .usccInvalid), (.invalidTag?, .invalidTag): break
            default: XCTAssertEqual(error, expected)
            }
        }
        XCTAssertEqual(try count("call"), 0)
        XCTAssertEqual(try count("call_tag"), 0)
    }

    func testOtherChannelsMayComeWithoutPhone() throws {
        let web = try calls.record(CallIntake(channel: .miniProgram, phone: nil, content: "留言咨询"), identity: try agent)
        XCTAssertNil(web.call.call.callerPhone)
        XCTAssertEqual(web.call.call.channel, .miniProgram)
        XCTAssertEqual(try Call.Channel(text: "小程序"), .miniProgram)
        XCTAssertEqual(try Call.Channel(text: "APP"), .app)
        XCTAssertEqual(try Call.RequestType(text: "举报"), .report)
        XCTAssertThrowsError(try Call.Channel(text: "fax"))
    }

    func testAdminActingForAnAgentIsRecordedAsBoth() throws {
        let acting = try identity(Self.adminUser, actingAs: "agent1")
        let call = try record(as: acting)
        XCTAssertEqual(call.call.recordedBy, "agent1")
        XCTAssertEqual(call.call.actingFor, Self.adminUser)
        XCTAssertEqual(call.call.agentLogin, "agent1")
    }

    func testTags() throws {
        let call = try record(enterprise: "某公司")
        XCTAssertEqual(try calls.addTag(" 重点 ", to: call.id, identity: try agent).tags, ["企业", "重点"])
        XCTAssertEqual(try calls.addTag("重点", to: call.id, identity: try agent).tags, ["企业", "重点"], "adding twice is harmless")
        XCTAssertEqual(try calls.removeTag("企业", from: call.id, identity: try lead).tags, ["重点"])
        let missing = thrown(try calls.removeTag("企业", from: call.id, identity: try agent)) as? IntakeError
        XCTAssertTrue(missing?.description.contains("现有：重点") == true, "\(String(describing: missing))")
        XCTAssertThrowsError(try calls.addTag("  ", to: call.id, identity: try agent))
        XCTAssertEqual(thrown(try calls.addTag("x", to: 999, identity: try agent)) as? IntakeError, .callNotFound(999))
    }

    func testOutcomes() throws {
        let call = try record()
        try insertEntry("KB-001")
        try insertEntry("KB-DRAFT", status: "draft")

        let answered = try calls.setOutcome(.knowledge(externalID: "KB-001"), for: call.id, identity: try agent)
        XCTAssertEqual(answered.call.outcome, .knowledge)
        XCTAssertEqual(answered.knowledgeEntryExternalID, "KB-001")
        XCTAssertEqual(thrown(try calls.setOutcome(.knowledge(externalID: "KB-404"), for: call.id, identity: try agent)) as? IntakeError,
                       .unknownKnowledgeEntry("KB-404"))
        XCTAssertEqual(thrown(try calls.setOutcome(.knowledge(externalID: "KB-DRAFT"), for: call.id, identity: try agent)) as? IntakeError,
                       .draftKnowledgeEntry("KB-DRAFT"))

        let excluded = try calls.setOutcome(.outOfScope(.emergencyFire), for: call.id, identity: try agent)
        XCTAssertEqual(excluded.call.outcome, .outOfScope)
        XCTAssertEqual(excluded.call.outOfScopeReason, .emergencyFire)
        XCTAssertNil(excluded.call.knowledgeEntryID, "the earlier outcome is replaced")
        XCTAssertTrue(excluded.call.outOfScopeReason?.script.contains("119") == true)

        let transferred = try calls.setOutcome(.transferred(to: "市场监管 12315"), for: call.id, identity: try lead)
        XCTAssertEqual(transferred.call.outcome, .transferred)
        XCTAssertEqual(transferred.call.transferredTo, "市场监管 12315")
        XCTAssertNil(transferred.call.outOfScopeReasonCode)
        XCTAssertEqual(thrown(try calls.setOutcome(.transferred(to: " "), for: call.id, identity: try agent)) as? IntakeError,
                       .fieldEmpty(field: "转接去向"))
        XCTAssertEqual(thrown(try calls.setOutcome(.outOfScope(.other), for: 999, identity: try agent)) as? IntakeError,
                       .callNotFound(999))
    }

    func testSpecialistAndOrderHooks() throws {
        let call = try record()
        try store.write { db in XCTAssertTrue(try Call.markResolvedBySpecialist(callID: call.id, at: Self.now, in: db)) }
        XCTAssertEqual(try calls.show(call.id, identity: try agent).call.outcome, .specialist)

        try insertOrder("YQL-20260601-0001", title: "稳岗返还", content: "未到账", callID: call.id)
        try store.write { db in try Call.markOrdered(callID: call.id, at: Self.now, in: db) }
        let ordered = try calls.show(call.id, identity: try agent)
        XCTAssertEqual(ordered.call.outcome, .order)
        XCTAssertEqual(ordered.orderNumbers, ["YQL-20260601-0001"])

        // The order is the record now: neither the agent nor a later specialist answer replaces it.
        XCTAssertEqual(thrown(try calls.setOutcome(.outOfScope(.other), for: call.id, identity: try agent)) as? IntakeError,
                       .outcomeLocked(callID: call.id, outcome: "生成工单"))
        try store.write { db in XCTAssertFalse(try Call.markResolvedBySpecialist(callID: call.id, at: Self.now, in: db)) }
        XCTAssertEqual(try calls.show(call.id, identity: try agent).call.outcome, .order)
        XCTAssertThrowsError(try store.write { db in try Call.markOrdered(callID: 999, at: Self.now, in: db) }) {
            XCTAssertEqual($0 as? IntakeError, .callNotFound(999))
        }
    }

    func testOutOfScopeReasonsCoverArticleNine() throws {
        let articles = Set(OutOfScopeReason.allCases.map(\.article))
        XCTAssertEqual(articles, Set((["一", "二", "三", "四", "五", "六"]).map { "第九条（\($0)）" }))
        XCTAssertEqual(OutOfScopeReason.allCases.compactMap(\.emergencyNumber), ["110", "119", "120", "12395"])
        for reason in OutOfScopeReason.allCases {
            XCTAssertFalse(reason.script.isEmpty)
            if let number = reason.emergencyNumber { XCTAssertTrue(reason.script.contains(number), reason.rawValue) }
        }
        XCTAssertEqual(try OutOfScopeReason(text: "120"), .emergencyMedical)
        XCTAssertEqual(try OutOfScopeReason(text: "legal-process"), .legalProcess)
        XCTAssertThrowsError(try OutOfScopeReason(text: "weather")) { XCTAssertTrue("\($0)".contains("jurisdiction")) }
    }

    func testRecentAndShow() throws {
        let first = try record(content: "第一次")
        let second = try record(phone: "0513-80001001", content: "第二次")
        XCTAssertEqual(try calls.recent(identity: try agent).map(\.id), [second.id, first.id])
        XCTAssertEqual(try calls.recent(limit: 1, identity: try agent).map(\.id), [second.id])
        XCTAssertEqual(thrown(try calls.show(999, identity: try agent)) as? IntakeError, .callNotFound(999))
    }

    func testAmendFillsInARungCall() throws {
        let rung = try calls.ring(phone: "13812345678", identity: try agent).call
        XCTAssertEqual(rung.call.content, "")
        let amended = try calls.amend(callID: rung.id, CallAmendment(callerName: "周先生", enterpriseName: "某公司",
                                                                     uscc: Self.uscc, requestType: .help, content: "要求核实补贴"),
                                      identity: try agent)
        XCTAssertEqual(amended.call.call.callerName, "周先生")
        XCTAssertEqual(amended.call.call.enterpriseUSCC, Self.uscc)
        XCTAssertEqual(amended.call.call.requestType, .help)
        XCTAssertEqual(amended.call.tags, ["企业"])
        XCTAssertEqual(thrown(try calls.amend(callID: rung.id, CallAmendment(uscc: "91320682MA1U12345X"), identity: try agent)) as? IntakeError,
                       .usccCheckFailed(code: "91320682MA1U12345X", expected: "H", actual: "X"))
        // Clearing the code.
        XCTAssertNil(try calls.amend(callID: rung.id, CallAmendment(uscc: ""), identity: try agent).call.call.enterpriseUSCC)
    }
}
