import Foundation

public enum BackupError: HotlineFailure, Equatable {
    case exists(path: String)
    case cannotWrite(path: String, reason: String)
    case notFound(path: String)
    case unusable(path: String, problems: [String])
    case inUse(path: String)
    case notAdminInBackup(path: String, osUser: String)

    public var description: String {
        switch self {
        case .exists(let path):
            return "\(path): 文件已存在；换一个文件名，或加 --force 覆盖"
        case .cannotWrite(let path, let reason):
            return "\(path): 无法写入：\(reason)"
        case .notFound(let path):
            return "\(path): 没有这个备份文件"
        case .unusable(let path, let problems):
            return "\(path): 备份未通过检查，未做恢复：" + problems.joined(separator: "；")
        case .inUse(let path):
            return "\(path): 数据库正被其他程序打开（desk、hotline 或 cron 任务）；请先全部退出再恢复"
        case .notAdminInBackup(let path, let user):
            return "\(path): 系统用户 \(user) 在该备份中不是启用的系统管理员，不能用它恢复"
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .exists, .cannotWrite: return .cannotCreate
        case .notFound: return .unavailable
        case .unusable: return .badData
        case .inUse: return .unavailable
        case .notAdminInBackup: return .permissionDenied
        }
    }
}
