import HLSConfig
import HLSEstimator

/// `hlsgen explore` as text: what was searched, the Pareto front as a table, the best point's
/// figures and changes, and the one-line summary `explore: best X tok/s (from Y), scarcest
/// resource R at P%`.
enum ExploreText {
    static func lines(_ x: Exploration, wrote path: String) -> [String] {
        var out = ["explore: \(x.name): \(x.summary)",
                   "on \(x.device.name) (\(x.device.part)) at \(Quantities.megahertz(x.clockMHz)) MHz, every resource at most \(Quantities.share(x.maxUtil))",
                   "knobs: \(x.knobs.count) (\(knobCounts(x.knobs))); \(x.rounds) rounds, \(x.evaluations) estimates, \(String(format: "%.1f", x.seconds)) s",
                   "", "Pareto front (\(x.isModel ? "modeled tok/s" : "latency") against the scarcest resource's share of the device):"]
        var t = TextTable([.init(x.isModel ? "tok/s" : "latency"), .init("scarcest", .left), .init("DSP"), .init("BRAM18K"),
                           .init("URAM"), .init("FF"), .init("LUT"), .init("changes", .left)])
        for p in x.front {
            let shares = p.utilization.map { Quantities.share($0.fraction) }
            let changes = (p.engines > 1 ? "\(p.engines) engines, " : "")
                + (p.key == x.start.key ? "start" : "\(ScheduleJSON.entries(p.overrides).count) entries")
                + (p.key == x.best.key ? " (best)" : "")
            t.add([figure(p, unit: false), share(p.scarcest)] + shares + [changes])
        }
        out += t.render().map { "  " + $0 }
        out += ["", "best point:"] + figures(x.best, x.device).map { "  " + $0 }
        out.append("  costliest loops (cycles per call of the top, II achieved/target, limit):")
        let hot = HotLoop.ranked(x.best)
        let total = max(1, x.best.latency)
        for h in hot.prefix(5) {
            let ii = h.estimate.ii.map { "\($0)/\(h.estimate.iiTarget ?? $0)" } ?? "-"
            out.append("    \(h.estimate.name): \(Quantities.share(h.cycles / total)), II \(ii), \(h.estimate.limit)")
        }
        if x.best.engines > 1 { out.append("  engines: \(x.best.engines) (config key \"engines\")") }
        out.append("  schedule changes (\(ScheduleJSON.entries(x.best.overrides).count)):")
        out += ScheduleJSON.entries(x.best.overrides).map { "    \(ScheduleJSON.quoted($0.name)): \($0.json)" }
        out += ["wrote \(path); use it as: \(x.usage.replacingOccurrences(of: "FILE", with: path))", summary(x)]
        return out
    }

    /// `explore: best 310 tok/s (from 1.13), scarcest resource LUT at 12.0%`.
    static func summary(_ x: Exploration) -> String {
        let s = x.best.scarcest
        return "explore: best \(figure(x.best)) (from \(figure(x.start, unit: false))), scarcest resource \(s.name) at \(Quantities.share(s.fraction))"
    }

    /// The throughput and latency lines of a point.
    static func figures(_ p: DesignPoint, _ device: Device) -> [String] {
        var out: [String] = []
        if let t = p.throughput {
            out.append("modeled \(Quantities.significant(t.tokensPerSecond)) tok/s (schedule \(Quantities.significant(t.scheduleTokensPerSecond)), "
                       + "m_axi \(t.bundleBoundTokensPerSecond.map { Quantities.significant($0) } ?? "-"), "
                       + "roofline \(Quantities.significant(t.rooflineTokensPerSecond))), ratio \(String(format: "%.2g", t.ratio))")
        }
        out.append("latency \(Int(p.latency)) cycles per call (avg)")
        out.append("resources: " + p.utilization.map { "\($0.name) \($0.used) (\(Quantities.share($0.fraction)))" }.joined(separator: ", "))
        return out
    }

    /// `310 tok/s` for a model, `1234 cycles` for layers.
    static func figure(_ p: DesignPoint, unit: Bool = true) -> String {
        if let t = p.throughput { return Quantities.significant(t.tokensPerSecond) + (unit ? " tok/s" : "") }
        return "\(Int(p.latency))" + (unit ? " cycles" : "")
    }

    static func share(_ s: ResourceShare) -> String { "\(s.name) \(Quantities.share(s.fraction))" }

    static func knobCounts(_ knobs: [Knob]) -> String {
        var counts: [String: Int] = [:]
        for k in knobs {
            let name: String
            switch k.kind {
            case .unroll: name = "unroll"
            case .lanes: name = "lanes"
            case .pipeline: name = "pipeline"
            case .partition: name = "partition"
            case .ownBundle: name = "bundle"
            case .widen: name = "widen"
            case .outstanding: name = "outstanding"
            }
            counts[name, default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }
}
