import Foundation

/// The order as lines of text for people: the CLI's `order show` and the console's
/// detail screen print the same fields the same way.
extension OrderDetail {
    public var fieldLines: [String] {
        let order = self.order
        var lines = [
            "\(order.number)  \(order.kind.label)  \(order.status.label)  版本 \(order.version)",
            "标题：\(order.title)",
            "内容：\(order.content)",
            "承办单位：\(department?.name ?? "（待派发）")"
                + (coHandlers.isEmpty ? "" : "；会办：\(coHandlers.map(\.name).joined(separator: "、"))"),
        ]
        if let enterprise = order.enterpriseName {
            lines.append("企业：" + [enterprise, order.enterpriseUSCC].compactMap { $0 }.joined(separator: "  "))
        }
        let contact = [order.contactName, contactPhoneForViewer].compactMap { $0 }
        if !contact.isEmpty { lines.append("联系人：" + contact.joined(separator: "  ")) }
        if let due = order.signDue { lines.append("签收时限：\(ShanghaiTime.format(due))\(order.signOverdue ? "（超时）" : "")") }
        if let due = order.answerDue { lines.append("答复时限：\(ShanghaiTime.format(due))\(order.answerOverdue ? "（超时）" : "")") }
        if let due = order.returnDue { lines.append("退回申请期限：\(ShanghaiTime.format(due))") }
        var flags: [String] = []
        if order.returnRequested { flags.append("申请退回：\(order.returnReason ?? "")") }
        if order.extensionRequested { flags.append("申请延时 \(order.extensionDaysRequested ?? 0) 个工作日：\(order.extensionReason ?? "")") }
        if order.supervised { flags.append("督办中") }
        if order.urgeCount > 0 { flags.append("催办 \(order.urgeCount) 次") }
        if !flags.isEmpty { lines.append("标记：" + flags.joined(separator: "；")) }
        if let answer = order.answerText { lines.append("答复：\(answer)") }
        for callback in callbacks {
            lines.append("回访 \(ShanghaiTime.format(callback.at)) \(callback.channel.label) \(callback.result.label)")
        }
        if let master = mergedInto { lines.append("已并入：\(master)") }
        if !duplicates.isEmpty { lines.append("并入的重复工单：\(duplicates.joined(separator: "、"))") }
        return lines
    }
}

extension OrderEvent {
    /// Who acted, with the admin behind `--as` when there was one.
    public var actorText: String { Actor(login: actor, onBehalfOf: actingFor).recorded }
}
