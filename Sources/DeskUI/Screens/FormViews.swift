import Foundation
import HotlineCore

/// One labelled field on a form; the focused one gets the cursor.
struct FieldRow {
    static let labelWidth = 10

    static func draw(label: String, field: TextField?, choice: String? = nil, focused: Bool, row: Int, width: Int,
                     note: String? = nil, into buffer: inout ScreenBuffer, cursorAllowed: Bool) {
        buffer.write(ColumnText.pad(label, columns: labelWidth), row: row, column: 0, style: focused ? .highlight : .title)
        let boxWidth = width - labelWidth - 1 - (note.map { DisplayWidth.of($0) + 1 } ?? 0)
        if let choice {
            buffer.write("‹ \(choice) ›", row: row, column: labelWidth, width: boxWidth, style: focused ? .selected : .plain)
        } else if let field {
            let (text, cursor) = field.window(columns: boxWidth)
            buffer.fill(row: row, column: labelWidth, width: boxWidth, style: CellStyle(underline: true))
            buffer.write(DeskView.safe(text), row: row, column: labelWidth, width: boxWidth, style: CellStyle(underline: true))
            if focused && cursorAllowed { buffer.cursor = (row, labelWidth + cursor) }
        }
        if let note { buffer.write(note, row: row, column: width - DisplayWidth.of(note), style: .warning) }
    }
}

enum IntakeView {
    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        let form = state.intake
        let formWidth = frame.width * 60 / 100
        let cursorAllowed = state.prompt == nil && state.confirmation == nil
        var row = frame.top
        for field in IntakeForm.Field.allCases {
            let choice: String?
            switch field {
            case .channel: choice = IntakeForm.channels[form.channel].1
            case .requestType: choice = IntakeForm.requestTypes[form.requestType].1
            default: choice = nil
            }
            FieldRow.draw(label: field.label, field: form.text(field), choice: choice, focused: form.focus == field, row: row,
                          width: formWidth, note: field == .uscc ? form.usccProblem : nil, into: &buffer,
                          cursorAllowed: cursorAllowed)
            row += 1
        }
        if form.focus == .content {
            let lines = ColumnText.wrap(DeskView.safe(form.content.text), columns: formWidth - FieldRow.labelWidth)
            for line in lines.suffix(4) {
                buffer.write(line, row: row, column: FieldRow.labelWidth)
                row += 1
            }
        }
        row += 1
        buffer.write(form.enterpriseTag ? "[企业] 标签已打上（Ctrl-E 切换）" : "[  ] 未打企业标签（Ctrl-E 切换）", row: row, column: 0,
                     style: form.enterpriseTag ? .highlight : .muted)
        row += 1
        if let index = form.outOfScope {
            let reason = OutOfScopeReason.allCases[index]
            buffer.write("不予受理：\(reason.label)（\(reason.article)）", row: row, column: 0, width: formWidth, style: .warning)
            row += 1
            for line in ColumnText.wrap("解释引导：" + reason.script, columns: formWidth).prefix(frame.top + frame.height - row) {
                buffer.write(line, row: row, column: 0)
                row += 1
            }
        }
        if let id = state.currentCallID {
            buffer.write("已保存为来电 \(id)", row: frame.top + frame.height - 1, column: 0, style: .muted)
        }
        drawCompletions(form, below: frame.top + IntakeForm.Field.enterprise.rawValue, width: formWidth, into: &buffer)
        let side = formWidth + 2
        buffer.write("可能重复的在办工单", row: frame.top, column: side, style: .title)
        if form.repeats.isEmpty {
            buffer.write("（无）", row: frame.top + 1, column: side, style: .muted)
        }
        var row2 = frame.top + 1 + max(1, form.repeats.count)
        for (offset, line) in form.repeats.prefix(frame.height / 2).enumerated() {
            buffer.write(DeskView.safe(line), row: frame.top + 1 + offset, column: side, style: .warning)
        }
        if !form.history.isEmpty {
            row2 += 1
            buffer.write("来电人历史", row: row2, column: side, style: .title)
            for line in form.history.prefix(max(0, frame.top + frame.height - row2 - 1)) {
                row2 += 1
                buffer.write(DeskView.safe(line), row: row2, column: side)
            }
        }
    }
}

extension IntakeView {
    /// The known enterprises matching the typed name, drawn over the rows below the field
    /// (they are back when the list closes), with how often each has called.
    static func drawCompletions(_ form: IntakeForm, below fieldRow: Int, width: Int, into buffer: inout ScreenBuffer) {
        guard form.focus == .enterprise, !form.completions.isEmpty else { return }
        let column = FieldRow.labelWidth
        let boxWidth = width - column - 1
        let shown = form.completions.prefix(6)
        for (offset, suggestion) in shown.enumerated() {
            let count = "\(suggestion.calls)次"
            let name = ColumnText.pad(DeskView.safe(suggestion.name), columns: boxWidth - DisplayWidth.of(count) - 1)
            let style: CellStyle = offset == form.completionIndex ? .selected : .plain
            buffer.fill(row: fieldRow + 1 + offset, column: column, width: boxWidth, style: style)
            buffer.write("\(name) \(count)", row: fieldRow + 1 + offset, column: column, width: boxWidth, style: style)
        }
        buffer.write("↑↓ 选择已知企业，Enter 填入，Esc 关闭", row: fieldRow + 1 + shown.count, column: column, width: boxWidth,
                     style: .muted)
    }
}

enum OrderFormView {
    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        let form = state.orderForm
        let cursorAllowed = state.prompt == nil && state.confirmation == nil
        var row = frame.top
        for field in OrderForm.Field.allCases {
            let value: TextField?
            switch field {
            case .kind: value = nil
            case .department: value = form.department
            case .title: value = form.title
            case .content: value = form.content
            }
            FieldRow.draw(label: field.label, field: value, choice: field == .kind ? form.kind.label : nil,
                          focused: form.focus == field, row: row, width: frame.width,
                          note: field == .department ? form.departmentName : nil, into: &buffer, cursorAllowed: cursorAllowed)
            row += 1
        }
        row += 1
        if let sign = form.signDue, let answer = form.answerDue {
            buffer.write("签收时限 \(ShanghaiTime.format(sign))", row: row, column: 0, style: .highlight)
            buffer.write("答复时限 \(ShanghaiTime.format(answer))", row: row + 1, column: 0, style: .highlight)
        } else {
            buffer.write("填写承办单位代码后显示时限（不填则待班长派发）", row: row, column: 0, style: .muted)
        }
        buffer.write("Enter 确认生成工单，Esc 返回", row: row + 3, column: 0, style: .muted)
    }
}
