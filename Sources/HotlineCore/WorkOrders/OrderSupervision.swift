import Foundation
import GRDB

/// The shift lead's pressure on open orders (第二十四至二十六条): 催办 and 督办.
extension WorkOrders {
    @discardableResult
    public func urge(_ number: String, note: String, expectedVersion: Int? = nil, identity: Identity) throws -> OrderChange {
        try change(number, .urge, identity: identity, expectedVersion: expectedVersion) { order, _ in
            guard order.status.isWithDepartment || order.status == .answered else {
                throw OrderLedger.refuse(.urge, order)
            }
            let text = try OrderLimits.text(note, field: "--note 催办意见", limit: OrderLimits.note)
            order.urgeCount += 1
            return (.urged, ["note": text, "count": order.urgeCount])
        }
    }

    @discardableResult
    public func supervise(_ number: String, note: String, expectedVersion: Int? = nil, identity: Identity) throws -> OrderChange {
        try change(number, .supervise, identity: identity, expectedVersion: expectedVersion) { order, _ in
            guard order.status.isOpen else { throw OrderLedger.refuse(.supervise, order) }
            guard !order.supervised else { throw OrderError.alreadySupervised(order.number) }
            let text = try OrderLimits.text(note, field: "--note 督办意见", limit: OrderLimits.note)
            order.supervised = true
            return (.supervised, ["note": text])
        }
    }
}
