import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// The order test database plus helpers for facts the reports count: calls written
/// straight into the table (so every outcome and tag is exactly what a test says) and
/// files for the importers.
class ReportTestCase: OrderTestCase {
    var reports: Reports { Reports(store: store) }

    /// A call row with the given outcome, time, phone, content, tags and knowledge entry.
    @discardableResult
    func insertCall(at text: String, outcome: String = "order", phone: String? = "13900000000", content: String = "企业咨询",
                    entry: Int64? = nil, tags: [String] = []) throws -> Int64 {
        let at = Self.instant(text)
        return try store.write { db in
            try db.execute(sql: """
                INSERT INTO call(received_at, channel, caller_phone, request_type, content, outcome, knowledge_entry_id,
                                 recorded_by, updated_at)
                VALUES (?, 'phone', ?, 'consult', ?, ?, ?, 'agent1', ?)
                """, arguments: [at, phone, content, outcome, entry, at])
            let id = db.lastInsertedRowID
            for tag in tags { try db.execute(sql: "INSERT INTO call_tag(call_id, tag) VALUES (?, ?)", arguments: [id, tag]) }
            return id
        }
    }

    /// A published knowledge entry of TAX in `category`.
    @discardableResult
    func insertEntry(_ externalID: String, category: String) throws -> Int64 {
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO knowledge_entry(external_id, department_id, category, question, answer, status, updated_at, updated_by)
                VALUES (?, (SELECT id FROM department WHERE code = 'TAX'), ?, ?, '答复', 'published', ?, 'kb')
                """, arguments: [externalID, category, "\(category)怎么办理", clock.now])
            return db.lastInsertedRowID
        }
    }

    func writeFile(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func at(_ text: String) { clock.set(text) }

    func create(_ department: String = "TAX", phone: String = "13812345678", kind: OrderKind = .consult,
                title: String = "数电发票领用") throws -> WorkOrder {
        try orders.create(NewOrder(kind: kind, department: department, title: title, content: "企业咨询\(title)",
                                   enterpriseName: "如皋市某某机械有限公司", phone: phone), identity: agent).order
    }
}
