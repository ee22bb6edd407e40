import ArgumentParser
import Foundation
import HotlineCore

struct CallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "来电受理：记录来电、处理结果、标签、重复诉求查询、不予受理原因（坐席、班长）。",
        discussion: """
            电话号码存为规范形式：手机 13812345678，固定电话 0513-80001001（分机 0513-80001001-123），400/800 号码 4001234567。
            统一社会信用代码按 GB 32100-2015 校验；校验位不符时须核对，确认无误可加 --accept-uscc 保留。
            """,
        subcommands: [CallAddCommand.self, CallShowCommand.self, CallListCommand.self, CallEditCommand.self,
                      CallOutcomeCommand.self, CallTagCommand.self, CallDuplicatesCommand.self, CallHistoryCommand.self,
                      CallReasonsCommand.self]
    )
}

/// How calls look on the command line: JSON in snake_case with +08:00 instants, and short
/// lines for people with outside text made safe.
enum CallOutput {
    static func optional(_ value: Any?) -> Any { value ?? NSNull() }

    static func json(_ details: CallDetails, maskPhone: Bool = false) -> [String: Any] {
        let call = details.call
        let reason = call.outOfScopeReason
        return [
            "id": details.id, "received_at": ShanghaiTime.format(call.receivedAt),
            "channel": call.channel.rawValue, "channel_label": call.channel.label,
            "caller_phone": optional(call.callerPhone.map { maskPhone ? PhoneNumber.masked($0) : $0 }),
            "caller_name": call.callerName,
            "enterprise_name": optional(call.enterpriseName), "enterprise_uscc": optional(call.enterpriseUSCC),
            "uscc_check_overridden": call.usccCheckOverridden,
            "request_type": call.requestType.rawValue, "request_type_label": call.requestType.label,
            "content": call.content, "tags": details.tags,
            "outcome": call.outcome.rawValue, "outcome_label": call.outcome.label,
            "knowledge_entry": optional(details.knowledgeEntryExternalID),
            "out_of_scope_reason": optional(reason?.rawValue), "out_of_scope_label": optional(reason?.label),
            "guidance": optional(reason?.script), "transferred_to": optional(call.transferredTo),
            "orders": details.orderNumbers, "agent": optional(call.agentLogin),
            "recorded_by": call.recordedBy, "acting_for": optional(call.actingFor),
            "updated_at": ShanghaiTime.format(call.updatedAt),
        ]
    }

    static func json(_ order: OrderSummary) -> [String: Any] {
        ["number": order.number, "kind": order.kind, "status": order.status, "status_label": order.statusLabel,
         "title": order.title,
         "department": optional(order.departmentCode), "department_name": optional(order.departmentName),
         "enterprise_name": optional(order.enterpriseName), "enterprise_uscc": optional(order.enterpriseUSCC),
         "call_id": optional(order.callID), "created_at": ShanghaiTime.format(order.createdAt),
         "answer_due": optional(order.answerDue.map(ShanghaiTime.format))]
    }

    static func json(_ candidate: RepeatCandidate) -> [String: Any] {
        var object = json(candidate.order)
        object["similarity"] = (candidate.similarity * 1000).rounded() / 1000
        object["matched_by"] = candidate.matchedBy.map(\.rawValue)
        return object
    }

    static func json(_ history: CallerHistory) -> [String: Any] {
        ["calls": history.calls.map { json($0) }, "open_orders": history.openOrders.map(json)]
    }

    /// `12  2024-09-30T16:00:00+08:00  电话  咨询  138****5678  某公司  [企业]  知识库解答`
    static func summaryLine(_ details: CallDetails, maskPhone: Bool = true) -> String {
        let call = details.call
        var parts = [String(details.id), ShanghaiTime.format(call.receivedAt), call.channel.label, call.requestType.label]
        if let phone = call.callerPhone { parts.append(maskPhone ? PhoneNumber.masked(phone) : phone) }
        if let name = call.enterpriseName { parts.append(name) }
        if !details.tags.isEmpty { parts.append("[\(details.tags.joined(separator: ","))]") }
        parts.append(outcomeText(details))
        return parts.joined(separator: "  ")
    }

    static func outcomeText(_ details: CallDetails) -> String {
        let call = details.call
        switch call.outcome {
        case .knowledge: return "知识库解答（\(details.knowledgeEntryExternalID ?? "?")）"
        case .outOfScope: return "不予受理（\(call.outOfScopeReason?.label ?? call.outOfScopeReasonCode ?? "?")）"
        case .transferred: return "转接（\(call.transferredTo ?? "?")）"
        case .order where !details.orderNumbers.isEmpty: return "转工单（\(details.orderNumbers.joined(separator: "、"))）"
        default: return call.outcome.label
        }
    }

    static func printDetails(_ details: CallDetails) {
        let call = details.call
        CommandOutput.line("来电 \(details.id)  \(ShanghaiTime.format(call.receivedAt))  \(call.channel.label)  \(call.requestType.label)")
        if let phone = call.callerPhone { CommandOutput.line("来电号码：\(phone)") }
        if !call.callerName.isEmpty { CommandOutput.line("来电人：\(call.callerName)") }
        if let name = call.enterpriseName { CommandOutput.line("企业：\(name)") }
        if let uscc = call.enterpriseUSCC {
            CommandOutput.line("统一社会信用代码：\(uscc)\(call.usccCheckOverridden ? "（校验位不符，坐席确认保留）" : "")")
        }
        if !details.tags.isEmpty { CommandOutput.line("标签：\(details.tags.joined(separator: "、"))") }
        CommandOutput.line("诉求：\(call.content.isEmpty ? "（未填写）" : call.content)")
        CommandOutput.line("处理结果：\(outcomeText(details))")
        if let reason = call.outOfScopeReason { CommandOutput.line("解释引导：\(reason.script)") }
        CommandOutput.line("坐席：\(call.agentLogin ?? "—")  记录人：\(call.recordedBy)\(call.actingFor.map { "（由 \($0) 代为操作）" } ?? "")")
    }

    static func printRepeats(_ repeats: [RepeatCandidate]) {
        guard !repeats.isEmpty else { return }
        CommandOutput.line("可能重复的未办结工单（30 天内，同一号码或企业，内容相似；可在工单中合并）：")
        for candidate in repeats {
            let similarity = String(format: "%.2f", candidate.similarity)
            let by = candidate.matchedBy.map(\.label).joined(separator: "、")
            CommandOutput.line("  \(candidate.order.number)  \(candidate.order.statusLabel)  相似度 \(similarity)  \(by)  \(candidate.order.title)")
        }
    }

    static func printOrders(_ orders: [OrderSummary]) {
        for order in orders {
            var line = "  \(order.number)  \(order.statusLabel)  \(order.title)"
            if let name = order.departmentName { line += "  \(name)" }
            if let due = order.answerDue { line += "  答复时限 \(ShanghaiTime.format(due))" }
            CommandOutput.line(line)
        }
    }
}

/// Option values that name one of a fixed set are usage errors (64) when wrong.
func parseChoice<T>(_ parse: () throws -> T) throws -> T {
    do { return try parse() } catch let failure as any HotlineFailure {
        throw ValidationError(failure.description)
    }
}

struct CallAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "记录一次来电；输出来电编号，并列出可能重复的未办结工单。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("来电号码", valueName: "PHONE"))
    var phone: String?

    @Option(help: ArgumentHelp("来电人姓名", valueName: "NAME"))
    var name: String?

    @Option(help: ArgumentHelp("企业名称", valueName: "NAME"))
    var enterprise: String?

    @Option(help: ArgumentHelp("统一社会信用代码", valueName: "CODE"))
    var uscc: String?

    @Flag(name: .customLong("accept-uscc"), help: "统一社会信用代码校验位不符时仍保留（已与来电人核对；部分早期代码如此）")
    var acceptUSCC = false

    @Option(help: ArgumentHelp("phone（电话，默认）、web（网站）、app（APP）或 mini_program（小程序）", valueName: "CHANNEL"))
    var channel: String = "phone"

    @Option(name: .customLong("type"), help: ArgumentHelp("consult（咨询，默认）、help（求助）、complaint（投诉）、report（举报）或 suggestion（建议）", valueName: "TYPE"))
    var requestType: String = "consult"

    @Option(help: ArgumentHelp("诉求内容", valueName: "TEXT"))
    var content: String

    @Option(help: ArgumentHelp("另加的标签（可多次给出）", valueName: "TAG"))
    var tag: [String] = []

    @Flag(name: .customLong("no-enterprise-tag"), help: "给出企业时也不打“企业”标签")
    var noEnterpriseTag = false

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        _ = try parseChoice { try Call.Channel(text: channel) }
        _ = try parseChoice { try Call.RequestType(text: requestType) }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let intake = CallIntake(channel: try Call.Channel(text: channel), phone: phone, callerName: name ?? "",
                                enterpriseName: enterprise, uscc: uscc, acceptFailingUSCC: acceptUSCC,
                                requestType: try Call.RequestType(text: requestType), content: content,
                                enterpriseTag: !noEnterpriseTag, tags: tag)
        let recorded = try CallService(store: store).record(intake, identity: identity)
        CallRecordedOutput.print(recorded, json: json)
    }
}

enum CallRecordedOutput {
    static func print(_ recorded: RecordedCall, json: Bool) {
        if let check = recorded.overriddenUSCC {
            CommandOutput.warn("统一社会信用代码 \(check.normalized) 校验位应为 \(check.expectedCheckCharacter)，已按坐席确认保留")
        }
        if json {
            var object = CallOutput.json(recorded.call)
            object["possible_duplicates"] = recorded.repeats.map(CallOutput.json)
            CommandOutput.json(object)
            return
        }
        let call = recorded.call.call
        let tags = recorded.call.tags.isEmpty ? "" : "，标签：\(recorded.call.tags.joined(separator: "、"))"
        CommandOutput.line("\(recorded.call.id)  已记录来电（\(call.channel.label) · \(call.requestType.label)\(tags)）")
        CallOutput.printRepeats(recorded.repeats)
    }
}

struct CallEditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "补充或更正来电信息（如振铃登记后补录企业和诉求）；未给出的项不变，给空字符串清除企业名称或代码。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("来电编号", valueName: "ID"))
    var id: Int64

    @Option(help: ArgumentHelp("来电人姓名", valueName: "NAME"))
    var name: String?

    @Option(help: ArgumentHelp("企业名称", valueName: "NAME"))
    var enterprise: String?

    @Option(help: ArgumentHelp("统一社会信用代码", valueName: "CODE"))
    var uscc: String?

    @Flag(name: .customLong("accept-uscc"), help: "统一社会信用代码校验位不符时仍保留")
    var acceptUSCC = false

    @Option(name: .customLong("type"), help: ArgumentHelp("诉求类型", valueName: "TYPE"))
    var requestType: String?

    @Option(help: ArgumentHelp("诉求内容", valueName: "TEXT"))
    var content: String?

    @Flag(name: .customLong("no-enterprise-tag"), help: "给出企业时也不打“企业”标签")
    var noEnterpriseTag = false

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if let requestType { _ = try parseChoice { try Call.RequestType(text: requestType) } }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let type = try requestType.map { try Call.RequestType(text: $0) }
        let changes = CallAmendment(callerName: name, enterpriseName: enterprise, uscc: uscc, acceptFailingUSCC: acceptUSCC,
                                    requestType: type, content: content, enterpriseTag: !noEnterpriseTag)
        let recorded = try CallService(store: store).amend(callID: id, changes, identity: identity)
        CallRecordedOutput.print(recorded, json: json)
    }
}

struct CallShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "显示一次来电的全部信息（含完整号码）。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("来电编号", valueName: "ID"))
    var id: Int64

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let details = try CallService(store: store).show(id, identity: identity)
        if json { CommandOutput.json(CallOutput.json(details)); return }
        CallOutput.printDetails(details)
    }
}

struct CallListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "最近的来电，新的在前（号码部分隐藏）。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("最多列出几条（1–1000，默认 20）", valueName: "N"))
    var limit: Int = 20

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if !(1...1000).contains(limit) { throw ValidationError("--limit: 应为 1 到 1000") }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let calls = try CallService(store: store).recent(limit: limit, identity: identity)
        if json { CommandOutput.json(calls.map { CallOutput.json($0, maskPhone: true) }); return }
        for call in calls { CommandOutput.line(CallOutput.summaryLine(call)) }
    }
}

struct CallOutcomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcome",
        abstract: "记录来电的处理结果：知识库解答、不予受理（输出解释引导话术）或转接。",
        discussion: "政策专员解答和转工单由三方通话和工单记录自动标记。不予受理原因见 hotline call reasons。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("来电编号", valueName: "ID"))
    var id: Int64

    @Option(help: ArgumentHelp("答复所依据的知识条目编号", valueName: "ENTRY_ID"))
    var knowledge: String?

    @Option(name: .customLong("out-of-scope"), help: ArgumentHelp("不予受理原因代码（第九条）", valueName: "REASON"))
    var outOfScope: String?

    @Option(help: ArgumentHelp("转接去向，如 110、市长信箱", valueName: "TO"))
    var transferred: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        let given = [knowledge, outOfScope, transferred].compactMap { $0 }.count
        if given != 1 { throw ValidationError("请给出 --knowledge、--out-of-scope、--transferred 三者之一") }
        if let outOfScope { _ = try parseChoice { try OutOfScopeReason(text: outOfScope) } }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let choice: OutcomeChoice
        if let knowledge {
            choice = .knowledge(externalID: knowledge)
        } else if let outOfScope {
            choice = .outOfScope(try OutOfScopeReason(text: outOfScope))
        } else {
            choice = .transferred(to: transferred ?? "")
        }
        let details = try CallService(store: store).setOutcome(choice, for: id, identity: identity)
        if json { CommandOutput.json(CallOutput.json(details)); return }
        CommandOutput.line("\(details.id)  \(CallOutput.outcomeText(details))")
        if let reason = details.call.outOfScopeReason {
            CommandOutput.line("依据：《江苏12345热线运行规则》\(reason.article)")
            CommandOutput.line("解释引导：\(reason.script)")
        }
    }
}

struct CallTagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "给来电加上或去掉一个标签（最多 20 个字）。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("来电编号", valueName: "ID"))
    var id: Int64

    @Option(help: ArgumentHelp("要加的标签", valueName: "TAG"))
    var add: String?

    @Option(help: ArgumentHelp("要去掉的标签", valueName: "TAG"))
    var remove: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if (add == nil) == (remove == nil) { throw ValidationError("请给出 --add 或 --remove 之一") }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let service = CallService(store: store)
        let details = if let add { try service.addTag(add, to: id, identity: identity) }
            else { try service.removeTag(remove ?? "", from: id, identity: identity) }
        if json { CommandOutput.json(["id": details.id, "tags": details.tags]); return }
        CommandOutput.line("\(details.id)  标签：\(details.tags.isEmpty ? "无" : details.tags.joined(separator: "、"))")
    }
}

struct CallDuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "重复诉求查询：同一号码或企业 30 天内内容相似的未办结工单，最相似的在前。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("来电号码", valueName: "PHONE"))
    var phone: String?

    @Option(help: ArgumentHelp("统一社会信用代码", valueName: "CODE"))
    var uscc: String?

    @Option(help: ArgumentHelp("企业名称", valueName: "NAME"))
    var enterprise: String?

    @Option(help: ArgumentHelp("诉求内容", valueName: "TEXT"))
    var content: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if phone == nil && uscc == nil && enterprise == nil {
            throw ValidationError("请至少给出 --phone、--uscc、--enterprise 之一")
        }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let repeats = try CallService(store: store).repeats(phone: phone, uscc: uscc, enterpriseName: enterprise,
                                                            content: content, identity: identity)
        if json { CommandOutput.json(repeats.map(CallOutput.json)); return }
        if repeats.isEmpty { CommandOutput.line("没有可能重复的未办结工单"); return }
        CallOutput.printRepeats(repeats)
    }
}

struct CallHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "来电人历史：以往来电（新的在前）和未办结工单，按号码和/或统一社会信用代码。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("来电号码", valueName: "PHONE"))
    var phone: String?

    @Option(help: ArgumentHelp("统一社会信用代码", valueName: "CODE"))
    var uscc: String?

    @Option(help: ArgumentHelp("最多列出几次来电（默认 20）", valueName: "N"))
    var limit: Int = 20

    @Flag(help: "以 JSON 输出")
    var json = false

    func validate() throws {
        if phone == nil && uscc == nil { throw ValidationError("请给出 --phone 或 --uscc") }
        if !(1...1000).contains(limit) { throw ValidationError("--limit: 应为 1 到 1000") }
    }

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let history = try CallService(store: store).history(phone: phone, uscc: uscc, limit: limit, identity: identity)
        if json { CommandOutput.json(CallOutput.json(history)); return }
        CallHistoryOutput.print(history)
    }
}

enum CallHistoryOutput {
    static func print(_ history: CallerHistory) {
        CommandOutput.line("以往来电 \(history.calls.count) 次\(history.calls.isEmpty ? "" : "：")")
        for call in history.calls { CommandOutput.line("  " + CallOutput.summaryLine(call, maskPhone: false)) }
        CommandOutput.line("未办结工单 \(history.openOrders.count) 件\(history.openOrders.isEmpty ? "" : "：")")
        CallOutput.printOrders(history.openOrders)
    }
}

struct CallReasonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reasons",
        abstract: "不予受理原因（《江苏12345热线运行规则》第九条）及解释引导话术（第十条）。"
    )

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let reasons = OutOfScopeReason.allCases
        if json {
            CommandOutput.json(reasons.map { ["code": $0.rawValue, "label": $0.label, "article": $0.article,
                                              "emergency_number": CallOutput.optional($0.emergencyNumber), "script": $0.script] })
            return
        }
        for reason in reasons {
            CommandOutput.line("\(reason.rawValue)  \(reason.article)  \(reason.label)")
            CommandOutput.line("    \(reason.script)")
        }
    }
}
