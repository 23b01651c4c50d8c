import HLSIR

extension KernelAnalyzer {
    /// A pipelined loop (possibly with outer loops flattened onto it).
    ///
    /// - Iteration latency: the states of one iteration's datapath, with every nested loop
    ///   unrolled and `UNROLL factor` copies side by side (`Datapath`).
    /// - II = max(target, recurrence, memory ports, m_axi channels) — see `IIAnalysis`.
    /// - Latency = (iterations − 1) × II + max(iteration latency − 1, 1): the fill/drain form
    ///   the calibration reports follow exactly (softmax load/compute/normalize, vmul, silu,
    ///   gemv, vscale16, gauss, mmult128_i32, mmult3x3); a 1-state iteration still takes one
    ///   cycle per trip (gauss buf_x2: 512 trips, latency 512).
    /// - Plus 2 cycles to enter and leave the pipeline (the instance rows of gemv and
    ///   mmult128_i32 are their loop's latency + 2; gauss's function latency is its four
    ///   loops' sum + 2 each), and after a loop that writes m_axi the wait for write responses.
    func pipelined(_ s: Stmt, outers: [OuterLoop], depth: Int) -> RegionCost {
        guard let (bl, _) = loopParts(s) else { return RegionCost() }
        let u = Swift.max(1, bl.unrollFactor)
        let target = bl.pipelineII ?? 1
        // Iterations: ⌈trips / factor⌉, times the outer loops' trips when flattened.
        func iterations(_ pick: (TripInterval) -> Int) -> Int {
            outers.reduce((pick(context.trips(bl)) + u - 1) / u) { Saturating.mul($0, pick(context.trips($1.loop))) }
        }
        let iters = CycleRange(min: iterations(\.min), avg: iterations(\.avg), max: iterations(\.max))

        // Widening needs a trip count the tool can prove: constant bounds (not LOOP_TRIPCOUNT).
        let constantBounds = bl.bound.constantValue != nil && outers.allSatisfy { $0.loop.bound.constantValue != nil }
        // Pass 1 finds the accesses; pass 2 schedules with the port-limited accesses spread.
        let first = iteration(s, outers: outers, unroll: u, stagger: [:])
        let memory = MemoryDependence.recurrences(first.datapath.accesses, context: context, loopVariable: bl.variable, unroll: u)
        let ii = IIAnalysis(first.datapath.accesses, recurrence: first.recurrence + memory, context: context,
                            loopVariable: bl.variable, target: target, iterations: constantBounds ? iters.max : nil)
        let second = iteration(s, outers: outers, unroll: u, stagger: ii.stagger)
        let il = Swift.max(1, second.datapath.states)

        // A partial UNROLL of a runtime bound checks the bound after every copy, which costs one
        // more II (softmax find_max, UNROLL factor=2: 4 and 770 cycles for 1 and 384 trips).
        let remainder = u > 1 && bl.bound.constantValue == nil ? ii.ii : 0
        // Iterations start every II cycles, or as fast as the busiest bundle's bank delivers.
        let interval = Swift.max(Double(ii.ii), ii.bankInterval)
        func latency(_ n: Int) -> Int {
            n <= 0 ? 0 : Saturating.add(Saturating.add(Saturating.int((Double(n - 1) * interval).rounded(.up)), Swift.max(il - 1, 1)), remainder)
        }
        let loopLatency = CycleRange(min: latency(iters.min), avg: latency(iters.avg), max: latency(iters.max))
        let drain = ii.axi.writes ? context.axiWriteDrain : 0
        let overhead = CycleRange(exactly: 2 + drain + first.afterLoop)

        var r = RegionCost()
        r.latency = loopLatency + overhead
        r.slowestItem = r.latency
        // Vitis shares an operator core among uses scheduled in different cycles of one II;
        // adds, logic and multiplexers in LUTs cost no less than the mux sharing would add,
        // so they are not shared (mmult128_i32: 128 adds per iteration at II 4).
        let table = context.table
        r.pipelinedOps = Dictionary(uniqueKeysWithValues: second.datapath.ops.map { op, n in
            let c = table.cost(op)
            return (op, c.dsp > 0 || c.latency > 0 ? (n + ii.ii - 1) / ii.ii : n)
        })
        r.sharedOps = first.combineOps
        // Counter, valid bits and control per stage, and one pipeline register per registered
        // operator's result in every unrolled copy when the iteration spans several stages (assumed;
        // mmult128_i32 reports 14,002 FF for 128 multiplies and adds per iteration).
        let registers = il > 1 ? second.datapath.ops.reduce(0) { sum, use in
            table.cost(use.key).latency > 0 ? Saturating.add(sum, Saturating.mul(use.value, use.key.outputBits)) : sum
        } : 0
        r.control = Resources(ff: 32 + 4 * il + registers, lut: 60)
        var perIteration = Traffic.of(ii.axi, pipelined: true, axiLatency: context.axiLatency)
        perIteration.add(second.datapath.callTraffic)
        r.traffic.add(perIteration, times: Double(iters.avg))
        for (k, v) in second.datapath.calls { r.calls[k] = Double(v) * Double(iters.avg) }
        // Vitis removes loops of one constant trip, so they give no part of the name (gauss buf_y).
        let named = outers.filter { !($0.loop.bound.constantValue == 1) }
        let name = named.isEmpty ? bl.dottedName : "\(kernel.name)." + (named.map(\.loop.label) + [bl.label]).joined(separator: "_")
        var pragmaList = pragmas(bl, auto: bl.pipelineII == nil)
        if !outers.isEmpty { pragmaList.append("flattened: " + outers.map(\.loop.label).joined(separator: ", ")) }
        let est = LoopEstimate(name: name, depth: depth, trips: iters, iterationLatency: il, ii: ii.ii, iiTarget: target,
                               limit: ii.bankLimit ?? ii.limit, pipelined: true, latency: loopLatency, pragmas: pragmaList, children: [])
        r.loops = [est]
        return r
    }

    /// One iteration's datapath.
    struct Iteration {
        var datapath: Datapath
        /// Recurrence of the reduction accumulation, if any: (variable, operators, cycles, distance).
        var recurrence: [(variable: String, chain: [String], cycles: Double)]
        /// Cycles after the loop for combining the lanes (not flattened).
        var afterLoop: Int
        var combineOps: OperatorUse
    }

    func iteration(_ s: Stmt, outers: [OuterLoop], unroll u: Int, stagger: [String: Double]) -> Iteration {
        guard let (bl, body) = loopParts(s) else {
            return Iteration(datapath: Datapath(context: context), recurrence: [], afterLoop: 0, combineOps: [:])
        }
        var d = Datapath(context: context, unrolled: outers.map { ($0.loop.variable, 1) } + [(bl.variable, u)])
        d.stagger = stagger
        var carried = KernelAnalyzer.carriedVariables(body)
        for o in outers { carried.formUnion(KernelAnalyzer.carriedVariables(o.prefix + o.suffix)) }
        d.carried = carried
        // Code of the outer loops runs once per outer iteration, every `inner trips` iterations.
        let innerIterations = Swift.max(1, (context.trips(bl).avg + u - 1) / u)
        d.every = innerIterations
        let outerCopies = outers.map { ($0.loop.variable, 1) }
        for o in outers { d.runOutside(o.prefix, unrolled: outerCopies) }
        d.every = 1
        d.run(body)
        var recurrence: [(variable: String, chain: [String], cycles: Double)] = []
        var afterLoop = 0
        var combineOps: OperatorUse = [:]
        if case .reduce(let r) = s {
            let k = Swift.max(1, bl.lanes)
            var op = d.accumulateOperator(r.op, r.result.type)
            var value: Timed
            if context.device.family == .versal, r.op == .add, r.result.type.isFloat,
               case .binary(.mul, let a, let b) = r.value.node {
                // Versal fuses the product into the accumulation: one fmadd (gemv_f32: 2 cycles, II 2).
                let x = d.expr(a), y = d.expr(b)
                value = Timed(t: Swift.max(x.t, y.t), chains: x.chains.merging(y.chains, uniquingKeysWith: Swift.max))
                op = (.fmadd, nil)
            } else {
                value = d.expr(r.value, feedsAdd: r.op == .add)
            }
            // Per iteration each lane takes ⌈U/K⌉ values (a tree for integers); a lane comes
            // back every ⌊K/U⌋ iterations when K > U.
            let perLane = (u + k - 1) / k
            let steps: Int
            if r.result.type.isFloat {
                steps = perLane
            } else {
                var depthTree = 0
                while (1 << depthTree) < perLane + 1 { depthTree += 1 }
                steps = Swift.max(1, depthTree)
            }
            d.count(op.0, u)
            if let m = op.1 { d.count(m, u) }
            let acc = d.chain(op, from: value, steps: steps)
            d.sink(acc.t)
            let distance = k > u ? k / u : 1
            let cycles = d.chain(op, from: .zero, steps: steps).t / Double(distance)
            recurrence.append((r.result.name, [op.0.description] + (op.1.map { [$0.description] } ?? []), cycles))
            // The K partials combine left to right after the loop.
            var combine = 0.0
            if k > 1 {
                combine = d.chain(op, from: .zero, steps: k - 1).t
                combineOps[op.0] = 1
                if let m = op.1 { combineOps[m] = 1 }
            }
            if outers.isEmpty {
                afterLoop = Saturating.int(combine, .up)
            } else {
                d.define(r.result.name, Timed(t: acc.t + combine))
            }
        }
        d.every = innerIterations
        for o in outers.reversed() { d.runOutside(o.suffix, unrolled: outerCopies) }
        d.every = 1
        for (v, rec) in d.recurrences { recurrence.append((v, rec.ops, rec.cycles)) }
        return Iteration(datapath: d, recurrence: recurrence, afterLoop: afterLoop, combineOps: combineOps)
    }
}
