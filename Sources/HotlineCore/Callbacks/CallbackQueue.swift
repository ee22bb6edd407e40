import Foundation
import GRDB

/// An order an agent should call back by hand, and why.
public struct ManualCallbackItem: Sendable, Equatable {
    public enum Reason: String, Sendable {
        /// The SMS reply was unsatisfied, or a manual callback is otherwise asked for.
        case requested
        /// The last manual callback did not reach the requester.
        case unreachable
        /// No reply to the SMS within the reply window.
        case noSmsReply = "no_sms_reply"
        /// No mobile number to text.
        case noMobile = "no_mobile"

        public var label: String {
            switch self {
            case .requested: return "短信不满意，需人工回访"
            case .unreachable: return "上次人工回访未接通"
            case .noSmsReply: return "短信未回复"
            case .noMobile: return "无手机号，需电话回访"
            }
        }
    }

    public var orderNumber: String
    public var title: String
    public var department: String?
    /// In full: the agent is about to dial it (the console masks it where it lists).
    public var contactPhone: String?
    public var contactName: String?
    public var acceptedAt: Date
    public var afterRework: Bool
    public var reason: Reason
    public var version: Int
}

/// The manual callback queue (人工回访): orders awaiting a callback that SMS will not
/// settle, oldest accepted answer first. Results go through `WorkOrders.callback`.
public struct CallbackQueue: Sendable {
    public let store: HotlineStore

    public init(store: HotlineStore) { self.store = store }

    public func manual(limit: Int = 50, identity: Identity) throws -> [ManualCallbackItem] {
        try OrderOperation.callback.authorize(identity)
        let cutoff = store.clock.now().addingTimeInterval(-SmsCallbacks.replyWindow)
        return try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.number, o.title, d.name AS department, o.contact_phone, o.contact_name, o.accepted_at,
                       o.rework_count > 0 AS after_rework, o.version, o.manual_callback_needed,
                       (SELECT c.result FROM callback c WHERE c.order_id = o.id ORDER BY c.at DESC, c.id DESC LIMIT 1) AS last_result,
                       (SELECT max(s.sent_at) FROM sms_outbox s WHERE s.order_id = o.id AND s.round_accepted_at = o.accepted_at) AS sms_sent
                FROM work_order o LEFT JOIN department d ON d.id = o.department_id
                WHERE o.status = 'awaiting_callback'
                ORDER BY o.accepted_at, o.id
                """).compactMap { row -> ManualCallbackItem? in
                let phone: String? = row["contact_phone"]
                let mobile = phone.map { $0.count == 11 && $0.hasPrefix("1") } ?? false
                let reason: ManualCallbackItem.Reason
                if row["manual_callback_needed"] as Bool {
                    reason = (row["last_result"] as String?) == CallbackResult.unreachable.rawValue ? .unreachable : .requested
                } else if !mobile {
                    reason = .noMobile
                } else if let sent = row["sms_sent"] as Date?, sent <= cutoff {
                    reason = .noSmsReply
                } else {
                    return nil
                }
                return ManualCallbackItem(orderNumber: row["number"], title: row["title"], department: row["department"],
                                          contactPhone: phone, contactName: row["contact_name"], acceptedAt: row["accepted_at"],
                                          afterRework: row["after_rework"], reason: reason, version: row["version"])
            }.prefix(limit).map { $0 }
        }
    }
}
