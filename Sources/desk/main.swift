import CNCursesW
import DeskUI
import Foundation
import HotlineCore

/// The desk console. For now it opens the database (creating it from knowledge-seed/
/// on first run), checks the terminal, and opens and closes the screen; the console
/// screens come with the console issue.
@MainActor
func runDesk() -> Int32 {
    let arguments = CommandLine.arguments.dropFirst()
    var databasePath = DatabaseLocation.defaultPath()
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
        switch argument {
        case "--db":
            guard let path = iterator.next() else { return fail("--db 需要一个路径", .usage) }
            databasePath = path
        case "-h", "--help":
            print("用法：desk [--db PATH]\n一企来 12345 企业服务专席控制台。数据库默认 $HOTLINE_DB 或 ~/.local/share/hotline/hotline.sqlite，首次运行时由 knowledge-seed/ 创建。")
            return 0
        default:
            return fail("未知参数 \(TextSafety.visible(argument))；用 desk --help 查看用法", .usage)
        }
    }
    guard isatty(1) == 1, isatty(0) == 1 else { return fail("标准输入输出不是终端；请在终端中运行 desk", .usage) }
    setlocale(LC_ALL, "")
    let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
    guard codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8" else {
        return fail("终端字符集是 \(codeset)，不是 UTF-8；请设置 LANG=zh_CN.UTF-8 或 C.UTF-8 后再运行", .usage)
    }
    let summary: String
    do {
        let clock = try HotlineClock.fromEnvironment()
        let store: HotlineStore
        if FileManager.default.fileExists(atPath: databasePath) {
            store = try HotlineStore.open(at: databasePath, mode: .existing, clock: clock)
        } else {
            store = try Setup.initialize(path: databasePath, seed: try SeedDirectory.locate(), includeSamples: true, clock: clock).0
        }
        summary = "数据库：\(store.path)"
    } catch let failure as any HotlineFailure {
        return fail(failure.description, failure.exitCode)
    } catch {
        return fail("\(error)", .unavailable)
    }
    guard let screen = initscr() else { return fail("无法初始化终端", .unavailable) }
    defer { endwin() }
    let height = hotline_getmaxy(screen)
    let width = hotline_getmaxx(screen)
    if height < 24 || width < 80 {
        endwin()
        return fail("终端只有 \(width)×\(height)，至少需要 80×24", .usage)
    }
    cbreak()
    noecho()
    keypad(screen, true)
    mvaddstr(0, 0, "一企来 12345 企业服务专席")
    mvaddstr(2, 0, TextSafety.visible(summary))
    mvaddstr(height - 1, 0, "按任意键退出")
    refresh()
    var key: wint_t = 0
    _ = get_wch(&key)
    return 0
}

@MainActor
func fail(_ message: String, _ status: ExitStatus) -> Int32 {
    FileHandle.standardError.write(Data("desk: \(message)\n".utf8))
    return status.rawValue
}

exit(runDesk())
