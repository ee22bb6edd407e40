import Foundation

/// Why an order operation was refused, in words the person at the desk can act on.
public enum OrderError: HotlineFailure, Equatable {
    case notFound(String)
    case illegalTransition(operation: String, number: String, status: OrderStatus)
    case staleVersion(number: String, expected: Int, actual: Int, changedBy: String, changedAt: Date)
    case notOwnDepartment(number: String, holder: String)
    case returnWindowClosed(number: String, windowEnd: Date)
    case extensionTooLate(number: String, answerDue: Date)
    case alreadyRequested(number: String, what: String)
    case nothingPending(number: String, what: String)
    case alreadySupervised(String)
    case mergeRefused(String)
    case unknownDepartment(String)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let number):
            return "没有工单 \(TextSafety.visible(number))"
        case .illegalTransition(let operation, let number, let status):
            return "工单 \(number) 当前状态为\(status.label)（\(status.rawValue)），不能\(operation)"
        case .staleVersion(let number, let expected, let actual, let by, let at):
            return "工单 \(number) 已被 \(by) 于 \(ShanghaiTime.format(at)) 修改（版本 \(expected) → \(actual)）；请刷新后再操作"
        case .notOwnDepartment(let number, let holder):
            return "工单 \(number) 由\(holder)承办，不属于你的单位"
        case .returnWindowClosed(let number, let end):
            return "工单 \(number) 的退回申请期限已于 \(ShanghaiTime.format(end)) 结束"
        case .extensionTooLate(let number, let due):
            return "工单 \(number) 的办理期限 \(ShanghaiTime.format(due)) 已过，不能再申请延时"
        case .alreadyRequested(let number, let what):
            return "工单 \(number) 已有待审核的\(what)申请"
        case .nothingPending(let number, let what):
            return "工单 \(number) 没有待审核的\(what)申请"
        case .alreadySupervised(let number):
            return "工单 \(number) 已在督办中"
        case .mergeRefused(let reason):
            return "不能合并：\(reason)"
        case .unknownDepartment(let code):
            return "没有承办单位 \(TextSafety.visible(code))（hotline department list 查看）"
        case .invalid(let field, let reason):
            return "\(field): \(reason)"
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .notOwnDepartment: return .permissionDenied
        default: return .badData
        }
    }
}
