import Foundation
import GRDB

/// A department's 政策专员: a named expert the desk conferences in by three-way call
/// when the knowledge base has no answer (notice 三、2: 3–5 per department, each with
/// their 优势业务领域).
public struct Specialist: Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "specialist"

    public var id: Int64?
    public var departmentID: Int64
    public var name: String
    public var title: String
    /// Normalised: `13812345678` or `0513-80001001` (see PhoneNumber).
    public var phone: String
    /// Expertise areas in the order the form gave them.
    public var expertise: [String]
    public var active: Bool
    public var isSample: Bool
    public var updatedAt: Date
    public var updatedBy: String

    public init(id: Int64? = nil, departmentID: Int64, name: String, title: String, phone: String,
                expertise: [String], active: Bool = true, isSample: Bool = false, updatedAt: Date, updatedBy: String) {
        self.id = id
        self.departmentID = departmentID
        self.name = name
        self.title = title
        self.phone = phone
        self.expertise = expertise
        self.active = active
        self.isSample = isSample
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// Stored joined by 、 as the registration form writes them, so the column reads
    /// naturally in any SQLite browser; no area can contain 、 (it is a separator on input).
    static let expertiseSeparator = "、"

    public init(row: Row) throws {
        id = row["id"]
        departmentID = row["department_id"]
        name = row["name"]
        title = row["title"]
        phone = row["phone"]
        expertise = (row["expertise"] as String).components(separatedBy: Self.expertiseSeparator).filter { !$0.isEmpty }
        active = row["active"]
        isSample = row["is_sample"]
        updatedAt = row["updated_at"]
        updatedBy = row["updated_by"]
    }

    public func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["department_id"] = departmentID
        container["name"] = name
        container["title"] = title
        container["phone"] = phone
        container["expertise"] = expertise.joined(separator: Self.expertiseSeparator)
        container["active"] = active
        container["is_sample"] = isSample
        container["updated_at"] = updatedAt
        container["updated_by"] = updatedBy
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The phone as `role` may see it: in full for the roles that place calls
    /// (DESIGN.md roles table), masked for everyone else.
    public func phone(for role: Role) -> String {
        [.agent, .lead, .admin].contains(role) ? phone : PhoneNumber.masked(phone)
    }
}

extension Specialist {
    static func keyed(departmentID: Int64, name: String) -> QueryInterfaceRequest<Specialist> {
        filter(Column("department_id") == departmentID && Column("name") == name)
    }
}

/// A specialist with their department, as lists and searches show them.
public struct SpecialistListing: Sendable, Equatable {
    public var specialist: Specialist
    public var department: Department
    /// Three-way calls this specialist resolved in the last `SpecialistRoster.recentDays` days.
    public var recentAnswers: Int
}
