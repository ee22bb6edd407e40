import Foundation

/// What is wrong with something an agent typed while taking a call. Every message says
/// which field, what was wrong and what a correct value looks like; nothing was written.
public enum IntakeError: HotlineFailure, Equatable {
    case phoneEmpty
    case phoneInvalid(text: String, reason: String)
    case phoneRequired(channel: String)
    case usccEmpty
    case usccInvalid(text: String, reason: String)
    /// A code whose check character fails, given without the override.
    case usccCheckFailed(code: String, expected: Character, actual: Character)
    case fieldEmpty(field: String)
    case fieldTooLong(field: String, limit: Int, actual: Int)
    case fieldHasControlCharacters(field: String)
    case unknownChannel(String)
    case unknownRequestType(String)
    case unknownReason(String)
    case invalidTag(String, reason: String)
    case callNotFound(Int64)
    case unknownKnowledgeEntry(String)
    case draftKnowledgeEntry(String)
    case unknownAgent(String)
    case notAnAgent(login: String, role: Role)
    case outcomeLocked(callID: Int64, outcome: String)
    case nothingToMatch

    public var description: String {
        switch self {
        case .phoneEmpty:
            return "电话号码为空；应为手机号（13812345678）、带区号的固定电话（0513-80001001）或 400/800 号码"
        case .phoneInvalid(let text, let reason):
            return "电话号码“\(TextSafety.visible(text))”：\(reason)"
        case .phoneRequired(let channel):
            return "\(channel)来电必须记录来电号码"
        case .usccEmpty:
            return "统一社会信用代码为空；应为 18 位，如 91320682MA1XXXXXXX"
        case .usccInvalid(let text, let reason):
            return "统一社会信用代码“\(TextSafety.visible(text))”：\(reason)"
        case .usccCheckFailed(let code, let expected, let actual):
            return "统一社会信用代码 \(code) 校验位不符：第 18 位按 GB 32100-2015 应为 \(expected)，实际为 \(actual)；"
                + "请向来电人核对，确认无误（部分早期代码不符合校验规则）时可强制接受（命令行 --accept-uscc）"
        case .fieldEmpty(let field):
            return "\(field)不能为空"
        case .fieldTooLong(let field, let limit, let actual):
            return "\(field)过长：\(actual) 个字符，最多 \(limit) 个"
        case .fieldHasControlCharacters(let field):
            return "\(field)含有控制字符或文字方向控制符；请删除后重新输入"
        case .unknownChannel(let text):
            return "来电渠道“\(TextSafety.visible(text))”无法识别；应为 " + Call.Channel.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、")
        case .unknownRequestType(let text):
            return "诉求类型“\(TextSafety.visible(text))”无法识别；应为 " + Call.RequestType.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、")
        case .unknownReason(let text):
            return "不予受理原因“\(TextSafety.visible(text))”无法识别；应为 " + OutOfScopeReason.allCases.map { "\($0.rawValue)（\($0.label)）" }.joined(separator: "、")
        case .invalidTag(let text, let reason):
            return "标签“\(TextSafety.visible(text))”：\(reason)"
        case .callNotFound(let id):
            return "没有编号为 \(id) 的来电记录"
        case .unknownKnowledgeEntry(let id):
            return "知识库中没有编号为 \(TextSafety.visible(id)) 的条目；请用 hotline kb search 查找条目编号"
        case .draftKnowledgeEntry(let id):
            return "知识条目 \(TextSafety.visible(id)) 还是草稿，未经审核发布，不能作为答复依据"
        case .unknownAgent(let login):
            return "--agent: 没有账号 \(TextSafety.visible(login))，或该账号已停用"
        case .notAnAgent(let login, let role):
            return "--agent: 账号 \(TextSafety.visible(login)) 的角色是\(role.label)（\(role.rawValue)），接听来电须为坐席或班长"
        case .outcomeLocked(let id, let outcome):
            return "来电 \(id) 已\(outcome)，不能再改为其他处理结果"
        case .nothingToMatch:
            return "查重需要来电号码、统一社会信用代码或企业名称中的至少一项"
        }
    }

    public var exitCode: ExitStatus { .badData }
}
