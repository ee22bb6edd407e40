import Foundation
import HotlineCore

/// The topic line, the matching specialists as columns, and, while a three-way call is
/// recorded, its timer and the answer being typed in the lower part of the screen.
enum SpecialistsView {
    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        let pane = state.specialists
        let cursorAllowed = state.prompt == nil && state.confirmation == nil
        let label = "业务主题："
        let used = buffer.write(label, row: frame.top, column: frame.left, style: .title)
        let (text, cursor) = pane.topic.window(columns: frame.width - used - 12)
        buffer.write(DeskView.safe(text), row: frame.top, column: used)
        if cursorAllowed && pane.running == nil { buffer.cursor = (frame.top, used + cursor) }
        let status = pane.searching ? "查找中…" : pane.topic.isEmpty ? "" : "\(pane.matches.count) 位"
        buffer.write(status, row: frame.top, column: frame.width - 10, width: 10, style: .muted)
        if let id = state.currentCallID {
            buffer.write("来电 \(id)", row: frame.top + 1, column: 0, style: .muted)
        } else {
            buffer.write("尚未保存来电：\(SpecialistsScreenLogic.noCallMessage)，才能记录三方通话", row: frame.top + 1, column: 0,
                         width: frame.width, style: .warning)
        }

        let callRows = pane.running == nil ? (pane.finished == nil ? 0 : 1) : max(7, frame.height / 2)
        let listTop = frame.top + 2
        let listHeight = frame.height - 2 - callRows
        drawList(pane, top: listTop, height: listHeight, width: frame.width, into: &buffer)
        let callTop = listTop + listHeight
        if let running = pane.running {
            drawRunning(running, answer: pane.answer, now: state.now, top: callTop, height: callRows, width: frame.width,
                        cursorAllowed: cursorAllowed, into: &buffer)
        } else if let finished = pane.finished {
            let outcome = finished.resolved ? "已解决" : "未解决"
            let next = finished.draft.map { "已转为知识草稿 \($0)" } ?? (finished.resolved ? "Ctrl-P 转为知识草稿" : "Ctrl-O 转工单")
            buffer.write(DeskView.safe("上次三方通话 \(finished.id)：\(finished.specialistName)，\(outcome)；\(next)"),
                         row: callTop, column: 0, width: frame.width, style: .muted)
        }
    }

    /// Column widths for the list; the matched expertise takes what is left.
    struct Columns {
        var name = 8
        var department: Int
        var title: Int
        var phone = 13
        var expertise: Int

        init(width: Int) {
            department = width * 22 / 100
            title = width * 15 / 100
            expertise = max(4, width - name - department - title - phone - 4)
        }

        func line(_ name: String, _ department: String, _ title: String, _ expertise: String, _ phone: String) -> String {
            [ColumnText.pad(name, columns: self.name), ColumnText.pad(department, columns: self.department),
             ColumnText.pad(title, columns: self.title), ColumnText.pad(expertise, columns: self.expertise),
             ColumnText.pad(phone, columns: self.phone)].joined(separator: " ")
        }
    }

    private static func drawList(_ pane: SpecialistsPane, top: Int, height: Int, width: Int, into buffer: inout ScreenBuffer) {
        guard height > 1 else { return }
        let columns = Columns(width: width)
        buffer.write(columns.line("姓名", "单位", "职务", "擅长（匹配）", "电话"), row: top, column: 0, style: .title)
        if pane.matches.isEmpty && !pane.searching {
            let hint = pane.topic.trimmed.isEmpty ? "输入业务主题，如 留抵退税、社保补缴" : "没有擅长此业务的政策专员；换个说法，或 Ctrl-O 转工单"
            buffer.write(hint, row: top + 1, column: 0, style: .muted)
            return
        }
        let rows = height - 1
        let first = max(0, min(pane.selected - rows + 1, pane.matches.count - rows))
        for (offset, index) in (first..<min(pane.matches.count, first + rows)).enumerated() {
            let match = pane.matches[index]
            let row = top + 1 + offset
            let selected = index == pane.selected
            if selected { buffer.fill(row: row, width: width, style: .selected) }
            let line = columns.line(DeskView.safe(match.name), DeskView.safe(match.department), DeskView.safe(match.title),
                                    DeskView.safe(match.matchedExpertise.joined(separator: "、")), DeskView.safe(match.phone))
            buffer.write(line, row: row, column: 0, width: width, style: selected ? .selected : .plain)
        }
    }

    private static func drawRunning(_ running: RunningThreeWay, answer: TextField, now: Date, top: Int, height: Int, width: Int,
                                    cursorAllowed: Bool, into buffer: inout ScreenBuffer) {
        let timer = ThreeWayTimer.text(from: running.startedAt, to: now)
        let specialist = running.specialist
        buffer.fill(row: top, width: width, style: .warning)
        buffer.write(DeskView.safe("三方通话进行中 \(timer)  \(specialist.name)（\(specialist.department) \(specialist.title)）\(specialist.phone)"),
                     row: top, column: 0, width: width, style: CellStyle(bold: true, reverse: true, color: .warning))
        buffer.write(DeskView.safe("问题：\(running.question)"), row: top + 1, column: 0, width: width)
        buffer.write("答复（Enter 换行；Ctrl-R 已解决，Ctrl-U 未解决）：", row: top + 2, column: 0, style: .title)
        let boxTop = top + 3
        let boxHeight = height - 3
        guard boxHeight > 0 else { return }
        let lines = ColumnText.wrap(TextSafety.visible(answer.text, keepLineBreaks: true), columns: width - 1)
        // The cursor's line from the text before it, wrapped the same way.
        let before = ColumnText.wrap(TextSafety.visible(String(answer.text.prefix(answer.cursor)), keepLineBreaks: true),
                                     columns: width - 1)
        let cursorLine = max(0, before.count - 1)
        let first = max(0, cursorLine - boxHeight + 1)
        for (offset, line) in lines.dropFirst(first).prefix(boxHeight).enumerated() {
            buffer.write(line, row: boxTop + offset, column: 0, width: width)
        }
        if cursorAllowed {
            buffer.cursor = (boxTop + cursorLine - first, DisplayWidth.of(before.last ?? ""))
        }
    }
}
