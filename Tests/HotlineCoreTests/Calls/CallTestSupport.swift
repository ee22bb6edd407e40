import Foundation
import GRDB
import XCTest
@testable import HotlineCore

/// A directory database plus helpers that write the rows other services own (orders,
/// knowledge entries) straight into the tables, so the intake tests stand alone.
class CallTestCase: DirectoryTestCase {
    var calls: CallService { CallService(store: store) }

    /// A valid code: 91320682MA1U12345 with its check character H.
    static let uscc = "91320682MA1U12345H"
    static let otherUSCC = "91110000600037341L"

    @discardableResult
    func record(phone: String? = "13812345678", enterprise: String? = nil, uscc: String? = nil,
                content: String = "稳岗返还补贴什么时候到账", as who: Identity? = nil) throws -> CallDetails {
        try calls.record(CallIntake(phone: phone, enterpriseName: enterprise, uscc: uscc, content: content),
                         identity: who ?? (try agent)).call
    }

    /// A work order row as the work-order service would leave it.
    @discardableResult
    func insertOrder(_ number: String, status: String = "dispatched", title: String, content: String,
                     phone: String? = nil, uscc: String? = nil, enterprise: String? = nil, callID: Int64? = nil,
                     daysAgo: Double = 1) throws -> Int64 {
        let created = Self.now.addingTimeInterval(-daysAgo * 86_400)
        return try store.write { db in
            try db.execute(sql: """
                INSERT INTO work_order (number, kind, title, content, enterprise_name, enterprise_uscc, contact_phone,
                                        call_id, department_id, status, created_at, created_by, updated_at, updated_by,
                                        answer_due)
                VALUES (?, 'consult', ?, ?, ?, ?, ?, ?, (SELECT id FROM department WHERE code = 'TAX'), ?, ?, 'lead1', ?, 'lead1', ?)
                """, arguments: [number, title, content, enterprise, uscc, phone, callID, status, StoredInstant.value(created),
                                 StoredInstant.value(created), StoredInstant.value(created.addingTimeInterval(3 * 86_400))])
            return db.lastInsertedRowID
        }
    }

    /// A knowledge entry row of department TAX.
    @discardableResult
    func insertEntry(_ externalID: String, status: String = "published") throws -> Int64 {
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO knowledge_entry (external_id, department_id, question, answer, status, updated_at, updated_by)
                VALUES (?, (SELECT id FROM department WHERE code = 'TAX'), '稳岗返还补贴何时发放？', '一般在申请后 30 个工作日内发放。', ?, ?, 'kb')
                """, arguments: [externalID, status, Self.now])
            return db.lastInsertedRowID
        }
    }
}
