import ArgumentParser
import Foundation
import HotlineCore

struct ThreeWayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threeway",
        abstract: "三方通话：连线政策专员的记录（开始、结束、查看、转为知识草稿）。",
        discussion: "开始和结束由坐席、班长记录（系统管理员用 --as 代为操作）；坐席、班长、知识库管理员可查看和转为知识草稿。",
        subcommands: [ThreeWayStartCommand.self, ThreeWayFinishCommand.self, ThreeWayShowCommand.self,
                      ThreeWayListCommand.self, ThreeWayPromoteCommand.self]
    )

    static func json(_ detail: ThreeWayCallDetail, role: Role) -> [String: Any] {
        let record = detail.threeWayCall
        return [
            "id": record.id!, "call_id": record.callID, "specialist_id": record.specialistID,
            "specialist": detail.specialist.name, "specialist_phone": detail.specialist.phone(for: role),
            "department_code": detail.department.code, "department": detail.department.name,
            "started_at": ShanghaiTime.format(record.startedAt),
            "ended_at": record.endedAt.map(ShanghaiTime.format) ?? NSNull(),
            "duration_seconds": record.durationSeconds ?? NSNull(),
            "question": record.question, "answer": record.answer, "resolved": record.resolved ?? NSNull(),
            "knowledge_entry": detail.knowledgeEntryExternalID ?? NSNull(),
            "recorded_by": record.recordedBy, "acting_for": record.actingFor ?? NSNull(),
        ]
    }

    static func print(_ detail: ThreeWayCallDetail, role: Role) {
        let record = detail.threeWayCall
        let state: String
        switch record.resolved {
        case nil: state = "进行中"
        case true?: state = "已解决"
        case false?: state = "未解决"
        }
        CommandOutput.line("三方通话 \(record.id!)  来电 \(record.callID)  \(state)")
        CommandOutput.line("政策专员：\(detail.specialist.name)（\(detail.department.name) \(detail.specialist.title)）\(detail.specialist.phone(for: role))")
        let end = record.endedAt.map { "  结束 \(ShanghaiTime.format($0))  时长 \(duration(record.durationSeconds ?? 0))" } ?? ""
        CommandOutput.line("开始 \(ShanghaiTime.format(record.startedAt))\(end)")
        CommandOutput.line("记录人：\(record.recordedBy)\(record.actingFor.map { "（由 \($0) 代为操作）" } ?? "")")
        CommandOutput.line("问题：\(record.question)")
        if record.isFinished {
            CommandOutput.line("答复：")
            Swift.print(TextSafety.visible(record.answer, keepLineBreaks: true))
        }
        if let entry = detail.knowledgeEntryExternalID { CommandOutput.line("知识草稿：\(entry)") }
    }

    static func duration(_ seconds: Int) -> String {
        seconds >= 60 ? "\(seconds / 60) 分 \(seconds % 60) 秒" : "\(seconds) 秒"
    }
}

struct ThreeWayStartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "政策专员接入时开始记录（开始时间为当前时间）。")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("来电编号", valueName: "ID"))
    var call: Int64

    @Option(help: ArgumentHelp("政策专员编号（见 specialist find）", valueName: "ID"))
    var specialist: Int64

    @Option(help: ArgumentHelp("企业咨询的问题", valueName: "Q"))
    var question: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let log = ThreeWayCallLog(store: store)
        let record = try log.start(callID: call, specialistID: specialist, question: question, identity: identity)
        let detail = try log.detail(id: record.id!, identity: identity)
        if json {
            CommandOutput.json(ThreeWayCommand.json(detail, role: identity.role))
            return
        }
        CommandOutput.line("三方通话 \(record.id!) 已开始：\(detail.specialist.name)（\(detail.department.name)）\(detail.specialist.phone(for: identity.role))，\(ShanghaiTime.format(record.startedAt))")
    }
}

struct ThreeWayFinishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finish",
        abstract: "结束三方通话，记录政策专员的答复和是否解决。",
        discussion: "已解决时，来电的处理结果记为“政策专员解答”（已转工单的来电不变）。"
    )

    enum Resolution: String, EnumerableFlag {
        case resolved, unresolved

        static func help(for value: Resolution) -> ArgumentHelp? {
            value == .resolved ? "答复解决了企业的问题" : "未能解决（可转工单）"
        }
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("三方通话编号", valueName: "ID"))
    var id: Int64

    @Option(help: ArgumentHelp("政策专员的答复", valueName: "A"))
    var answer: String

    @Flag var resolution: Resolution

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let log = ThreeWayCallLog(store: store)
        let record = try log.finish(id: id, answer: answer, resolved: resolution == .resolved, identity: identity)
        if json {
            CommandOutput.json(ThreeWayCommand.json(try log.detail(id: id, identity: identity), role: identity.role))
            return
        }
        let state = record.resolved == true ? "已解决" : "未解决"
        CommandOutput.line("三方通话 \(id) 已结束（\(state)），时长 \(ThreeWayCommand.duration(record.durationSeconds ?? 0))")
    }
}

struct ThreeWayShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "查看一次三方通话。")

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("三方通话编号", valueName: "ID"))
    var id: Int64

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let detail = try ThreeWayCallLog(store: store).detail(id: id, identity: identity)
        if json {
            CommandOutput.json(ThreeWayCommand.json(detail, role: identity.role))
        } else {
            ThreeWayCommand.print(detail, role: identity.role)
        }
    }
}

struct ThreeWayListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "列出一次来电的三方通话。")

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("来电编号", valueName: "ID"))
    var call: Int64

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let details = try ThreeWayCallLog(store: store).list(callID: call, identity: identity)
        if json {
            CommandOutput.json(details.map { ThreeWayCommand.json($0, role: identity.role) })
            return
        }
        if details.isEmpty { CommandOutput.line("来电 \(call) 没有三方通话") }
        for (index, detail) in details.enumerated() {
            if index > 0 { CommandOutput.line("") }
            ThreeWayCommand.print(detail, role: identity.role)
        }
    }
}

struct ThreeWayPromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "把已解决的三方通话答复转为知识草稿（归政策专员所在单位，双向关联）。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("三方通话编号", valueName: "ID"))
    var id: Int64

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let promotion = try KnowledgeBase(store: store).promoteThreeWayAnswer(id, identity: identity)
        let entry = promotion.entry
        if json {
            CommandOutput.json(["id": entry.externalID, "three_way_call_id": promotion.threeWayCallID,
                                "department": promotion.departmentName, "status": entry.status.rawValue,
                                "source": entry.source, "keywords": entry.keywords])
            return
        }
        CommandOutput.line("已转为知识草稿 \(entry.externalID)（\(promotion.departmentName)）；审核发布前可用 hotline kb show \(entry.externalID) 查看")
    }
}
