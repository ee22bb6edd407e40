import Foundation
import GRDB

/// Which facts a report counts: one department or all, and optionally only those tagged
/// (企业: orders marked enterprise, calls tagged 企业; another tag: calls with that tag and
/// the orders raised from them).
public struct ReportScope: Sendable, Equatable {
    public var department: DepartmentRef?
    public var tag: String?

    public init(department: DepartmentRef? = nil, tag: String? = nil) {
        self.department = department
        self.tag = tag
    }

    public static let all = ReportScope()

    func includes(department id: Int64?) -> Bool {
        guard let department else { return true }
        return id == department.id
    }

    /// SQL condition on a `work_order` alias for the tag, with its arguments.
    func orderTagCondition(_ alias: String) -> (String, StatementArguments) {
        guard let tag else { return ("1", []) }
        if tag == CallService.enterpriseTag {
            return ("(\(alias).is_enterprise = 1 OR EXISTS (SELECT 1 FROM call_tag t WHERE t.call_id = \(alias).call_id AND t.tag = ?))", [tag])
        }
        return ("EXISTS (SELECT 1 FROM call_tag t WHERE t.call_id = \(alias).call_id AND t.tag = ?)", [tag])
    }

    /// SQL condition on a `call` alias for the tag.
    func callTagCondition(_ alias: String) -> (String, StatementArguments) {
        guard let tag else { return ("1", []) }
        return ("EXISTS (SELECT 1 FROM call_tag t WHERE t.call_id = \(alias).id AND t.tag = ?)", [tag])
    }
}

/// A department as reports name it.
public struct DepartmentRef: Sendable, Equatable, Hashable {
    public var id: Int64
    public var code: String
    public var name: String

    public init(id: Int64, code: String, name: String) {
        self.id = id
        self.code = code
        self.name = name
    }

    static func all(_ db: Database) throws -> [Int64: DepartmentRef] {
        var result: [Int64: DepartmentRef] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, code, name FROM department") {
            let ref = DepartmentRef(id: row["id"], code: row["code"], name: row["name"])
            result[ref.id] = ref
        }
        return result
    }

    static func resolve(_ codeOrName: String, in db: Database) throws -> DepartmentRef {
        let key = codeOrName.trimmingCharacters(in: .whitespaces)
        guard let row = try Row.fetchOne(db, sql: "SELECT id, code, name FROM department WHERE code = ? OR name = ? ORDER BY code = ? DESC LIMIT 1",
                                         arguments: [key, key, key]) else {
            throw ReportError.unknownDepartment(key)
        }
        return DepartmentRef(id: row["id"], code: row["code"], name: row["name"])
    }
}

/// Who may see which report (DESIGN.md roles: leads see reports; admins run the host).
/// A department liaison may see its own department's evaluation, since 第二十二条 has the
/// results reported back to every member unit, but not other departments' rows, the
/// center-wide KPI or the hotspots.
enum ReportAccess {
    static let readers: [Role] = [.lead, .admin]

    static func requireReader(_ identity: Identity, _ operation: String) throws {
        guard readers.contains(identity.role) else {
            throw AccessError.roleRequired(operation: operation, roles: readers, actual: identity.role)
        }
    }

    /// For the evaluation: leads and admins see every department; a department account
    /// only its own, whatever it asked for.
    static func evaluationDepartment(_ identity: Identity, asked: DepartmentRef?, in db: Database) throws -> DepartmentRef? {
        if readers.contains(identity.role) { return asked }
        guard identity.role == .department, let own = identity.account.departmentID else {
            throw AccessError.roleRequired(operation: "查看月度评估", roles: readers + [.department], actual: identity.role)
        }
        let ownRef = try DepartmentRef.all(db)[own]!
        if let asked, asked.id != own { throw ReportError.otherDepartment(own: ownRef.code, asked: asked.code) }
        return ownRef
    }
}
