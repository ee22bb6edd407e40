import Foundation
import HotlineCore

/// The trainer's list with its filters, an opened entry with its revisions, or the
/// search gaps; the reject reason is typed on the screen's last line.
enum BrowseView {
    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        let pane = state.browse
        var body = frame
        if let prompt = pane.rejecting {
            body.height -= 1
            drawPrompt(prompt, row: frame.top + frame.height - 1, width: frame.width,
                       cursorAllowed: state.confirmation == nil, into: &buffer)
        }
        switch pane.mode {
        case .list: drawList(pane, in: body, into: &buffer)
        case .entry: drawEntry(pane, in: body, into: &buffer)
        case .gaps: drawGaps(pane, in: body, into: &buffer)
        }
    }

    private static func drawList(_ pane: BrowsePane, in frame: Frame, into buffer: inout ScreenBuffer) {
        var filters = ["部门：\(pane.department.map(DeskView.safe) ?? "全部")", "类别：\(pane.category.map(DeskView.safe) ?? "全部")"]
        if pane.draftsOnly { filters.append("只看待审草稿") }
        let counts = pane.listing.map { "共 \($0.total) 条，待审草稿 \($0.draftCount) 条" } ?? "加载中…"
        buffer.write(filters.joined(separator: "  ") + "    " + counts, row: frame.top, column: 0, width: frame.width, style: .title)
        guard let listing = pane.listing else { return }
        let idWidth = 12, statusWidth = 6
        let departmentWidth = frame.width * 20 / 100, categoryWidth = frame.width * 12 / 100
        let height = frame.height - 1
        if listing.rows.isEmpty {
            buffer.write(pane.draftsOnly ? "（没有待审的草稿）" : "（没有符合条件的条目）", row: frame.top + 1, column: 0, style: .muted)
            return
        }
        let first = max(0, min(pane.selected - height + 1, listing.rows.count - height))
        for (offset, index) in (first..<min(listing.rows.count, first + height)).enumerated() {
            let item = listing.rows[index]
            let row = frame.top + 1 + offset
            let line = [ColumnText.pad(DeskView.safe(item.externalID), columns: idWidth),
                        ColumnText.pad(item.status.label, columns: statusWidth),
                        ColumnText.pad(DeskView.safe(item.department), columns: departmentWidth),
                        ColumnText.pad(DeskView.safe(item.category), columns: categoryWidth),
                        DeskView.safe(item.question)].joined(separator: " ")
            var style: CellStyle = item.status == .draft ? .warning : item.status == .retired ? .muted : .plain
            if index == pane.selected {
                style.reverse = true
                buffer.fill(row: row, width: frame.width, style: style)
            }
            buffer.write(line, row: row, column: 0, width: frame.width, style: style)
        }
    }

    private static func drawEntry(_ pane: BrowsePane, in frame: Frame, into buffer: inout ScreenBuffer) {
        guard let entry = pane.entry else {
            buffer.write("加载中…", row: frame.top, column: 0, style: .muted)
            return
        }
        let wrapped = entry.lines.flatMap { ColumnText.wrap(DeskView.safe($0), columns: frame.width) }
        for (offset, line) in wrapped.dropFirst(pane.scroll).prefix(frame.height).enumerated() {
            let style: CellStyle = offset == 0 && pane.scroll == 0 ? .title : line.hasPrefix("—— ") ? .title : .plain
            buffer.write(line, row: frame.top + offset, column: 0, style: style)
        }
    }

    private static func drawGaps(_ pane: BrowsePane, in frame: Frame, into buffer: inout ScreenBuffer) {
        buffer.write("检索缺口：近 \(DeskRuntime.gapDays) 天没有找到任何条目的查询，按次数（查漏补缺）", row: frame.top, column: 0,
                     width: frame.width, style: .title)
        if pane.gaps.isEmpty {
            buffer.write("（没有检索缺口）", row: frame.top + 1, column: 0, style: .muted)
            return
        }
        let height = frame.height - 1
        let first = max(0, min(pane.gapSelected - height + 1, pane.gaps.count - height))
        for (offset, index) in (first..<min(pane.gaps.count, first + height)).enumerated() {
            let gap = pane.gaps[index]
            let when = ShanghaiTime.format(gap.lastSearched).prefix(16).replacingOccurrences(of: "T", with: " ")
            let count = String(repeating: " ", count: max(0, 5 - String(gap.count).count)) + "\(gap.count) 次  "
            let whenColumn = "  最近 \(when)"
            let queryWidth = frame.width - DisplayWidth.of(count) - DisplayWidth.of(whenColumn)
            let line = count + ColumnText.pad(DeskView.safe(gap.query), columns: queryWidth) + whenColumn
            buffer.write(line, row: frame.top + 1 + offset, column: 0, width: frame.width,
                         style: index == pane.gapSelected ? .selected : .plain)
        }
    }

    private static func drawPrompt(_ prompt: RejectPrompt, row: Int, width: Int, cursorAllowed: Bool,
                                   into buffer: inout ScreenBuffer) {
        let label = "退回 \(DeskView.safe(prompt.externalID)) 的理由（Enter 确认，Esc 取消）："
        let used = buffer.write(label, row: row, column: 0, style: .title)
        let (text, cursor) = prompt.reason.window(columns: width - used - 1)
        buffer.write(DeskView.safe(text), row: row, column: used)
        if cursorAllowed { buffer.cursor = (row, used + cursor) }
    }
}
