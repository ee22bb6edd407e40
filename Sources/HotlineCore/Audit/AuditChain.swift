import Crypto
import Foundation
import GRDB

/// The hash chain over the whole order event log (issue 7, "a record that cannot be
/// quietly changed"). Each event's hash is SHA-256 over the previous event's hash and a
/// canonical encoding of the event's stored columns, so changing, removing or reordering
/// any event breaks the chain from that event on.
///
/// The encoding works on the values as SQLite stores them (text, integer, null), not on
/// Swift values, so that verification reads exactly what an attacker could edit.
enum AuditChain {
    /// `prev_hash` of the first event.
    static let genesis = String(repeating: "0", count: 64)

    /// The columns the hash covers, in this order. `prev_hash` joins them in `hash`.
    static let columns = ["id", "order_id", "sequence", "at", "actor", "acting_for", "type", "payload"]
    static var columnList: String { columns.joined(separator: ", ") }

    static func values(of row: Row) -> [DatabaseValue] {
        columns.map { row[$0] as DatabaseValue }
    }

    static func values(of event: OrderEvent) -> [DatabaseValue] {
        [event.id.databaseValue, event.orderID.databaseValue, event.sequence.databaseValue, event.at.databaseValue,
         event.actor.databaseValue, event.actingFor.databaseValue, event.type.rawValue.databaseValue,
         event.payload.databaseValue]
    }

    /// SHA-256, lower-case hex, of "hotline-event-v1", the previous hash and each value
    /// as a type letter, its byte length and its bytes: no two different events encode
    /// to the same bytes, whatever their text contains.
    static func hash(previous: String, values: [DatabaseValue]) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("hotline-event-v1\n".utf8))
        append(.string(previous), to: &hasher)
        for value in values { append(value.storage, to: &hasher) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func append(_ storage: DatabaseValue.Storage, to hasher: inout SHA256) {
        let (tag, bytes): (UInt8, Data)
        switch storage {
        case .null: (tag, bytes) = (UInt8(ascii: "N"), Data())
        case .int64(let value): (tag, bytes) = (UInt8(ascii: "I"), Data(String(value).utf8))
        case .double(let value): (tag, bytes) = (UInt8(ascii: "R"), Data("\(value)".utf8))
        case .string(let value): (tag, bytes) = (UInt8(ascii: "T"), Data(value.utf8))
        case .blob(let value): (tag, bytes) = (UInt8(ascii: "B"), value)
        }
        var length = UInt64(bytes.count).bigEndian
        hasher.update(data: Data([tag]))
        withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
        hasher.update(data: bytes)
    }

    /// The last event of the log: the link the next event hangs on.
    static func tail(in db: Database) throws -> (id: Int64, hash: String) {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, hash FROM order_event ORDER BY id DESC LIMIT 1") else {
            return (0, genesis)
        }
        return (row["id"], row["hash"] ?? genesis)
    }

    /// Gives `event` the next id and its place in the chain. Runs inside the write
    /// transaction that inserts it, so two writers cannot take the same link.
    static func seal(_ event: inout OrderEvent, in db: Database) throws {
        let tail = try tail(in: db)
        event.id = tail.id + 1
        event.prevHash = tail.hash
        event.hash = hash(previous: tail.hash, values: values(of: event))
    }
}
