import Foundation
import GRDB

extension CallService {
    /// The most called enterprises whose name contains `text`, those starting with it
    /// first: callers give the distinctive part of a name (某某机械) as often as its
    /// beginning (如皋市…).
    public func enterpriseNames(matching text: String, limit: Int = 8, identity: Identity) throws -> [EnterpriseSuggestion] {
        try requireIntake(identity, "企业名称补全")
        let typed = text.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty else { return [] }
        return try store.read { db in try EnterpriseSuggestion.matching(typed, limit: max(1, limit), in: db) }
    }

    /// The enterprise last named with this 统一社会信用代码, to fill the name from the code.
    public func enterprise(uscc: String, identity: Identity) throws -> EnterpriseSuggestion? {
        try requireIntake(identity, "企业名称补全")
        let code = uscc.trimmingCharacters(in: .whitespaces).uppercased()
        guard !code.isEmpty else { return nil }
        return try store.read { db in
            try Row.fetchOne(db, sql: """
                SELECT name, uscc, calls FROM known_enterprise WHERE uscc = ?
                ORDER BY last_call_at DESC LIMIT 1
                """, arguments: [code]).map(EnterpriseSuggestion.init(row:))
        }
    }
}

extension EnterpriseSuggestion {
    init(row: Row) {
        self.init(name: row["name"], uscc: row["uscc"], calls: row["calls"])
    }

    static func matching(_ typed: String, limit: Int, in db: Database) throws -> [EnterpriseSuggestion] {
        // Walks the names most called first and stops at `limit` matches, so a common
        // fragment costs a few rows and only a rare one reads the whole directory.
        let found = try Row.fetchAll(db, sql: """
            SELECT name, uscc, calls FROM known_enterprise INDEXED BY known_enterprise_by_calls
            WHERE instr(name, ?) > 0
            ORDER BY calls DESC, last_call_at DESC LIMIT ?
            """, arguments: [typed, limit]).map(EnterpriseSuggestion.init(row:))
        let starting = found.filter { $0.name.hasPrefix(typed) }
        return starting + found.filter { !$0.name.hasPrefix(typed) }
    }
}
