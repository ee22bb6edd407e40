import Foundation
import GRDB

/// The city's 企业服务专家库: every department's 政策专员, their import from the
/// registration form, and finding the right one for a caller's topic.
public struct SpecialistRoster: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    /// The window of "recent" answers that breaks ties between equally matching specialists.
    public static let recentDays = 90

    /// The notice asks each department for 3–5 specialists (三、2).
    public static let expectedPerDepartment = 3...5

    /// One specialist with their department, or `SpecialistError.unknownSpecialist`.
    public func specialist(id: Int64) throws -> SpecialistListing {
        try store.read { db in
            guard let specialist = try Specialist.fetchOne(db, key: id) else { throw SpecialistError.unknownSpecialist(id) }
            return try Self.listings([specialist], now: store.clock.now(), in: db)[0]
        }
    }

    /// Specialists by department (code order), each department in the order its form
    /// listed them; inactive ones only when asked.
    /// Open to every role: phones are masked through `Specialist.phone(for:)`.
    public func list(department: String? = nil, includeInactive: Bool = false) throws -> [SpecialistListing] {
        try store.read { db in
            var request = Specialist.all()
            if let department { request = request.filter(Column("department_id") == (try Self.departmentID(department, in: db))) }
            if !includeInactive { request = request.filter(Column("active") == true) }
            let listings = try Self.listings(try request.fetchAll(db), now: store.clock.now(), in: db)
            return listings.sorted {
                ($0.department.code, $0.specialist.id!) < ($1.department.code, $1.specialist.id!)
            }
        }
    }

    // MARK: Shared lookups

    /// A department given as people give it: its name or its code.
    static func departmentID(_ text: String, in db: Database) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM department WHERE name = ? OR code = ?",
                                          arguments: [trimmed, trimmed]) else {
            throw SpecialistError.unknownDepartment(trimmed)
        }
        return id
    }

    /// Resolved three-way calls per specialist since `now` minus `recentDays`.
    static func recentAnswers(now: Date, in db: Database) throws -> [Int64: Int] {
        let since = now.addingTimeInterval(-Double(recentDays) * 86_400)
        let rows = try Row.fetchAll(db, sql: """
            SELECT specialist_id, count(*) AS answers FROM three_way_call
            WHERE resolved = 1 AND ended_at >= ? GROUP BY specialist_id
            """, arguments: [since])
        var result: [Int64: Int] = [:]
        for row in rows { result[row["specialist_id"]] = row["answers"] }
        return result
    }

    static func listings(_ specialists: [Specialist], now: Date, in db: Database) throws -> [SpecialistListing] {
        let departments = Dictionary(uniqueKeysWithValues: try Department.fetchAll(db).map { ($0.id!, $0) })
        let answers = try recentAnswers(now: now, in: db)
        return specialists.map {
            SpecialistListing(specialist: $0, department: departments[$0.departmentID]!, recentAnswers: answers[$0.id!] ?? 0)
        }
    }
}
