import Foundation
import GRDB

/// An entry with its department and revision history, as `kb show` and the console's
/// preview pane present it.
public struct KnowledgeEntryDetail: Sendable {
    public var entry: KnowledgeEntry
    public var department: Department
    public var revisions: [KnowledgeRevision]
    public var isExpired: Bool
}

public enum KnowledgeError: HotlineFailure, Equatable {
    case unknownEntry(String)

    public var description: String {
        switch self {
        case .unknownEntry(let id): return "没有编号为 \(TextSafety.visible(id)) 的知识条目"
        }
    }

    public var exitCode: ExitStatus { .badData }
}

extension KnowledgeBase {
    public func detail(externalID: String) throws -> KnowledgeEntryDetail {
        // The search screen's preview asks for this on every move through the results:
        // cached statements, so no keystroke pays for compiling them.
        try store.read { db in
            guard let entry = try KnowledgeEntry.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM knowledge_entry WHERE external_id = ?"), arguments: [externalID]),
                  let department = try Department.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM department WHERE id = ?"), arguments: [entry.departmentID]) else {
                throw KnowledgeError.unknownEntry(externalID)
            }
            let revisions = try KnowledgeRevision.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM knowledge_revision WHERE entry_id = ? ORDER BY revision DESC"),
                arguments: [entry.id!]).map { $0.completingSnapshot(from: entry) }
            return KnowledgeEntryDetail(entry: entry, department: department, revisions: revisions,
                                        isExpired: entry.isExpired(on: today))
        }
    }

    /// Entries with their department names, in id order, optionally filtered.
    public func entries(status: KnowledgeEntry.Status? = nil, department: String? = nil,
                        _ body: (KnowledgeEntry, String) throws -> Void) throws {
        try store.read { db in
            var sql = "SELECT e.*, d.name AS department_name FROM knowledge_entry e JOIN department d ON d.id = e.department_id WHERE 1"
            var arguments: StatementArguments = []
            if let status { sql += " AND e.status = ?"; arguments += [status.rawValue] }
            if let department { sql += " AND (d.name = ? OR d.code = ?)"; arguments += [department, department] }
            sql += " ORDER BY e.external_id"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                try body(try KnowledgeEntry(row: row), row["department_name"])
            }
        }
    }
}
