import HLSConfig
import HLSEstimator
import HLSIR

/// A change the search tries: directives merged over the current point's overrides.
struct Move {
    /// What the change does, for progress lines (`mv_q.groups lanes 8`).
    var name: String
    var delta: Schedule
    /// The loop estimate the move aims at; its limit guides the repairs that follow.
    var loop: String?
}

/// Proposes moves from a point, guided by what limits its costliest loops: a recurrence gets
/// more lanes, memory ports a wider partition, an m_axi bundle its own bundles per port and
/// wider beats; a loop at its target II is unrolled further, a loop that is not pipelined gets
/// a PIPELINE. Values come only from the knobs, so every move stays within what the
/// validator and a config file accept.
struct MoveGenerator {
    let knobs: [Knob]
    /// How many of the costliest loops get moves.
    var hotLoops = 8
    private let byTarget: [String: [Knob]]

    init(knobs: [Knob], hotLoops: Int = 8) {
        self.knobs = knobs
        self.hotLoops = hotLoops
        byTarget = Dictionary(grouping: knobs, by: \.target)
    }

    func knob(_ target: String, _ kind: Knob.Kind) -> Knob? { byTarget[target]?.first { $0.kind == kind } }

    /// Moves from `p`, deduplicated, in a fixed order.
    func moves(_ p: DesignPoint) -> [Move] {
        var out: [Move] = []
        for hot in HotLoop.ranked(p).prefix(hotLoops) {
            out += fixes(hot, p, jump: false)
            out += fixes(hot, p, jump: true)
            out += speedUps(hot, p)
        }
        out += bundleMoves(p)
        var seen = Set<String>()
        return out.filter { seen.insert(ScheduleJSON.key($0.delta)).inserted }
    }

    /// Moves that remove what limits the loop's II: the next value (`jump` false) or the one
    /// the limit says is enough.
    func fixes(_ hot: HotLoop, _ p: DesignPoint, jump: Bool) -> [Move] {
        let bound = p.bound[hot.design]
        let name = hot.estimate.name
        // `if case` rather than a switch: a limit kind added to the estimator later simply
        // gets no fix here.
        let limit = hot.estimate.limit
        if case .recurrence(let variable, _, let cycles) = limit {
            let kernel = String(name.prefix { $0 != "." })
            var targets: [BoundLoop] = []
            if let l = hot.loop, l.isReduction { targets.append(l) }
            if let l = bound.kernel(kernel)?.loops[variable], l.isReduction, !targets.contains(l) { targets.append(l) }
            return targets.compactMap { l in
                guard let k = knob(l.dottedName, .lanes) else { return nil }
                let want = jump ? k.atLeast(l.lanes * cycles) : k.next(after: l.lanes)
                guard let v = want, v > l.lanes else { return nil }
                var s = Schedule()
                s.lanes(l.dottedName, v)
                return Move(name: "\(l.dottedName) lanes \(v)", delta: s, loop: name)
            }
        }
        if case .memoryPorts(let array, let accesses, let ports) = limit {
            let need = Swift.max(2, (accesses + Swift.max(1, ports) - 1) / Swift.max(1, ports))
            return partitionMoves(array: array, kernel: String(name.prefix { $0 != "." }), bound: bound, factor: jump ? need : 2, loop: name)
        }
        if case .axiPort(let bundle, _) = limit {
            return splitMoves(bundle, bound, loop: name) + (jump ? [] : widenMoves(bundle, bound, loop: name))
        }
        return []
    }

    /// A cyclic partition of the arrays named `array` (the loop's own kernel first) multiplied
    /// by `factor` on their first partitionable dimension.
    func partitionMoves(array: String, kernel: String, bound: BoundDesign, factor: Int, loop: String) -> [Move] {
        let candidates = bound.kernels.sorted { ($0.name == kernel ? 0 : 1, $0.name) < ($1.name == kernel ? 0 : 1, $1.name) }
            .compactMap { $0.buffers[array] }
        for b in candidates {
            for dim in 1...Swift.max(1, b.buffer.shape.count) {
                guard let k = knob(b.dottedName, .partition(dim: dim)) else { continue }
                let current = b.banks(dimension: dim)
                guard let v = k.atLeast(current * factor), v > current else { continue }
                var s = Schedule()
                s.partition(b.dottedName, .cyclic, factor: v, dim: dim)
                return [Move(name: "\(b.dottedName) partition cyclic \(v)", delta: s, loop: loop)]
            }
        }
        return []
    }

    /// Every port of `bundle` that shares it moves to a bundle of its own.
    func splitMoves(_ bundle: String, _ bound: BoundDesign, loop: String?) -> [Move] {
        let ports = portsOf(bundle, bound)
        guard ports.count > 1 else { return [] }
        var s = Schedule()
        let taken = Set(bound.topKernel.buffers.values.compactMap(\.bundle))
        for p in ports where knob(p.dottedName, .ownBundle) != nil {
            var name = "\(bundle)_\(p.buffer.name)"
            while taken.contains(name) { name += "_port" }
            s.interface(p.dottedName, InterfaceDirectives(bundle: name))
        }
        guard !s.interfaces.isEmpty else { return [] }
        return [Move(name: "split \(bundle) into a bundle per port", delta: s, loop: loop)]
    }

    /// `max_widen_bitwidth` of every port of `bundle` to the next width.
    func widenMoves(_ bundle: String, _ bound: BoundDesign, loop: String?) -> [Move] {
        let ports = portsOf(bundle, bound)
        guard let first = ports.first, let k = knob(first.dottedName, .widen) else { return [] }
        let current = first.interface?.maxWidenBitwidth ?? KnobDiscovery.defaultWidth
        guard let v = k.next(after: current) else { return [] }
        var s = Schedule()
        for p in ports { s.interface(p.dottedName, InterfaceDirectives(maxWidenBitwidth: v)) }
        return [Move(name: "\(bundle) max_widen_bitwidth \(v)", delta: s, loop: loop)]
    }

    /// `num_read_outstanding` of every port of `bundle` to the next value.
    func outstandingMoves(_ bundle: String, _ bound: BoundDesign) -> [Move] {
        let ports = portsOf(bundle, bound)
        guard let first = ports.first(where: { knob($0.dottedName, .outstanding) != nil }),
              let k = knob(first.dottedName, .outstanding) else { return [] }
        let current = first.interface?.numReadOutstanding ?? KnobDiscovery.defaultOutstanding
        guard let v = k.next(after: current) else { return [] }
        var s = Schedule()
        for p in ports { s.interface(p.dottedName, InterfaceDirectives(numReadOutstanding: v)) }
        return [Move(name: "\(bundle) num_read_outstanding \(v)", delta: s, loop: nil)]
    }

    /// A loop at its target II goes faster unrolled (its lanes keep up), one that is not
    /// pipelined gets a PIPELINE, and a pipelined loop inside a small loop nest may hand its
    /// pipeline to the enclosing loop (which unrolls it).
    func speedUps(_ hot: HotLoop, _ p: DesignPoint) -> [Move] {
        guard let l = hot.loop else { return [] }
        if !hot.estimate.pipelined, let k = knob(l.dottedName, .pipeline), l.pipelineII == nil, k.values.contains(1) {
            var s = Schedule()
            s.pipeline(l.dottedName)
            return [Move(name: "\(l.dottedName) pipeline", delta: s, loop: hot.estimate.name)]
        }
        var out: [Move] = []
        // The pipeline moved out to the enclosing loop, which unrolls this one into it.
        let kernel = String(l.dottedName.prefix { $0 != "." })
        if hot.estimate.pipelined, let outer = l.enclosing.last, let parent = p.bound[hot.design].kernel(kernel)?.loops[outer],
           parent.pipelineII == nil, knob(parent.dottedName, .pipeline) != nil {
            var s = Schedule()
            s.pipeline(parent.dottedName)
            out.append(Move(name: "\(parent.dottedName) pipeline", delta: s, loop: hot.estimate.name))
        }
        guard hot.estimate.pipelined, hot.estimate.limit == .none, let k = knob(l.dottedName, .unroll),
              let v = k.next(after: l.unrollFactor) else { return out }
        var s = Schedule()
        s.unroll(l.dottedName, factor: v)
        if let lanes = knob(l.dottedName, .lanes), l.lanes < v, let w = lanes.atLeast(v) { s.lanes(l.dottedName, w) }
        return out + [Move(name: "\(l.dottedName) unroll \(v)", delta: s, loop: hot.estimate.name)]
    }

    /// Whole models: the bundle that sets the m_axi bound, when it is below the schedule's
    /// rate, gets split, widened and more outstanding reads. Layers: bundles that do not burst.
    func bundleMoves(_ p: DesignPoint) -> [Move] {
        var out: [Move] = []
        for (i, e) in p.estimates.enumerated() {
            var names: [String] = e.bundles.filter { !$0.bursts }.map(\.name).sorted()
            if let t = p.throughput, let slow = t.slowestBundle, let bb = t.bundleBoundTokensPerSecond,
               bb < t.scheduleTokensPerSecond {
                names.removeAll { $0 == slow }
                names.insert(slow, at: 0)
            }
            out += matchWidths(p.bound[i])
            for b in names.prefix(3) {
                out += splitMoves(b, p.bound[i], loop: nil) + widenMoves(b, p.bound[i], loop: nil) + outstandingMoves(b, p.bound[i])
            }
        }
        return out
    }

    /// Every bundle narrower than the widest one widened to match it: a sub-function called
    /// with ports on several bundles (`w1` and `w3`) is estimated by its first call, so a
    /// limit of the others is not ranked; this move reaches them.
    func matchWidths(_ bound: BoundDesign) -> [Move] {
        let ports = bound.topKernel.buffers.values.filter { $0.bundle != nil && knob($0.dottedName, .widen) != nil }
        let width = { (p: BoundBuffer) in p.interface?.maxWidenBitwidth ?? KnobDiscovery.defaultWidth }
        guard let widest = ports.map(width).max() else { return [] }
        let bundles = Set(ports.filter { width($0) < widest }.compactMap(\.bundle))
        guard !bundles.isEmpty else { return [] }
        var s = Schedule()
        for p in ports where bundles.contains(p.bundle!) { s.interface(p.dottedName, InterfaceDirectives(maxWidenBitwidth: widest)) }
        return [Move(name: "every bundle max_widen_bitwidth \(widest)", delta: s, loop: nil)]
    }

    func portsOf(_ bundle: String, _ bound: BoundDesign) -> [BoundBuffer] {
        bound.topKernel.buffers.values.filter { $0.bundle == bundle }.sorted { $0.dottedName < $1.dottedName }
    }
}
