import ArgumentParser
import Foundation
import HotlineCore

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "好差评：对工单答复的评价（五级），差评自动为承办单位生成整改事项。",
        subcommands: [ReviewAddCommand.self, RectificationListCommand.self, RectificationDoneCommand.self]
    )
}

struct ReviewAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "记录评价（坐席、班长）：--level 1-5 或 非常满意/满意/基本满意/不满意/非常不满意。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("工单号", valueName: "NUMBER"))
    var number: String

    @Option(help: ArgumentHelp("评价等级", valueName: "LEVEL"))
    var level: String

    @Option(help: ArgumentHelp("评价内容", valueName: "TEXT"))
    var comment: String?

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        guard let reviewLevel = ReviewLevel(text: level) else {
            throw ValidationError("--level: 应为 1–5 或 非常满意、满意、基本满意、不满意、非常不满意")
        }
        let (store, identity) = try global.openAsIdentity()
        let review = try ServiceReviews(store: store).record(orderNumber: number, level: reviewLevel, comment: comment, identity: identity)
        if json {
            CommandOutput.json(["id": review.id, "order": review.orderNumber, "department": review.department,
                                "level": review.level.rawValue, "level_code": review.level.code,
                                "rectification_id": review.rectificationID as Any? ?? NSNull()])
            return
        }
        CommandOutput.line("已记录评价 \(review.id)：工单 \(review.orderNumber)（\(review.department)）\(review.level.label)"
            + (review.rectificationID.map { "；已生成整改事项 \($0)" } ?? ""))
    }
}

struct RectificationListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectifications",
        abstract: "整改事项（班长、系统管理员看全部；承办单位看本单位）。"
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("承办单位", valueName: "CODE"))
    var department: String?

    @Flag(help: "包括已完成的")
    var all = false

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let items = try ServiceReviews(store: store).rectifications(includeDone: all, department: department, identity: identity)
        if json {
            CommandOutput.json(items.map {
                ["id": $0.id, "order": $0.orderNumber, "department": $0.departmentCode, "level": $0.level.rawValue,
                 "comment": $0.comment as Any? ?? NSNull(), "opened_at": ShanghaiTime.format($0.openedAt),
                 "due_at": ShanghaiTime.format($0.dueAt), "done": $0.done,
                 "done_at": $0.doneAt.map(ShanghaiTime.format) as Any? ?? NSNull(), "note": $0.note as Any? ?? NSNull()] as [String: Any]
            })
            return
        }
        for item in items {
            CommandOutput.line("\(item.id)  \(item.done ? "已完成" : "整改中")  \(item.orderNumber)  \(item.departmentName)  "
                + "\(item.level.label)  期限 \(ShanghaiTime.format(item.dueAt))")
        }
    }
}

struct RectificationDoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectified",
        abstract: "完成整改事项（本单位承办单位账号或班长），写明整改情况。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("整改事项编号", valueName: "ID"))
    var id: Int64

    @Option(help: ArgumentHelp("整改情况", valueName: "TEXT"))
    var note: String

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let item = try ServiceReviews(store: store).completeRectification(id, note: note, identity: identity)
        CommandOutput.line("整改事项 \(item.id)（工单 \(item.orderNumber)）已完成")
    }
}
