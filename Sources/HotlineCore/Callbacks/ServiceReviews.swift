import Foundation
import GRDB

/// 好差评 levels (国办发〔2019〕51号), best first.
public enum ReviewLevel: Int, Sendable, CaseIterable {
    case verySatisfied = 1, satisfied, basic, unsatisfied, veryUnsatisfied

    public var code: String {
        ["very_satisfied", "satisfied", "basic", "unsatisfied", "very_unsatisfied"][rawValue - 1]
    }

    public var label: String { ["非常满意", "满意", "基本满意", "不满意", "非常不满意"][rawValue - 1] }

    /// 差评: the two lowest levels, each of which opens a rectification item.
    public var isBad: Bool { self == .unsatisfied || self == .veryUnsatisfied }

    /// `1`–`5`, the code or the Chinese label.
    public init?(text: String) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let number = Int(key), let level = ReviewLevel(rawValue: number) { self = level; return }
        guard let level = ReviewLevel.allCases.first(where: { $0.code == key || $0.label == key }) else { return nil }
        self = level
    }
}

public struct ServiceReview: Sendable, Equatable {
    public var id: Int64
    public var orderNumber: String
    public var department: String
    public var level: ReviewLevel
    public var comment: String?
    public var at: Date
    /// The rectification item a bad review opened.
    public var rectificationID: Int64?
}

public struct RectificationItem: Sendable, Equatable {
    public var id: Int64
    public var orderNumber: String
    public var departmentCode: String
    public var departmentName: String
    public var level: ReviewLevel
    public var comment: String?
    public var openedAt: Date
    public var dueAt: Date
    public var done: Bool
    public var doneAt: Date?
    public var note: String?
}

/// Reviews of answers (好差评) and the rectification (整改) a bad one asks of the
/// department. Agents and leads record reviews; the department closes its own items
/// with what it did, and a lead may close any.
public struct ServiceReviews: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    public func record(orderNumber: String, level: ReviewLevel, comment: String?, identity: Identity) throws -> ServiceReview {
        try identity.require(.agent, .lead, for: "记录好差评")
        let text = try Self.optionalText(comment, field: "--comment")
        let now = store.clock.now()
        return try store.write { db in
            let number = orderNumber.trimmingCharacters(in: .whitespaces).uppercased()
            guard let order = try Row.fetchOne(db, sql: """
                SELECT o.id, o.kind, o.answered_at, o.department_id, d.code FROM work_order o
                LEFT JOIN department d ON d.id = o.department_id WHERE o.number = ?
                """, arguments: [number]) else { throw OrderError.notFound(number) }
            guard (order["answered_at"] as Date?) != nil, let departmentID = order["department_id"] as Int64? else {
                throw CallbackError.orderNotAnswered(number)
            }
            try db.execute(sql: """
                INSERT INTO service_review(order_id, department_id, level, comment, at, recorded_by, acting_for)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [order["id"] as Int64, departmentID, level.rawValue, text, now, identity.actor.login,
                                 identity.actor.onBehalfOf])
            let reviewID = db.lastInsertedRowID
            var rectificationID: Int64?
            if level.isBad {
                // The department gets the kind's answer time to rectify, on the working calendar.
                let due = try OrderDeadlines.freshAnswerDue(kind: OrderKind(rawValue: order["kind"]) ?? .other, from: now, in: db)
                try db.execute(sql: """
                    INSERT INTO rectification(review_id, order_id, department_id, opened_at, due_at) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [reviewID, order["id"] as Int64, departmentID, now, due.instant])
                rectificationID = db.lastInsertedRowID
            }
            return ServiceReview(id: reviewID, orderNumber: number, department: order["code"], level: level, comment: text,
                                 at: now, rectificationID: rectificationID)
        }
    }

    /// Open items first, oldest due first; a department account sees its own only.
    public func rectifications(includeDone: Bool = false, department: String? = nil, identity: Identity) throws -> [RectificationItem] {
        try identity.require(.lead, .admin, .department, for: "查看整改事项")
        return try store.read { db in
            var departmentID = try department.map { try DepartmentRef.resolve($0, in: db).id }
            if identity.role == .department { departmentID = identity.account.departmentID }
            return try Row.fetchAll(db, sql: """
                SELECT r.id, o.number, d.code, d.name, v.level, v.comment, r.opened_at, r.due_at, r.status, r.done_at, r.note
                FROM rectification r JOIN service_review v ON v.id = r.review_id JOIN work_order o ON o.id = r.order_id
                JOIN department d ON d.id = r.department_id
                WHERE (? OR r.status = 'open') AND (? IS NULL OR r.department_id = ?)
                ORDER BY r.status = 'done', r.due_at, r.id
                """, arguments: [includeDone, departmentID, departmentID]).map(Self.item)
        }
    }

    public func completeRectification(_ id: Int64, note: String, identity: Identity) throws -> RectificationItem {
        try identity.require(.lead, .department, for: "完成整改事项")
        guard let text = try Self.optionalText(note, field: "--note 整改情况") else {
            throw CallbackError.invalid(field: "--note", reason: "须写明整改情况")
        }
        let now = store.clock.now()
        return try store.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT r.status, r.department_id, d.name FROM rectification r JOIN department d ON d.id = r.department_id WHERE r.id = ?",
                                             arguments: [id]) else { throw CallbackError.unknownRectification(id) }
            if identity.role == .department && identity.account.departmentID != row["department_id"] {
                throw CallbackError.notOwnRectification(id: id, department: row["name"])
            }
            guard (row["status"] as String) == "open" else { throw CallbackError.rectificationDone(id) }
            try db.execute(sql: "UPDATE rectification SET status = 'done', done_at = ?, done_by = ?, note = ? WHERE id = ?",
                           arguments: [now, identity.actor.recorded, text, id])
            return try Row.fetchOne(db, sql: """
                SELECT r.id, o.number, d.code, d.name, v.level, v.comment, r.opened_at, r.due_at, r.status, r.done_at, r.note
                FROM rectification r JOIN service_review v ON v.id = r.review_id JOIN work_order o ON o.id = r.order_id
                JOIN department d ON d.id = r.department_id WHERE r.id = ?
                """, arguments: [id]).map(Self.item)!
        }
    }

    static func item(_ row: Row) -> RectificationItem {
        RectificationItem(id: row["id"], orderNumber: row["number"], departmentCode: row["code"], departmentName: row["name"],
                          level: ReviewLevel(rawValue: row["level"]) ?? .unsatisfied, comment: row["comment"],
                          openedAt: row["opened_at"], dueAt: row["due_at"], done: (row["status"] as String) == "done",
                          doneAt: row["done_at"], note: row["note"])
    }

    static func optionalText(_ value: String?, field: String) throws(CallbackError) -> String? {
        guard let value else { return nil }
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= 2_000 else { throw .invalid(field: field, reason: "超过 2000 字") }
        return text.isEmpty ? nil : text
    }
}
