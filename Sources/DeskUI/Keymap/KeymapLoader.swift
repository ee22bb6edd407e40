import Foundation
import HotlineCore

/// Chooses the keymap the console starts with, and checks a keymap file on its own.
public enum KeymapLoader {
    /// The base is `explicitPath` (`desk --keymap`) or the built-in default; the user
    /// file, when it exists, is laid over either. `default` and `compact` without a
    /// slash name the built-in maps (write `./compact` for a file of that name).
    /// Problems of both files are reported together.
    public static func load(explicitPath: String?, environment: [String: String]) throws(KeymapError) -> Keymap {
        var problems: [KeymapProblem] = []
        var base = Keymap.builtinDefault
        if let explicitPath {
            if let builtin = Keymap.builtin(named: explicitPath) {
                base = builtin
            } else {
                do throws(KeymapError) { base = try read(path: explicitPath) } catch { problems += error.problems }
            }
        }
        var result = base
        let userPath = userKeymapPath(environment: environment)
        if FileManager.default.fileExists(atPath: userPath) {
            do throws(KeymapError) {
                result = Keymap.merging(base: base, overlay: try read(path: userPath))
            } catch {
                problems += error.problems
            }
        }
        guard problems.isEmpty else { throw KeymapError(problems: problems) }
        // An overlay can unbind keys; one that leaves no way out would trap the agent.
        let source = FileManager.default.fileExists(atPath: userPath) ? userPath : (explicitPath ?? "default")
        let missing = [DeskAction.quit, .back].filter { result.keys(for: $0, in: .global).isEmpty }
        guard missing.isEmpty else {
            throw KeymapError(problems: missing.map { KeymapProblem(source: source, line: nil, kind: .missingEssential(action: $0)) })
        }
        return result
    }

    /// `$XDG_CONFIG_HOME/hotline/keymap`, else `~/.config/hotline/keymap`. A relative
    /// XDG_CONFIG_HOME is ignored, as the XDG base directory specification asks.
    public static func userKeymapPath(environment: [String: String]) -> String {
        let configHome: String
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            configHome = xdg
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            configHome = (home as NSString).appendingPathComponent(".config")
        }
        return (configHome as NSString).appendingPathComponent("hotline/keymap")
    }

    /// What `desk --check-keymap FILE` prints: one `file:line: problem` per problem,
    /// empty when the file is good.
    public static func check(path: String) -> [String] {
        do throws(KeymapError) {
            _ = try read(path: path)
            return []
        } catch {
            return error.lines
        }
    }

    /// Reads and parses one file. Bytes that are not UTF-8 are reported at their line,
    /// since an editor saving GB18030 is the likely cause.
    static func read(path: String) throws(KeymapError) -> Keymap {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "没有读取权限或不是普通文件" : "文件不存在"
            throw KeymapError(problems: [KeymapProblem(source: path, line: nil, kind: .unreadable(reason: reason))])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            var line = 1
            for chunk in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
                if String(data: Data(chunk), encoding: .utf8) == nil { break }
                line += 1
            }
            throw KeymapError(problems: [KeymapProblem(source: path, line: line, kind: .unreadable(reason: "这一行不是 UTF-8 文本；请以 UTF-8 保存"))])
        }
        return try Keymap.parse(text, source: path)
    }
}
