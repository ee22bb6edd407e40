import Foundation
import GRDB

public enum OrderExportFormat: String, Sendable, CaseIterable {
    case csv, json
}

/// An export of orders, as text ready to write.
public struct OrderExport: Sendable {
    public var text: String
    public var count: Int
    public var unmasked: Bool
}

/// `hotline order export`: the orders a person may list, as CSV or JSON Lines.
///
/// Personal data is masked (phones 138****5678, contact names 张**, phone and ID numbers
/// inside the content and answer) unless an admin asks for `unmask`. An unmasked export
/// is itself on the record: each exported order gets an `exported_unmasked` event in the
/// same transaction that reads it, so the order's own timeline says who took its
/// personal data out and when (one audit record per export would be invisible from the
/// order). Such events do not bump the version: nobody holding the order is overtaken.
/// CSV cells that a spreadsheet would run as a formula are neutralised (`CSVWriter`).
extension WorkOrders {
    public static let exportColumns = [
        "number", "kind", "status", "department", "title", "content", "enterprise_name", "enterprise_uscc",
        "contact_name", "contact_phone", "created_at", "sign_due", "answer_due", "closed_at", "sign_overdue",
        "answer_overdue", "supervised", "urge_count", "answer_text", "callback_result",
    ]

    static let exportPage = 5_000

    public func export(_ filter: OrderFilter, format: OrderExportFormat, unmask: Bool = false,
                       identity: Identity) throws -> OrderExport {
        if unmask {
            guard identity.role == .admin else {
                throw AccessError.roleRequired(operation: "导出完整个人信息（--unmask）", roles: [.admin], actual: identity.role)
            }
        }
        // The queue query caps a page; an export walks every page up to the limit asked.
        var items: [OrderListItem] = []
        var page = filter
        while items.count < filter.limit {
            page.offset = filter.offset + items.count
            page.limit = min(Self.exportPage, filter.limit - items.count)
            let batch = try list(page, identity: identity)
            items += batch
            if batch.count < page.limit { break }
        }
        if unmask {
            let now = self.now
            try store.write { db in
                try identity.confirmActive(in: db)
                for item in items {
                    _ = try OrderLedger.append(.exportedUnmasked, payload: ["format": format.rawValue], to: item.order,
                                               actor: identity.actor, at: now, in: db)
                }
            }
        }
        let records = items.map { Self.exportRecord($0, unmask: unmask) }
        let text: String
        switch format {
        case .csv:
            text = ([Self.exportColumns.joined(separator: ",")]
                + records.map { record in Self.exportColumns.map { CSVWriter.field(record[$0] ?? "") }.joined(separator: ",") })
                .joined(separator: "\r\n") + "\r\n"
        case .json:
            text = records.map { record -> String in
                let object = record.mapValues { $0 as Any }
                let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
                return String(decoding: data, as: UTF8.self)
            }.map { $0 + "\n" }.joined()
        }
        return OrderExport(text: text, count: items.count, unmasked: unmask)
    }

    static func exportRecord(_ item: OrderListItem, unmask: Bool) -> [String: String] {
        let order = item.order
        let text: (String?) -> String = { value in
            guard let value else { return "" }
            return unmask ? value : PersonalData.maskText(value)
        }
        let time: (Date?) -> String = { $0.map(ShanghaiTime.format) ?? "" }
        return [
            "number": order.number, "kind": order.kind.rawValue, "status": order.status.rawValue,
            "department": item.departmentCode ?? "", "title": text(order.title), "content": text(order.content),
            "enterprise_name": order.enterpriseName ?? "", "enterprise_uscc": order.enterpriseUSCC ?? "",
            "contact_name": order.contactName.map { unmask ? $0 : PersonalData.maskName($0) } ?? "",
            "contact_phone": order.contactPhone.map { unmask ? $0 : PhoneNumber.masked($0) } ?? "",
            "created_at": time(order.createdAt), "sign_due": time(order.signDue), "answer_due": time(order.answerDue),
            "closed_at": time(order.closedAt), "sign_overdue": order.signOverdue ? "1" : "0",
            "answer_overdue": order.answerOverdue ? "1" : "0", "supervised": order.supervised ? "1" : "0",
            "urge_count": String(order.urgeCount), "answer_text": text(order.answerText),
            "callback_result": order.callbackResult?.rawValue ?? "",
        ]
    }
}
