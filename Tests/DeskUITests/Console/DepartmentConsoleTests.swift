import Foundation
import XCTest
@testable import DeskUI
@testable import HotlineCore

/// A department's desk (承办单位联络员): its own orders in the queue, signing, the contact
/// note, the answer form that keeps what was typed, return and extension requests, and
/// the core's refusals on one line.
final class DepartmentConsoleTests: ConsoleTestCase {
    private func person(_ login: String, _ role: Role) throws -> Identity {
        let now = state.now
        let account = try runtime.store.write { db -> Account in
            var account = Account(login: login, name: login, role: role, osUser: nil, createdAt: now)
            try account.insert(db)
            return account
        }
        return Identity(account: account, actingAdmin: nil)
    }

    private func makeOrder(_ title: String, department: String = "TAX", kind: OrderKind = .consult,
                           store: HotlineStore? = nil) throws -> WorkOrder {
        let agent = try person("agent\(UUID().uuidString.prefix(6))", .agent)
        return try WorkOrders(store: store ?? runtime.store).create(
            NewOrder(kind: kind, department: department, title: title, content: "企业来电：\(title)",
                     enterpriseName: "如皋市某某机械有限公司", phone: "13812345678"), identity: agent).order
    }

    private func order(_ number: String) throws -> OrderDetail {
        try WorkOrders(store: runtime.store).detail(number, identity: runtime.identity)
    }

    private var statusLine: String { screen[state.rows - 2] }
    private var keyLine: String { screen[state.rows - 1] }

    func testSignContactAndAnswerFromTheQueueKeepingTheDraft() throws {
        try makeConsole(role: .department, department: "TAX")
        let own = try makeOrder("咨询数电发票领用流程")
        _ = try makeOrder("稳岗返还何时到账", department: "HRSS")
        press(.function(4))
        XCTAssertEqual(state.queue.items.map(\.number), [own.number], "a department sees its own orders only")
        XCTAssertTrue(keyLine.contains("i 签收") && keyLine.contains("w 答复"), keyLine)
        XCTAssertFalse(keyLine.contains("答复通过"), "a lead's keys are not offered to a department: \(keyLine)")

        press(.character("i"))
        XCTAssertEqual(try order(own.number).order.status, .signed, "\(String(describing: state.message))")
        XCTAssertTrue(statusLine.contains("已签收"), statusLine)

        press(.character("c"))
        XCTAssertEqual(state.screen, .handling)
        assertScreen(contains: "联系情况")
        type("已电话联系王会计，约定周三前答复")
        press(.enter)
        XCTAssertEqual(state.screen, .queue, "\(String(describing: state.message))")
        XCTAssertTrue(try order(own.number).events.contains { $0.type == .contacted })

        press(.character("w"))
        type("您好：数电发票可通过电子税务局申领。")
        press(.enter)
        type("如有疑问请致电 12366。")
        XCTAssertEqual(state.handling?.text.text, "您好：数电发票可通过电子税务局申领。\n如有疑问请致电 12366。")
        assertScreen(contains: "如有疑问请致电")
        press(.escape)
        XCTAssertNotNil(state.confirmation, "leaving with unsent text asks first")
        press(.character("n"))
        XCTAssertEqual(state.screen, .handling)
        send(.resize(rows: 40, columns: 120))
        send(.databaseChanged)
        press(.function(3))
        press(.function(4))
        press(.character("w"))
        XCTAssertEqual(state.handling?.text.text, "您好：数电发票可通过电子税务局申领。\n如有疑问请致电 12366。",
                       "a trip to other screens, a resize and a refresh keep the draft")
        press(.control("t"))
        XCTAssertEqual(state.screen, .queue, "\(String(describing: state.message))")
        XCTAssertTrue(state.handlingDrafts.isEmpty, "a sent answer leaves no draft")
        let detail = try order(own.number)
        XCTAssertEqual(detail.order.status, .answered)
        XCTAssertEqual(detail.order.answerText, "您好：数电发票可通过电子税务局申领。\n如有疑问请致电 12366。")
    }

    func testFromTheOrderDetailTheFormReturnsToTheDetailWithTheAnswerInItsTimeline() throws {
        try makeConsole(role: .department, department: "TAX")
        let own = try makeOrder("残疾人就业保障金申报")
        press(.function(4), .enter)
        XCTAssertEqual(state.screen, .detail)
        XCTAssertTrue(keyLine.contains("i 签收"), keyLine)
        press(.character("i"))
        XCTAssertEqual(state.detail.version, 2, "the detail reloads after signing: \(String(describing: state.message))")
        press(.character("w"))
        XCTAssertEqual(state.handling?.orderTitle, "残疾人就业保障金申报")
        type("按在职职工人数申报，可在电子税务局办理。")
        press(.control("t"))
        XCTAssertEqual(state.screen, .detail, "\(String(describing: state.message))")
        XCTAssertEqual(try order(own.number).order.status, .answered)
        assertScreen(contains: "已答复待认定")
    }

    func testAStaleVersionIsRefusedOnOneLineAndTheTextStays() throws {
        try makeConsole(role: .department, department: "TAX")
        let own = try makeOrder("高新技术企业认定材料")
        press(.function(4), .character("i"))
        press(.character("w"))
        type("认定材料清单见附件，请按清单准备。")
        let lead = try person("lead9", .lead)
        try WorkOrders(store: runtime.store).urge(own.number, note: "请尽快答复", identity: lead)
        press(.control("t"))
        XCTAssertEqual(state.screen, .handling)
        XCTAssertEqual(state.message?.kind, .error)
        XCTAssertTrue(statusLine.contains("已被 lead9"), statusLine)
        XCTAssertEqual(state.handling?.text.text, "认定材料清单见附件，请按清单准备。")
        XCTAssertEqual(state.handling?.version, try order(own.number).order.version, "the form now carries the order's version")
        XCTAssertFalse(state.handling?.submitting ?? true)
        press(.control("t"))
        XCTAssertEqual(try order(own.number).order.status, .answered, "\(String(describing: state.message))")
    }

    func testAnExtensionPastTheDeadlineIsRefusedByTheCore() throws {
        try makeConsole(role: .department, department: "TAX")
        // Raised two weeks earlier through another connection with its own clock.
        let earlier = try HotlineStore.open(at: runtime.store.path, mode: .existing,
                                            clock: .fixed(try ShanghaiTime.parse("2026-11-10T10:00:00+08:00")))
        let late = try makeOrder("研发费用加计扣除政策", store: earlier)
        press(.function(4))
        XCTAssertTrue(state.queue.items.first?.overdue == false && (state.queue.items.first?.remainingWorkingSeconds ?? 0) < 0)
        press(.character("x"))
        XCTAssertEqual(state.handling?.focus, .days)
        type("三天")
        press(.control("t"))
        XCTAssertTrue(statusLine.contains("延时天数应为数字"), statusLine)
        press(.backspace, .backspace)
        type("3")
        press(.tab)
        type("需补充企业研发台账")
        press(.enter)
        XCTAssertEqual(state.screen, .handling)
        XCTAssertTrue(state.message?.text.contains("已过，不能再申请延时") == true, "\(String(describing: state.message))")
        XCTAssertEqual(state.handling?.text.text, "需补充企业研发台账")
        XCTAssertFalse(try order(late.number).order.extensionRequested)
        press(.escape)
        press(.character("y"))
        XCTAssertEqual(state.screen, .queue)
        XCTAssertTrue(state.handlingDrafts.isEmpty)
    }

    func testReturnRequestWithASuggestedDepartment() throws {
        try makeConsole(role: .department, department: "TAX")
        let own = try makeOrder("个体户社保缴费基数")
        press(.function(4), .character("t"))
        type("属社保缴费基数核定，不属本单位职责")
        press(.tab)
        type("HRSS")
        press(.enter)
        XCTAssertEqual(state.screen, .queue, "\(String(describing: state.message))")
        let detail = try order(own.number)
        XCTAssertTrue(detail.order.returnRequested)
        XCTAssertEqual(detail.order.returnReason, "属社保缴费基数核定，不属本单位职责")
        XCTAssertEqual(state.queue.items.first?.returnRequested, true)
        assertScreen(contains: "请退")
    }

    func testDepartmentCannotFilterByDepartmentAndQuitAsksAboutADraft() throws {
        try makeConsole(role: .department, department: "TAX")
        _ = try makeOrder("电子税务局登录")
        press(.function(4), .character("d"))
        XCTAssertTrue(statusLine.contains("只能查看本单位"), statusLine)
        XCTAssertNil(state.queue.department)
        press(.character("w"))
        type("答")
        press(.escape, .character("n"), .function(4))
        press(.function(10))
        XCTAssertTrue(state.confirmation?.question.contains("还没有提交") == true, "\(String(describing: state.confirmation))")
        XCTAssertFalse(state.quitRequested)
        press(.character("y"))
        XCTAssertTrue(state.quitRequested)
    }

    func testLeadsFilterByDepartmentAndKindAndAreNotOfferedDepartmentKeys() throws {
        try makeConsole(role: .lead)
        let taxConsult = try makeOrder("数电发票")
        let taxOther = try makeOrder("退税进度", kind: .other)
        let hrss = try makeOrder("稳岗返还", department: "HRSS")
        press(.function(4))
        XCTAssertEqual(Set(state.queue.items.map(\.number)), [taxConsult.number, taxOther.number, hrss.number])
        XCTAssertFalse(state.queue.departments.isEmpty)
        XCTAssertTrue(keyLine.contains("a 答复通过"), keyLine)
        XCTAssertFalse(keyLine.contains("i 签收"), keyLine)
        for _ in 0..<state.queue.departments.count where state.queue.department != "TAX" { press(.character("d")) }
        XCTAssertEqual(state.queue.department, "TAX")
        XCTAssertEqual(Set(state.queue.items.map(\.number)), [taxConsult.number, taxOther.number])
        assertScreen(contains: "单位：如皋市税务局")
        press(.character("k"))
        XCTAssertEqual(state.queue.items.map(\.number), [taxConsult.number])
        assertScreen(contains: "类型：咨询类")
        press(.character("k"))
        XCTAssertEqual(state.queue.items.map(\.number), [taxOther.number])
        press(.character("k"))
        XCTAssertNil(state.queue.kind)
        press(.character("i"))
        XCTAssertTrue(statusLine.contains("签收需要"), statusLine)
        XCTAssertEqual(state.screen, .queue)
    }
}

/// The department's form drawn at both sizes with Chinese text across odd columns.
final class HandlingRenderTests: ConsoleTestCase {
    private func openAnswer(rows: Int, columns: Int) throws {
        try makeConsole(role: .department, department: "TAX", rows: rows, columns: columns)
        let now = state.now
        let agent = try runtime.store.write { db -> Account in
            var account = Account(login: "agent8", name: "坐席八", role: .agent, osUser: nil, createdAt: now)
            try account.insert(db)
            return account
        }
        _ = try WorkOrders(store: runtime.store).create(
            NewOrder(kind: .consult, department: "TAX",
                     title: "关于小型微利企业所得税优惠政策适用范围及年度汇算清缴申报口径的咨询（企业多次来电）",
                     content: "详见来电", phone: "13812345678"),
            identity: Identity(account: agent, actingAdmin: nil))
        press(.function(4), .character("i"), .character("w"))
    }

    private func assertFits(file: StaticString = #filePath, line: UInt = #line) {
        let lines = screen
        XCTAssertEqual(lines.count, state.rows, file: file, line: line)
        for text in lines {
            XCTAssertLessThanOrEqual(DisplayWidth.of(text), state.columns, text, file: file, line: line)
        }
    }

    func testAnswerFormAt80By24() throws {
        try openAnswer(rows: 24, columns: 80)
        // One ASCII character first, so every wide character after it starts at an odd column.
        type("A" + String(repeating: "税", count: 60))
        assertFits()
        let buffer = DeskView.render(state, keys: Keymap.builtinDefault)
        let area = TextArea(state.handling!.text, columns: 78)
        XCTAssertEqual(area.lines.count, 2)
        XCTAssertEqual(DisplayWidth.of(area.lines[0]), 77, "the wide character that would straddle the edge moves down")
        XCTAssertEqual(buffer.cursor?.column, 2 + DisplayWidth.of(area.lines[1]))
        assertScreen(contains: "关于小型微利企业所得税")
        assertScreen(contains: "已输入 61/10000 字")
        XCTAssertTrue(screen[state.rows - 1].contains("<C-t> 提交"), screen[state.rows - 1])
        press(.left, .left)
        type("、")
        XCTAssertEqual(state.handling?.text.text.suffix(3), "税、税税".suffix(3))
        assertFits()
    }

    func testAnswerFormAt120By40KeepsTheCursorInViewOnLongText() throws {
        try openAnswer(rows: 40, columns: 120)
        for line in 1...50 {
            type("第\(line)条：企业所得税优惠按季预缴时即可享受")
            press(.enter)
        }
        assertFits()
        assertScreen(contains: "第50条：企业所得税优惠")
        let buffer = DeskView.render(state, keys: Keymap.builtinDefault)
        let cursorRow = try XCTUnwrap(buffer.cursor?.row)
        XCTAssertLessThan(cursorRow, state.rows - 3, "the cursor stays above the count and the bottom lines")
        assertScreen(contains: "版本 2")
    }
}
