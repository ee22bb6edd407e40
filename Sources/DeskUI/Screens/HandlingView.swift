import Foundation
import HotlineCore

/// The department's form: the order it is about, the one-line fields (extension days,
/// suggested department), and the text wrapped over the rest of the screen with the
/// cursor kept in view.
enum HandlingView {
    static func draw(_ state: DeskState, in frame: Frame, into buffer: inout ScreenBuffer) {
        guard let form = state.handling else {
            buffer.write("（没有打开的办理表单）", row: frame.top, column: 0, style: .muted)
            return
        }
        let cursorAllowed = state.prompt == nil && state.confirmation == nil && !form.submitting
        buffer.write("工单 \(form.number) · \(form.title)", row: frame.top, column: 0, width: frame.width - 12, style: .title)
        let version = "版本 \(form.version)"
        buffer.write(version, row: frame.top, column: frame.width - DisplayWidth.of(version), style: .muted)
        buffer.write("标题：" + DeskView.safe(form.orderTitle), row: frame.top + 1, column: 0, width: frame.width)
        var row = frame.top + 3
        for field in [HandlingForm.Field.days, .suggest] where form.fields.contains(field) {
            let note = field == .days ? "个工作日" : "代码，可不填"
            FieldRow.draw(label: form.label(field), field: form.field(field), focused: form.focus == field, row: row,
                          width: frame.width, note: note, into: &buffer, cursorAllowed: cursorAllowed)
            row += 1
        }
        let focused = form.focus == .text
        let how = form.text.multiline ? "（Enter 换行）" : "（Enter 提交）"
        buffer.write(form.label(.text) + how, row: row, column: 0, style: focused ? .highlight : .title)
        row += 1
        let bottom = frame.top + frame.height - 1
        let area = TextArea(form.text, columns: frame.width - 2)
        let height = max(1, bottom - row)
        let first = max(0, area.cursorLine - height + 1)
        for (offset, line) in area.lines.dropFirst(first).prefix(height).enumerated() {
            buffer.write(DeskView.safe(line), row: row + offset, column: 2)
        }
        if focused && cursorAllowed {
            buffer.cursor = (row + area.cursorLine - first, 2 + area.cursorColumn)
        }
        let count = "已输入 \(form.text.text.count)/\(form.text.maxLength) 字" + (form.submitting ? "　正在提交…" : "")
        buffer.write(count, row: bottom, column: 0, style: .muted)
    }
}

/// Text broken into screen lines by width (and at newlines), with the cursor's line and
/// column: the same breaking for the text and the cursor, so the cursor sits where the
/// next character will appear.
struct TextArea {
    var lines: [String] = [""]
    var cursorLine = 0
    var cursorColumn = 0

    init(_ field: TextField, columns: Int) {
        var width = 0
        for (index, character) in field.text.enumerated() {
            if index == field.cursor { (cursorLine, cursorColumn) = (lines.count - 1, width) }
            if character == "\n" {
                lines.append("")
                width = 0
                continue
            }
            let w = DisplayWidth.of(TextSafety.visible(String(character)))
            if width + w > columns {
                lines.append("")
                width = 0
            }
            lines[lines.count - 1].append(character)
            width += w
        }
        if field.cursor >= field.text.count {
            if width >= columns {
                lines.append("")
                width = 0
            }
            (cursorLine, cursorColumn) = (lines.count - 1, width)
        }
    }
}
