import Foundation
import GRDB

/// A new account as an admin describes it.
public struct NewAccount: Sendable, Equatable {
    public var login: String
    public var name: String
    public var role: Role
    /// The department's code: required for department accounts, refused for the others.
    public var departmentCode: String?
    /// The OS user who will be this account; default the login (an SSH login of that name).
    public var osUser: String?

    public init(login: String, name: String, role: Role, departmentCode: String? = nil, osUser: String? = nil) {
        self.login = login
        self.name = name
        self.role = role
        self.departmentCode = departmentCode
        self.osUser = osUser
    }
}

/// An account with its department, for lists.
public struct AccountListing: Sendable, Equatable {
    public var account: Account
    public var departmentCode: String?
    public var departmentName: String?
}

/// Accounts of the console (admins only). Accounts are never deleted: calls, orders and
/// events name them, so a person who leaves is disabled instead.
public struct AccountDirectory: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    public func add(_ new: NewAccount, identity: Identity) throws -> AccountListing {
        try identity.require(.admin, for: "添加账号")
        let login = try DirectoryNames.login(new.login, field: "LOGIN")
        let name = try DirectoryNames.displayName(new.name, field: "--name", limit: DirectoryNames.personNameLimit)
        let osUser = try DirectoryNames.login(new.osUser ?? login, field: "--os-user")
        let code = try new.departmentCode.map { text throws(DirectoryError) in
            try DirectoryNames.departmentCode(text, field: "--department")
        }
        switch (new.role, code) {
        case (.department, nil): throw DirectoryError.departmentRequired(role: new.role)
        case (.department, _), (_, nil): break
        default: throw DirectoryError.departmentNotAllowed(role: new.role)
        }
        let now = store.clock.now()
        return try store.write { db in
            try identity.confirmActive(in: db)
            if try Account.filter(Column("login") == login).fetchCount(db) > 0 { throw DirectoryError.loginTaken(login) }
            if let holder = try Account.filter(Column("os_user") == osUser).fetchOne(db) {
                throw DirectoryError.osUserTaken(osUser: osUser, login: holder.login)
            }
            var department: Department?
            if let code {
                guard let found = try Department.coded(code).fetchOne(db) else { throw DirectoryError.unknownDepartment(code) }
                department = found
            }
            var account = Account(login: login, name: name, role: new.role, departmentID: department?.id,
                                  osUser: osUser, createdAt: now)
            try account.insert(db)
            return AccountListing(account: account, departmentCode: department?.code, departmentName: department?.name)
        }
    }

    /// Every account by login, with its department.
    public func list(identity: Identity) throws -> [AccountListing] {
        try identity.require(.admin, for: "查看账号列表")
        return try store.read { db in
            let departments = try Department.fetchAll(db).reduce(into: [Int64: Department]()) { $0[$1.id ?? 0] = $1 }
            return try Account.order(Column("login")).fetchAll(db).map { account in
                let department = account.departmentID.flatMap { departments[$0] }
                return AccountListing(account: account, departmentCode: department?.code, departmentName: department?.name)
            }
        }
    }

    /// Disables or enables an account. The last active admin cannot be disabled: nobody
    /// could then manage accounts at all.
    public func setActive(_ active: Bool, login: String, identity: Identity) throws -> AccountListing {
        try identity.require(.admin, for: active ? "启用账号" : "停用账号")
        let login = login.trimmingCharacters(in: .whitespaces)
        return try store.write { db in
            try identity.confirmActive(in: db)
            guard var account = try Account.filter(Column("login") == login).fetchOne(db) else {
                throw DirectoryError.unknownAccount(login)
            }
            if !active && account.role == .admin && account.active {
                let admins = try Account.filter(Column("role") == Role.admin.rawValue && Column("active") == true).fetchCount(db)
                if admins <= 1 { throw DirectoryError.lastActiveAdmin(login) }
            }
            if account.active != active {
                account.active = active
                try account.update(db)
            }
            let department = try account.departmentID.flatMap { try Department.fetchOne(db, key: $0) }
            return AccountListing(account: account, departmentCode: department?.code, departmentName: department?.name)
        }
    }
}

extension Role {
    /// The code or the Chinese label (坐席, 班长, …).
    public init(text: String) throws(DirectoryError) {
        let folded = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let role = Role.allCases.first(where: { $0.rawValue == folded || $0.label == folded }) else {
            throw .unknownRole(text)
        }
        self = role
    }
}

extension Department.Kind {
    public init(text: String) throws(DirectoryError) {
        guard let kind = Department.Kind(label: text.lowercased()) else { throw .unknownKind(text) }
        self = kind
    }
}
