import Foundation
import HotlineCore

/// How orders look on the command line: JSON in snake_case with +08:00 instants, and
/// short lines for people.
enum OrderOutput {
    static func report(_ change: OrderChange, orders: WorkOrders, identity: Identity, json: Bool) throws {
        for warning in change.warnings { CommandOutput.warn(warning) }
        if json {
            CommandOutput.json(self.json(try orders.detail(change.order.number, identity: identity)))
            return
        }
        let order = change.order
        var line = "\(order.number)  \(order.status.label)  版本 \(order.version)"
        if let due = order.nextDue { line += "  时限 \(ShanghaiTime.format(due))" }
        CommandOutput.line(line)
    }

    static func time(_ date: Date?) -> Any { date.map(ShanghaiTime.format) ?? NSNull() }

    static func flags(_ order: WorkOrder) -> [String: Any] {
        ["return_requested": order.returnRequested, "extension_requested": order.extensionRequested,
         "sign_overdue": order.signOverdue, "answer_overdue": order.answerOverdue, "supervised": order.supervised,
         "urge_count": order.urgeCount, "manual_callback_needed": order.manualCallbackNeeded]
    }

    private static func common(_ order: WorkOrder, departmentCode: String?, departmentName: String?, phone: String?) -> [String: Any] {
        ["number": order.number, "kind": order.kind.rawValue, "status": order.status.rawValue,
         "status_label": order.status.label, "title": order.title,
         "department": departmentCode as Any? ?? NSNull(), "department_name": departmentName as Any? ?? NSNull(),
         "enterprise_name": order.enterpriseName as Any? ?? NSNull(), "enterprise_uscc": order.enterpriseUSCC as Any? ?? NSNull(),
         "contact_phone": phone as Any? ?? NSNull(), "is_enterprise": order.isEnterprise,
         "sign_due": time(order.signDue), "answer_due": time(order.answerDue), "next_due": time(order.nextDue),
         "flags": flags(order), "version": order.version, "created_at": time(order.createdAt)]
    }

    static func json(_ item: OrderListItem) -> [String: Any] {
        common(item.order, departmentCode: item.departmentCode, departmentName: item.departmentName,
               phone: item.order.contactPhone.map(PhoneNumber.masked))
    }

    static func json(_ detail: OrderDetail) -> [String: Any] {
        let order = detail.order
        var object = common(order, departmentCode: detail.department?.code, departmentName: detail.department?.name,
                            phone: detail.contactPhoneForViewer)
        object["content"] = order.content
        object["contact_name"] = order.contactName as Any? ?? NSNull()
        object["call_id"] = order.callID as Any? ?? NSNull()
        object["cohandlers"] = detail.coHandlers.map(\.code)
        object["return_due"] = time(order.returnDue)
        object["dispatched_at"] = time(order.dispatchedAt)
        object["signed_at"] = time(order.signedAt)
        object["answered_at"] = time(order.answeredAt)
        object["accepted_at"] = time(order.acceptedAt)
        object["closed_at"] = time(order.closedAt)
        object["answer_text"] = order.answerText as Any? ?? NSNull()
        object["return_reason"] = order.returnReason as Any? ?? NSNull()
        object["return_suggested_department"] = detail.suggestedDepartment?.code as Any? ?? NSNull()
        object["extension_days_requested"] = order.extensionDaysRequested as Any? ?? NSNull()
        object["extension_days_granted"] = order.extensionDaysGranted
        object["rework_count"] = order.reworkCount
        object["callback_result"] = order.callbackResult?.rawValue as Any? ?? NSNull()
        object["merged_into"] = detail.mergedInto as Any? ?? NSNull()
        object["duplicates"] = detail.duplicates
        object["events"] = detail.events.map { event -> [String: Any] in
            ["sequence": event.sequence, "type": event.type.rawValue, "actor": event.actor,
             "acting_for": event.actingFor as Any? ?? NSNull(), "at": ShanghaiTime.format(event.at),
             "payload": event.payloadObject]
        }
        object["callbacks"] = detail.callbacks.map { callback -> [String: Any] in
            ["at": ShanghaiTime.format(callback.at), "channel": callback.channel.rawValue, "result": callback.result.rawValue,
             "after_rework": callback.afterRework, "recorded_by": callback.recordedBy]
        }
        return object
    }

    static func listLine(_ item: OrderListItem) -> String {
        let order = item.order
        var marks: [String] = []
        if order.isOverdue { marks.append("超时") }
        if order.supervised { marks.append("督办") }
        if order.urgeCount > 0 { marks.append("催办×\(order.urgeCount)") }
        if order.returnRequested { marks.append("申请退回") }
        if order.extensionRequested { marks.append("申请延时") }
        let due = order.nextDue.map(ShanghaiTime.format) ?? "—"
        return "\(order.number)  \(order.status.label)  \(item.departmentName ?? "（待派发）")  \(due)  \(order.title)"
            + (marks.isEmpty ? "" : "  [\(marks.joined(separator: " "))]")
    }

    static func printDetail(_ detail: OrderDetail) {
        var lines = detail.fieldLines
        lines.append("事件：")
        for event in detail.events {
            lines.append("  \(event.sequence). \(ShanghaiTime.format(event.at))  \(event.type.label)  \(event.actorText)  \(event.payload)")
        }
        lines.forEach(CommandOutput.line)
    }
}
