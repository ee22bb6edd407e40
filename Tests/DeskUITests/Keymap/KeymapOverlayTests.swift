import Foundation
import XCTest
@testable import DeskUI

final class KeymapOverlayTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keymap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// Writes `text` as the user file under a fresh XDG_CONFIG_HOME and returns the environment.
    private func userFile(_ text: String) throws -> [String: String] {
        let config = directory.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: config.appendingPathComponent("hotline"), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: config.appendingPathComponent("hotline/keymap"))
        return ["XDG_CONFIG_HOME": config.path, "HOME": directory.path]
    }

    private func file(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func testOverlayReplacesKeysInPlaceAddsNewOnesAndKeepsTheRest() throws {
        let base = try Keymap.parse("[global]\n<F1> = help : 帮助\n<F10> = quit : 退出\n<Esc> = back : 返回\n", source: "base")
        let overlay = try Keymap.parse("[global]\n<F1> = search : 检索\n<M-0> = quit : 退出\n[queue]\n<F10> = none\n", source: "mine")
        let merged = Keymap.merging(base: base, overlay: overlay)
        XCTAssertEqual(merged.bindings(in: .global).map(\.key.name), ["<F1>", "<F10>", "<Esc>", "<M-0>"])
        XCTAssertEqual(merged.action(for: .function(1), in: .global), .search)
        XCTAssertEqual(merged.action(for: .function(10), in: .global), .quit)
        XCTAssertNil(merged.action(for: .function(10), in: .queue))
        XCTAssertEqual(merged.keys(for: .quit, in: .global), [.function(10), .alt("0")])
        XCTAssertEqual(merged.keys(for: .quit, in: .queue), [.alt("0")])
    }

    func testWithoutAUserFileTheBuiltinDefaultIsUsed() throws {
        let map = try KeymapLoader.load(explicitPath: nil, environment: ["XDG_CONFIG_HOME": directory.path, "HOME": directory.path])
        XCTAssertEqual(map.action(for: .function(3), in: .global), .search)
    }

    func testTheUserFileOverlaysTheDefault() throws {
        let environment = try userFile("[global]\n<M-3> = search : 检索\n[search]\n<C-g> = find-specialist : 找专员\n")
        let map = try KeymapLoader.load(explicitPath: nil, environment: environment)
        XCTAssertEqual(map.action(for: .alt("3"), in: .queue), .search)
        XCTAssertEqual(map.action(for: .function(3), in: .queue), .search)
        XCTAssertEqual(map.keys(for: .findSpecialist, in: .search), [.control("f"), .control("g")])
    }

    func testTheUserFileIsFoundUnderHomeWhenXDGIsUnsetOrRelative() {
        XCTAssertEqual(KeymapLoader.userKeymapPath(environment: ["HOME": "/home/zhang"]), "/home/zhang/.config/hotline/keymap")
        XCTAssertEqual(KeymapLoader.userKeymapPath(environment: ["HOME": "/home/zhang", "XDG_CONFIG_HOME": "cfg"]), "/home/zhang/.config/hotline/keymap")
        XCTAssertEqual(KeymapLoader.userKeymapPath(environment: ["HOME": "/home/zhang", "XDG_CONFIG_HOME": "/etc/xdg-zhang"]), "/etc/xdg-zhang/hotline/keymap")
    }

    func testAnExplicitFileReplacesTheBaseAndTheUserFileStillOverlays() throws {
        let explicit = try file("mine.keymap", "[global]\n<C-w> = quit : 退出\n<Esc> = back : 返回\n")
        var environment = ["XDG_CONFIG_HOME": directory.appendingPathComponent("none").path, "HOME": directory.path]
        var map = try KeymapLoader.load(explicitPath: explicit, environment: environment)
        XCTAssertNil(map.action(for: .function(3), in: .global))
        XCTAssertEqual(map.action(for: .control("w"), in: .global), .quit)

        environment = try userFile("[global]\n<F3> = search : 检索\n")
        map = try KeymapLoader.load(explicitPath: explicit, environment: environment)
        XCTAssertEqual(map.action(for: .function(3), in: .global), .search)
        XCTAssertEqual(map.action(for: .control("w"), in: .global), .quit)
    }

    func testBuiltinNamesSelectTheShippedMaps() throws {
        let environment = ["XDG_CONFIG_HOME": directory.path, "HOME": directory.path]
        let compact = try KeymapLoader.load(explicitPath: "compact", environment: environment)
        XCTAssertNil(compact.action(for: .function(3), in: .global))
        XCTAssertEqual(compact.action(for: .alt("3"), in: .global), .search)
        XCTAssertEqual(try KeymapLoader.load(explicitPath: "default", environment: environment).action(for: .function(3), in: .global), .search)
    }

    func testProblemsOfTheExplicitAndTheUserFileAreReportedTogether() throws {
        let explicit = try file("broken.keymap", "[global]\n<F1> = hlep : 帮助\n")
        let environment = try userFile("[global]\n\n<F99> = help : 帮助\n")
        XCTAssertThrowsError(try KeymapLoader.load(explicitPath: explicit, environment: environment)) { error in
            let lines = (error as? KeymapError)?.lines ?? []
            XCTAssertEqual(lines.count, 2, "\(lines)")
            XCTAssertTrue(lines[0].hasPrefix("\(explicit):2: 未知动作 hlep；是否想写 help？"), lines[0])
            XCTAssertTrue(lines[1].hasPrefix("\(environment["XDG_CONFIG_HOME"]!)/hotline/keymap:3: "), lines[1])
        }
    }

    func testAnOverlayThatLeavesNoWayOutIsRefused() throws {
        let environment = try userFile("[global]\n<F10> = none\n<Esc> = none\n")
        XCTAssertThrowsError(try KeymapLoader.load(explicitPath: nil, environment: environment)) { error in
            XCTAssertEqual((error as? KeymapError)?.problems.map(\.kind), [.missingEssential(action: .quit), .missingEssential(action: .back)])
        }
    }

    func testCheckListsEveryProblemOrNothing() throws {
        let good = try file("good.keymap", "[queue]\nx = urge : 催办\n")
        XCTAssertEqual(KeymapLoader.check(path: good), [])
        let bad = try file("bad.keymap", "[queue]\nx = urge : 催办\nx = merge : 合并\n[search]\nx = urge : 催办\n")
        XCTAssertEqual(KeymapLoader.check(path: bad).map { $0.components(separatedBy: ": ").first! }, ["\(bad):3", "\(bad):5"])
    }

    func testMissingAndNonUTF8FilesAreReportedWithTheirPath() throws {
        let missing = directory.appendingPathComponent("nope.keymap").path
        XCTAssertEqual(KeymapLoader.check(path: missing), ["\(missing): 无法读取键位文件：文件不存在"])
        let url = directory.appendingPathComponent("gbk.keymap")
        // 帮助 in GB18030 on the third line.
        try (Data("[global]\n# ok\n<F1> = help : ".utf8) + Data([0xB0, 0xEF, 0xD6, 0xFA]) + Data("\n".utf8)).write(to: url)
        let problems = KeymapLoader.check(path: url.path)
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].hasPrefix("\(url.path):3: "), problems[0])
    }
}
