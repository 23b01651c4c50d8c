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
/// a constant are taken as distance 1, as the tool does — except equal indices whose only
/// use of the counter is `(c·i + …) mod K`: the rotating partial sums of a reduction written
/// out (`acc[i % K] += …`, as the emitter renders a reduction with K lanes) come back to an
/// element every K / gcd(c, K) iterations, that many ÷ the loop's UNROLL factor in
/// pipelined iterations.
enum MemoryDependence {
    static func recurrences(_ accesses: [Access], context: KernelContext, loopVariable v: String, unroll: Int = 1)
        -> [(variable: String, chain: [String], cycles: Double)] {
        var out: [(variable: String, chain: [String], cycles: Double)] = []
        for store in accesses where store.isWrite {
            guard let p = context.places[store.array], case .onChip(let kind) = p.kind, kind != .stream else { continue }
            var worst = 0.0
            for load in accesses where !load.isWrite && load.array == store.array {
                guard let d = distance(store: store, load: load, loopVariable: v, unroll: unroll), d > 0 else { continue }
                // A rotating read-modify-write: from the load the add consumes to the store.
                let rotating = store.indices == load.indices ? store.chainFromLoad : nil
                let chain = ((rotating ?? (store.time.rounded(.down) - load.time)) + 1) / Double(d)
                worst = Swift.max(worst, chain)
            }
            if worst > 0 { out.append((store.array, ["load", "store"], worst)) }
        }
        return out
    }

    /// Iterations between a store and a later load of the same element (nil: never the same).
    static func distance(store: Access, load: Access, loopVariable v: String, unroll: Int = 1) -> Int? {
        guard store.indices.count == load.indices.count else { return 1 }
        if store.indices == load.indices, let period = rotation(store.indices, loopVariable: v) {
            return Swift.max(1, period / Swift.max(1, unroll))
        }
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

    /// The iterations after which equal indices come back to the same element when the
    /// counter appears only as `(c·v + …) mod K` (the other dimensions not moving with it).
    static func rotation(_ indices: [Index], loopVariable v: String) -> Int? {
        var period: Int?
        for i in indices {
            if let a = AffineIndex(i) {
                if a.coefficient(ofLoop: v) != 0 { return nil }
                continue
            }
            guard case .mod(let x, let k) = i, k > 0, let a = AffineIndex(x) else { return nil }
            let c = Swift.abs(a.coefficient(ofLoop: v))
            guard c != 0 else { continue }
            let p = k / gcd(c, k)
            period = period.map { $0 / gcd($0, p) * p } ?? p
        }
        return period
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
