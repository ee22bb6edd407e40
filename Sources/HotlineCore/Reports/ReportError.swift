import Foundation

/// Why a report, a metrics import or a parameter change was refused.
public enum ReportError: HotlineFailure, Equatable {
    case badPeriod(option: String, text: String, expected: String)
    case emptyPeriod(from: String, to: String)
    case unknownDepartment(String)
    case otherDepartment(own: String, asked: String)
    case unknownParameter(name: String, known: [String])
    case badParameter(name: String, text: String, reason: String)
    case unreadableFile(path: String, reason: String)
    /// Every bad row of an import, each `file:line: reason`; nothing was written.
    case badRows([String])

    public var description: String {
        switch self {
        case .badPeriod(let option, let text, let expected):
            return "\(option): 无法识别 \"\(TextSafety.visible(text))\"，应为\(expected)"
        case .emptyPeriod(let from, let to):
            return "--from \(from) 晚于 --to \(to)"
        case .unknownDepartment(let code):
            return "--department: 没有承办单位 \(TextSafety.visible(code))（hotline department list 查看）"
        case .otherDepartment(let own, let asked):
            return "承办单位账号只能查看本单位（\(own)）的评估，不能查看 \(TextSafety.visible(asked))"
        case .unknownParameter(let name, let known):
            return "没有参数 \(TextSafety.visible(name))；可设置：\(known.joined(separator: "、"))"
        case .badParameter(let name, let text, let reason):
            return "\(name)=\(TextSafety.visible(text)): \(reason)"
        case .unreadableFile(let path, let reason):
            return "\(path): \(reason)"
        case .badRows(let rows):
            return rows.map { TextSafety.visible($0) }.joined(separator: "\n")
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .badPeriod, .emptyPeriod: return .usage
        case .otherDepartment: return .permissionDenied
        case .unreadableFile: return .unavailable
        default: return .badData
        }
    }
}
