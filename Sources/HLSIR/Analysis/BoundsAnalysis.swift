/// Proves, before anything runs, that no load, store or call can leave its buffer: every
/// index is bounded by interval arithmetic over loop counters (0 ... trip − 1, with a runtime
/// trip count at most its declared maximum — checked when it runs) and size parameters
/// (0 ... max). Sub-functions are analysed at each call site with the caller's intervals for
/// their sizes and offsets, so an access is checked against the caller's real buffer.
/// Designs that cannot be proved safe are rejected; compiled code then runs without
/// per-access checks.
public struct BoundsAnalysis {
    /// Where an argument buffer of a sub-function really points.
    struct View {
        /// Declared extents of the buffer in the kernel being analysed.
        let extents: [Int]
        /// For a buffer passed in by a caller: the element count of the underlying storage and
        /// the possible offsets of this view into it.
        let root: (count: Int, offset: Interval)?
    }

    struct Env {
        var terms: [IndexTerm: Interval] = [:]
        var views: [String: View] = [:]
    }

    let design: Design
    private(set) var problems: [String] = []

    init(design: Design) { self.design = design }

    /// Problems found in the whole design, one line each (empty when it is safe).
    public static func problems(in design: Design) -> [String] {
        var a = BoundsAnalysis(design: design)
        let top = design.topKernel
        var env = Env()
        for b in top.buffers { env.views[b.name] = View(extents: b.shape, root: nil) }
        for p in top.parameters {
            if case .size(let n, let m) = p { env.terms[.param(n)] = Interval(0, m) }
        }
        a.check(block: top.body, in: top, env: env, depth: 0)
        var seen = Set<String>()
        return a.problems.filter { seen.insert($0).inserted }
    }

    private mutating func report(_ k: Kernel, _ s: String) { problems.append("kernel \(k.name): \(s)") }

    func eval(_ i: Index, _ env: Env) -> Interval { Interval.of(i, env.terms) }

    /// The largest trip count a loop can run (runtime bounds are capped by their maximum).
    private func maxTrip(_ b: Bound, _ env: Env) -> Int {
        switch b {
        case .constant(let n): return n
        case .runtime(let i, let m): return Swift.min(m, eval(i, env).hi)
        }
    }

    private mutating func check(block: [Stmt], in k: Kernel, env: Env, depth: Int) {
        for s in block { check(stmt: s, in: k, env: env, depth: depth) }
    }

    private mutating func check(stmt: Stmt, in k: Kernel, env: Env, depth: Int) {
        switch stmt {
        case .loop(let l):
            let n = maxTrip(l.bound, env)
            guard n > 0 else { return }
            var inner = env
            inner.terms[.loop(l.variable)] = Interval(0, n - 1)
            check(block: l.body, in: k, env: inner, depth: depth)
        case .reduce(let r):
            check(expr: r.initial, in: k, env: env)
            let n = maxTrip(r.bound, env)
            guard n > 0 else { return }
            var inner = env
            inner.terms[.loop(r.variable)] = Interval(0, n - 1)
            check(block: r.body, in: k, env: inner, depth: depth)
            check(expr: r.value, in: k, env: inner)
        case .bind(_, let e), .declare(_, let e), .assign(_, let e):
            check(expr: e, in: k, env: env)
        case .store(let name, let indices, let e):
            check(expr: e, in: k, env: env)
            check(access: name, indices, in: k, env: env)
        case .branch(let c, let t, let o):
            check(expr: c, in: k, env: env)
            check(block: t, in: k, env: env, depth: depth)
            check(block: o, in: k, env: env, depth: depth)
        case .call(let name, let args):
            check(call: name, args, in: k, env: env, depth: depth)
        }
    }

    private mutating func check(expr: Expr, in k: Kernel, env: Env) {
        expr.walk { e in
            if case .load(let name, let indices) = e.node { check(access: name, indices, in: k, env: env) }
        }
    }

    private mutating func check(access name: String, _ indices: [Index], in k: Kernel, env: Env) {
        guard let view = env.views[name], indices.count == view.extents.count else { return }
        var flat = Interval(exactly: 0)
        var stride = 1
        for (d, i) in indices.enumerated().reversed() {
            let r = eval(i, env)
            let n = view.extents[d]
            if r.lo < 0 || r.hi >= n {
                report(k, "index \(i) of \(name) ranges over \(r), outside 0...\(n - 1)")
            }
            flat = flat + r * Interval(exactly: stride)
            stride *= n
        }
        if let root = view.root {
            let reach = root.offset + flat
            if reach.lo < 0 || reach.hi >= root.count {
                report(k, "access to \(name) reaches elements \(reach) of the caller's buffer of \(root.count)")
            }
        }
    }

    private mutating func check(call name: String, _ args: [CallArgument], in k: Kernel, env: Env, depth: Int) {
        guard let callee = design.kernel(name), depth < 64 else { return }
        var inner = Env()
        for b in callee.buffers where !b.isArgument { inner.views[b.name] = View(extents: b.shape, root: nil) }
        for (p, a) in zip(callee.parameters, args) {
            switch (p, a) {
            case (.buffer(let pn), .buffer(let an, let offset)):
                guard let declared = callee.buffer(pn), let view = env.views[an] else { continue }
                let off = eval(offset, env)
                let count = view.extents.reduce(1, *)
                if off.lo < 0 || off.hi > count {
                    report(k, "call of \(name) passes \(an) at offset \(off), outside 0...\(count)")
                }
                let root = view.root.map { (count: $0.count, offset: $0.offset + off) } ?? (count: count, offset: off)
                inner.views[pn] = View(extents: declared.shape, root: root)
            case (.size(let pn, let m), .index(let i)):
                let r = eval(i, env)
                let lo = Swift.max(0, r.lo), hi = Swift.min(m, r.hi)
                // Values outside 0...max stop the run when they occur; the callee never sees them.
                guard lo <= hi else { return }
                inner.terms[.param(pn)] = Interval(lo, hi)
            case (.scalar, .scalar(let e)):
                check(expr: e, in: k, env: env)
            default:
                continue
            }
        }
        check(block: callee.body, in: callee, env: inner, depth: depth + 1)
    }
}
