import Foundation
import HotlineCore

enum QueueView {
    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        let pane = state.queue
        var filters = ["状态：\(pane.statusFilter?.label ?? "全部")"]
        if let code = pane.department {
            filters.append("单位：" + DeskView.safe(pane.departments.first { $0.code == code }?.name ?? code))
        }
        if let kind = pane.kind { filters.append("类型：\(kind.label)") }
        if pane.overdueOnly { filters.append("只看超时") }
        if pane.enterpriseOnly { filters.append("只看企业") }
        buffer.write(filters.joined(separator: "  ") + "    共 \(pane.items.count) 单", row: frame.top, column: 0, style: .title)
        let height = frame.height - 1
        let first = max(0, min(pane.selected - height + 1, pane.items.count - height))
        for (offset, index) in (max(0, first)..<min(pane.items.count, max(0, first) + height)).enumerated() {
            let item = pane.items[index]
            let row = frame.top + 1 + offset
            let remaining = item.remainingWorkingSeconds.map(format) ?? "—"
            let requests = (item.returnRequested ? "请退 " : "") + (item.extensionRequested ? "请延 " : "")
            let marks = requests + (item.overdue ? "超时 " : "") + (item.supervised ? "督办 " : "") + (item.isEnterprise ? "企业" : "")
            let line = "\(item.number)  \(ColumnText.pad(item.status.label, columns: 12)) \(ColumnText.pad(remaining, columns: 10)) "
                + "\(ColumnText.pad(DeskView.safe(item.department), columns: 16)) \(DeskView.safe(item.title))"
            var style: CellStyle = item.overdue ? .danger : item.supervised ? .warning : .plain
            if let seconds = item.remainingWorkingSeconds, seconds <= 3600, !item.overdue { style = .warning }
            if index == pane.selected { style.reverse = true; buffer.fill(row: row, style: style) }
            let used = buffer.write(line, row: row, column: 0, width: frame.width - DisplayWidth.of(marks) - 1, style: style)
            _ = used
            buffer.write(marks, row: row, column: frame.width - DisplayWidth.of(marks), style: style)
        }
        if pane.items.isEmpty { buffer.write("（没有符合条件的工单）", row: frame.top + 1, column: 0, style: .muted) }
    }

    /// Remaining working time: "剩 1h20m", or "超 2h" when past.
    static func format(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        let text = magnitude >= 3600 ? "\(magnitude / 3600)h\(magnitude % 3600 / 60)m" : "\(magnitude / 60)m"
        return seconds >= 0 ? "剩 \(text)" : "超 \(text)"
    }
}

enum DetailView {
    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        let pane = state.detail
        guard pane.number != nil else {
            buffer.write("加载中…", row: frame.top, column: 0, style: .muted)
            return
        }
        let wrapped = pane.lines.flatMap { ColumnText.wrap(DeskView.safe($0), columns: frame.width) }
        for (offset, line) in wrapped.dropFirst(pane.scroll).prefix(frame.height).enumerated() {
            buffer.write(line, row: frame.top + offset, column: 0, style: offset == 0 && pane.scroll == 0 ? .title : .plain)
        }
    }
}

enum HelpView {
    static func draw(_ state: DeskState, keys: any KeyBindings, in frame: Frame, into buffer: inout ScreenBuffer) {
        let context = state.previousScreens.last?.context ?? .global
        buffer.write("按键（当前键位表；\(context.rawValue) 界面及全局）", row: frame.top, column: 0, style: .title)
        let lines = keys.help(for: context)
        let columnWidth = frame.width / 2
        let perColumn = frame.height - 2
        for (index, line) in lines.prefix(perColumn * 2).enumerated() {
            let row = frame.top + 2 + index % perColumn
            let column = index < perColumn ? 0 : columnWidth
            buffer.write(ColumnText.pad(line.keys, columns: 14), row: row, column: column, style: .highlight)
            buffer.write(line.description, row: row, column: column + 15, width: columnWidth - 16)
        }
    }
}
