import Foundation

/// Refusals of the specialist roster: each names what was asked and what to do.
public enum SpecialistError: HotlineFailure, Equatable {
    case unreadable(path: String, reason: String)
    case unknownDepartment(String)
    case unknownSpecialist(Int64)
    case emptyTopic

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "\(path): 无法读取文件：\(reason)"
        case .unknownDepartment(let text):
            return "--department: 没有名称或编码为 \"\(TextSafety.visible(text))\" 的单位；可用 hotline specialist list 查看"
        case .unknownSpecialist(let id):
            return "没有编号为 \(id) 的政策专员；可用 hotline specialist list 查看"
        case .emptyTopic:
            return "TOPIC: 主题为空；请输入要咨询的业务，如 留抵退税"
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .unreadable, .unknownSpecialist: return .badData
        case .unknownDepartment, .emptyTopic: return .usage
        }
    }
}

/// Refusals of three-way call records and their promotion to knowledge drafts.
public enum ThreeWayCallError: HotlineFailure, Equatable {
    case unknownCall(Int64)
    case unknownThreeWayCall(Int64)
    case inactiveSpecialist(id: Int64, name: String)
    case emptyQuestion
    case tooLong(field: String, limit: Int)
    case emptyAnswer
    case alreadyFinished(id: Int64, endedAt: String)
    case endsBeforeStart(id: Int64, startedAt: String)
    case notFinished(id: Int64)
    case unresolved(id: Int64)
    case alreadyPromoted(id: Int64, entry: String)
    case draftIDTaken(String)

    public var description: String {
        switch self {
        case .unknownCall(let id):
            return "--call: 没有编号为 \(id) 的来电记录"
        case .unknownThreeWayCall(let id):
            return "没有编号为 \(id) 的三方通话记录"
        case .inactiveSpecialist(let id, let name):
            return "--specialist: 政策专员 \(TextSafety.visible(name))（\(id)）已停用；请用 hotline specialist find 另选"
        case .emptyQuestion:
            return "--question: 问题为空；请记下企业咨询的具体问题"
        case .tooLong(let field, let limit):
            return "\(field): 超过 \(limit) 字"
        case .emptyAnswer:
            return "--answer: 已解决的三方通话须记录政策专员的答复"
        case .alreadyFinished(let id, let endedAt):
            return "三方通话 \(id) 已于 \(endedAt) 结束，不能再次结束"
        case .endsBeforeStart(let id, let startedAt):
            return "三方通话 \(id) 开始于 \(startedAt)，结束时间不能早于开始时间（检查 HOTLINE_NOW）"
        case .notFinished(let id):
            return "三方通话 \(id) 尚未结束；请先用 hotline threeway finish \(id) 记录答复"
        case .unresolved(let id):
            return "三方通话 \(id) 未解决来电问题，其答复不能转为知识草稿"
        case .alreadyPromoted(let id, let entry):
            return "三方通话 \(id) 的答复已转为知识草稿 \(entry)"
        case .draftIDTaken(let externalID):
            return "知识条目编号 \(externalID) 已被占用；请先处理该条目"
        }
    }

    public var exitCode: ExitStatus { .badData }
}
