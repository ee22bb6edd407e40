import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Finding a specialist for a caller's topic: expertise match with the search tokenizer
/// and synonyms, then recent answers, then name.
final class SpecialistsFindTests: SpecialistTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try initialize()
        try addDepartment("TAX", "如皋市税务局")
        try addDepartment("HRSS", "如皋市人力资源和社会保障局")
        try importForm("""
            department,name,title,phone,expertise
            TAX,季晓岚,税政一股副股长,13812345678,增值税、留抵退税、出口退税
            TAX,顾文澜,纳税服务股股长,0513-80001001,发票管理、电子税务局、纳税信用
            TAX,缪婷婷,社会保险费和非税收入股主任科员,0513-80001004,社会保险费、残疾人就业保障金
            HRSS,陈佩瑶,工伤保险科主任科员,0513-80002003,工伤认定、工伤保险待遇
            HRSS,吴立新,劳动关系科副科长,0513-80002002,劳动合同、经济补偿
            HRSS,朱海燕,就业促进科科长,0513-80002001,就业补贴、稳岗返还
            """)
    }

    func testBestExpertiseMatchFirstWithMatchedAreas() throws {
        let matches = try roster.find(topic: "增值税留抵退税怎么申请")
        XCTAssertEqual(matches.first?.listing.specialist.name, "季晓岚")
        // 留抵退税 is one synonym unit, so 出口退税 does not match on 退税 alone.
        XCTAssertEqual(matches.first?.matchedExpertise, ["增值税", "留抵退税"])
        let score = try XCTUnwrap(matches.first?.score)
        XCTAssertGreaterThan(score, 0.5)
        XCTAssertLessThanOrEqual(score, 1)
        XCTAssertTrue(matches.dropFirst().allSatisfy { $0.score < score }, "\(matches.map { ($0.listing.specialist.name, $0.score) })")
        XCTAssertFalse(matches.contains { $0.listing.specialist.name == "吴立新" }, "no match, not listed")
    }

    func testSynonymLongFormDoesNotDragInBroaderAreas() throws {
        // 留抵退税 = 增值税期末留抵税额退税: the long form holds 增值税, the caller did not say it.
        let matches = try roster.find(topic: "留抵退税")
        XCTAssertEqual(matches.map(\.listing.specialist.name), ["季晓岚"])
        XCTAssertEqual(matches[0].matchedExpertise, ["留抵退税"])
    }

    func testAreaInsideTheTopicMatches() throws {
        let matches = try roster.find(topic: "劳动合同到期不续签有经济补偿吗")
        XCTAssertEqual(matches.map(\.listing.specialist.name), ["吴立新"])
        XCTAssertEqual(matches[0].matchedExpertise, ["劳动合同", "经济补偿"])
    }

    func testSynonymFindsTheFullForm() throws {
        // 社保 = 社会保险 (knowledge-seed/synonyms.txt): 社会保险费 holds the full form.
        let matches = try roster.find(topic: "社保")
        XCTAssertEqual(matches.map(\.listing.specialist.name), ["缪婷婷"])
        XCTAssertEqual(matches[0].matchedExpertise, ["社会保险费"])
        XCTAssertEqual(matches[0].score, 1)
        // Without the synonym table, 社保 appears in no expertise text at all.
        XCTAssertFalse(try roster.list().contains { $0.specialist.expertise.joined().contains("社保") })
    }

    func testTieBrokenByRecentAnswersThenName() throws {
        try importForm("""
            department,name,title,phone,expertise
            TAX,丁一鸣,法制股科员,0513-80001005,出口退税、税务注销
            TAX,冒俊驰,税政二股科员,0513-80001003,出口退税、企业所得税
            """, name: "more.csv")
        let ding = try specialist(named: "丁一鸣")
        let mao = try specialist(named: "冒俊驰")
        let ji = try specialist(named: "季晓岚")
        // Same match for all three; no recent answers yet: by name (Unicode order).
        var names = try roster.find(topic: "出口退税").map(\.listing.specialist.name)
        XCTAssertEqual(names, ["丁一鸣", "冒俊驰", "季晓岚"].sorted())

        // 冒俊驰 resolved two calls in the last 90 days; 丁一鸣 three, but long ago; 季晓岚 one.
        try addResolvedAnswer(specialistID: mao.id!, endedAt: "2026-05-20T10:00:00+08:00")
        try addResolvedAnswer(specialistID: mao.id!, endedAt: "2026-03-10T10:00:00+08:00")
        for _ in 0..<3 { try addResolvedAnswer(specialistID: ding.id!, endedAt: "2026-02-01T10:00:00+08:00") }
        try addResolvedAnswer(specialistID: ji.id!, endedAt: "2026-05-31T10:00:00+08:00")
        let matches = try roster.find(topic: "出口退税")
        names = matches.map(\.listing.specialist.name)
        XCTAssertEqual(names, ["冒俊驰", "季晓岚", "丁一鸣"])
        XCTAssertEqual(matches.map(\.listing.recentAnswers), [2, 1, 0])
        XCTAssertEqual(Set(matches.map(\.score)).count, 1, "the tie-break does not change the score")
    }

    func testUnresolvedAnswersDoNotCount() throws {
        let ji = try specialist(named: "季晓岚")
        let call = try addCall()
        let agent = try identity(.agent)
        let record = try log.start(callID: call, specialistID: ji.id!, question: "出口退税", identity: agent)
        _ = try log.finish(id: record.id!, answer: "需要再核实", resolved: false, identity: agent)
        XCTAssertEqual(try roster.find(topic: "出口退税").first?.listing.recentAnswers, 0)
    }

    func testDepartmentFilterByCodeOrName() throws {
        XCTAssertEqual(try roster.find(topic: "工伤", department: "HRSS").map(\.listing.specialist.name), ["陈佩瑶"])
        XCTAssertEqual(try roster.find(topic: "工伤", department: "如皋市税务局"), [])
        XCTAssertEqual(try roster.find(topic: "保险", department: "如皋市税务局").map(\.listing.specialist.name), ["缪婷婷"])
        XCTAssertThrowsError(try roster.find(topic: "保险", department: "NOPE")) { error in
            XCTAssertEqual(error as? SpecialistError, .unknownDepartment("NOPE"))
            XCTAssertEqual((error as? SpecialistError)?.exitCode, .usage)
        }
    }

    func testInactiveSpecialistsAreNotFound() throws {
        let ji = try specialist(named: "季晓岚")
        try store.write { db in try db.execute(sql: "UPDATE specialist SET active = 0 WHERE id = ?", arguments: [ji.id]) }
        XCTAssertFalse(try roster.find(topic: "留抵退税").contains { $0.listing.specialist.name == "季晓岚" })
        XCTAssertFalse(try roster.list().contains { $0.specialist.name == "季晓岚" })
        XCTAssertTrue(try roster.list(includeInactive: true).contains { $0.specialist.name == "季晓岚" })
    }

    func testLimitAndEmptyTopic() throws {
        XCTAssertEqual(try roster.find(topic: "税", limit: 2).count, 2)
        XCTAssertThrowsError(try roster.find(topic: " ？！ ")) { error in
            XCTAssertEqual(error as? SpecialistError, .emptyTopic)
        }
        XCTAssertEqual(try roster.find(topic: "游艇驾驶证"), [], "a topic nobody covers finds nobody")
    }

    func testPhonesMaskedForRolesThatDoNotCall() throws {
        let ji = try specialist(named: "季晓岚")
        let gu = try specialist(named: "顾文澜")
        for role in [Role.agent, .lead, .admin] {
            XCTAssertEqual(ji.phone(for: role), "13812345678")
            XCTAssertEqual(gu.phone(for: role), "0513-80001001")
        }
        for role in [Role.trainer, .department] {
            XCTAssertEqual(ji.phone(for: role), "138****5678")
            XCTAssertEqual(gu.phone(for: role), "0513-****1001")
        }
    }

    func testSeedRosterFindsSpecialistsForCommonTopics() throws {
        try initialize(includeSamples: true)
        XCTAssertEqual(try roster.find(topic: "研发费用加计扣除").first?.listing.specialist.name, "冒俊驰")
        XCTAssertEqual(try roster.find(topic: "公积金", limit: 3).first?.listing.department.code, "HPF")
        XCTAssertEqual(try roster.find(topic: "社保费").first?.listing.specialist.name, "缪婷婷")
    }
}
