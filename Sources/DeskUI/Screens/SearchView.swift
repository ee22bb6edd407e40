import Foundation
import HotlineCore

enum SearchView {
    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        let pane = state.search
        let label = "检索："
        let used = buffer.write(label, row: frame.top, column: frame.left, style: .title)
        let (text, cursor) = pane.query.window(columns: frame.width - used - 12)
        buffer.write(DeskView.safe(text), row: frame.top, column: used)
        if state.prompt == nil && state.confirmation == nil { buffer.cursor = (frame.top, used + cursor) }
        let status = pane.searching ? "检索中…" : pane.query.isEmpty ? "" : "\(pane.hits.count) 条"
        buffer.write(status, row: frame.top, column: frame.width - 10, width: 10, style: .muted)

        let listWidth = frame.width * 45 / 100
        let top = frame.top + 2
        let height = frame.height - 2
        if pane.hits.isEmpty && !pane.query.isEmpty && !pane.searching {
            buffer.write("没有找到；可换个说法，或 Ctrl-O 生成工单", row: top, column: 0, style: .muted)
        }
        let first = max(0, pane.selected - height / 2 + 1)
        for (offset, index) in (first..<min(pane.hits.count, first + height / 2)).enumerated() {
            let hit = pane.hits[index]
            let row = top + offset * 2
            let selected = index == pane.selected
            if selected { buffer.fill(row: row, width: listWidth, style: .selected) }
            let mark = hit.isExpired ? "[已过期] " : ""
            buffer.writeHighlighted(DeskView.safe(mark + hit.question), terms: pane.terms, row: row, column: 0, width: listWidth,
                                    style: selected ? .selected : .plain,
                                    highlight: selected ? CellStyle(bold: true, reverse: true) : .highlight)
            buffer.write(DeskView.safe("\(hit.department) · \(hit.category)"), row: row + 1, column: 2, width: listWidth - 2, style: .muted)
        }
        guard let preview = pane.preview else { return }
        let left = listWidth + 1
        let width = frame.width - left
        var row = top
        for line in ColumnText.wrap(DeskView.safe(preview.question), columns: width).prefix(2) {
            buffer.writeHighlighted(line, terms: pane.terms, row: row, column: left, width: width, style: .title)
            row += 1
        }
        buffer.write(DeskView.safe("\(preview.department) · \(preview.validity)"), row: row, column: left, width: width, style: .muted)
        row += 1
        let footerRows = 2
        let answerLines = ColumnText.wrap(TextSafety.visible(preview.answer, keepLineBreaks: true), columns: width)
        for line in answerLines.prefix(max(0, top + height - row - footerRows)) {
            buffer.writeHighlighted(line, terms: pane.terms, row: row, column: left, width: width)
            row += 1
        }
        buffer.write(DeskView.safe("依据：\(preview.source)"), row: top + height - 1, column: left, width: width, style: .muted)
    }
}
