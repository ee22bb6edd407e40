import ArgumentParser
import Foundation
import HotlineCore

/// What every order operation takes: the order, the version the person saw, --json.
struct OrderTarget: ParsableArguments {
    @Argument(help: ArgumentHelp("工单编号", valueName: "NUMBER"))
    var number: String

    @Option(name: .customLong("expect-version"), help: ArgumentHelp("只在工单仍是这个版本时操作", valueName: "N"))
    var expectedVersion: Int?

    @Flag(help: "以 JSON 输出操作后的工单")
    var json = false
}

/// The free text of an operation. Each operation names the flag it documents; the
/// others are accepted as well, so `--note` and `--reason` never trip anyone up.
struct OrderText: ParsableArguments {
    @Option(help: "说明（联系情况、催办或督办意见、审核意见）")
    var note: String?

    @Option(help: "理由（退回补充、申请退回、申请延时）")
    var reason: String?

    @Option(help: "答复内容")
    var text: String?

    func first(_ order: KeyPath<OrderText, String?>...) -> String? {
        order.lazy.compactMap { self[keyPath: $0] }.first
    }
}

/// --approve or --deny, exactly one.
struct DecisionFlags: ParsableArguments {
    @Flag(help: "同意") var approve = false
    @Flag(help: "不同意") var deny = false

    func validate() throws {
        guard approve != deny else { throw ValidationError("请给出 --approve 或 --deny（二者之一）") }
    }
}

protocol OrderOperationCommand: ParsableCommand {
    var global: GlobalOptions { get }
    var target: OrderTarget { get }
    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange
}

extension OrderOperationCommand {
    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let orders = WorkOrders(store: store)
        let change = try perform(orders, identity: identity)
        try OrderOutput.report(change, orders: orders, identity: identity, json: target.json)
    }
}

struct OrderDispatchCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(commandName: "dispatch", abstract: "派发待派发的工单（班长）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @Option(help: ArgumentHelp("承办单位代码", valueName: "CODE")) var department: String

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.dispatch(target.number, to: department, expectedVersion: target.expectedVersion, identity: identity)
    }
}

struct OrderSignCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "签收（承办单位，本单位工单）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.sign(target.number, note: text.first(\.note, \.text), expectedVersion: target.expectedVersion, identity: identity)
    }
}

struct OrderContactCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(commandName: "contact", abstract: "记录已联系诉求人（承办单位，--note 联系情况）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.contact(target.number, note: text.first(\.note, \.text) ?? "", expectedVersion: target.expectedVersion,
                           identity: identity)
    }
}

struct OrderAnswerCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(commandName: "answer", abstract: "答复（承办单位，--text 答复内容）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.answer(target.number, text: text.first(\.text, \.note) ?? "", expectedVersion: target.expectedVersion,
                          identity: identity)
    }
}

struct OrderReviewCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "答复认定（班长）：--accept 转回访，或 --reject --reason 退回补充（时限不变）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText
    @Flag(help: "认定通过") var accept = false
    @Flag(help: "退回补充") var reject = false

    func validate() throws {
        guard accept != reject else { throw ValidationError("review: 请给出 --accept 或 --reject（二者之一）") }
    }

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.review(target.number, accept: accept, reason: text.first(\.reason, \.note), expectedVersion: target.expectedVersion,
                          identity: identity)
    }
}

struct OrderRequestReturnCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-return", abstract: "申请退回（承办单位，退回期限内；--reason 理由及依据，--suggest 建议承办单位）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText
    @Option(help: ArgumentHelp("建议的承办单位代码", valueName: "CODE")) var suggest: String?

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.requestReturn(target.number, reason: text.first(\.reason, \.note, \.text) ?? "", suggestedDepartment: suggest,
                                 expectedVersion: target.expectedVersion, identity: identity)
    }
}

struct OrderDecideReturnCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide-return", abstract: "审核退回申请（班长）：--approve 转待派发，或 --deny。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText
    @OptionGroup var decision: DecisionFlags

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.decideReturn(target.number, approve: decision.approve, note: text.first(\.note, \.reason),
                                expectedVersion: target.expectedVersion, identity: identity)
    }
}

struct OrderRequestExtensionCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-extension", abstract: "申请延时（承办单位，答复期限前；--days 工作日数，--reason 理由）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText
    @Option(help: "延长的工作日数") var days: Int

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.requestExtension(target.number, days: days, reason: text.first(\.reason, \.note, \.text) ?? "",
                                    expectedVersion: target.expectedVersion, identity: identity)
    }
}

struct OrderDecideExtensionCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide-extension", abstract: "审核延时申请（班长）：--approve 顺延答复期限，或 --deny。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText
    @OptionGroup var decision: DecisionFlags

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.decideExtension(target.number, approve: decision.approve, note: text.first(\.note, \.reason),
                                   expectedVersion: target.expectedVersion, identity: identity)
    }
}

struct OrderCallbackCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(
        commandName: "callback", abstract: "回访结果（坐席、班长）：--channel sms|manual --result satisfied|basic|unsatisfied|unreachable。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText
    @Option(help: "sms（短信）或 manual（人工）") var channel: String
    @Option(help: "satisfied 满意、basic 基本满意、unsatisfied 不满意、unreachable 未联系上") var result: String

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        guard let callbackChannel = CallbackChannel(rawValue: channel) else {
            throw ValidationError("--channel: 应为 sms 或 manual，收到 \(channel)")
        }
        guard let callbackResult = CallbackResult(rawValue: result) else {
            throw ValidationError("--result: 应为 satisfied、basic、unsatisfied 或 unreachable，收到 \(result)")
        }
        return try orders.callback(target.number, channel: callbackChannel, result: callbackResult,
                                   note: text.first(\.note, \.text, \.reason), expectedVersion: target.expectedVersion,
                                   identity: identity)
    }
}

struct OrderUrgeCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(commandName: "urge", abstract: "催办（班长，--note 催办意见）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.urge(target.number, note: text.first(\.note, \.reason, \.text) ?? "", expectedVersion: target.expectedVersion,
                        identity: identity)
    }
}

struct OrderSuperviseCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(commandName: "supervise", abstract: "督办（班长，--note 督办意见）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.supervise(target.number, note: text.first(\.note, \.reason, \.text) ?? "",
                             expectedVersion: target.expectedVersion, identity: identity)
    }
}

struct OrderMergeCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "把重复工单并入主工单（班长，--into 主工单编号）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText
    @Option(help: ArgumentHelp("主工单编号", valueName: "NUMBER")) var into: String

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.merge(target.number, into: into, note: text.first(\.note, \.reason), expectedVersion: target.expectedVersion,
                         identity: identity)
    }
}

struct OrderReassignCommand: OrderOperationCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassign", abstract: "改派给另一承办单位，重新计算时限（班长；也用于派发退回后的工单）。")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var target: OrderTarget
    @OptionGroup var text: OrderText
    @Option(help: ArgumentHelp("新的承办单位代码", valueName: "CODE")) var department: String

    func perform(_ orders: WorkOrders, identity: Identity) throws -> OrderChange {
        try orders.reassign(target.number, to: department, note: text.first(\.note, \.reason),
                            expectedVersion: target.expectedVersion, identity: identity)
    }
}
