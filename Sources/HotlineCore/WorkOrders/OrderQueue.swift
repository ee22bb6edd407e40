import Foundation
import GRDB

/// A row of the console's queue: what the list shows and what the actions on the
/// selected order need (its version), with the working time left on its running deadline.
public struct OrderQueueEntry: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var kind: OrderKind
    public var status: OrderStatus
    public var title: String
    public var departmentCode: String?
    public var departmentName: String?
    public var nextDue: Date?
    /// Working seconds until the running deadline; negative once it has passed.
    public var remainingWorkingSeconds: Int?
    public var isOverdue: Bool
    public var supervised: Bool
    public var isEnterprise: Bool
    public var returnRequested: Bool
    public var extensionRequested: Bool
    public var version: Int
}

extension WorkOrders {
    /// The open statuses, the queue's default.
    public static let openStatuses: [OrderStatus] = OrderStatus.allCases.filter(\.isOpen)

    /// The queue page: `list`'s rows and order, read with only the columns the queue
    /// shows, and the remaining working time from the cached calendar, in one read.
    public func queue(_ filter: OrderFilter, identity: Identity) throws -> [OrderQueueEntry] {
        try Self.requireReader(identity)
        let now = self.now
        return try store.read { db in
            try identity.confirmActive(in: db)
            let calendar = try CalendarStore.calendar(db)
            let plan = try OrderQueuePlan(filter, identity: identity, columns: """
                o.id, o.number, o.kind, o.status, o.title, o.next_due, o.sign_overdue, o.answer_overdue, o.supervised, \
                o.is_enterprise, o.return_requested, o.extension_requested, o.version, d.code, d.name
                """, in: db)
            var entries = try plan.fetch(db, decode: { row -> OrderQueueEntry in
                OrderQueueEntry(id: row[0], number: row[1], kind: OrderKind(rawValue: row[2]) ?? .other,
                                status: OrderStatus(rawValue: row[3]) ?? .pendingDispatch, title: row[4], departmentCode: row[13],
                                departmentName: row[14], nextDue: row[5], remainingWorkingSeconds: nil,
                                isOverdue: (row[6] as Bool) || (row[7] as Bool), supervised: row[8], isEnterprise: row[9], returnRequested: row[10],
                                extensionRequested: row[11], version: row[12])
            }, key: { ($0.nextDue, $0.id) })
            // Only for the page, after the merge: the calendar walk is the costly part.
            for index in entries.indices {
                guard let due = entries[index].nextDue else { continue }
                entries[index].remainingWorkingSeconds = due >= now
                    ? calendar.workingSeconds(from: now, to: due) : -calendar.workingSeconds(from: due, to: now)
            }
            return entries
        }
    }

    /// The departments a queue can be filtered by, by code: every department for those
    /// who see every order; a department account sees its own orders only, so none.
    public func queueDepartments(identity: Identity) throws -> [Department] {
        try Self.requireReader(identity)
        guard identity.role != .department else { return [] }
        return try store.read { db in
            try identity.confirmActive(in: db)
            return try Department.order(Column("code")).fetchAll(db)
        }
    }
}
