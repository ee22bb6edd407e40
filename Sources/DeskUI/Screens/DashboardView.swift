import Foundation
import HotlineCore

/// Headline rates, a calls-per-hour sparkline for today and per-department bars, in
/// block characters so they read over SSH at 80×24.
enum DashboardView {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    static func sparkline(_ values: [Int]) -> String {
        let top = max(values.max() ?? 0, 1)
        return String(values.map { $0 == 0 ? " " : levels[min(levels.count - 1, ($0 * levels.count - 1) / top)] })
    }

    static func bar(_ rate: Double?, width: Int) -> String {
        guard let rate else { return String(repeating: "·", count: width) }
        let filled = Int((rate * Double(width)).rounded())
        return String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, width - filled))
    }

    static func percent(_ figure: DashboardPane.Figure) -> String {
        guard let rate = figure.rate else { return "—" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        guard let pane = state.dashboard else {
            buffer.write("加载中…", row: frame.top, column: 0, style: .muted)
            return
        }
        var row = frame.top
        buffer.write("在办 \(pane.openOrders)  超时 \(pane.overdueOrders)  待回访 \(pane.awaitingCallback)  待人工回访 \(pane.manualCallbacks)",
                     row: row, column: 0, style: .title)
        row += 1
        let columnWidth = frame.width / 2
        for (index, figure) in pane.headline.enumerated() {
            let text = "\(figure.label) \(percent(figure)) (\(figure.numerator)/\(figure.denominator))"
            buffer.write(text, row: row + index / 2, column: index % 2 * columnWidth, width: columnWidth - 1)
        }
        row += (pane.headline.count + 1) / 2 + 1
        buffer.write("今日每小时来电（0–23 时）", row: row, column: 0, style: .title)
        row += 1
        buffer.write(sparkline(pane.callsPerHour), row: row, column: 0, style: .highlight)
        buffer.write("峰值 \(pane.callsPerHour.max() ?? 0)  合计 \(pane.callsPerHour.reduce(0, +))", row: row, column: 26, style: .muted)
        row += 2
        buffer.write(ColumnText.pad("承办单位", columns: 20) + " 按时办结率            满意率   在办 超时", row: row, column: 0, style: .title)
        row += 1
        for department in pane.departments.prefix(max(0, frame.top + frame.height - row)) {
            let line = ColumnText.pad(DeskView.safe(department.name), columns: 20) + " "
                + bar(department.answerOnTime.rate, width: 12) + " " + ColumnText.pad(percent(department.answerOnTime), columns: 7)
                + " " + ColumnText.pad(percent(department.satisfaction), columns: 7)
                + " " + ColumnText.pad("\(department.holding)", columns: 4) + " \(department.overdue)"
            buffer.write(line, row: row, column: 0, style: department.overdue > 0 ? .warning : .plain)
            row += 1
        }
    }
}
