import Crypto
import Foundation
import GRDB

/// The hash chain over the whole order event log (issue 7, "a record that cannot be
/// quietly changed"). Each event's hash is SHA-256 over the previous event's hash and a
/// canonical encoding of the event's stored columns, so changing, removing or reordering
/// any event breaks the chain from that event on.
///
/// The encoding works on the values as SQLite stores them (text, integer, null), not on
/// Swift values, so that verification reads exactly what an attacker could edit. The one
/// exception is the event's time: stored as a number since v14 (`StoredInstant`), it is
/// hashed as the text it was stored as before, so events written before v14 keep their
/// hashes through the conversion.
///
/// Hashes are stored as 32-byte blobs; beside each, `prev_tag` keeps the first four bytes
/// of the previous event's hash. The tag adds nothing to the proof (the hash covers the
/// whole previous hash); it lets verification tell an edited event from one whose
/// predecessor was changed, removed or rehashed. Hashes are printed, anchored and fed to
/// the next hash as lower-case hex, as before they were stored as blobs, so anchors
/// written down then still verify.
enum AuditChain {
    static let hashLength = 32
    static let tagLength = 4

    /// The hash before the first event.
    static let genesis = Data(repeating: 0, count: hashLength)

    /// The columns the hash covers, in this order. The previous hash joins them in `hash`.
    static let columns = ["id", "order_id", "sequence", "at", "actor", "acting_for", "type", "payload"]
    static var columnList: String { columns.joined(separator: ", ") }

    static func values(of row: Row) -> [DatabaseValue] {
        columns.map { $0 == "at" ? StoredInstant.hashed(row[$0]) : row[$0] as DatabaseValue }
    }

    static func values(of event: OrderEvent) -> [DatabaseValue] {
        [event.id.databaseValue, event.orderID.databaseValue, event.sequence.databaseValue,
         StoredInstant.hashed(StoredInstant.value(event.at).databaseValue),
         event.actor.databaseValue, event.actingFor.databaseValue, event.type.rawValue.databaseValue,
         event.payload.databaseValue]
    }

    /// SHA-256 of "hotline-event-v1", the previous hash in lower-case hex and each value
    /// as a type letter, its byte length and its bytes: no two different events encode
    /// to the same bytes, whatever their text contains.
    static func hash(previous: Data, values: [DatabaseValue]) -> Data {
        var hasher = SHA256()
        hasher.update(data: Data("hotline-event-v1\n".utf8))
        append(.string(hex(previous)), to: &hasher)
        for value in values { append(value.storage, to: &hasher) }
        return Data(hasher.finalize())
    }

    /// The tag an event keeps of the hash before it.
    static func tag(_ hash: Data) -> Data { hash.prefix(tagLength) }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: Data) -> String {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of lower-case or upper-case hex text, or nil if it is not hex.
    static func bytes(hex text: String) -> Data? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var bytes = Data(capacity: digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
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
    static func tail(in db: Database) throws -> (id: Int64, hash: Data) {
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
        event.prevTag = tag(tail.hash)
        event.hash = hash(previous: tail.hash, values: values(of: event))
    }
}

/// Appends many generated events in one transaction through one prepared statement,
/// each sealed into the chain like any other (the benchmarks fill years of them).
struct ChainedEventWriter {
    private let statement: Statement
    private var tail: (id: Int64, hash: Data)

    init(in db: Database) throws {
        statement = try db.makeStatement(sql: """
            INSERT INTO order_event(id, order_id, sequence, at, actor, type, payload, prev_tag, hash)
            VALUES (?,?,?,?,?,?,?,?,?)
            """)
        tail = try AuditChain.tail(in: db)
    }

    /// `at` is the stored number of the event's time (`StoredInstant`).
    mutating func append(order: Int64, sequence: Int, at: Double, actor: String, type: String, payload: String) throws {
        let id = tail.id + 1
        let hash = AuditChain.hash(previous: tail.hash, values: [
            id.databaseValue, order.databaseValue, sequence.databaseValue, StoredInstant.hashed(at.databaseValue),
            actor.databaseValue,
            .null, type.databaseValue, payload.databaseValue,
        ])
        try statement.execute(arguments: [id, order, sequence, at, actor, type, payload, AuditChain.tag(tail.hash), hash])
        tail = (id, hash)
    }
}
