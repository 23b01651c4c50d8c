import HLSEstimator

/// The HTML page of `hlsgen report`: one self-contained file (inline CSS and SVG, no script,
/// nothing fetched) with, per design, its summary, the throughput against the board's memory
/// roofline (whole models), the latency breakdown, resource bars against the device, the
/// function and loop table with the pragmas beside each loop, the m_axi bundles and the
/// warnings; with `--explore`, the design-space exploration (`ExploreSection`); with
/// `--accuracy`, the accuracy against the float model (`AccuracySection`).
enum ReportPage {
    static func document(_ run: EstimateRun, name: String, exploration: Exploration? = nil,
                         accuracy: AccuracyCommand.Measured? = nil) -> String {
        let head: HTML = .el("head", [], [
            .el("meta", [("charset", "utf-8")]),
            .el("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")]),
            .el("title", text: "HLSGen estimate: \(name)"),
            .el("style", [], [.trusted(css)]),
        ])
        var body: [HTML] = [
            .el("h1", text: "HLSGen estimate: \(name)"),
            .el("p", [("class", "note")], text: "Board \(run.board.name) (\(run.board.part)), \(Quantities.megahertz(run.clockMHz)) MHz. "
                + "Figures come from HLSGen's QoR model of the design, not from a Vitis HLS run; use them to compare schedules and "
                + "boards, and Vitis' synthesis report to sign off."),
        ]
        if run.designs.count > 1 {
            body.append(.el("ul", [("class", "toc")], run.designs.map {
                .el("li", [], [.el("a", [("href", "#\(anchor($0))")], text: $0.name)])
            }))
        }
        body += run.designs.map { section($0, board: run.board) }
        if let x = exploration { body.append(ExploreSection.section(x)) }
        if let m = accuracy { body.append(AccuracySection.section(m)) }
        let page: HTML = .el("html", [("lang", "en")], [head, .el("body", [], body)])
        return "<!DOCTYPE html>\n" + page.render()
    }

    static func anchor(_ d: EstimatedDesign) -> String {
        "design-" + String(d.name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "-" })
    }

    static func section(_ d: EstimatedDesign, board: Device) -> HTML {
        let e = d.estimate
        var parts: [HTML] = [
            .el("h2", text: d.name),
            .el("p", text: d.summary),
            summary(e),
        ]
        if let t = d.throughput { parts += throughput(t, board: board) }
        parts += latency(e)
        parts += resources(e)
        parts += [.el("h3", text: "Functions and loops"), functionTable(d)]
        parts += [.el("h3", text: "m_axi bundles"), bundleTable(e)]
        if !e.warnings.isEmpty {
            parts += [.el("h3", text: "Warnings"), .el("ul", [("class", "warnings")], e.warnings.map { .el("li", text: $0) })]
        }
        return .el("section", [("id", anchor(d))], parts)
    }

    static func summary(_ e: DesignEstimate) -> HTML {
        let r = e.total, a = e.available
        let rows: [(String, String)] = [
            ("device", "\(e.device) (\(e.part)) at \(Quantities.megahertz(e.clockMHz)) MHz"),
            ("latency", "\(e.latency.description) cycles (avg \(e.latency.avg), \(Quantities.time(cycles: Double(e.latency.avg), clockMHz: e.clockMHz)))"),
            ("DSP", EstimateText.resource(r.dsp, a.dsp) + " of \(a.dsp)"),
            ("BRAM18K", EstimateText.resource(r.bram18k, a.bram18k) + " of \(a.bram18k)"),
            ("URAM", EstimateText.resource(r.uram, a.uram) + " of \(a.uram)"),
            ("FF", EstimateText.resource(r.ff, a.ff) + " of \(a.ff)"),
            ("LUT", EstimateText.resource(r.lut, a.lut) + " of \(a.lut)"),
        ]
        var trs = rows.map { HTML.el("tr", [], [.el("th", text: $0.0), .el("td", text: $0.1)]) }
        let over = EstimateText.overused(e)
        if !over.isEmpty {
            trs.append(.el("tr", [("class", "bad")], [.el("th", text: "does not fit"), .el("td", text: over.joined(separator: ", "))]))
        }
        return .el("table", [("class", "summary")], trs)
    }

    static func throughput(_ t: ModelThroughput, board: Device) -> [HTML] {
        let memory = board.memory.map { "\($0.banks) × \($0.kind) at \(Quantities.bandwidth($0.bytesPerSecond))" }.joined(separator: " + ")
        var bars = [(label: "modeled (this design)", value: t.tokensPerSecond, text: "\(EstimateText.tokens(t.tokensPerSecond)) tok/s",
                     color: "#4e79a7")]
        var rows: [(String, String)] = [
            ("cycles per token", Quantities.significant(t.cyclesPerToken, 4)),
            ("schedule-bound tokens/s", EstimateText.tokens(t.scheduleTokensPerSecond) + " (clock ÷ cycles per token)"),
            ("modeled tokens/s", EstimateText.tokens(t.tokensPerSecond) + " (the lower of the schedule's and the m_axi bundles' rate)"),
            ("bytes per token", Quantities.bytes(t.bytesPerToken)),
            ("memory bandwidth", "\(memory) = \(Quantities.bandwidth(t.memoryBytesPerSecond))"),
        ]
        if let b = t.bundleBoundTokensPerSecond, let name = t.slowestBundle {
            bars.append((label: "m_axi-bound (\(name))", value: b, text: "\(EstimateText.tokens(b)) tok/s", color: "#f28e2b"))
            rows.append(("m_axi-bound tokens/s", "\(EstimateText.tokens(b)) (each bundle at the bandwidth its access pattern sustains; slowest: \(name))"))
        }
        bars.append((label: "roofline (\(board.name), \(Quantities.bandwidth(t.memoryBytesPerSecond)))", value: t.rooflineTokensPerSecond,
                     text: "\(EstimateText.tokens(t.rooflineTokensPerSecond)) tok/s", color: "#bab0ac"))
        rows += [("roofline tokens/s", EstimateText.tokens(t.rooflineTokensPerSecond) + " (bandwidth ÷ bytes per token)"),
                 ("modeled ÷ roofline", EstimateText.ratio(t.ratio))]
        return [
            .el("h3", text: "Throughput against the memory roofline"),
            .el("p", [("class", "note")], text: "Every token reads all weights and its part of the KV cache: no design moving these "
                + "bytes beats the board's peak memory bandwidth ÷ bytes per token (the roofline). The m_axi-bound bar is the same "
                + "limit with each bundle at the bandwidth its access pattern sustains (bursts, beat width), all bundles at once: "
                + "the gap from it to the roofline is the access patterns', the gap from the modeled bar to it the computation's "
                + "(latency, II)."),
            Charts.logBars(title: "Tokens per second, log scale", bars, unit: "tok/s"),
            .el("table", [("class", "summary")], rows.map { .el("tr", [], [.el("th", text: $0.0), .el("td", text: $0.1)]) }),
            .el("p", [("class", "headline")], text: EstimateText.lastLine(t)),
        ]
    }

    static func latency(_ e: DesignEstimate) -> [HTML] {
        let b = LatencyBreakdown(e)
        guard !b.items.isEmpty, b.total > 0 else { return [] }
        let bars = b.items.enumerated().map { i, item in
            Charts.Bar(label: item.calls > 1 ? "\(item.name) ×\(item.calls)" : item.name, fraction: b.share(item),
                       value: "\(Quantities.significant(item.cycles, 4)) cycles (\(Quantities.share(b.share(item))))",
                       color: Charts.palette[i % Charts.palette.count])
        }
        var note = b.overlapping
            ? "The parts overlap (dataflow or concurrent calls): shares are of their summed cycles."
            : "Shares of the \(e.top) function's average latency (\(Quantities.significant(b.total, 4)) cycles)"
                + (e.function(e.top)?.calls.isEmpty == false ? "; each callee's share includes the functions it calls." : ", by top-level loop.")
        if let l = b.longestLoop, l.trips.avg > 1, b.total > 0 {
            let perIteration = Double(l.latency.avg) / Double(l.trips.avg)
            note += " Longest loop: \(EstimateText.shortName(l.name)), \(l.trips.avg) iterations of about \(Quantities.significant(perIteration, 4)) cycles"
                + " (\(Quantities.share(Double(l.latency.avg) / b.total)) of the total)."
        }
        let stackedSegments = bars.map { Charts.Bar(label: $0.label, fraction: $0.fraction,
                                                     value: Quantities.share($0.fraction), color: $0.color) }
        return [
            .el("h3", text: "Latency breakdown"),
            .el("p", [("class", "note")], text: note),
            Charts.stacked(title: "Share of the latency per function", stackedSegments),
            Charts.shareBars(title: "Cycles per function", bars),
        ]
    }

    static func resources(_ e: DesignEstimate) -> [HTML] {
        let r = e.total, a = e.available
        let usage = [("DSP", r.dsp, a.dsp), ("BRAM18K", r.bram18k, a.bram18k), ("URAM", r.uram, a.uram),
                     ("LUT", r.lut, a.lut), ("FF", r.ff, a.ff)].map { name, used, available in
            (label: name, fraction: Quantities.fraction(used, of: available),
             text: "\(used) / \(available) (\(Quantities.percent(used, of: available)))")
        }
        return [.el("h3", text: "Resources against \(e.device)"), Charts.usageBars(title: "Resources used, % of the device", usage)]
    }

    static func functionTable(_ d: EstimatedDesign) -> HTML {
        let e = d.estimate
        let headers = ["function / loop", "trips", "iter lat", "II ach/tgt", "latency", "limit", "DSP", "BRAM18K", "URAM",
                       "FF", "LUT", "pragmas"]
        var rows: [HTML] = [.el("tr", [], headers.map { .el("th", text: $0) })]
        for f in e.functions {
            let r = f.resources, a = e.available
            let cells: [HTML] = [
                .el("td", [("class", "name")], text: f.name + (f.dataflow ? " (dataflow)" : "")),
                .el("td", text: ""), .el("td", text: ""), .el("td", text: ""),
                .el("td", [("class", "num")], text: f.latency.description),
                .el("td", text: f.calls.isEmpty ? "" : "calls " + f.calls.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")),
            ] + [(r.dsp, a.dsp), (r.bram18k, a.bram18k), (r.uram, a.uram), (r.ff, a.ff), (r.lut, a.lut)].map {
                .el("td", [("class", "num")], text: EstimateText.resource($0.0, $0.1))
            } + [pragmas(d.functionPragmas[f.name] ?? [])]
            rows.append(.el("tr", [("class", "function")], cells))
            for l in f.loops { addLoop(l, d, to: &rows) }
        }
        return .el("table", [("class", "design")], rows)
    }

    static func addLoop(_ l: LoopEstimate, _ d: EstimatedDesign, to rows: inout [HTML]) {
        let limited = l.limit != .none && l.limit != .notPipelined
        let generated = d.loopPragmas[l.name] ?? []
        let cells: [HTML] = [
            .el("td", [("class", "name"), ("style", "padding-left: \(Double(l.depth + 1) * 1.2)em")], text: EstimateText.shortName(l.name)),
            .el("td", [("class", "num")], text: l.trips.description),
            .el("td", [("class", "num")], text: "\(l.iterationLatency)"),
            .el("td", [("class", limited ? "num bad" : "num")], text: EstimateText.ii(l)),
            .el("td", [("class", "num")], text: l.latency.description),
            .el("td", [("class", limited ? "bad" : "")], text: l.limit.description),
            .el("td", text: ""), .el("td", text: ""), .el("td", text: ""), .el("td", text: ""), .el("td", text: ""),
            pragmas(generated, notes: LoopPragmas.notes(l, generated: generated)),
        ]
        rows.append(.el("tr", [], cells))
        for c in l.children { addLoop(c, d, to: &rows) }
    }

    /// The generated pragmas as code, then the estimator's notes (automatic pipelining,
    /// lanes, flattening) in a quieter style.
    static func pragmas(_ lines: [String], notes: [String] = []) -> HTML {
        var children: [HTML] = []
        for p in lines {
            if !children.isEmpty { children.append(.el("br")) }
            children.append(.el("code", text: p))
        }
        for n in notes {
            if !children.isEmpty { children.append(.el("br")) }
            children.append(.el("span", [("class", "estimator-note")], text: n))
        }
        return .el("td", [("class", "pragmas")], children)
    }

    static func bundleTable(_ e: DesignEstimate) -> HTML {
        let headers = ["bundle", "ports", "read/call", "written/call", "bursts", "beat bits", "bandwidth", "note"]
        var rows: [HTML] = [.el("tr", [], headers.map { .el("th", text: $0) })]
        for b in e.bundles {
            rows.append(.el("tr", [], [
                .el("td", [("class", "name")], text: b.name),
                .el("td", text: b.ports.joined(separator: ", ")),
                .el("td", [("class", "num")], text: Quantities.bytes(Double(b.bytesRead))),
                .el("td", [("class", "num")], text: Quantities.bytes(Double(b.bytesWritten))),
                .el("td", [("class", b.bursts ? "" : "bad")], text: b.bursts ? "yes" : "no"),
                .el("td", [("class", "num")], text: "\(b.beatBits)"),
                .el("td", [("class", "num")], text: Quantities.bandwidth(b.bandwidth)),
                .el("td", text: b.burstNote),
            ]))
        }
        if e.bundles.isEmpty { rows.append(.el("tr", [], [.el("td", [("colspan", "8")], text: "no m_axi ports")])) }
        return .el("table", [("class", "design")], rows)
    }

    static let css: StaticString = """
    body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5em 2em; color: #222; max-width: 1400px; }
    h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 2px solid #4e79a7; } h3 { margin-top: 1.5em; }
    table { border-collapse: collapse; margin: 0.5em 0; }
    th, td { border: 1px solid #ddd; padding: 2px 8px; vertical-align: top; text-align: left; }
    th { background: #f3f5f8; }
    table.summary th { width: 11em; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr.function td { background: #f7f9fc; font-weight: 600; }
    td.name { white-space: nowrap; font-family: ui-monospace, Menlo, monospace; }
    td.pragmas code { font-size: 12px; color: #333; white-space: nowrap; }
    td.pragmas .estimator-note { font-size: 12px; color: #888; font-style: italic; white-space: nowrap; }
    .bad { color: #b3261e; }
    tr.bad td, tr.bad th { color: #b3261e; }
    .note { color: #555; max-width: 60em; }
    .headline { font-family: ui-monospace, Menlo, monospace; font-weight: 600; }
    svg { display: block; margin: 0.5em 0; font-size: 12px; }
    svg text { fill: #222; } svg text.small { font-size: 11px; fill: #555; }
    svg line.grid { stroke: #e3e3e3; } svg line.limit { stroke: #b3261e; stroke-dasharray: 4 3; }
    ul.warnings li { color: #8a5300; }
    pre.config { background: #f7f9fc; border: 1px solid #ddd; padding: 0.6em; font-size: 12px; overflow-x: auto; }
    tr.best td { font-weight: 600; }
    """
}
