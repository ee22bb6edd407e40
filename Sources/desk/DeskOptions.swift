import DeskUI
import Foundation
import HotlineCore

/// `desk [--db PATH] [--keymap FILE] [--check-keymap FILE] [--as LOGIN]`.
struct DeskOptions {
    var databasePath = DatabaseLocation.defaultPath()
    var keymapPath: String?
    var checkKeymap: String?
    var actingAs: String?
    var showHelp = false

    static let usage = """
        用法：desk [--db PATH] [--keymap FILE] [--as LOGIN]
              desk --check-keymap FILE
        一企来 12345 企业服务专席控制台。数据库默认 $HOTLINE_DB 或 ~/.local/share/hotline/hotline.sqlite，
        首次运行时由 knowledge-seed/ 创建。键位表默认 keymaps/default.keymap，~/.config/hotline/keymap 可覆盖。
        """

    static func parse(_ arguments: [String]) throws(DeskUsageError) -> DeskOptions {
        var options = DeskOptions()
        var iterator = arguments.makeIterator()
        func value(_ flag: String) throws(DeskUsageError) -> String {
            guard let value = iterator.next() else { throw DeskUsageError(message: "\(flag) 需要一个值") }
            return value
        }
        while let argument = iterator.next() {
            switch argument {
            case "--db": options.databasePath = try value(argument)
            case "--keymap": options.keymapPath = try value(argument)
            case "--check-keymap": options.checkKeymap = try value(argument)
            case "--as": options.actingAs = try value(argument)
            case "-h", "--help": options.showHelp = true
            default: throw DeskUsageError(message: "未知参数 \(TextSafety.visible(argument))；用 desk --help 查看用法")
            }
        }
        return options
    }
}

struct DeskUsageError: Error {
    var message: String
}
