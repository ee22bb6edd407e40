import Foundation
import GRDB

/// Folding a duplicate into its master order (重复件合并). The check runs inside the
/// write transaction, so two leads merging two orders into each other at the same
/// moment cannot both succeed: the second sees the first's merge and is refused.
extension WorkOrders {
    @discardableResult
    public func merge(_ number: String, into masterNumber: String, note: String? = nil, expectedVersion: Int? = nil,
                      identity: Identity) throws -> OrderChange {
        // The role first: someone who may not merge learns nothing about which orders exist.
        try OrderOperation.merge.authorize(identity)
        let now = self.now
        return try store.write { db in
            guard number != masterNumber else { throw OrderError.mergeRefused("不能把工单并入它自己") }
            let master = try OrderLedger.load(masterNumber, in: db)
            var change = try OrderLedger.change(number, operation: .merge, identity: identity, expectedVersion: expectedVersion,
                                                at: now, in: db) { order in
                guard order.status.isOpen else {
                    throw OrderError.mergeRefused("工单 \(order.number) 已\(order.status.label)")
                }
                guard master.status.isOpen else {
                    throw OrderError.mergeRefused("主工单 \(master.number) 已\(master.status.label)")
                }
                // A master pointing (through earlier merges) back at this order would be a
                // cycle; an open master never points anywhere, so this is belt and braces.
                var cursor = master.mergedIntoID
                while let next = cursor {
                    guard next != order.id else { throw OrderError.mergeRefused("会形成循环合并") }
                    cursor = try Int64.fetchOne(db, sql: "SELECT merged_into_id FROM work_order WHERE id = ?", arguments: [next])
                }
                order.status = .merged
                order.mergedIntoID = master.id
                var payload: [String: Any] = ["into": master.number]
                if let note = try OrderLimits.optionalText(note, field: "--note", limit: OrderLimits.note) { payload["note"] = note }
                return (.merged, payload)
            }
            var updatedMaster = master
            updatedMaster.version += 1
            updatedMaster.updatedAt = now
            updatedMaster.updatedBy = identity.actor.recorded
            try updatedMaster.update(db)
            change.events.append(try OrderLedger.append(.mergedIn, payload: ["duplicate": number], to: updatedMaster,
                                                        actor: identity.actor, at: now, in: db))
            return change
        }
    }
}
