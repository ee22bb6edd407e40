import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Personal data masked in lists and exports, in full only where the role needs it; an
/// unmasked export on the record; spreadsheet formulas neutralised.
final class ReliabilityPrivacyTests: OrderTestCase {
    func testFreeTextMasking() {
        XCTAssertEqual(PersonalData.maskText("来电13812345678反映"), "来电138****5678反映")
        XCTAssertEqual(PersonalData.maskText("号码 138-1234-5678"), "号码 138-****-5678")
        XCTAssertEqual(PersonalData.maskText("身份证320682199001011234，"), "身份证320682********1234，")
        XCTAssertEqual(PersonalData.maskText("身份证32068219900101123X"), "身份证320682********123X")
        XCTAssertEqual(PersonalData.maskText("座机0513-87654321"), "座机051*-****4321")
        for untouched in ["工单 YQL-20261123-0001", "金额 12345 元", "统一社会信用代码 91320682MA1XXXXX0Y", "2026-11-23"] {
            XCTAssertEqual(PersonalData.maskText(untouched), untouched)
        }
        XCTAssertEqual(PersonalData.maskName("张三丰"), "张**")
    }

    func testExportsMaskUnlessAnAdminUnmasksAndThatIsRecorded() throws {
        let order = try orders.create(NewOrder(kind: .consult, department: "TAX", title: "=HYPERLINK(\"http://x\",\"点我\")",
                                               content: "联系人手机13912345678，身份证320682199001011234",
                                               contactName: "王小明", phone: "13812345678"), identity: agent).order
        let masked = try orders.export(OrderFilter(), format: .csv, identity: lead)
        XCTAssertEqual(masked.count, 1)
        XCTAssertFalse(masked.text.contains("13812345678"))
        XCTAssertFalse(masked.text.contains("13912345678"))
        XCTAssertFalse(masked.text.contains("199001011234"))
        XCTAssertFalse(masked.text.contains("王小明"))
        XCTAssertTrue(masked.text.contains("138****5678"))
        XCTAssertTrue(masked.text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\""), masked.text)
        XCTAssertEqual(try eventTypes(order.number), [.created, .dispatched], "a masked export changes nothing")

        let json = try orders.export(OrderFilter(), format: .json, unmask: true, identity: admin)
        let object = try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: String]
        XCTAssertEqual(object?["contact_phone"], "13812345678")
        XCTAssertEqual(object?["contact_name"], "王小明")
        let detail = try orders.detail(order.number, identity: lead)
        XCTAssertEqual(detail.events.map(\.type), [.created, .dispatched, .exportedUnmasked])
        XCTAssertEqual(detail.events.last?.actor, admin.account.login)
        XCTAssertEqual(detail.order.version, order.version, "recording an export does not overtake anyone holding the order")
        XCTAssertTrue(try AuditVerification.verify(store, identity: admin).isIntact)
    }

    func testFullPhoneOnlyForTheRolesThatContactThePerson() throws {
        let number = try makeOrder().number
        XCTAssertEqual(try orders.detail(number, identity: agent).contactPhoneForViewer, "13812345678")
        XCTAssertEqual(try orders.detail(number, identity: lead).contactPhoneForViewer, "13812345678")
        XCTAssertEqual(try orders.detail(number, identity: tax).contactPhoneForViewer, "13812345678")
        XCTAssertEqual(try orders.detail(number, identity: admin).contactPhoneForViewer, "138****5678")
    }
}
