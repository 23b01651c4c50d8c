import Foundation

/// Inline SVG charts of the report: bars on a log scale (modeled against roofline tokens per
/// second), bars of shares (latency per function), and bars against a limit (resources as a
/// percentage of the device). Each returns an `<svg>` element with a `<title>` for screen
/// readers; sizes are in CSS pixels.
enum Charts {
    static let width = 760.0
    static let labelWidth = 230.0
    static let valueWidth = 170.0
    static let barHeight = 22.0
    static let gap = 8.0
    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                          "#9c755f", "#bab0ac"]

    /// One bar of a chart: its label, its length as a fraction of the plot (clamped to 0…1),
    /// the text printed after it and its colour.
    struct Bar {
        var label: String
        var fraction: Double
        var value: String
        var color: String
    }

    /// Horizontal bars of `values` on a log10 axis with one tick per decade.
    static func logBars(title: String, _ values: [(label: String, value: Double, text: String, color: String)], unit: String) -> HTML {
        let positive = values.map(\.value).filter { $0 > 0 && $0.isFinite }
        let lo = floor(log10(positive.min() ?? 1)), hi = max(lo + 1, ceil(log10(positive.max() ?? 10)))
        let bars = values.map { v -> Bar in
            let f = v.value > 0 && v.value.isFinite ? (log10(v.value) - lo) / (hi - lo) : 0
            return Bar(label: v.label, fraction: f, value: v.text, color: v.color)
        }
        let ticks = stride(from: lo, through: hi, by: 1).map { d -> (Double, String) in
            ((d - lo) / (hi - lo), Quantities.significant(pow(10, d), 1) + (d == hi ? " \(unit)" : ""))
        }
        return chart(title: title, bars, ticks: ticks, limitLine: nil)
    }

    /// Horizontal bars of shares of a whole (fractions 0…1), with percent ticks.
    static func shareBars(title: String, _ bars: [Bar]) -> HTML {
        chart(title: title, bars, ticks: [0, 0.25, 0.5, 0.75, 1].map { ($0, "\(Int($0 * 100))%") }, limitLine: nil)
    }

    /// Horizontal bars of usage against a limit at 100%; the axis reaches past 100% when a bar does.
    static func usageBars(title: String, _ usage: [(label: String, fraction: Double, text: String)]) -> HTML {
        let top = max(1, usage.map(\.fraction).filter(\.isFinite).max() ?? 1)
        let scale = top > 1 ? ceil(top * 4) / 4 : 1
        let bars = usage.map {
            Bar(label: $0.label, fraction: $0.fraction / scale, value: $0.text,
                color: $0.fraction > 1 ? "#e15759" : ($0.fraction > 0.8 ? "#f28e2b" : "#59a14f"))
        }
        let ticks = stride(from: 0.0, through: scale, by: scale > 1 ? 0.5 : 0.25).map { ($0 / scale, "\(Int(($0 * 100).rounded()))%") }
        return chart(title: title, bars, ticks: ticks, limitLine: 1 / scale)
    }

    /// One bar split into `segments` (fractions summing to at most 1), with a legend below.
    static func stacked(title: String, _ segments: [Bar]) -> HTML {
        let plot = width - 20
        var children: [HTML] = [.el("title", text: title)]
        var x = 10.0
        for s in segments {
            let w = max(0, min(1, s.fraction)) * plot
            children.append(.el("rect", [("x", f(x)), ("y", "10"), ("width", f(w)), ("height", f(barHeight * 1.5)),
                                         ("fill", s.color)], [.el("title", text: "\(s.label): \(s.value)")]))
            x += w
        }
        let columns = 3.0, columnWidth = plot / columns
        for (i, s) in segments.enumerated() {
            let cx = 10 + Double(i % 3) * columnWidth, cy = 10 + barHeight * 1.5 + 14 + Double(i / 3) * 18
            children.append(.el("rect", [("x", f(cx)), ("y", f(cy)), ("width", "10"), ("height", "10"), ("fill", s.color)]))
            children.append(.el("text", [("x", f(cx + 14)), ("y", f(cy + 9)), ("class", "small")], text: "\(s.label) \(s.value)"))
        }
        let rows = (Double(segments.count) / columns).rounded(.up)
        let height = 10 + barHeight * 1.5 + 14 + rows * 18 + 6
        return svg(height: height, title: title, children)
    }

    static func chart(title: String, _ bars: [Bar], ticks: [(Double, String)], limitLine: Double?) -> HTML {
        let plot = width - labelWidth - valueWidth
        let top = 6.0
        let height = top + Double(bars.count) * (barHeight + gap) + 24
        var children: [HTML] = [.el("title", text: title)]
        for (position, label) in ticks {
            let x = labelWidth + position * plot
            children.append(.el("line", [("x1", f(x)), ("x2", f(x)), ("y1", f(top)), ("y2", f(height - 20)), ("class", "grid")]))
            children.append(.el("text", [("x", f(x)), ("y", f(height - 6)), ("text-anchor", "middle"), ("class", "small")], text: label))
        }
        for (i, b) in bars.enumerated() {
            let y = top + Double(i) * (barHeight + gap)
            let w = max(0, min(1, b.fraction)) * plot
            children.append(.el("text", [("x", f(labelWidth - 8)), ("y", f(y + barHeight * 0.7)), ("text-anchor", "end")], text: b.label))
            children.append(.el("rect", [("x", f(labelWidth)), ("y", f(y)), ("width", f(max(w, 1))), ("height", f(barHeight)),
                                         ("fill", b.color)], [.el("title", text: "\(b.label): \(b.value)")]))
            children.append(.el("text", [("x", f(labelWidth + w + 6)), ("y", f(y + barHeight * 0.7))], text: b.value))
        }
        if let limit = limitLine {
            let x = labelWidth + limit * plot
            children.append(.el("line", [("x1", f(x)), ("x2", f(x)), ("y1", f(top - 4)), ("y2", f(height - 20)), ("class", "limit")]))
        }
        return svg(height: height, title: title, children)
    }

    static func svg(height: Double, title: String, _ children: [HTML]) -> HTML {
        .el("svg", [("width", f(width)), ("height", f(height)),
                    ("viewBox", "0 0 \(f(width)) \(f(height))"), ("role", "img"), ("aria-label", title)], children)
    }

    /// Coordinates with one decimal.
    static func f(_ x: Double) -> String { String(format: "%.1f", x) }
}
