import HLSIR

/// Finds the knobs of a bound design: for every loop with at most a few small loops inside,
/// its unroll factors (powers of two dividing a constant trip count, and the trip count itself
/// when small; powers of two up to the maximum of a runtime one) and a PIPELINE; lanes for float reductions; cyclic partitions
/// of every local array's dimensions; and for every m_axi port of the top kernel its own
/// bundle (when it shares one), `max_widen_bitwidth` and `num_read_outstanding`.
enum KnobDiscovery {
    /// Largest unroll factor and partition factor offered.
    static let maxFactor = 64
    /// Largest lane count offered (the validator allows up to 1024).
    static let maxLanes = 64
    /// A loop whose nested loops have more iterations than this in total is not unrolled or
    /// pipelined by the search (pipelining unrolls them all).
    static let maxNestedTrips = 64
    static let widths = [32, 64, 128, 256, 512, 1024]
    static let outstanding = [16, 32, 64]
    /// Vitis' defaults when the schedule sets nothing.
    static let defaultWidth = 512
    static let defaultOutstanding = 16

    static func knobs(_ bound: BoundDesign) -> [Knob] {
        var out: [Knob] = []
        for k in bound.kernels {
            out += loopKnobs(k)
            out += arrayKnobs(k)
        }
        out += portKnobs(bound.topKernel)
        return out
    }

    static func loopKnobs(_ k: BoundKernel) -> [Knob] {
        var out: [Knob] = []
        var infos: [StmtVisitor.LoopInfo] = []
        StmtVisitor.forEachLoop(in: k.kernel.body) { infos.append($0) }
        for info in infos {
            let loop = k.loop(info.label)
            guard let nested = nestedTrips(info.body), nested <= maxNestedTrips, !containsCall(info.body) else { continue }
            let n = info.bound.max
            if n > 1 {
                // A constant trip count takes the factors dividing it; a runtime one any power
                // of two up to its maximum (the tool adds an exit test per copy).
                var factors = info.bound.constantValue != nil ? powersOfTwo(dividing: n, upTo: maxFactor)
                    : powersOfTwo(upTo: Swift.min(maxFactor, n))
                if info.bound.constantValue != nil && n <= maxFactor && !factors.contains(n) { factors.append(n) }
                let current = loop.unrollFactor
                if !factors.contains(current) { factors.append(current) }
                out.append(Knob(target: loop.dottedName, kind: .unroll, values: factors.sorted(), current: current))
            }
            if !loop.pipelineOff {
                out.append(Knob(target: loop.dottedName, kind: .pipeline, values: [0, 1], current: loop.pipelineII == nil ? 0 : 1))
            }
            if info.isReduction, isFloatReduction(info.label, in: k.kernel.body) {
                var lanes = [1]
                while lanes.last! * 2 <= Swift.min(maxLanes, Swift.max(1, info.bound.max)) { lanes.append(lanes.last! * 2) }
                if !lanes.contains(loop.lanes) { lanes.append(loop.lanes) }
                out.append(Knob(target: loop.dottedName, kind: .lanes, values: lanes.sorted(), current: loop.lanes))
            }
        }
        return out
    }

    static func arrayKnobs(_ k: BoundKernel) -> [Knob] {
        var out: [Knob] = []
        for b in k.kernel.buffers.sorted(by: { $0.name < $1.name }) {
            let bound = k.buffer(b.name)
            let onChip = !b.isArgument || (k.isTop && bound.interfaceMode == .ap_memory)
            guard onChip else { continue }
            for (i, size) in b.shape.enumerated() where size > 1 {
                var factors = [1] + powersOfTwo(dividing: size, upTo: Swift.min(maxFactor, size))
                let current = bound.banks(dimension: i + 1)
                if !factors.contains(current) { factors.append(current) }
                out.append(Knob(target: bound.dottedName, kind: .partition(dim: i + 1), values: factors.sorted(), current: current))
            }
        }
        return out
    }

    static func portKnobs(_ top: BoundKernel) -> [Knob] {
        var out: [Knob] = []
        let ports = top.kernel.buffers.filter(\.isArgument).map { top.buffer($0.name) }.filter { $0.bundle != nil }
        var sharing: [String: Int] = [:]
        for p in ports { sharing[p.bundle!, default: 0] += 1 }
        for p in ports {
            if sharing[p.bundle!, default: 0] > 1 {
                out.append(Knob(target: p.dottedName, kind: .ownBundle, values: [0, 1], current: 0))
            }
            let width = p.interface?.maxWidenBitwidth ?? defaultWidth
            out.append(Knob(target: p.dottedName, kind: .widen, values: Array(Set(widths + [width])).sorted(), current: width))
            if p.buffer.direction?.isRead ?? false {
                let n = p.interface?.numReadOutstanding ?? defaultOutstanding
                out.append(Knob(target: p.dottedName, kind: .outstanding, values: Array(Set(outstanding + [n])).sorted(), current: n))
            }
        }
        return out
    }

    /// Total iterations of the constant loops nested in `body` (1 when none), nil when one of
    /// them has a runtime bound.
    static func nestedTrips(_ body: [Stmt]) -> Int? {
        var total = 1
        for s in body {
            var trips = 1
            switch s {
            case .loop(let l):
                guard let n = l.bound.constantValue else { return nil }
                trips = n
            case .reduce(let r):
                guard let n = r.bound.constantValue else { return nil }
                trips = n
            default:
                break
            }
            total = Swift.max(total, trips)
            for block in StmtVisitor.children(of: s) {
                guard let inner = nestedTrips(block) else { return nil }
                total = Swift.max(total, trips * inner)
            }
        }
        return total
    }

    static func containsCall(_ body: [Stmt]) -> Bool {
        var found = false
        StmtVisitor.forEachStatement(in: body) { s, _ in if case .call = s { found = true } }
        return found
    }

    static func isFloatReduction(_ label: String, in body: [Stmt]) -> Bool {
        var float = false
        StmtVisitor.forEachStatement(in: body) { s, _ in
            if case .reduce(let r) = s, r.name == label, r.result.type.isFloat { float = true }
        }
        return float
    }

    /// 2, 4, 8, … at most `limit`.
    static func powersOfTwo(upTo limit: Int) -> [Int] {
        var out: [Int] = []
        var f = 2
        while f <= limit {
            out.append(f)
            f *= 2
        }
        return out
    }

    /// 2, 4, 8, … dividing `n`, at most `limit`.
    static func powersOfTwo(dividing n: Int, upTo limit: Int) -> [Int] {
        var out: [Int] = []
        var f = 2
        while f <= limit && n % f == 0 {
            out.append(f)
            f *= 2
        }
        return out
    }
}
