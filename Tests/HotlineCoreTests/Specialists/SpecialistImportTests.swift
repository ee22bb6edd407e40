import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// Importing the registration form (附件1): formats, every kind of bad row, atomicity,
/// re-import and the 3–5 per department warning.
final class SpecialistsImportTests: SpecialistTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        try initialize()
        try addDepartment("TAX", "如皋市税务局")
        try addDepartment("HRSS", "如皋市人力资源和社会保障局")
    }

    private let threeTaxSpecialists = """
        department,name,title,phone,expertise
        如皋市税务局,顾文澜,纳税服务股股长,0513-80001001,发票管理、电子税务局、纳税信用
        TAX,季晓岚,税政一股副股长,13812345678,增值税，留抵退税;出口退税
        如皋市税务局,冒俊驰,税政二股一级主任科员,0513 8000 1003,企业所得税 研发费用加计扣除
        """

    func testImportsRowsByDepartmentNameOrCodeAndNormalises() throws {
        let summary = try importForm(threeTaxSpecialists)
        XCTAssertEqual(summary.rows, 3)
        XCTAssertEqual(summary.added, 3)
        XCTAssertEqual(summary.encoding, .utf8)
        XCTAssertEqual(summary.warnings, [])
        let ji = try specialist(named: "季晓岚")
        XCTAssertEqual(ji.phone, "13812345678")
        XCTAssertEqual(ji.expertise, ["增值税", "留抵退税", "出口退税"])
        XCTAssertFalse(ji.isSample)
        XCTAssertEqual(ji.updatedBy, Self.adminUser)
        let mao = try specialist(named: "冒俊驰")
        XCTAssertEqual(mao.phone, "0513-80001003")
        XCTAssertEqual(mao.expertise, ["企业所得税", "研发费用加计扣除"])
        XCTAssertEqual(Set([ji.departmentID, mao.departmentID]).count, 1, "code TAX and the name are the same department")
    }

    func testChineseHeadersTitleRowAndSealedDepartmentLine() throws {
        let form = """
            “一企来”企业服务热线政策专员报名表,,,,
            单位（盖章）：如皋市人力资源和社会保障局,,,,
            序号,姓名,职务,联系电话（手机）,擅长领域
            1,朱海燕,就业促进科科长,138 1234 5601,就业补贴、稳岗返还
            2,吴立新,劳动关系科副科长,+86 139-1234-5602,劳动合同、经济补偿
            3,陈佩瑶,工伤保险科科员,０５１３－８０００２００３,工伤认定
            """
        let summary = try importForm(form)
        XCTAssertEqual(summary.added, 3)
        let listed = try roster.list(department: "HRSS")
        XCTAssertEqual(listed.map(\.specialist.name).sorted(), ["吴立新", "朱海燕", "陈佩瑶"].sorted())
        XCTAssertEqual(try specialist(named: "吴立新").phone, "13912345602")
        XCTAssertEqual(try specialist(named: "陈佩瑶").phone, "0513-80002003")
        XCTAssertEqual(try specialist(named: "朱海燕").title, "就业促进科科长")
    }

    func testOtherChineseHeaderNames() throws {
        let form = """
            部门,姓名,职务,手机,业务专长
            如皋市税务局,顾文澜,股长,13812345601,发票管理
            如皋市税务局,季晓岚,副股长,13812345602,增值税
            如皋市税务局,冒俊驰,科员,13812345603,企业所得税
            """
        XCTAssertEqual(try importForm(form).added, 3)
    }

    func testUnknownDepartmentNamesTheLine() throws {
        let problems = try importProblems("""
            department,name,title,phone,expertise
            如皋市税务局,顾文澜,股长,0513-80001001,发票管理
            如皋市财税局,季晓岚,副股长,0513-80001002,增值税
            """)
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.line, 3)
        XCTAssertTrue(problems.first?.reason.contains("未知单位 \"如皋市财税局\"") ?? false, "\(problems)")
        XCTAssertTrue(problems.first?.description.hasSuffix(".csv:3: \(problems.first!.reason)") ?? false)
        XCTAssertEqual(try count("specialist"), 0, "the good row is not written either")
    }

    func testBadPhonesAreRejectedWithTheirText() throws {
        let problems = try importProblems("""
            department,name,title,phone,expertise
            如皋市税务局,顾文澜,股长,80001001,发票管理
            如皋市税务局,季晓岚,副股长,1381234567,增值税
            如皋市税务局,冒俊驰,科员,12345,企业所得税
            如皋市税务局,缪婷婷,科员,,社会保险费
            """)
        XCTAssertEqual(problems.map(\.line), [2, 3, 4, 5])
        XCTAssertTrue(problems[0].reason.contains("联系电话 \"80001001\" 无效"), problems[0].reason)
        XCTAssertTrue(problems[1].reason.contains("1381234567"))
        XCTAssertTrue(problems[3].reason.contains("联系电话为空"))
        XCTAssertEqual(try count("specialist"), 0)
    }

    func testPhoneForms() {
        let valid: [String: String] = [
            "13812345678": "13812345678", "+86 138-1234-5678": "13812345678", "008613812345678": "13812345678",
            "0513-80001001": "0513-80001001", "0513 80001001": "0513-80001001", "051380001001": "0513-80001001",
            "(0513)80001001": "0513-80001001", "（0513）80001001": "0513-80001001", "010-62345678": "010-62345678",
            "025-8765432": "025-8765432", "0513-80001001-123": "0513-80001001-123", "0513-80001001转8": "0513-80001001-8",
            "０５１３－８０００１００１": "0513-80001001", "１３８１２３４５６７８": "13812345678",
        ]
        for (input, expected) in valid {
            XCTAssertEqual((try? PhoneNumber.normalize(input)), expected, input)
        }
        for input in ["80001001", "23812345678", "12812345678", "1381234567", "138123456789", "0513-0123456",
                      "0513-123456", "0513-800010012", "12345", "电话", "13812345678-1", "0513-80001001-1234567", ""] {
            XCTAssertNil((try? PhoneNumber.normalize(input)), input)
        }
    }

    func testMissingNameAndExpertise() throws {
        let problems = try importProblems("""
            department,name,title,phone,expertise
            如皋市税务局,,股长,0513-80001001,发票管理
            如皋市税务局,季晓岚,副股长,0513-80001002,
            """)
        XCTAssertEqual(problems.map(\.line), [2, 3])
        XCTAssertEqual(problems[0].reason, "姓名为空")
        XCTAssertTrue(problems[1].reason.hasPrefix("擅长领域为空"))
    }

    func testBadHeaderIsOneProblemOnItsLine() throws {
        let problems = try importProblems("""
            部门,人员,号码,方向
            如皋市税务局,顾文澜,0513-80001001,发票管理
            """)
        XCTAssertEqual(problems.count, 1)
        XCTAssertEqual(problems.first?.line, 1)
        let reason = try XCTUnwrap(problems.first?.reason)
        XCTAssertTrue(reason.hasPrefix("表头缺少列："), reason)
        XCTAssertTrue(reason.contains("姓名（name）") && reason.contains("联系电话（phone）") && reason.contains("擅长领域（expertise）"), reason)
        XCTAssertFalse(reason.contains("单位（department）"), "部门 is a department column: \(reason)")
    }

    func testGB18030FileFromExcel() throws {
        let text = """
            单位,姓名,职务,联系电话,擅长领域\r
            如皋市税务局,顾文澜,纳税服务股股长,0513-80001001,发票管理、电子税务局\r
            如皋市税务局,季晓岚,税政一股副股长,0513-80001002,增值税、留抵退税\r
            如皋市税务局,冒俊驰,税政二股科员,0513-80001003,企业所得税\r

            """
        let bytes = try gb18030(text)
        XCTAssertNil(String(data: bytes, encoding: .utf8), "the fixture must not be valid UTF-8")
        let path = try write(bytes, to: "excel.csv")
        let summary = try roster.importForm(path: path, identity: try admin())
        XCTAssertEqual(summary.encoding, .gb18030)
        XCTAssertEqual(summary.added, 3)
        XCTAssertEqual(try specialist(named: "季晓岚").expertise, ["增值税", "留抵退税"])
    }

    func testUTF8WithBOM() throws {
        let path = try write(Data([0xEF, 0xBB, 0xBF]) + Data(threeTaxSpecialists.utf8), to: "bom.csv")
        XCTAssertEqual(try roster.importForm(path: path, identity: try admin()).added, 3)
    }

    func testWholeFileRejectedWithEveryBadRowListed() throws {
        try importForm(threeTaxSpecialists)
        let before = try roster.list().map(\.specialist)
        let problems = try importProblems("""
            department,name,title,phone,expertise
            如皋市税务局,顾文澜,纳税服务股股长,0513-89999999,发票管理
            如皋市税务局,新人甲,科员,999,增值税
            不存在的局,新人乙,科员,0513-80001009,增值税
            如皋市税务局,新人丙,科员,0513-80001010,企业所得税
            如皋市税务局,新人丙,科员,0513-80001011,企业所得税
            """, name: "mixed.csv")
        XCTAssertEqual(problems.map(\.line), [3, 4, 6])
        XCTAssertTrue(problems.allSatisfy { $0.file.hasSuffix("mixed.csv") })
        XCTAssertTrue(problems[2].reason.contains("重复（第 5 行已有）"), problems[2].reason)
        XCTAssertEqual(try roster.list().map(\.specialist), before, "nothing changed, not even the good update on line 2")
    }

    func testReimportUpdatesExistingRowsAndCountsUnchanged() throws {
        try importForm(threeTaxSpecialists)
        let first = try specialist(named: "顾文澜")
        let summary = try importForm("""
            department,name,title,phone,expertise
            如皋市税务局,顾文澜,纳税服务股股长,0513-80001099,发票管理、电子税务局、纳税信用
            TAX,季晓岚,税政一股副股长,13812345678,增值税、留抵退税、出口退税
            如皋市税务局,丁一鸣,法制股科员,0513-80001005,税务注销
            """)
        XCTAssertEqual(summary.added, 1)
        XCTAssertEqual(summary.updated, 1)
        XCTAssertEqual(summary.unchanged, 1)
        let updated = try specialist(named: "顾文澜")
        XCTAssertEqual(updated.id, first.id, "same department and name is the same specialist")
        XCTAssertEqual(updated.phone, "0513-80001099")
        XCTAssertEqual(try count("specialist"), 4)
    }

    func testWarnsForDepartmentsOutsideThreeToFive() throws {
        let two = try importForm("""
            department,name,title,phone,expertise
            如皋市税务局,顾文澜,股长,0513-80001001,发票管理
            如皋市税务局,季晓岚,副股长,0513-80001002,增值税
            """)
        XCTAssertEqual(two.warnings, [SpecialistRosterWarning(departmentCode: "TAX", departmentName: "如皋市税务局", count: 2)])
        XCTAssertTrue(two.warnings[0].description.contains("3–5"))
        XCTAssertEqual(try count("specialist"), 2, "a warning does not stop the import")

        var rows = ["department,name,title,phone,expertise"]
        for index in 3...6 { rows.append("TAX,专员\(index),科员,0513-8000100\(index),业务\(index)") }
        rows.append("HRSS,朱海燕,科长,0513-80002001,就业补贴")
        rows.append("HRSS,吴立新,副科长,0513-80002002,劳动合同")
        rows.append("HRSS,陈佩瑶,科员,0513-80002003,工伤认定")
        let six = try importForm(rows.joined(separator: "\n"))
        XCTAssertEqual(six.warnings.map(\.departmentCode), ["TAX"], "HRSS has 3")
        XCTAssertEqual(six.warnings.first?.count, 6, "the count is after the import, old rows included")
    }

    func testDryRunReportsButWritesNothing() throws {
        let summary = try importForm(threeTaxSpecialists, options: SpecialistImportOptions(dryRun: true))
        XCTAssertTrue(summary.dryRun)
        XCTAssertEqual(summary.added, 3)
        XCTAssertEqual(try count("specialist"), 0)
    }

    func testImportIsForAdminsOnly() throws {
        let path = try write(threeTaxSpecialists, to: "form.csv")
        for role in [Role.agent, .lead, .trainer, .department] {
            assertRefused(try self.roster.importForm(path: path, identity: try self.identity(role)))
        }
        XCTAssertEqual(try count("specialist"), 0)
    }

    func testControlCharactersInANameAreRejected() throws {
        let problems = try importProblems("department,name,title,phone,expertise\n如皋市税务局,顾\u{1B}[2J文澜,股长,0513-80001001,发票管理\n")
        XCTAssertEqual(problems.map(\.line), [2])
        XCTAssertTrue(problems[0].reason.contains("控制字符"))
    }
}

/// The sample roster that `hotline init` loads from knowledge-seed/specialists.csv.
final class SpecialistsSeedTests: SpecialistTestCase {
    func testInitLoadsSampleSpecialistsOnce() throws {
        let report = try initialize(includeSamples: true)
        XCTAssertEqual(report.specialistsAdded, 62)
        let all = try roster.list()
        XCTAssertEqual(all.count, 62)
        XCTAssertTrue(all.allSatisfy(\.specialist.isSample))
        XCTAssertTrue(all.allSatisfy { (try? PhoneNumber.normalize($0.specialist.phone)) == $0.specialist.phone })
        // The seed keeps 3–5 per department, as the notice asks.
        let perDepartment = Dictionary(grouping: all, by: \.department.code).mapValues(\.count)
        XCTAssertTrue(perDepartment.values.allSatisfy { SpecialistRoster.expectedPerDepartment.contains($0) }, "\(perDepartment)")

        // An admin edits one; init again adds nothing and keeps the edit.
        let gu = try specialist(named: "顾文澜")
        try store.write { db in try db.execute(sql: "UPDATE specialist SET title = '股长' WHERE id = ?", arguments: [gu.id]) }
        let again = try initialize(includeSamples: true)
        XCTAssertEqual(again.specialistsAdded, 0)
        XCTAssertEqual(try specialist(named: "顾文澜").title, "股长")
    }

    func testEmptyInitLoadsNoSpecialists() throws {
        let report = try initialize(includeSamples: false)
        XCTAssertEqual(report.specialistsAdded, 0)
        XCTAssertEqual(try count("specialist"), 0)
    }

    func testImportOverSampleMakesItRealData() throws {
        try initialize(includeSamples: true)
        let summary = try importForm("""
            department,name,title,phone,expertise
            如皋市税务局,顾文澜,纳税服务股股长,0513-80001001,发票管理、电子税务局、纳税信用
            """)
        XCTAssertEqual(summary.updated, 1, "the same content but no longer a sample")
        XCTAssertFalse(try specialist(named: "顾文澜").isSample)
    }
}
