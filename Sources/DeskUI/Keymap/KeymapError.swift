import HotlineCore

/// One thing wrong in a keymap file, at its line, as `file:line: problem` (calcurse's
/// way): a person fixing the file goes straight to the line.
public struct KeymapProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Not a comment, a section header or `KEY = action : description`.
        case malformedLine(reason: String)
        case unknownKey(name: String, reason: String)
        case unknownAction(name: String, suggestion: String?)
        case unknownContext(name: String)
        /// The key already has a binding in this section (at `firstLine`).
        case duplicateKey(key: Key, context: DeskContext, firstLine: Int)
        case reservedKey(key: Key, reason: String)
        /// A printable character bound on a screen where it has to stay text.
        case typedKeyInTextContext(key: Key, context: DeskContext)
        case bindingOutsideSection
        case missingDescription
        case unsafeDescription
        /// The file could not be read at all (missing, unreadable, not UTF-8).
        case unreadable(reason: String)
        /// After merging, nothing in [global] runs an action the console cannot do without.
        case missingEssential(action: DeskAction)
    }

    public let source: String
    /// 1-based; nil when the problem is the file as a whole.
    public let line: Int?
    public let kind: Kind

    public init(source: String, line: Int?, kind: Kind) {
        self.source = source
        self.line = line
        self.kind = kind
    }

    public var message: String {
        switch kind {
        case .malformedLine(let reason):
            return "无法识别的行：\(reason)；应写作 按键 = 动作 : 说明，如 <F3> = search : 知识库检索"
        case .unknownKey(_, let reason):
            return reason
        case .unknownAction(let name, let suggestion):
            let hint = suggestion.map { "；是否想写 \($0)？" } ?? "；可用的动作见 keymaps/default.keymap 文件头"
            return "未知动作 \(name)\(hint)"
        case .unknownContext(let name):
            let known = DeskContext.allCases.map { "[\($0.rawValue)]" }.joined(separator: "、")
            return "未知区段 [\(name)]；可用：\(known)"
        case .duplicateKey(let key, let context, let firstLine):
            return "\(key.name) 在 [\(context.rawValue)] 中重复绑定（第 \(firstLine) 行已绑定）"
        case .reservedKey(let key, let reason):
            return "\(key.name) 不能绑定：它是\(reason)；请换一个键"
        case .typedKeyInTextContext(let key, let context):
            return "[\(context.rawValue)] 是输入文字的界面，字符 \(key.name) 必须留给输入；请改用 <C-…>、<M-…>、功能键或 <Enter> 等特殊键"
        case .bindingOutsideSection:
            return "绑定写在了区段之外；请先写区段标题，如 [global]"
        case .missingDescription:
            return "缺少说明（帮助界面显示它）；应写作 按键 = 动作 : 说明"
        case .unsafeDescription:
            return "说明里有控制字符或双向文字控制符；请删去"
        case .unreadable(let reason):
            return "无法读取键位文件：\(reason)"
        case .missingEssential(let action):
            return "合并后 [global] 中没有任何键执行 \(action.rawValue)，控制台将无法\(action == .quit ? "退出" : "返回")；请在 [global] 中绑定它"
        }
    }

    /// Names quoted from the file may hold escape sequences; the line reaches a terminal.
    public var description: String {
        TextSafety.visible(line.map { "\(source):\($0): \(message)" } ?? "\(source): \(message)")
    }
}

/// Every problem of a keymap at once, so one run of `desk --check-keymap` shows them all.
public struct KeymapError: HotlineFailure, Equatable {
    public let problems: [KeymapProblem]

    public init(problems: [KeymapProblem]) {
        self.problems = problems
    }

    /// One `file:line: problem` line per problem, in file order.
    public var lines: [String] { problems.map(\.description) }

    public var description: String { lines.joined(separator: "\n") }

    public var exitCode: ExitStatus { .badData }
}
