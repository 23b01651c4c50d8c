import HLSIR

/// One loop of a perfect (or flattenable) nest above a pipelined loop: its schedule and the
/// straight-line code before and after the inner loop, which flattening moves into the pipeline.
struct OuterLoop {
    let loop: BoundLoop
    let prefix: [Stmt]
    let suffix: [Stmt]
}

extension KernelAnalyzer {
    /// Whether Vitis pipelines loop `s`: when it has a PIPELINE directive; otherwise
    /// (automatic pipelining, Vitis ≥ 2020.1: fir4 pipelined a 4-trip loop with no pragma,
    /// mmult3x3 an inner loop nest) when it is not `PIPELINE off` and no loop or call is left
    /// inside it once fully unrolled loops are gone — the innermost loops.
    func willPipeline(_ s: Stmt) -> Bool {
        guard let (bl, body) = loopParts(s) else { return false }
        if bl.pipelineII != nil { return true }
        if bl.pipelineOff { return false }
        let rest = remainingLoops(body)
        return rest.loops.isEmpty && !rest.calls
    }

    /// When `s` is not pipelined itself but flattens onto a pipelined loop nested in it: the
    /// chain of outer loops (outermost first) and the pipelined loop.
    ///
    /// Rule (UG1399 LOOP_FLATTEN; Vitis flattens automatically): a loop whose body holds
    /// exactly one remaining loop and otherwise only straight-line code, no call, flattens
    /// with it when neither says `LOOP_FLATTEN off` and the inner bound is constant (only the
    /// outermost bound of a nest may be a runtime value). Vitis ≥ 2022 also moves the
    /// straight-line code into the flattened pipeline (gemv_f32_768x3072: `sum = 0` and the
    /// final write around the inner loop, flattened into one loop of 2,359,296 trips).
    func flattenedNest(_ s: Stmt) -> (outers: [OuterLoop], inner: Stmt)? {
        guard let (bl, body) = loopParts(s), bl.directives.flatten != false, !willPipeline(s) else { return nil }
        if case .reduce = s { return nil }
        let rest = remainingLoops(body)
        guard rest.loops.count == 1, !rest.calls, let inner = rest.loops.first,
              let index = body.firstIndex(of: inner), let (il, _) = loopParts(inner),
              il.directives.flatten != false, il.bound.constantValue != nil
        else { return nil }
        let me = OuterLoop(loop: bl, prefix: Array(body[..<index]), suffix: Array(body[(index + 1)...]))
        if willPipeline(inner) { return ([me], inner) }
        if let deeper = flattenedNest(inner) { return ([me] + deeper.outers, deeper.inner) }
        return nil
    }

    /// A loop that is not unrolled away, as the report lists it.
    func loop(_ s: Stmt, depth: Int) -> RegionCost {
        if willPipeline(s) { return pipelined(s, outers: [], depth: depth) }
        if let nest = flattenedNest(s) { return pipelined(nest.inner, outers: nest.outers, depth: depth) }
        return sequentialLoop(s, depth: depth)
    }

    /// A loop that is not pipelined: each iteration runs its body's states one after the
    /// other plus one state for the exit test, `trips × (body + 1)` (UG1399's latency of a
    /// rolled loop). A partial UNROLL runs ⌈trips / factor⌉ iterations of a body holding
    /// `factor` copies, parallel where straight-line.
    func sequentialLoop(_ s: Stmt, depth: Int) -> RegionCost {
        guard let (bl, body) = loopParts(s) else { return RegionCost() }
        let u = Swift.max(1, bl.unrollFactor)
        var inner = block(body, depth: depth + 1)
        if case .reduce(let r) = s {
            // The accumulation after the body, one per iteration.
            var d = Datapath(context: context)
            let v = d.expr(r.value, feedsAdd: r.op == .add)
            let op = d.accumulateOperator(r.op, r.result.type)
            d.count(op.0, 1)
            if let m = op.1 { d.count(m, 1) }
            let t = d.chain(op, from: v, steps: 1)
            var seg = RegionCost()
            seg.latency = CycleRange(exactly: Saturating.int(t.t, .up))
            seg.sharedOps = d.ops
            seg.traffic = Traffic.of(AxiPorts(d.accesses, context: context, loopVariable: nil, targetII: 1, trips: nil),
                                     pipelined: false, axiLatency: context.axiLatency)
            inner.append(seg)
        }
        let copies = remainingLoops(body).loops.isEmpty ? 1 : u
        func total(_ trips: Int, _ body: Int) -> Int {
            let iterations = (trips + u - 1) / u
            return Saturating.mul(iterations, Saturating.add(Saturating.mul(body, copies), 1))
        }
        var r = RegionCost()
        let trips = context.trips(bl)
        r.latency = CycleRange(min: total(trips.min, inner.latency.min), avg: total(trips.avg, inner.latency.avg),
                               max: total(trips.max, inner.latency.max))
        let loopLatency = r.latency
        if case .reduce(let red) = s, bl.lanes > 1 {
            // The K partials combine left to right after the loop.
            let d = Datapath(context: context)
            let op = d.accumulateOperator(red.op, red.result.type)
            r.latency += CycleRange(exactly: Saturating.int(d.chain(op, from: .zero, steps: bl.lanes - 1).t, .up))
        }
        r.slowestItem = r.latency
        var ops = inner.sharedOps
        if u > 1 { ops = ops.mapValues { Saturating.mul($0, u) } }
        r.sharedOps = ops
        r.pipelinedOps = inner.pipelinedOps
        // Loop counter, exit compare and FSM states (assumed).
        r.control = inner.control + Resources(ff: 40, lut: 60)
        let iterations = Double((trips.avg + u - 1) / u)
        r.traffic.add(inner.traffic, times: iterations)
        for (k, v) in inner.calls { r.calls[k] = v * iterations }
        let est = LoopEstimate(name: bl.dottedName, depth: depth, trips: CycleRange(min: trips.min, avg: trips.avg, max: trips.max),
                               iterationLatency: inner.latency.max + 1, ii: nil, iiTarget: nil, limit: .notPipelined,
                               pipelined: false, latency: loopLatency, pragmas: pragmas(bl, auto: false), children: inner.loops)
        r.loops = [est]
        return r
    }

    /// The pragmas a loop carries, for the report.
    func pragmas(_ bl: BoundLoop, auto: Bool) -> [String] {
        var out: [String] = []
        if let ii = bl.pipelineII { out.append("PIPELINE II=\(ii)") } else if auto { out.append("PIPELINE II=1 (automatic)") }
        if bl.pipelineOff { out.append("PIPELINE off") }
        switch bl.directives.unroll {
        case .factor(let f)?: out.append("UNROLL factor=\(f)")
        case .full?: out.append("UNROLL")
        case nil: break
        }
        if let f = bl.directives.flatten { out.append(f ? "LOOP_FLATTEN" : "LOOP_FLATTEN off") }
        if bl.lanes > 1 { out.append("lanes=\(bl.lanes)") }
        if let t = bl.directives.tripCount { out.append("LOOP_TRIPCOUNT min=\(t.min) max=\(t.max) avg=\(t.avg)") }
        return out
    }
}
