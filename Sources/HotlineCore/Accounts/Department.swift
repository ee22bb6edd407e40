import Foundation
import GRDB

/// A 承办单位: a city department (市级部门) or a town or street office (镇区街道).
public struct Department: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "department"

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case city, town
        public var label: String { self == .city ? "市级部门" : "镇区街道" }
        public init?(label: String) {
            switch label.trimmingCharacters(in: .whitespaces) {
            case "city", "市级部门": self = .city
            case "town", "镇区街道": self = .town
            default: return nil
            }
        }
    }

    public var id: Int64?
    public var code: String
    public var name: String
    public var kind: Kind
    public var isSample: Bool
    public var createdAt: Date

    public init(id: Int64? = nil, code: String, name: String, kind: Kind, isSample: Bool = false, createdAt: Date) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.isSample = isSample
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, code, name, kind
        case isSample = "is_sample"
        case createdAt = "created_at"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension Department {
    static func named(_ name: String) -> QueryInterfaceRequest<Department> {
        filter(Column("name") == name)
    }

    static func coded(_ code: String) -> QueryInterfaceRequest<Department> {
        filter(Column("code") == code)
    }

    /// A code for a department first met by name in an import (D001, D002, …).
    static func nextGeneratedCode(_ db: Database) throws -> String {
        let codes = try String.fetchAll(db, sql: "SELECT code FROM department WHERE code GLOB 'D[0-9][0-9][0-9]*'")
        let highest = codes.compactMap { Int($0.dropFirst()) }.max() ?? 0
        return String(format: "D%03d", highest + 1)
    }
}
