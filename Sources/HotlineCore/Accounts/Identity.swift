import Foundation
import GRDB

/// Who is at the keyboard: the account mapped to the OS user (an SSH login is the
/// authentication), or, for an admin using `--as`, the account acted for.
public struct Identity: Sendable, Equatable {
    public var account: Account
    /// The admin's login when acting for someone else.
    public var actingAdmin: String?

    public var actor: Actor { Actor(login: account.login, onBehalfOf: actingAdmin) }
    public var role: Role { account.role }
}

public enum AccessError: HotlineFailure, Equatable {
    case noAccount(osUser: String)
    case disabled(login: String)
    case unknownLogin(String)
    case actingRequiresAdmin(login: String)
    case roleRequired(operation: String, roles: [Role], actual: Role)

    public var description: String {
        switch self {
        case .noAccount(let user):
            return "系统用户 \(user) 没有对应的账号；请管理员用 hotline account add 添加"
        case .disabled(let login):
            return "账号 \(login) 已停用"
        case .unknownLogin(let login):
            return "--as: 没有账号 \(TextSafety.visible(login))"
        case .actingRequiresAdmin(let login):
            return "--as: 只有系统管理员可以代他人操作（\(login) 不是管理员）"
        case .roleRequired(let operation, let roles, let actual):
            let needed = roles.map { "\($0.label)（\($0.rawValue)）" }.joined(separator: "或")
            return "\(operation) 需要\(needed)角色；当前角色为\(actual.label)（\(actual.rawValue)）"
        }
    }

    public var exitCode: ExitStatus { .permissionDenied }
}

extension Identity {
    /// Resolves the OS user to an active account, then `actingAs` if given (admins only).
    public static func resolve(in store: HotlineStore, osUser: String = OperatingSystemUser.current(),
                               actingAs: String? = nil) throws -> Identity {
        try store.read { db in
            guard let own = try Account.filter(Column("os_user") == osUser).fetchOne(db) else {
                throw AccessError.noAccount(osUser: osUser)
            }
            guard own.active else { throw AccessError.disabled(login: own.login) }
            guard let login = actingAs, login != own.login else { return Identity(account: own, actingAdmin: nil) }
            guard own.role == .admin else { throw AccessError.actingRequiresAdmin(login: own.login) }
            guard let other = try Account.filter(Column("login") == login).fetchOne(db) else {
                throw AccessError.unknownLogin(login)
            }
            guard other.active else { throw AccessError.disabled(login: other.login) }
            return Identity(account: other, actingAdmin: own.login)
        }
    }

    /// Refuses when the account, or the admin acting for it, has been disabled since this
    /// identity was resolved. Called inside each write transaction (and before each
    /// read of orders): the console keeps an identity for a whole shift, and disabling
    /// an account must take effect at its next action, not at its next login.
    public func confirmActive(in db: Database) throws {
        let own: Bool? = try account.id.map { id in
            try Bool.fetchOne(db, sql: "SELECT active FROM account WHERE id = ?", arguments: [id])
        } ?? Bool.fetchOne(db, sql: "SELECT active FROM account WHERE login = ?", arguments: [account.login])
        guard own == true else { throw AccessError.disabled(login: account.login) }
        if let admin = actingAdmin {
            let row = try Row.fetchOne(db, sql: "SELECT active, role FROM account WHERE login = ?", arguments: [admin])
            guard let row, row["active"] == true else { throw AccessError.disabled(login: admin) }
            guard row["role"] == Role.admin.rawValue else { throw AccessError.actingRequiresAdmin(login: admin) }
        }
    }

    /// Refuses unless the identity has one of `roles`; `operation` names what was tried.
    public func require(_ roles: Role..., for operation: String) throws(AccessError) {
        guard roles.contains(role) else { throw AccessError.roleRequired(operation: operation, roles: roles, actual: role) }
    }
}
