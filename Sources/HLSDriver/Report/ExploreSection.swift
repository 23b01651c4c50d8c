import HLSConfig

/// The "Design-space exploration" section of `hlsgen report --explore`: what was searched,
/// the Pareto chart, the front as a table and the best point's config file.
enum ExploreSection {
    static func section(_ x: Exploration) -> HTML {
        let unit = x.isModel ? "tok/s" : "cycles"
        func point(_ p: DesignPoint) -> ParetoChart.Point {
            ParetoChart.Point(share: p.scarcest.fraction, value: x.isModel ? p.score : p.latency)
        }
        let chart = ParetoChart.chart(
            title: "Pareto front: \(x.isModel ? "modeled tok/s" : "latency") against the scarcest resource",
            explored: x.explored.map(point), front: x.front.map(point), start: point(x.start), best: point(x.best),
            limit: x.maxUtil, axis: x.isModel ? "modeled tok/s (log)" : "latency, cycles (log)")
        var rows: [HTML] = [.el("tr", [], ["\(x.isModel ? "tok/s" : "latency")", "scarcest", "DSP", "BRAM18K", "URAM", "FF", "LUT", "entries"]
            .map { .el("th", text: $0) })]
        for p in x.front {
            let cells = [ExploreText.figure(p, unit: false), ExploreText.share(p.scarcest)]
                + p.utilization.map { Quantities.share($0.fraction) } + ["\(ScheduleJSON.entries(p.overrides).count)"]
            rows.append(.el("tr", p.key == x.best.key ? [("class", "best")] : [],
                            cells.enumerated().map { .el("td", $0.offset == 1 ? [] : [("class", "num")], text: $0.element) }))
        }
        return .el("section", [("id", "explore")], [
            .el("h2", text: "Design-space exploration"),
            .el("p", text: "hlsgen explore searched \(x.knobs.count) knobs (\(ExploreText.knobCounts(x.knobs))) of \(x.name) on "
                + "\(x.device.name) at \(Quantities.megahertz(x.clockMHz)) MHz with every resource at most \(Quantities.share(x.maxUtil)) "
                + "of the device: \(x.rounds) rounds, \(x.evaluations) estimates. Grey: every point explored that fits; blue: the "
                + "Pareto front (no point is both faster and smaller); dashed: the limit."),
            .el("p", [("class", "headline")], text: ExploreText.summary(x)),
            chart,
            .el("table", [], rows),
            .el("h3", text: "The best point as a config file"),
            .el("p", [("class", "note")], text: "Use it as: \(x.usage). Best: \(ExploreText.figure(x.best)) against "
                + "\(ExploreText.figure(x.start)) (\(unit)) for the starting schedule."),
            .el("pre", [("class", "config")], text: x.config),
        ])
    }
}
