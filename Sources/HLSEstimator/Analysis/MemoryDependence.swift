import HLSIR

/// Loop-carried dependences through on-chip memory: an iteration that reads an element an
/// earlier iteration stores must wait for that store, so the chain from the load's issue to
/// the store's state bounds the II like a recurrence (UG1399, "Loop-carried dependencies";
/// Vitis assumes a dependence it cannot rule out unless told `DEPENDENCE ... false`).
///
/// For a store and a load of one array in a pipelined iteration whose indices are affine and
/// differ only by a constant: distance d = (store − load) / (coefficient of the pipelined
/// counter); d > 0 means iteration i + d reads what iteration i wrote, and needs
/// II ≥ ⌈(store state + 1 − load issue) / d⌉. Equal indices (d = 0, the read-modify-write of
/// one element) and d < 0 carry nothing. Indices that are not affine or differ by more than
/// a constant are taken as distance 1, as the tool does.
enum MemoryDependence {
    static func recurrences(_ accesses: [Access], context: KernelContext, loopVariable v: String)
        -> [(variable: String, chain: [String], cycles: Double)] {
        var out: [(variable: String, chain: [String], cycles: Double)] = []
        for store in accesses where store.isWrite {
            guard let p = context.places[store.array], case .onChip(let kind) = p.kind, kind != .stream else { continue }
            var worst = 0.0
            for load in accesses where !load.isWrite && load.array == store.array {
                guard let d = distance(store: store, load: load, loopVariable: v), d > 0 else { continue }
                let chain = (store.time.rounded(.down) + 1 - load.time) / Double(d)
                worst = Swift.max(worst, chain)
            }
            if worst > 0 { out.append((store.array, ["load", "store"], worst)) }
        }
        return out
    }

    /// Iterations between a store and a later load of the same element (nil: never the same).
    static func distance(store: Access, load: Access, loopVariable v: String) -> Int? {
        guard store.indices.count == load.indices.count else { return 1 }
        var d: Int? = nil
        for (si, li) in zip(store.indices, load.indices) {
            guard let s = AffineIndex(si), let l = AffineIndex(li) else { return 1 }
            if s == l { continue }
            guard s.coefficients == l.coefficients else { return 1 }
            let c = s.coefficient(ofLoop: v)
            // Constant offsets that differ in a dimension the counter does not move: never equal.
            guard c != 0 else { return nil }
            let diff = s.constant - l.constant
            guard diff % c == 0 else { return nil }
            let k = diff / c
            if let e = d, e != k { return nil }
            d = k
        }
        return d ?? 0
    }
}
