import Foundation
import GRDB

/// The five roles of DESIGN.md's roles table.
public enum Role: String, Sendable, Codable, CaseIterable {
    case agent, lead, trainer, department, admin

    public var label: String {
        switch self {
        case .agent: return "坐席"
        case .lead: return "班长"
        case .trainer: return "知识库管理员"
        case .department: return "承办单位联络员"
        case .admin: return "系统管理员"
        }
    }
}

/// A person who uses the console, mapped to an OS user (peer authentication).
public struct Account: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "account"

    public var id: Int64?
    public var login: String
    public var name: String
    public var role: Role
    public var departmentID: Int64?
    public var osUser: String?
    public var active: Bool
    public var createdAt: Date

    public init(id: Int64? = nil, login: String, name: String, role: Role, departmentID: Int64? = nil,
                osUser: String?, active: Bool = true, createdAt: Date) {
        self.id = id
        self.login = login
        self.name = name
        self.role = role
        self.departmentID = departmentID
        self.osUser = osUser
        self.active = active
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, login, name, role, active
        case departmentID = "department_id"
        case osUser = "os_user"
        case createdAt = "created_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// Who does something: the account acting, and the admin behind it when `--as` is used.
public struct Actor: Sendable, Equatable {
    public var login: String
    public var onBehalfOf: String?

    public init(login: String, onBehalfOf: String? = nil) {
        self.login = login
        self.onBehalfOf = onBehalfOf
    }

    /// The record's "who": `login`, or `login（由 admin 代为操作）`.
    public var recorded: String {
        guard let admin = onBehalfOf else { return login }
        return "\(login)（由 \(admin) 代为操作）"
    }

    /// The OS user running the program, before any account lookup.
    public static var operatingSystemUser: Actor { Actor(login: OperatingSystemUser.current()) }
}
