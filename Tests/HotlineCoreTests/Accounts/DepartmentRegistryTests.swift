import Foundation
import GRDB
import XCTest
@testable import HotlineCore

final class AccountsDepartmentRegistryTests: DirectoryTestCase {
    func testAddAndList() throws {
        let registry = DepartmentRegistry(store: store)
        let added = try registry.add(code: "HRSS", name: " 如皋市人力资源和社会保障局 ", identity: try admin)
        XCTAssertEqual(added.name, "如皋市人力资源和社会保障局")
        XCTAssertEqual(added.kind, .city)
        XCTAssertEqual(added.createdAt, Self.now)

        let listed = try registry.list(identity: try agent)
        // City departments first, then by code.
        XCTAssertEqual(listed.map(\.department.code), ["HRSS", "TAX", "RC"])
        XCTAssertEqual(listed.first { $0.department.code == "TAX" }?.activeAccounts, 1)
        XCTAssertEqual(listed.first { $0.department.code == "RC" }?.department.kind, .town)
    }

    func testAddRefusesDuplicatesAndBadValues() throws {
        let registry = DepartmentRegistry(store: store)
        XCTAssertEqual(thrown(try registry.add(code: "TAX", name: "另一个税务局", identity: try admin)) as? DirectoryError,
                       .departmentCodeTaken(code: "TAX", name: "如皋市税务局"))
        XCTAssertEqual(thrown(try registry.add(code: "TAX2", name: "如皋市税务局", identity: try admin)) as? DirectoryError,
                       .departmentNameTaken(name: "如皋市税务局", code: "TAX"))
        let badCode = thrown(try registry.add(code: "税务", name: "x", identity: try admin)) as? DirectoryError
        XCTAssertTrue(badCode?.description.contains("CODE") == true, "\(String(describing: badCode))")
        XCTAssertEqual(badCode?.exitCode, .badData)
        let emptyName = thrown(try registry.add(code: "EMPTY", name: "  ", identity: try admin)) as? DirectoryError
        XCTAssertTrue(emptyName?.description.contains("不能为空") == true)
        let controlName = thrown(try registry.add(code: "ESC", name: "税务\u{1B}[2J", identity: try admin)) as? DirectoryError
        XCTAssertTrue(controlName?.description.contains("控制字符") == true)
        XCTAssertEqual(try count("department"), 2)
    }

    func testOnlyAdminsAddOrImport() throws {
        let registry = DepartmentRegistry(store: store)
        for who in [try agent, try lead, try trainer, try departmentUser] {
            assertRefused(try registry.add(code: "NEW", name: "新部门", identity: who), needs: [.admin])
            assertRefused(try registry.importText("NEW,新部门,city\n", source: "d.csv", identity: who), needs: [.admin])
        }
        XCTAssertEqual(try count("department"), 2)
    }

    func testImportAddsUpdatesAndCounts() throws {
        let registry = DepartmentRegistry(store: store)
        let path = try write("""
            code,name,kind
            TAX,国家税务总局如皋市税务局,市级部门
            RC,如城街道,镇区街道
            AMR,如皋市市场监督管理局,city
            DJ,东陈镇,town
            HRSS,如皋市人社局
            """, to: "departments.csv")
        let summary = try registry.importFile(path: path, identity: try admin)
        XCTAssertEqual(summary.added, ["AMR", "DJ", "HRSS"])
        XCTAssertEqual(summary.updated, ["TAX"])
        XCTAssertEqual(summary.unchanged, 1)
        let all = try registry.list(identity: try admin).map(\.department)
        XCTAssertEqual(all.first { $0.code == "TAX" }?.name, "国家税务总局如皋市税务局")
        XCTAssertEqual(all.first { $0.code == "DJ" }?.kind, .town)
        XCTAssertEqual(all.first { $0.code == "HRSS" }?.kind, .city, "kind defaults to city")
        // The department account still belongs to the renamed department.
        let tax = try AccountDirectory(store: store).list(identity: try admin).first { $0.account.login == "tax1" }
        XCTAssertEqual(tax?.departmentName, "国家税务总局如皋市税务局")
    }

    func testImportCanSwapNames() throws {
        let registry = DepartmentRegistry(store: store)
        let summary = try registry.importText("TAX,如城街道,town\nRC,如皋市税务局,city\n", source: "swap.csv", identity: try admin)
        XCTAssertEqual(summary.updated.sorted(), ["RC", "TAX"])
        let all = try registry.list(identity: try admin).map(\.department)
        XCTAssertEqual(all.first { $0.code == "TAX" }?.name, "如城街道")
        XCTAssertEqual(all.first { $0.code == "RC" }?.name, "如皋市税务局")
    }

    func testImportRejectsWholeFileListingEveryBadLine() throws {
        let registry = DepartmentRegistry(store: store)
        let path = try write("""
            code,name,kind
            AMR,如皋市市场监督管理局,city
            BAD CODE,某局,city
            DJ,东陈镇,village
            AMR,重复编码局,city
            XX,如皋市市场监督管理局,city
            ONLY
            ZZ,如城街道,town
            """, to: "bad.csv")
        guard let failure = thrown(try registry.importFile(path: path, identity: try admin)) as? ImportFailure else {
            return XCTFail("expected ImportFailure")
        }
        XCTAssertEqual(failure.exitCode, .badData)
        XCTAssertEqual(failure.problems.map(\.line), [3, 4, 5, 6, 7])
        XCTAssertTrue(failure.problems.allSatisfy { $0.file == path })
        XCTAssertTrue(failure.problems[1].reason.contains("village"))
        XCTAssertTrue(failure.problems[2].reason.contains("第 2 行"), failure.problems[2].reason)
        XCTAssertTrue(failure.description.hasPrefix("\(path):3: "))
        XCTAssertEqual(try count("department"), 2, "nothing written")

        // A name held by a stored department the file does not touch.
        let clash = thrown(try registry.importText("NEWRC,如城街道,town\n", source: "c.csv", identity: try admin)) as? ImportFailure
        XCTAssertEqual(clash?.problems.map(\.line), [1])
        XCTAssertTrue(clash?.problems.first?.reason.contains("RC") == true)
        XCTAssertEqual(try count("department"), 2)
    }

    func testImportReadsGB18030() throws {
        // Excel in China saves CSV as GB18030; encode the file with iconv.
        let text = "编码,名称,类型\nBJ,白蒲镇,镇区街道\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertNotEqual(data, Data(text.utf8))
        let url = directory.appendingPathComponent("gb.csv")
        try data.write(to: url)
        let registry = DepartmentRegistry(store: store)
        XCTAssertEqual(try registry.importFile(path: url.path, identity: try admin).added, ["BJ"])
        XCTAssertEqual(try registry.list(identity: try admin).first { $0.department.code == "BJ" }?.department.name, "白蒲镇")
    }

    func testImportOfMissingFile() throws {
        let error = thrown(try DepartmentRegistry(store: store).importFile(path: "/nonexistent/d.csv", identity: try admin))
        XCTAssertEqual(error as? DirectoryError, .cannotRead(path: "/nonexistent/d.csv"))
    }
}
