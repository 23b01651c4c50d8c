import HLSEstimator
import HLSIR

/// The innermost loops of a point (pipelined, or with no loop left inside) ranked by the
/// cycles they cost per call of the top function: the
/// loop's average latency × the average trips of the loops around it × the calls of its
/// function per call of the top. The search spends its moves on the first of them.
struct HotLoop {
    var estimate: LoopEstimate
    /// Index of the design in the point.
    var design: Int
    var cycles: Double
    /// The loop the estimate's row is named after: for a flattened nest (`rows_groups`) the
    /// innermost, which carries the pipeline.
    var loop: BoundLoop?

    static func ranked(_ p: DesignPoint) -> [HotLoop] {
        var out: [HotLoop] = []
        for (i, e) in p.estimates.enumerated() {
            let calls = callsPerTop(e)
            for f in e.functions {
                let n = Double(calls[f.name] ?? 0)
                guard n > 0 else { continue }
                for l in f.loops { collect(l, times: n, design: i, bound: p.bound[i], into: &out) }
            }
        }
        return out.sorted { $0.cycles != $1.cycles ? $0.cycles > $1.cycles : $0.estimate.name < $1.estimate.name }
    }

    private static func collect(_ l: LoopEstimate, times: Double, design: Int, bound: BoundDesign, into out: inout [HotLoop]) {
        // Loops around other loops are not ranked: their cost is their children's.
        if l.pipelined || l.children.isEmpty {
            out.append(HotLoop(estimate: l, design: design, cycles: Double(l.latency.avg) * times, loop: resolve(l.name, in: bound)))
        }
        for c in l.children { collect(c, times: times * Double(Swift.max(1, l.trips.avg)), design: design, bound: bound, into: &out) }
    }

    /// Calls of each function per call of the top (functions not reached: absent).
    static func callsPerTop(_ e: DesignEstimate) -> [String: Int] {
        let byName = Dictionary(e.functions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var total: [String: Int] = [e.top: 1]
        // Walk top-down; a function's count is the sum over its callers of their count × calls.
        func visit(_ name: String, _ count: Int, depth: Int) {
            guard depth < 64, let f = byName[name] else { return }
            for (callee, k) in f.calls.sorted(by: { $0.key < $1.key }) {
                let add = Saturating.multiply(count, k)
                total[callee, default: 0] = Saturating.add(total[callee, default: 0], add)
                visit(callee, add, depth: depth + 1)
            }
        }
        visit(e.top, 1, depth: 0)
        return total
    }

    /// The bound loop of a loop estimate's name (`kernel.label`, or `kernel.outer_inner` for a
    /// flattened nest: the longest label the name ends with).
    static func resolve(_ name: String, in bound: BoundDesign) -> BoundLoop? {
        let kernel = String(name.prefix { $0 != "." })
        let rest = String(name.dropFirst(kernel.count + 1))
        guard let k = bound.kernel(kernel) else { return nil }
        if let l = k.loops[rest] { return l }
        return k.loops.values.filter { rest.hasSuffix("_" + $0.label) }.max { $0.label.count < $1.label.count }
    }
}

/// Saturating integer arithmetic for call counts (a 7B model's counts stay far below, but a
/// malformed call graph must not trap).
private enum Saturating {
    static func add(_ a: Int, _ b: Int) -> Int { let (r, o) = a.addingReportingOverflow(b); return o ? .max : r }
    static func multiply(_ a: Int, _ b: Int) -> Int { let (r, o) = a.multipliedReportingOverflow(by: b); return o ? .max : r }
}
