import Foundation
import HotlineCore

/// The knowledge browser's work against HotlineCore: the trainer's list, an entry with
/// its revisions, the search gaps, and publishing or rejecting drafts.
extension DeskRuntime {
    /// How far back the gaps view looks: a month of searches is what a trainer fills in.
    static let gapDays = 30

    func browse(_ effect: BrowseEffect) throws -> DeskResult {
        switch effect {
        case .load(let request):
            let listing = try knowledge.listing(department: request.department, category: request.category,
                                                draftsOnly: request.draftsOnly, identity: identity)
            return .browse(.loaded(listing, for: request))
        case .open(let externalID):
            let detail = try knowledge.detail(externalID: externalID)
            return .browse(.opened(BrowseEntry(externalID: externalID, status: detail.entry.status,
                                               lines: BrowseEntryText.lines(detail))))
        case .loadGaps:
            let since = store.clock.now().addingTimeInterval(-Double(Self.gapDays) * 86_400)
            return .browse(.gaps(try knowledge.gaps(since: since, minimumCount: 1, limit: 200)))
        case .publish(let externalID):
            let outcome = try knowledge.publishDraft(externalID: externalID, identity: identity)
            return .browse(.reviewed(externalID: externalID,
                                     message: "已发布 \(externalID)（第 \(outcome.entry.revision) 版），检索即可查到"))
        case .reject(let externalID, let reason):
            let outcome = try knowledge.rejectDraft(externalID: externalID, reason: reason, identity: identity)
            return .browse(.reviewed(externalID: externalID,
                                     message: "已退回 \(externalID)（第 \(outcome.entry.revision) 版，已停用）：\(reason)"))
        }
    }
}

/// An opened entry as lines: its fields, the answer, then every revision (who, when,
/// which fields; the reason of a rejection).
enum BrowseEntryText {
    static func lines(_ detail: KnowledgeEntryDetail) -> [String] {
        let entry = detail.entry
        var lines = ["\(entry.externalID)  \(entry.status.label)\(detail.isExpired ? "（已过期）" : "")  第 \(entry.revision) 版",
                     "问题：\(entry.question)",
                     "部门：\(detail.department.name)    类别：\(entry.category.isEmpty ? "（未分类）" : entry.category)",
                     "有效期：\(entry.effectiveFrom ?? "—") 至 \(entry.effectiveTo ?? "长期")",
                     "依据：\(entry.source.isEmpty ? "（缺）" : entry.source)",
                     "关键词：\(entry.keywords.isEmpty ? "（无）" : entry.keywords.joined(separator: "、"))",
                     "答复："]
        lines += entry.answer.components(separatedBy: "\n")
        lines.append("—— 修订历史 ——")
        for revision in detail.revisions {
            let time = ShanghaiTime.format(revision.changedAt).prefix(16).replacingOccurrences(of: "T", with: " ")
            let fields = revision.changedFields.isEmpty ? "" : "（\(revision.changedFields.map(fieldLabel).joined(separator: "、"))）"
            lines.append("第 \(revision.revision) 版  \(time)  \(revision.changedBy)  \(changeLabel(revision))\(fields)")
        }
        return lines
    }

    static func changeLabel(_ revision: KnowledgeRevision) -> String {
        if let reason = revision.rejectionReason { return "退回：\(reason)" }
        switch revision.change {
        case "import": return "导入"
        case "publish": return "发布"
        case "promote": return "三方通话答复转草稿"
        case "edit": return "编辑"
        case "retire": return "停用"
        default: return revision.change
        }
    }

    static func fieldLabel(_ name: String) -> String {
        switch name {
        case "department": return "部门"
        case "category": return "类别"
        case "question": return "问题"
        case "answer": return "答复"
        case "keywords": return "关键词"
        case "source": return "依据"
        case "effective_from": return "生效日期"
        case "effective_to": return "失效日期"
        case "status": return "状态"
        default: return name
        }
    }
}
