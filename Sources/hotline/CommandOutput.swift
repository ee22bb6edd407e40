import Foundation
import HotlineCore

/// Printing for the CLI: results on stdout, one-line errors and warnings on stderr,
/// untrusted text made safe for the terminal.
enum CommandOutput {
    static func fail(_ failure: any HotlineFailure) -> Never {
        for line in failure.description.split(separator: "\n", omittingEmptySubsequences: false) {
            FileHandle.standardError.write(Data("hotline: \(line)\n".utf8))
        }
        exit(failure.exitCode.rawValue)
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("hotline: 警告：\(TextSafety.visible(message))\n".utf8))
    }

    /// A line of human-readable output with outside text neutralised.
    static func line(_ text: String) {
        print(TextSafety.visible(text))
    }

    /// Compact JSON on one line (for --json and batch output). Strings are escaped by the
    /// encoder, so control characters cannot reach a terminal from here.
    static func json(_ value: Any) {
        print(jsonText(value))
    }

    static func jsonText(_ value: Any) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes]) else {
            return "null"
        }
        return String(decoding: data, as: UTF8.self)
    }

    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    /// Progress on stderr, only when a person is watching.
    static func progress(_ label: String, _ done: Int, _ total: Int) {
        guard standardErrorIsTerminal else { return }
        let text = "\r\(label) \(done)/\(total)" + (done == total ? "\n" : "")
        FileHandle.standardError.write(Data(text.utf8))
    }
}
