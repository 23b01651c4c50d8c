import Foundation

/// The Pareto front of `hlsgen explore` as an inline SVG scatter plot: the scarcest
/// resource's share of the device across, the score up (tokens/s, or latency in cycles, on a
/// log scale); every feasible point explored as a grey dot, the front as a line of blue
/// dots, the start and the best point labelled, and the utilization limit as a dashed line.
enum ParetoChart {
    struct Point {
        var share: Double
        var value: Double
    }

    static let height = 360.0
    static let left = 70.0, right = 20.0, top = 14.0, bottom = 42.0

    /// An axis label without trailing zeros: `5`, `200`, `0.05`.
    static func tick(_ v: Double) -> String { v >= 1 ? String(Int(v.rounded())) : String(format: "%g", v) }

    /// `value` is tokens/s or cycles.
    static func chart(title: String, explored: [Point], front: [Point], start: Point, best: Point, limit: Double,
                      axis: String) -> HTML {
        let all = explored + front + [start, best]
        // A start that needs a resource the device lacks has an infinite share: the axis stops at 200%.
        let xMax = min(2, max(limit, all.map(\.share).filter(\.isFinite).max() ?? limit)) * 1.05
        let values = all.map(\.value).filter { $0 > 0 }
        let lo = floor(log10(values.min() ?? 1)), hi = max(lo + 1, ceil(log10(values.max() ?? 10)))
        let w = Charts.width - left - right, h = height - top - bottom
        func x(_ s: Double) -> Double { left + min(1, max(0, s / xMax)) * w }
        func y(_ v: Double) -> Double { top + h - (log10(max(v, pow(10, lo))) - lo) / (hi - lo) * h }
        let f = Charts.f
        var children: [HTML] = [.el("title", text: title)]
        for d in Int(lo)...Int(hi) {
            for m in [1.0, 2.0, 5.0] {
                let v = m * pow(10, Double(d))
                guard log10(v) <= hi + 1e-9 else { continue }
                children.append(.el("line", [("x1", f(left)), ("x2", f(left + w)), ("y1", f(y(v))), ("y2", f(y(v))), ("class", "grid")]))
                children.append(.el("text", [("x", f(left - 6)), ("y", f(y(v) + 4)), ("text-anchor", "end"), ("class", "small")],
                                    text: tick(v)))
            }
        }
        let step = xMax > 0.5 ? 0.1 : xMax > 0.2 ? 0.05 : xMax > 0.08 ? 0.02 : 0.01
        var t = 0.0
        while t <= xMax + 1e-9 {
            children.append(.el("line", [("x1", f(x(t))), ("x2", f(x(t))), ("y1", f(top)), ("y2", f(top + h)), ("class", "grid")]))
            children.append(.el("text", [("x", f(x(t))), ("y", f(top + h + 16)), ("text-anchor", "middle"), ("class", "small")],
                                text: String(format: "%.0f%%", t * 100)))
            t += step
        }
        children.append(.el("text", [("x", f(left + w / 2)), ("y", f(height - 6)), ("text-anchor", "middle")],
                            text: "scarcest resource, share of the device"))
        children.append(.el("text", [("x", "14"), ("y", f(top + h / 2)), ("text-anchor", "middle"),
                                     ("transform", "rotate(-90 14 \(f(top + h / 2)))")], text: axis))
        children.append(.el("line", [("x1", f(x(limit))), ("x2", f(x(limit))), ("y1", f(top)), ("y2", f(top + h)), ("class", "limit")]))
        for p in explored {
            children.append(.el("circle", [("cx", f(x(p.share))), ("cy", f(y(p.value))), ("r", "2"), ("fill", "#c8c8c8")]))
        }
        if front.count > 1 {
            let path = front.map { "\(f(x($0.share))),\(f(y($0.value)))" }.joined(separator: " ")
            children.append(.el("polyline", [("points", path), ("fill", "none"), ("stroke", Charts.palette[0]), ("stroke-width", "1.5")]))
        }
        for p in front {
            children.append(.el("circle", [("cx", f(x(p.share))), ("cy", f(y(p.value))), ("r", "4"), ("fill", Charts.palette[0])],
                                [.el("title", text: "\(Quantities.significant(p.value)) at \(Quantities.share(p.share))")]))
        }
        for (p, label, color) in [(start, "start", Charts.palette[1]), (best, "best", Charts.palette[2])] {
            children.append(.el("circle", [("cx", f(x(p.share))), ("cy", f(y(p.value))), ("r", "6"), ("fill", "none"),
                                           ("stroke", color), ("stroke-width", "2")]))
            children.append(.el("text", [("x", f(x(p.share) + 9)), ("y", f(y(p.value) - 8))], text: label))
        }
        return .el("svg", [("width", f(Charts.width)), ("height", f(height)), ("viewBox", "0 0 \(f(Charts.width)) \(f(height))"),
                           ("role", "img"), ("aria-label", title)], children)
    }
}
