import HLSEstimator

/// Where the top function's cycles go. With callees: each function it calls (calls per call
/// of the top × the callee's average latency, the callee's own callees included) and the
/// top's own loops (the rest); for a dataflow top the callees overlap, so the shares are of
/// their sum instead. Without callees: its top-level loops and the rest.
struct LatencyBreakdown {
    struct Item {
        var name: String
        var calls: Int
        var cycles: Double
    }

    /// Average cycles of one call of the top function (or the callees' sum when they overlap).
    var total: Double
    /// Largest first, then the rest of the top's own work when it has any.
    var items: [Item]
    /// True when the shares are of the callees' sum rather than of the top's latency.
    var overlapping: Bool
    /// The top's top-level loop with the largest average latency (for a model: the layers).
    var longestLoop: LoopEstimate?

    init(_ e: DesignEstimate) {
        guard let top = e.functions.first(where: { $0.name == e.top }) ?? e.functions.first else {
            total = 0
            items = []
            overlapping = false
            return
        }
        longestLoop = top.loops.max { $0.latency.avg < $1.latency.avg }
        var items: [Item] = []
        if top.calls.isEmpty {
            items = top.loops.map { Item(name: EstimateText.shortName($0.name), calls: 1, cycles: Double($0.latency.avg)) }
        } else {
            for (name, calls) in top.calls {
                guard let callee = e.function(name) else { continue }
                items.append(Item(name: name, calls: calls, cycles: Double(calls) * Double(callee.latency.avg)))
            }
        }
        items.sort { $0.cycles != $1.cycles ? $0.cycles > $1.cycles : $0.name < $1.name }
        let parts = items.reduce(0) { $0 + $1.cycles }
        let latency = Double(top.latency.avg)
        overlapping = top.dataflow || parts > latency
        if !overlapping && latency - parts > 0 {
            let rest = top.calls.isEmpty ? "\(top.name) (outside loops)" : "\(top.name) (own loops)"
            items.append(Item(name: rest, calls: 1, cycles: latency - parts))
        }
        total = overlapping ? parts : latency
        self.items = items
    }

    func share(_ item: Item) -> Double { total > 0 ? item.cycles / total : 0 }
}
