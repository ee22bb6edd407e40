import ArgumentParser
import Foundation
import HotlineCore

/// The trainer's decision on a draft (drafts come from imports with status draft and from
/// promoted three-way answers).
struct KnowledgePublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "发布知识草稿（知识库管理员、系统管理员）：状态改为已发布，检索随即可见，记一次修订。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("草稿条目编号", valueName: "ID"))
    var id: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let outcome = try KnowledgeBase(store: store).publishDraft(externalID: id, identity: identity)
        KnowledgeReviewOutput.print(outcome, verb: "已发布", json: json)
    }
}

struct KnowledgeRejectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "退回知识草稿（知识库管理员、系统管理员）：状态改为已停用，理由记入修订历史。"
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("草稿条目编号", valueName: "ID"))
    var id: String

    @Option(help: ArgumentHelp("退回理由（原单位据此修改后重新提交）", valueName: "R"))
    var reason: String

    @Flag(help: "以 JSON 输出")
    var json = false

    func run() throws {
        let (store, identity) = try global.openAsIdentity()
        let outcome = try KnowledgeBase(store: store).rejectDraft(externalID: id, reason: reason, identity: identity)
        KnowledgeReviewOutput.print(outcome, verb: "已退回", json: json)
    }
}

enum KnowledgeReviewOutput {
    static func print(_ outcome: KnowledgeReviewOutcome, verb: String, json: Bool) {
        let entry = outcome.entry, revision = outcome.revision
        if json {
            CommandOutput.json([
                "id": entry.externalID, "status": entry.status.rawValue, "revision": entry.revision,
                "changed_at": ShanghaiTime.format(revision.changedAt), "changed_by": revision.changedBy,
                "change": revision.change, "reason": revision.rejectionReason ?? NSNull(),
            ] as [String: Any])
            return
        }
        let reason = revision.rejectionReason.map { "，理由：\($0)" } ?? ""
        CommandOutput.line("\(verb) \(entry.externalID)（第 \(entry.revision) 版，\(entry.status.label)\(reason)）")
    }
}
