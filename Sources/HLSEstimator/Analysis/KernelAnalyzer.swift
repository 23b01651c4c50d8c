import HLSIR

/// What a region of a function (its body, a loop's body, a loop) costs per execution.
struct RegionCost {
    var latency: CycleRange = .zero
    /// The longest single item (for DATAFLOW regions: the slowest stage).
    var slowestItem: CycleRange = .zero
    var loops: [LoopEstimate] = []
    /// Operators of FSM (non-pipelined) code, shared between states.
    var sharedOps: OperatorUse = [:]
    /// Operators of pipelined loops (each loop its own datapath).
    var pipelinedOps: OperatorUse = [:]
    /// Loop counters, pipeline control and registers.
    var control: Resources = .zero
    var traffic: Traffic = [:]
    /// Calls per execution (average trips).
    var calls: [String: Double] = [:]

    mutating func append(_ o: RegionCost) {
        latency += o.latency
        slowestItem = CycleRange(min: Swift.max(slowestItem.min, o.latency.min), avg: Swift.max(slowestItem.avg, o.latency.avg),
                                 max: Swift.max(slowestItem.max, o.latency.max))
        loops += o.loops
        sharedOps = sharedOps.shared(with: o.sharedOps)
        pipelinedOps = pipelinedOps.plus(o.pipelinedOps)
        control += o.control
        traffic.add(o.traffic)
        for (k, v) in o.calls { calls[k, default: 0] += v }
    }
}

/// Walks one kernel's body the way Vitis schedules it: straight-line code between loops as
/// one datapath each, loops by `loop(_:depth:)`, sub-function calls as their callee's latency.
struct KernelAnalyzer {
    let context: KernelContext

    var kernel: BoundKernel { context.kernel }

    /// A block executed in order (a function body, or the body of a loop that is not pipelined).
    /// The value of a branch condition that compares integers the fixed `sizes` determine
    /// (`stage == 3`, `layer > 0`), nil when it depends on anything else.
    static func decide(_ c: Expr, sizes: [String: Int]) -> Bool? {
        guard !sizes.isEmpty, case .compare(let op, let a, let b) = c.node,
              let x = integer(a, sizes), let y = integer(b, sizes) else { return nil }
        switch op {
        case .lt: return x < y
        case .le: return x <= y
        case .gt: return x > y
        case .ge: return x >= y
        case .eq: return x == y
        case .ne: return x != y
        }
    }

    private static func integer(_ e: Expr, _ sizes: [String: Int]) -> Int? {
        switch e.node {
        case .intConst(let v): return Int(exactly: v)
        case .index(let i): return i.evaluate { sizes[$0] }
        case .cast(let a) where !e.type.isFloat: return integer(a, sizes)
        default: return nil
        }
    }

    func block(_ stmts: [Stmt], depth: Int) -> RegionCost {
        var out = RegionCost()
        var segment = Datapath(context: context)
        var pending = false
        func flush() {
            guard pending else { return }
            var seg = RegionCost()
            let axi = AxiPorts(segment.accesses, context: context, loopVariable: nil, targetII: 1, trips: nil)
            // A single m_axi write outside a pipeline completes with its write response, as
            // the writes of a pipelined loop do at its end (vadd: m_axi_latency + 7).
            seg.latency = CycleRange(exactly: segment.cycles + (axi.writes ? context.axiWriteDrain : 0))
            seg.sharedOps = segment.ops
            seg.traffic = Traffic.of(axi, pipelined: false, axiLatency: context.axiLatency)
            seg.traffic.add(segment.callTraffic)
            for (k, v) in segment.calls { seg.calls[k, default: 0] += Double(v) }
            out.append(seg)
            segment = Datapath(context: context)
            pending = false
        }
        for s in stmts {
            switch s {
            case .loop, .reduce:
                if unrollsAway(s) {
                    segment.run(s)
                    pending = true
                } else {
                    flush()
                    out.append(loop(s, depth: depth))
                }
            case .call(let callee, let args):
                flush()
                out.append(call(callee, args))
            case .branch(let c, let t, let o) where containsLoopOrCall(t + o) && Self.decide(c, sizes: context.sizes) != nil:
                // A condition the fixed sizes decide: only the branch taken runs.
                flush()
                out.append(block(Self.decide(c, sizes: context.sizes)! ? t : o, depth: depth))
            case .branch(let c, let t, let o) where containsLoopOrCall(t + o):
                flush()
                var cond = Datapath(context: context)
                _ = cond.expr(c)
                let a = block(t, depth: depth), b = block(o, depth: depth)
                var r = RegionCost()
                let extra = cond.cycles + 1
                r.latency = CycleRange(min: Swift.min(a.latency.min, b.latency.min) + extra,
                                       avg: (a.latency.avg + b.latency.avg) / 2 + extra,
                                       max: Swift.max(a.latency.max, b.latency.max) + extra)
                r.loops = a.loops + b.loops
                r.sharedOps = a.sharedOps.shared(with: b.sharedOps).shared(with: cond.ops)
                r.pipelinedOps = a.pipelinedOps.plus(b.pipelinedOps)
                r.control = a.control + b.control
                r.traffic.add(a.traffic, times: 0.5)
                r.traffic.add(b.traffic, times: 0.5)
                for (k, v) in a.calls { r.calls[k, default: 0] += v / 2 }
                for (k, v) in b.calls { r.calls[k, default: 0] += v / 2 }
                out.append(r)
            default:
                segment.run(s)
                pending = true
            }
        }
        flush()
        return out
    }

    /// A call: the callee's latency plus one cycle to start it and see it done (assumed),
    /// none when the callee is inlined.
    func call(_ callee: String, _ args: [CallArgument]) -> RegionCost {
        var r = RegionCost()
        guard let f = context.design.function(callee, calledFrom: context, with: args) else { return r }
        let inlined = context.design.design.kernel(callee)?.function.inline == .on
        r.latency = f.latency + CycleRange(exactly: inlined ? 0 : 1)
        r.traffic = f.traffic
        r.calls[callee] = 1
        return r
    }

    // MARK: Structure

    /// True when `s` is a loop that disappears into the surrounding datapath: fully unrolled
    /// by its directive, or a tiny innermost loop Vitis unrolls by itself (constant trip
    /// count ≤ 4, no directives, no loops inside — mmult3x3's 3-trip Product loop was unrolled
    /// with no pragma by Vitis 2025.2; assumed threshold).
    func unrollsAway(_ s: Stmt) -> Bool {
        guard let (bl, body) = loopParts(s) else { return false }
        if bl.isFullyUnrolled { return true }
        let d = bl.directives
        if d.pipeline == nil && d.unroll == nil && d.flatten == nil, let n = bl.bound.constantValue, n <= 4,
           !containsLoopOrCall(body), !bl.enclosing.isEmpty {
            return true
        }
        return false
    }

    /// The loop's resolved schedule and body.
    func loopParts(_ s: Stmt) -> (BoundLoop, [Stmt])? {
        switch s {
        case .loop(let l): return (kernel.loop(l.name), l.body)
        case .reduce(let r): return (kernel.loop(r.name), r.body)
        default: return nil
        }
    }

    func containsLoopOrCall(_ stmts: [Stmt]) -> Bool {
        var found = false
        StmtVisitor.forEachStatement(in: stmts) { s, _ in
            switch s {
            case .loop, .reduce, .call: found = true
            case .bind, .declare, .assign, .store, .branch: break
            }
        }
        return found
    }

    /// Loops left in `stmts` (not unrolled away), and whether a call occurs.
    func remainingLoops(_ stmts: [Stmt]) -> (loops: [Stmt], calls: Bool) {
        var loops: [Stmt] = []
        var calls = false
        func visit(_ b: [Stmt]) {
            for s in b {
                switch s {
                case .loop(let l): if unrollsAway(s) { visit(l.body) } else { loops.append(s) }
                case .reduce(let r): if unrollsAway(s) { visit(r.body) } else { loops.append(s) }
                case .branch(_, let t, let o): visit(t); visit(o)
                case .call: calls = true
                case .bind, .declare, .assign, .store: break
                }
            }
        }
        visit(stmts)
        return (loops, calls)
    }

    /// Variables assigned in `body` but declared outside it (carried from one iteration to
    /// the next).
    static func carriedVariables(_ body: [Stmt]) -> Set<String> {
        var declared = Set<String>(), assigned = Set<String>()
        StmtVisitor.forEachStatement(in: body) { s, _ in
            switch s {
            case .bind(let v, _), .declare(let v, _): declared.insert(v.name)
            case .assign(let v, _): assigned.insert(v.name)
            case .reduce(let r): declared.insert(r.result.name)
            case .loop, .store, .branch, .call: break
            }
        }
        return assigned.subtracting(declared)
    }
}
