import Foundation
import XCTest
@testable import DeskUI

/// The shipped keymaps: they parse, they bind what the console needs, and the copies
/// compiled into desk are the files.
final class KeymapFileTests: XCTestCase {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func shipped(_ name: String) throws -> String {
        try String(contentsOf: Self.repository.appendingPathComponent("keymaps/\(name).keymap"), encoding: .utf8)
    }

    func testTheEmbeddedCopiesAreTheFiles() throws {
        XCTAssertEqual(BuiltinKeymapText.defaultKeymap, try shipped("default"), "keymaps/default.keymap changed: run keymaps/embed.sh")
        XCTAssertEqual(BuiltinKeymapText.compactKeymap, try shipped("compact"), "keymaps/compact.keymap changed: run keymaps/embed.sh")
    }

    func testBothFilesParseCleanly() throws {
        for name in ["default", "compact"] {
            let path = Self.repository.appendingPathComponent("keymaps/\(name).keymap").path
            XCTAssertEqual(KeymapLoader.check(path: path), [], name)
        }
    }

    func testTheDefaultBindsWhatTheIssueAsksForOnEveryScreen() {
        let map = Keymap.builtinDefault
        let required: [(Key, DeskAction)] = [
            (.function(1), .help), (.function(2), .newCall), (.function(3), .search), (.function(4), .queue),
            (.function(5), .specialists), (.function(6), .browse), (.function(10), .quit),
            (.tab, .nextField), (.backTab, .previousField), (.enter, .confirm), (.escape, .back),
            (.control("e"), .toggleEnterpriseTag),
        ]
        for context in DeskContext.allCases {
            for (key, action) in required {
                XCTAssertEqual(map.action(for: key, in: context), action, "\(key.name) in [\(context.rawValue)]")
            }
        }
        XCTAssertEqual(map.action(for: .character("/"), in: .queue), .find)
        XCTAssertEqual(map.action(for: .character("/"), in: .browse), .find)
        XCTAssertNil(map.action(for: .character("/"), in: .search), "/ is text in the query")
    }

    func testTheSuggestedScreenBindings() {
        let map = Keymap.builtinDefault
        let expected: [DeskContext: [(String, DeskAction)]] = [
            .search: [("<C-a>", .answeredFromEntry), ("<C-y>", .helpful), ("<C-n>", .notHelpful), ("<C-o>", .createOrder), ("<C-f>", .findSpecialist)],
            .intake: [("<C-x>", .outOfScope), ("<C-o>", .createOrder)],
            .queue: [("a", .acceptAnswer), ("r", .rejectAnswer), ("y", .approveRequest), ("n", .denyRequest), ("u", .urge),
                     ("s", .supervise), ("m", .merge), ("g", .reassign), ("f", .filterStatus), ("o", .filterOverdue),
                     ("e", .filterEnterprise), ("<Home>", .first), ("<End>", .last), ("<PgDn>", .pageDown), ("<Up>", .moveUp)],
            .detail: [("a", .acceptAnswer), ("r", .rejectAnswer), ("y", .approveRequest), ("n", .denyRequest), ("u", .urge),
                      ("s", .supervise), ("m", .merge), ("g", .reassign)],
            .specialists: [("<C-t>", .startThreeWay), ("<C-r>", .resolvedThreeWay), ("<C-u>", .unresolvedThreeWay), ("<C-p>", .promoteDraft)],
            .browse: [("p", .publish), ("x", .reject), ("<Down>", .moveDown), ("<PgUp>", .pageUp)],
        ]
        for (context, pairs) in expected {
            for (name, action) in pairs {
                XCTAssertEqual(map.action(for: Key(name: name)!, in: context), action, "\(name) in [\(context.rawValue)]")
            }
        }
    }

    func testBothMapsBindEveryAction() {
        for (name, map) in [("default", Keymap.builtinDefault), ("compact", Keymap.builtinCompact)] {
            let bound = Set(DeskContext.allCases.flatMap { map.bindings(in: $0).map(\.action) })
            XCTAssertEqual(Set(DeskAction.allCases).subtracting(bound), [], name)
        }
    }

    func testCompactOffersTheSameActionsOnEveryScreenWithoutFunctionKeys() {
        for context in DeskContext.allCases {
            let compact = Keymap.builtinCompact.bindings(in: context)
            XCTAssertEqual(Set(compact.map(\.action)), Set(Keymap.builtinDefault.bindings(in: context).map(\.action)), "[\(context.rawValue)]")
            let functionKeys = compact.filter { if case .function = $0.key { return true } else { return false } }
            XCTAssertEqual(functionKeys, [], "[\(context.rawValue)]")
        }
        XCTAssertEqual(Keymap.builtinCompact.action(for: .alt("3"), in: .intake), .search)
        XCTAssertEqual(Keymap.builtinCompact.action(for: .alt("0"), in: .queue), .quit)
    }

    func testTextScreensLetEveryPrintableCharacterThrough() {
        let printable: [Key] = "azAZ09/?#= 查".map { Key.character($0) }
        for map in [Keymap.builtinDefault, Keymap.builtinCompact] {
            for context in DeskContext.allCases where context.takesTypedText {
                for key in printable {
                    XCTAssertNil(map.action(for: key, in: context), "\(key.name) in [\(context.rawValue)]")
                }
            }
        }
    }

    func testEveryBindingHasADescriptionShortEnoughForTheHelpScreen() {
        for map in [Keymap.builtinDefault, Keymap.builtinCompact] {
            for context in DeskContext.allCases {
                for binding in map.bindings(in: context) {
                    XCTAssertFalse(binding.description.isEmpty)
                    // Half of an 80-column help line, at two columns per Chinese character.
                    XCTAssertLessThanOrEqual(binding.description.count, 20, binding.description)
                }
            }
        }
    }
}
