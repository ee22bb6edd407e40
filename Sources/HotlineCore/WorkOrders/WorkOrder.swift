import Foundation
import GRDB

/// A work order (服务工单) as stored: the current state of the case. Its history is the
/// event log (`OrderEvent`); `version` counts the changes people made, for optimistic
/// concurrency between desks.
public struct WorkOrder: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "work_order"

    public var id: Int64?
    public var number: String
    public var kind: OrderKind
    public var title: String
    public var content: String
    public var enterpriseName: String?
    public var enterpriseUSCC: String?
    public var contactName: String?
    public var contactPhone: String?
    public var isEnterprise: Bool
    public var callID: Int64?
    public var departmentID: Int64?
    public var status: OrderStatus
    public var returnRequested: Bool = false
    public var extensionRequested: Bool = false
    public var signOverdue: Bool = false
    public var answerOverdue: Bool = false
    public var supervised: Bool = false
    public var urgeCount: Int = 0
    public var dispatchedAt: Date?
    public var signDue: Date?
    public var answerDue: Date?
    public var returnDue: Date?
    public var signedAt: Date?
    public var answeredAt: Date?
    public var acceptedAt: Date?
    public var closedAt: Date?
    public var answerText: String?
    public var returnReason: String?
    public var returnSuggestedDepartmentID: Int64?
    public var extensionDaysRequested: Int?
    public var extensionReason: String?
    public var extensionDaysGranted: Int = 0
    public var reworkCount: Int = 0
    public var manualCallbackNeeded: Bool = false
    public var callbackResult: CallbackResult?
    public var mergedIntoID: Int64?
    public var version: Int = 1
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date
    public var updatedBy: String

    enum CodingKeys: String, CodingKey {
        case id, number, kind, title, content, status, supervised, version
        case enterpriseName = "enterprise_name"
        case enterpriseUSCC = "enterprise_uscc"
        case contactName = "contact_name"
        case contactPhone = "contact_phone"
        case isEnterprise = "is_enterprise"
        case callID = "call_id"
        case departmentID = "department_id"
        case returnRequested = "return_requested"
        case extensionRequested = "extension_requested"
        case signOverdue = "sign_overdue"
        case answerOverdue = "answer_overdue"
        case urgeCount = "urge_count"
        case dispatchedAt = "dispatched_at"
        case signDue = "sign_due"
        case answerDue = "answer_due"
        case returnDue = "return_due"
        case signedAt = "signed_at"
        case answeredAt = "answered_at"
        case acceptedAt = "accepted_at"
        case closedAt = "closed_at"
        case answerText = "answer_text"
        case returnReason = "return_reason"
        case returnSuggestedDepartmentID = "return_suggested_department_id"
        case extensionDaysRequested = "extension_days_requested"
        case extensionReason = "extension_reason"
        case extensionDaysGranted = "extension_days_granted"
        case reworkCount = "rework_count"
        case manualCallbackNeeded = "manual_callback_needed"
        case callbackResult = "callback_result"
        case mergedIntoID = "merged_into_id"
        case createdAt = "created_at"
        case createdBy = "created_by"
        case updatedAt = "updated_at"
        case updatedBy = "updated_by"
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Times are stored as numbers (`StoredInstant`).
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        StoredInstant.encoding
    }

    /// The deadline running now: signing while dispatched, answering while the
    /// department works on it (the same rule as the stored `next_due` column).
    public var nextDue: Date? {
        switch status {
        case .dispatched: return signDue
        case .signed, .rework: return answerDue
        default: return nil
        }
    }

    public var isOverdue: Bool { signOverdue || answerOverdue }
}

extension WorkOrder {
    static func numbered(_ number: String) -> QueryInterfaceRequest<WorkOrder> {
        filter(Column("number") == number)
    }
}
