import CNCursesW
import DeskUI
import Foundation
import HotlineCore

/// The desk console: checks the terminal, opens the database (creating it from
/// knowledge-seed/ on first run), then runs the input loop.
@MainActor
func runDesk() -> Int32 {
    let options: DeskOptions
    do {
        options = try DeskOptions.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
        return fail(error.message, .usage)
    }
    if options.showHelp {
        print(DeskOptions.usage)
        return 0
    }
    if let path = options.checkKeymap {
        let problems = KeymapLoader.check(path: path)
        for problem in problems { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
        if problems.isEmpty { print("\(path): 键位表无误") }
        return problems.isEmpty ? 0 : ExitStatus.badData.rawValue
    }
    let keymap: Keymap
    do {
        keymap = try KeymapLoader.load(explicitPath: options.keymapPath, environment: ProcessInfo.processInfo.environment)
    } catch {
        return fail(error.description, error.exitCode)
    }
    guard isatty(1) == 1, isatty(0) == 1 else { return fail("标准输入输出不是终端；请在终端中运行 desk", .usage) }
    setlocale(LC_ALL, "")
    let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
    guard codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8" else {
        return fail("终端字符集是 \(codeset)，不是 UTF-8；请设置 LANG=zh_CN.UTF-8 或 C.UTF-8 后再运行", .usage)
    }
    let runtime: DeskRuntime
    let watcher: ChangeWatcher?
    do {
        let clock = try HotlineClock.fromEnvironment()
        let store: HotlineStore
        if FileManager.default.fileExists(atPath: options.databasePath) {
            store = try HotlineStore.open(at: options.databasePath, mode: .existing, clock: clock)
        } else {
            store = try Setup.initialize(path: options.databasePath, seed: try SeedDirectory.locate(), includeSamples: true,
                                         clock: clock).0
        }
        // The console stays open all shift: checkpoints run beside its writes, not in them.
        try store.checkpointInBackground()
        let identity = try Identity.resolve(in: store, actingAs: options.actingAs)
        runtime = DeskRuntime(store: store, identity: identity)
        watcher = try? ChangeWatcher(store: store)
    } catch let failure as any HotlineFailure {
        return fail(failure.description, failure.exitCode)
    } catch {
        return fail("\(error)", .unavailable)
    }
    guard let screen = CursesScreen() else { return fail("无法初始化终端", .unavailable) }
    let size = screen.size
    if size.rows < 24 || size.columns < 80 {
        screen.close()
        return fail("终端只有 \(size.columns)×\(size.rows)，至少需要 80×24", .usage)
    }
    let loop = DeskLoop(screen: screen, runtime: runtime, keymap: keymap, watcher: watcher)
    loop.run()
    screen.close()
    runtime.store.finishCheckpoints()
    return 0
}

@MainActor
func fail(_ message: String, _ status: ExitStatus) -> Int32 {
    FileHandle.standardError.write(Data("desk: \(message)\n".utf8))
    return status.rawValue
}

exit(runDesk())
