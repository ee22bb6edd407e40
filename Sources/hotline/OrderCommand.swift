import ArgumentParser
import Foundation
import HotlineCore

struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "服务工单：创建、派发、签收、答复、认定、退回、延时、回访、催办、督办、合并、改派。",
        discussion: """
            每个操作检查角色与状态，并在同一事务中追加一条工单事件。
            给出 --expect-version N 时，若工单已被他人改过则拒绝，并说明谁在何时修改。
            """,
        subcommands: [OrderCreateCommand.self, OrderShowCommand.self, OrderListCommand.self, OrderDispatchCommand.self,
                      OrderSignCommand.self, OrderContactCommand.self, OrderAnswerCommand.self, OrderReviewCommand.self,
                      OrderRequestReturnCommand.self, OrderDecideReturnCommand.self, OrderRequestExtensionCommand.self,
                      OrderDecideExtensionCommand.self, OrderCallbackCommand.self, OrderUrgeCommand.self,
                      OrderSuperviseCommand.self, OrderMergeCommand.self, OrderReassignCommand.self, OrderExportCommand.self]
    )
}

struct OrderCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "创建工单；给出承办单位时立即派发并计算签收、答复时限。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("consult（咨询类）或 other（非咨询类）", valueName: "KIND"))
    var kind: String

    @Option(help: ArgumentHelp("承办单位代码（不给则待派发）", valueName: "CODE"))
    var department: String?

    @Option(name: .customLong("cohandler"), help: ArgumentHelp("会办单位代码（可多次给出）", valueName: "CODE"))
    var coHandlers: [String] = []

    @Option(help: "标题")
    var title: String

    @Option(help: "诉求内容")
    var content: String

    @Option(help: ArgumentHelp("企业名称", valueName: "NAME"))
    var enterprise: String?

    @Option(help: ArgumentHelp("统一社会信用代码", valueName: "CODE"))
    var uscc: String?

    @Flag(name: .customLong("accept-uscc"), help: "统一社会信用代码校验位不符时仍保留（部分早期代码如此）")
    var acceptUSCC = false

    @Option(help: ArgumentHelp("联系电话", valueName: "PHONE"))
    var phone: String?

    @Option(help: ArgumentHelp("联系人姓名", valueName: "NAME"))
    var contact: String?

    @Option(help: ArgumentHelp("来源来电编号", valueName: "ID"))
    var call: Int64?

    @Flag(inversion: .prefixedNo, help: "企业标签（默认：给出企业或来电带企业标签时打上）")
    var enterpriseTag: Bool?

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        guard let orderKind = OrderKind(rawValue: kind) else {
            throw ValidationError("--kind: 应为 consult（咨询类）或 other（非咨询类），收到 \(kind)")
        }
        let (store, identity) = try global.openAsIdentity()
        let new = NewOrder(kind: orderKind, department: department, coHandlers: coHandlers, title: title, content: content,
                           enterpriseName: enterprise, uscc: uscc, acceptFailingUSCC: acceptUSCC, contactName: contact,
                           phone: phone, callID: call, isEnterprise: enterpriseTag)
        let orders = WorkOrders(store: store)
        let change = try orders.create(new, identity: identity)
        try OrderOutput.report(change, orders: orders, identity: identity, json: json)
    }
}

struct OrderShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "显示工单全部字段、时限与事件时间线。")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("工单编号", valueName: "NUMBER"))
    var number: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let detail = try WorkOrders(store: store).detail(number, identity: identity)
        if json {
            CommandOutput.json(OrderOutput.json(detail))
        } else {
            OrderOutput.printDetail(detail)
        }
    }
}

struct OrderListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "按当前时限排列的工单队列（承办单位账号只看到本单位工单）。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("状态（可多次给出）：pending_dispatch dispatched signed answered awaiting_callback rework closed merged", valueName: "S"))
    var status: [String] = []

    @Option(help: ArgumentHelp("承办单位代码", valueName: "CODE"))
    var department: String?

    @Flag(help: "只列超时工单")
    var overdue = false

    @Option(help: ArgumentHelp("consult 或 other", valueName: "KIND"))
    var kind: String?

    @Flag(name: .customLong("enterprise"), help: "只列带企业标签的工单")
    var enterpriseOnly = false

    @Flag(help: "只列督办中的工单")
    var supervised = false

    @Option(help: "最多列出几条")
    var limit = 50

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        var statuses: [OrderStatus] = []
        for text in status.flatMap({ $0.split(separator: ",").map(String.init) }) {
            guard let parsed = OrderStatus(text: text) else {
                throw ValidationError("--status: 没有状态 \(text)；可选 \(OrderStatus.allCases.map(\.rawValue).joined(separator: " "))")
            }
            statuses.append(parsed)
        }
        var orderKind: OrderKind?
        if let kind {
            guard let parsed = OrderKind(rawValue: kind) else { throw ValidationError("--kind: 应为 consult 或 other") }
            orderKind = parsed
        }
        let (store, identity) = try global.openAsIdentity()
        let filter = OrderFilter(statuses: statuses, department: department, overdueOnly: overdue, kind: orderKind,
                                 enterpriseOnly: enterpriseOnly, supervisedOnly: supervised, limit: limit)
        let items = try WorkOrders(store: store).list(filter, identity: identity)
        if json {
            CommandOutput.json(items.map(OrderOutput.json))
        } else {
            for item in items { CommandOutput.line(OrderOutput.listLine(item)) }
            if items.isEmpty { CommandOutput.line("（没有符合条件的工单）") }
        }
    }
}
