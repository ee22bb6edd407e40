import ArgumentParser
import Foundation
import HotlineCore

/// What the telephony system runs when a call reaches a desk.
struct RingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ring",
        abstract: "来电振铃：按号码登记一次来电，并输出该号码的以往来电和未办结工单。",
        discussion: "供话务系统调用；坐席随后用 hotline call edit 补录企业和诉求。--agent 为接听坐席（默认当前账号）。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("来电号码", valueName: "PHONE"))
    var phone: String

    @Option(help: ArgumentHelp("接听的坐席账号", valueName: "LOGIN"))
    var agent: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let result = try CallService(store: store).ring(phone: phone, agent: agent, identity: identity)
        if json {
            var object = CallOutput.json(result.call)
            object["history"] = CallOutput.json(result.history)
            CommandOutput.json(object)
            return
        }
        CommandOutput.line("\(result.call.id)  来电 \(result.call.call.callerPhone ?? "")  坐席 \(result.call.call.agentLogin ?? "—")")
        CallHistoryOutput.print(result.history)
    }
}
