import HLSEstimator

/// Where the top function's cycles go: each function it calls (calls per call of the top ×
/// the callee's average latency, callees' own callees included) and the top's own loops (the
/// rest). For a dataflow top the callees overlap, so the shares are of their sum instead.
struct LatencyBreakdown {
    struct Item {
        var name: String
        var calls: Int
        var cycles: Double
    }

    /// Average cycles of one call of the top function.
    var total: Double
    /// Callees by cycles, largest first, then the top's own work when it has any.
    var items: [Item]
    /// True when the shares are of the callees' sum rather than of the top's latency.
    var overlapping: Bool

    init(_ e: DesignEstimate) {
        guard let top = e.functions.first(where: { $0.name == e.top }) ?? e.functions.first else {
            total = 0
            items = []
            overlapping = false
            return
        }
        var items: [Item] = []
        for (name, calls) in top.calls {
            guard let callee = e.function(name) else { continue }
            items.append(Item(name: name, calls: calls, cycles: Double(calls) * Double(callee.latency.avg)))
        }
        items.sort { $0.cycles != $1.cycles ? $0.cycles > $1.cycles : $0.name < $1.name }
        let called = items.reduce(0) { $0 + $1.cycles }
        let latency = Double(top.latency.avg)
        overlapping = top.dataflow || called > latency
        if !overlapping && latency - called > 0 {
            items.append(Item(name: "\(top.name) (own loops)", calls: 1, cycles: latency - called))
        }
        total = overlapping ? called : latency
        self.items = items
    }

    func share(_ item: Item) -> Double { total > 0 ? item.cycles / total : 0 }
}
