import Foundation
import Plot

/// Inline SVG charts drawn with Plot's element nodes: no script, no external file, so a
/// report is one self-contained page that prints as it shows.
enum SVGChart {
    typealias Body = Node<HTML.BodyContext>

    struct Bar {
        var label: String
        var value: Double
        /// Printed at the end of the bar (the count or rate as people read it).
        var caption: String
    }

    /// Vertical bars, one per item (calls per day).
    static func columns(_ bars: [Bar], title: String, width: Int = 680, height: Int = 200) -> Body {
        let top = 20.0, bottom = 34.0, left = 8.0
        let plot = Double(height) - top - bottom
        let maximum = max(bars.map(\.value).max() ?? 0, 1)
        let slot = (Double(width) - 2 * left) / Double(max(bars.count, 1))
        var nodes: [Body] = [element("title", text: title)]
        nodes.append(line(x1: left, y1: top + plot, x2: Double(width) - left, y2: top + plot))
        for (index, bar) in bars.enumerated() {
            let h = plot * bar.value / maximum
            let x = left + slot * Double(index) + slot * 0.15
            nodes.append(rect(x: x, y: top + plot - h, width: slot * 0.7, height: h, cssClass: "bar"))
            nodes.append(text(bar.caption, x: x + slot * 0.35, y: top + plot - h - 4, anchor: "middle", cssClass: "value"))
            nodes.append(text(bar.label, x: x + slot * 0.35, y: top + plot + 14, anchor: "middle", cssClass: "axis"))
        }
        return svg(width: width, height: height, title: title, nodes)
    }

    /// Horizontal bars with their labels on the left (top topics, department scores).
    static func bars(_ bars: [Bar], title: String, maximum fixed: Double? = nil, width: Int = 680) -> Body {
        let row = 22.0, labelWidth = 220.0, captionWidth = 110.0
        let height = Int(row * Double(max(bars.count, 1)) + 8)
        let maximum = max(fixed ?? (bars.map(\.value).max() ?? 0), 1e-9)
        let span = Double(width) - labelWidth - captionWidth
        var nodes: [Body] = [element("title", text: title)]
        for (index, bar) in bars.enumerated() {
            let y = 4 + row * Double(index)
            nodes.append(text(String(bar.label.prefix(16)), x: labelWidth - 6, y: y + 15, anchor: "end", cssClass: "axis"))
            nodes.append(rect(x: labelWidth, y: y + 3, width: max(0, span * bar.value / maximum), height: row - 7, cssClass: "bar"))
            nodes.append(text(bar.caption, x: labelWidth + max(0, span * bar.value / maximum) + 6, y: y + 15, anchor: "start",
                              cssClass: "value"))
        }
        return svg(width: width, height: height, title: title, nodes)
    }

    /// A small in-cell bar for a rate (0…1), or nothing when there is no rate.
    static func meter(_ value: Double?) -> Body {
        guard let value else { return .empty }
        return svg(width: 60, height: 10, title: String(format: "%.1f%%", value * 100), [
            rect(x: 0, y: 1, width: 60, height: 8, cssClass: "track"),
            rect(x: 0, y: 1, width: 60 * min(1, max(0, value)), height: 8, cssClass: value >= 0.9 ? "good" : value >= 0.8 ? "fair" : "poor"),
        ])
    }

    // MARK: elements

    static func svg(width: Int, height: Int, title: String, _ children: [Body]) -> Body {
        .element(named: "svg", nodes: [
            .attribute(named: "xmlns", value: "http://www.w3.org/2000/svg"),
            .attribute(named: "viewBox", value: "0 0 \(width) \(height)"),
            .attribute(named: "width", value: "\(width)"),
            .attribute(named: "height", value: "\(height)"),
            .attribute(named: "role", value: "img"),
            .attribute(named: "aria-label", value: title),
        ] + children)
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, cssClass: String) -> Body {
        .selfClosedElement(named: "rect", attributes: [
            attribute("x", x), attribute("y", y), attribute("width", width), attribute("height", height),
            Attribute(name: "class", value: cssClass),
        ])
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double) -> Body {
        .selfClosedElement(named: "line", attributes: [
            attribute("x1", x1), attribute("y1", y1), attribute("x2", x2), attribute("y2", y2),
            Attribute(name: "class", value: "axisline"),
        ])
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String, cssClass: String) -> Body {
        .element(named: "text", nodes: [
            .attribute(named: "x", value: format(x)), .attribute(named: "y", value: format(y)),
            .attribute(named: "text-anchor", value: anchor), .attribute(named: "class", value: cssClass),
            .text(content),
        ])
    }

    static func element(_ name: String, text: String) -> Body { .element(named: name, nodes: [.text(text)]) }

    static func attribute(_ name: String, _ value: Double) -> Attribute<HTML.BodyContext> {
        Attribute(name: name, value: format(value))
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
