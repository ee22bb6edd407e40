import Foundation
import GRDB

/// Order numbers `YQL-YYYYMMDD-NNNN`: the local (Beijing time) date of creation and a
/// sequence per day, kept in its own table so numbers never repeat, even after a delete
/// of the last order or on two desks creating at once (the write transaction serialises).
enum OrderNumber {
    static let prefix = "YQL"

    static func next(at now: Date, in db: Database) throws -> String {
        let day = ShanghaiTime.localDate(of: now)
        let key = String(format: "%04d%02d%02d", day.year, day.month, day.day)
        let value = try Int.fetchOne(db, sql: """
            INSERT INTO order_number_sequence(day, last_value) VALUES (?, 1)
            ON CONFLICT(day) DO UPDATE SET last_value = last_value + 1
            RETURNING last_value
            """, arguments: [key]) ?? 1
        return "\(prefix)-\(key)-\(String(format: "%04d", value))"
    }

    /// Whether `text` has the shape of an order number (for friendlier errors).
    static func looksValid(_ text: String) -> Bool {
        text.range(of: #"^YQL-\d{8}-\d{4,}$"#, options: .regularExpression) != nil
    }
}
