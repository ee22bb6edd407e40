import Foundation
import GRDB

/// The work-order desk: every operation on orders, each one permission-checked and
/// recorded. The CLI and the console call these and nothing else.
public struct WorkOrders: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    var now: Date { store.clock.now() }

    /// Runs one operation on one order in its own write transaction.
    func change(_ number: String, _ operation: OrderOperation, identity: Identity, expectedVersion: Int?,
                step: @escaping (inout WorkOrder, Database) throws -> (OrderEventType, [String: Any])) throws -> OrderChange {
        let now = self.now
        return try store.write { db in
            try OrderLedger.change(number, operation: operation, identity: identity, expectedVersion: expectedVersion,
                                   at: now, in: db) { order in try step(&order, db) }
        }
    }
}

/// Field limits: generous for real cases, small enough to catch a pasted file.
enum OrderLimits {
    static let title = 200
    static let content = 10_000
    static let note = 2_000
    static let extensionDays = 30

    static func text(_ value: String, field: String, limit: Int, required: Bool = true) throws -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if required && trimmed.isEmpty { throw OrderError.invalid(field: field, reason: "不能为空") }
        guard trimmed.count <= limit else {
            throw OrderError.invalid(field: field, reason: "超过 \(limit) 字（现为 \(trimmed.count) 字）")
        }
        return trimmed
    }

    static func optionalText(_ value: String?, field: String, limit: Int) throws -> String? {
        guard let value else { return nil }
        let text = try text(value, field: field, limit: limit, required: false)
        return text.isEmpty ? nil : text
    }
}

extension Department {
    /// The department with `code` (or, for people who type names, that exact name).
    static func resolve(_ codeOrName: String, in db: Database) throws -> Department {
        let key = codeOrName.trimmingCharacters(in: .whitespaces)
        if let department = try Department.coded(key).fetchOne(db) ?? Department.named(key).fetchOne(db) {
            return department
        }
        throw OrderError.unknownDepartment(key)
    }
}
