import Foundation
import HotlineCore
import Plot

/// The HTML reports: one self-contained page each (inline CSS and SVG, no scripts, no
/// links to anything), laid out for A4 portrait when printed.
public enum ReportHTML {
    typealias Body = Node<HTML.BodyContext>

    static let css = """
        @page { size: A4 portrait; margin: 15mm 12mm; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt;
               color: #1a1a1a; max-width: 186mm; margin: 0 auto; }
        h1 { font-size: 16pt; margin: 0 0 2mm; } h2 { font-size: 12.5pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
        .meta { color: #555; font-size: 9pt; }
        table { border-collapse: collapse; width: 100%; font-size: 9pt; page-break-inside: auto; }
        tr { page-break-inside: avoid; }
        th, td { border: 1px solid #bbb; padding: 1.2mm 1.5mm; text-align: left; vertical-align: middle; }
        th { background: #eef1f5; } td.num { text-align: right; white-space: nowrap; }
        .cards { display: flex; flex-wrap: wrap; gap: 3mm; }
        .card { border: 1px solid #bbb; border-radius: 2mm; padding: 2mm 3mm; min-width: 38mm; }
        .card .v { font-size: 15pt; font-weight: bold; } .card .d { color: #555; font-size: 8.5pt; }
        svg { display: block; max-width: 100%; height: auto; margin: 2mm 0; }
        svg .bar { fill: #3b6ea5; } svg .track { fill: #e3e6ea; } svg .good { fill: #2e8b57; } svg .fair { fill: #d4a017; }
        svg .poor { fill: #c0392b; } svg .axis { font-size: 10px; fill: #333; } svg .value { font-size: 10px; fill: #111; }
        svg .axisline { stroke: #666; stroke-width: 1; }
        .up { color: #c0392b; } .down { color: #2e8b57; } .new { color: #b8860b; }
        section { page-break-inside: avoid; }
        """

    static func page(title: String, subtitle: String, _ content: [Body]) -> String {
        let html = HTML(
            .lang(.chinese),
            .head(
                .meta(.charset(.utf8)),
                .title(title),
                .style(css)
            ),
            .body(.group([
                .h1(.text(title)),
                .p(.class("meta"), .text(subtitle)),
            ] + content))
        )
        return html.render()
    }

    static func table(headers: [String], rows: [[Body]]) -> Body {
        .table(
            .tr(.forEach(headers) { .th(.text($0)) }),
            .forEach(rows) { cells in .tr(.forEach(cells) { .td($0) }) }
        )
    }

    static func number(_ value: Int) -> Body { .text("\(value)") }

    static func rateCell(_ rate: Rate) -> Body {
        .group([SVGChart.meter(rate.value), .text(rate.detailText)])
    }

    static func card(_ label: String, _ rate: Rate) -> Body {
        .div(.class("card"), .div(.text(label)), .div(.class("v"), .text(rate.percentText)),
             .div(.class("d"), .text("\(rate.numerator) / \(rate.denominator)")))
    }

    static func generated(_ date: Date) -> String { "生成于 \(ShanghaiTime.format(date))；数字均由系统记录的事件、回访、来电与话务记录即时统计。" }
}
