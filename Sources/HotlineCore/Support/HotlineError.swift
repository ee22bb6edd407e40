import Foundation

/// Exit codes shared by every program (sysexits.h, as DESIGN.md's conventions ask).
public enum ExitStatus: Int32, Sendable {
    case ok = 0
    case usage = 64
    case badData = 65
    case unavailable = 69
    case cannotCreate = 73
    case permissionDenied = 77
}

/// An error a person can act on: one line saying what and where, and the exit code
/// the batch CLI ends with.
public protocol HotlineFailure: Error, CustomStringConvertible, Sendable {
    var exitCode: ExitStatus { get }
}

/// Errors of the store itself: opening, creating and migrating the database.
public enum StoreError: HotlineFailure, Equatable {
    case schemaTooNew(path: String)
    case cannotCreate(path: String, reason: String)
    case cannotOpen(path: String, reason: String)
    case busy(operation: String)
    case seedNotFound(searched: [String])
    case notInitialized(path: String)
    case needsMigration(path: String)
    /// An event's stored time is not in the text form GRDB writes, so converting it to a
    /// number (migration v14) would change what its hash covers.
    case eventTimeUnconvertible(eventID: Int64, stored: String)

    public var description: String {
        switch self {
        case .schemaTooNew(let path):
            return "\(path): 数据库由更新版本的程序创建，本程序无法识别其结构；请升级程序后再打开（未做任何修改）"
        case .cannotCreate(let path, let reason):
            return "\(path): 无法创建数据库：\(reason)"
        case .cannotOpen(let path, let reason):
            return "\(path): 无法打开数据库：\(reason)"
        case .busy(let operation):
            return "\(operation): 数据库正忙，等待超时；请稍后重试"
        case .seedNotFound(let searched):
            return "找不到 knowledge-seed/ 目录（已查找：\(searched.joined(separator: "、"))）；请用 --seed DIR 指定"
        case .notInitialized(let path):
            return "\(path): 数据库尚未初始化；请先运行 hotline init"
        case .needsMigration(let path):
            return "\(path): 数据库结构需要升级；请管理员运行 hotline init"
        case .eventTimeUnconvertible(let eventID, let stored):
            return "工单事件 #\(eventID) 的时间“\(stored)”不是程序写入的格式，转为数值会改变其审计哈希；升级已中止，未做任何修改（请先运行 hotline audit verify）"
        }
    }

    public var exitCode: ExitStatus {
        switch self {
        case .schemaTooNew, .notInitialized, .needsMigration: return .unavailable
        case .eventTimeUnconvertible: return .badData
        case .cannotCreate: return .cannotCreate
        case .cannotOpen: return .unavailable
        case .busy: return .unavailable
        case .seedNotFound: return .unavailable
        }
    }
}
