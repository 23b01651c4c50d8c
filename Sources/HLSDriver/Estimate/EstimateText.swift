import HLSEstimator

/// The text `hlsgen estimate` prints: per design a header, the function and loop table with
/// each function's resources against the device, the m_axi bundle table, totals and
/// warnings; for a whole model its throughput, ending with
/// `modeled: X tok/s, roofline: Y tok/s, ratio: Z`.
enum EstimateText {
    static func lines(_ run: EstimateRun) -> [String] {
        var out: [String] = []
        for (i, d) in run.designs.enumerated() {
            if i > 0 { out.append("") }
            out += design(d, board: run.board)
        }
        return out
    }

    static func design(_ d: EstimatedDesign, board: Device) -> [String] {
        let e = d.estimate
        var out = ["\(e.top): \(d.summary)",
                   "on \(e.device) (\(e.part)) at \(Quantities.megahertz(e.clockMHz)) MHz", ""]
        out += functionTable(e).render()
        out.append("")
        out += bundleTable(e).render()
        out.append("")
        out += totals(e)
        if !e.warnings.isEmpty {
            out.append("warnings:")
            out += e.warnings.map { "  - \($0)" }
        }
        if let t = d.throughput { out += [""] + throughput(t, board: board) }
        return out
    }

    /// Functions (top first) with their loops indented under them, resources on function rows.
    static func functionTable(_ e: DesignEstimate) -> TextTable {
        var t = TextTable([.init("function / loop", .left), .init("trips"), .init("iter lat"), .init("II ach/tgt"),
                           .init("latency"), .init("DSP"), .init("BRAM18K"), .init("URAM"), .init("FF"), .init("LUT"),
                           .init("limit", .left)])
        for f in e.functions {
            let r = f.resources, a = e.available
            t.add([f.name + (f.dataflow ? " (dataflow)" : ""), "", "", "", f.latency.description,
                   resource(r.dsp, a.dsp), resource(r.bram18k, a.bram18k), resource(r.uram, a.uram),
                   resource(r.ff, a.ff), resource(r.lut, a.lut), ""])
            for l in f.loops { addLoop(l, to: &t) }
        }
        return t
    }

    static func addLoop(_ l: LoopEstimate, to t: inout TextTable) {
        let indent = String(repeating: "  ", count: l.depth + 1)
        t.add([indent + shortName(l.name), l.trips.description, "\(l.iterationLatency)", ii(l), l.latency.description,
               "", "", "", "", "", l.limit.description])
        for c in l.children { addLoop(c, to: &t) }
    }

    /// `label` of `kernel.label`: the function row above already names the kernel.
    static func shortName(_ name: String) -> String {
        guard let dot = name.firstIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }

    /// `achieved/target` for pipelined loops, `-` otherwise.
    static func ii(_ l: LoopEstimate) -> String {
        guard l.pipelined, let a = l.ii else { return "-" }
        return "\(a)/\(l.iiTarget.map(String.init) ?? "-")"
    }

    /// `120 (1.3%)`, or `0` for a resource the function does not use.
    static func resource(_ used: Int, _ available: Int) -> String {
        used == 0 ? "0" : "\(used) (\(Quantities.percent(used, of: available)))"
    }

    static func bundleTable(_ e: DesignEstimate) -> TextTable {
        var t = TextTable([.init("m_axi bundle", .left), .init("ports", .left), .init("read/call"), .init("written/call"),
                           .init("bursts", .left), .init("beat bits"), .init("bandwidth"), .init("note", .left)])
        for b in e.bundles {
            t.add([b.name, b.ports.joined(separator: ","), Quantities.bytes(Double(b.bytesRead)),
                   Quantities.bytes(Double(b.bytesWritten)), b.bursts ? "yes" : "no", "\(b.beatBits)",
                   Quantities.bandwidth(b.bandwidth), noteLines(b.burstNote)])
        }
        if e.bundles.isEmpty { t.add(["(none)", "", "", "", "", "", "", ""]) }
        return t
    }

    /// The estimator writes one clause per port access, separated by `; `: one per line.
    static func noteLines(_ note: String) -> String {
        note.components(separatedBy: "; ").joined(separator: "\n")
    }

    static func totals(_ e: DesignEstimate) -> [String] {
        let r = e.total, a = e.available
        var out = ["total latency: \(e.latency.description) cycles (\(Quantities.time(cycles: Double(e.latency.avg), clockMHz: e.clockMHz)) avg at \(Quantities.megahertz(e.clockMHz)) MHz)",
                   "total resources: DSP \(resource(r.dsp, a.dsp)), BRAM18K \(resource(r.bram18k, a.bram18k)), URAM \(resource(r.uram, a.uram)), FF \(resource(r.ff, a.ff)), LUT \(resource(r.lut, a.lut))"]
        let over = overused(e)
        if !over.isEmpty { out.append("does not fit \(e.device): \(over.joined(separator: ", "))") }
        return out
    }

    /// Resources above 100% of the device, as `DSP 134.2%`.
    static func overused(_ e: DesignEstimate) -> [String] {
        let r = e.total, a = e.available
        let pairs = [("DSP", r.dsp, a.dsp), ("BRAM18K", r.bram18k, a.bram18k), ("URAM", r.uram, a.uram),
                     ("FF", r.ff, a.ff), ("LUT", r.lut, a.lut)]
        return pairs.filter { $0.1 > $0.2 }.map { "\($0.0) \(Quantities.percent($0.1, of: $0.2))" }
    }

    static func throughput(_ t: ModelThroughput, board: Device) -> [String] {
        let memory = board.memory.map { "\($0.banks) × \($0.kind) \(Quantities.bandwidth($0.bytesPerSecond))" }.joined(separator: " + ")
        let prefill = t.tokensPerCall > 1
        var table = TextTable([.init(prefill ? "prefill, one call per block of \(t.tokensPerCall) tokens" : "whole model, one call per token", .left),
                               .init("", .left)])
        table.add([prefill ? "cycles per token (a block's ÷ \(t.tokensPerCall))" : "cycles per token (avg over positions)",
                   Quantities.significant(t.cyclesPerToken, 4)])
        table.add(["schedule-bound tokens/s (clock ÷ cycles)", tokens(t.scheduleTokensPerSecond)])
        if let b = t.bundleBoundTokensPerSecond, let name = t.slowestBundle {
            table.add(["m_axi-bound tokens/s (slowest bundle: \(name))", tokens(b)])
        }
        table.add(["modeled tokens/s (the lower)", tokens(t.tokensPerSecond)])
        table.add(["bytes per token", Quantities.bytes(t.bytesPerToken)])
        table.add(["memory bandwidth of \(board.name)", "\(memory) = \(Quantities.bandwidth(t.memoryBytesPerSecond))"])
        table.add(["roofline tokens/s (bandwidth ÷ bytes per token)", tokens(t.rooflineTokensPerSecond)])
        table.add(["modeled ÷ roofline", ratio(t.ratio)])
        return table.render() + [lastLine(t)]
    }

    /// `modeled: X tok/s, roofline: Y tok/s, ratio: Z`; for a prefill design
    /// `prefill: X tok/s in blocks of B, compute-bound|memory-bound, memory roofline: Y tok/s`.
    static func lastLine(_ t: ModelThroughput) -> String {
        if t.tokensPerCall > 1 {
            let bound = (t.bundleBoundTokensPerSecond ?? .infinity) < t.scheduleTokensPerSecond ? "memory-bound" : "compute-bound"
            return "prefill: \(tokens(t.tokensPerSecond)) tok/s in blocks of \(t.tokensPerCall), \(bound), memory roofline: \(tokens(t.rooflineTokensPerSecond)) tok/s"
        }
        return "modeled: \(tokens(t.tokensPerSecond)) tok/s, roofline: \(tokens(t.rooflineTokensPerSecond)) tok/s, ratio: \(ratio(t.ratio))"
    }

    /// Tokens per second with three significant digits (`0.0412`, `243`, `5120`).
    static func tokens(_ x: Double) -> String { Quantities.significant(x, 3) }

    /// The ratio with two significant digits (`0.0034`, `0.42`).
    static func ratio(_ x: Double) -> String { Quantities.significant(x, 2) }
}
