/// Finds on-chip arrays whose partition gives fewer banks than the accesses an unrolled loop
/// makes in one cycle (HLS would then raise the II to serialize them).
///
/// For each load or store of a local array or table and each dimension, the parallel
/// accesses are the product of the unroll factors (the trip count for a full unroll) of the
/// enclosing loops whose counter occurs in that dimension's index. The banks of a dimension
/// are 1 without a partition, the factor for cyclic and block, and the extent for complete;
/// a partition of dim 0 applies to every dimension.
enum ParallelAccessCheck {
    static func problems(in kernel: Kernel, schedule: Schedule) -> [String] {
        var walker = AccessWalker(kernel: kernel, schedule: schedule)
        walker.visit(kernel.body, enclosing: [])
        return walker.problems
    }
}

private struct EnclosingLoop {
    let label: String
    let variable: String
    let bound: Bound
}

private struct AccessWalker {
    let kernel: Kernel
    let schedule: Schedule
    var problems: [String] = []

    init(kernel: Kernel, schedule: Schedule) {
        self.kernel = kernel
        self.schedule = schedule
    }

    mutating func visit(_ block: [Stmt], enclosing: [EnclosingLoop]) {
        for s in block {
            switch s {
            case .loop(let l):
                visit(l.body, enclosing: enclosing + [EnclosingLoop(label: l.name, variable: l.variable, bound: l.bound)])
            case .reduce(let r):
                visit(r.initial, enclosing: enclosing)
                let inner = enclosing + [EnclosingLoop(label: r.name, variable: r.variable, bound: r.bound)]
                visit(r.body, enclosing: inner)
                visit(r.value, enclosing: inner)
            case .bind(_, let e), .declare(_, let e), .assign(_, let e):
                visit(e, enclosing: enclosing)
            case .store(let buffer, let indices, let value):
                visit(value, enclosing: enclosing)
                access(buffer, indices, enclosing: enclosing)
            case .branch(let c, let t, let o):
                visit(c, enclosing: enclosing)
                visit(t, enclosing: enclosing)
                visit(o, enclosing: enclosing)
            case .call(_, let args):
                for case .scalar(let e) in args { visit(e, enclosing: enclosing) }
            }
        }
    }

    mutating func visit(_ e: Expr, enclosing: [EnclosingLoop]) {
        var loads: [(String, [Index])] = []
        e.walk { node in
            if case .load(let b, let idx) = node.node { loads.append((b, idx)) }
        }
        for (b, idx) in loads { access(b, idx, enclosing: enclosing) }
    }

    /// The unroll factor of a loop under the schedule (1 when not unrolled).
    func unrollFactor(_ loop: EnclosingLoop) -> Int {
        switch schedule.loops["\(kernel.name).\(loop.label)"]?.unroll {
        case .factor(let f)?: return Swift.max(1, f)
        case .full?: return Swift.max(1, loop.bound.max)
        case nil: return 1
        }
    }

    func banks(of b: Buffer, dimension d: Int) -> Int {
        let parts = schedule.buffers["\(kernel.name).\(b.name)"]?.partitions ?? []
        guard let p = parts.first(where: { $0.dim == d }) ?? parts.first(where: { $0.dim == 0 }) else { return 1 }
        switch p.type {
        case .complete: return b.shape[d - 1]
        case .cyclic, .block:
            // A missing or non-positive factor is reported on its own; don't pile on.
            guard let f = p.factor, f >= 1 else { return Int.max }
            return f
        }
    }

    mutating func access(_ name: String, _ indices: [Index], enclosing: [EnclosingLoop]) {
        guard let b = kernel.buffer(name), !b.isArgument else { return }
        for (position, index) in indices.enumerated() where position < b.shape.count {
            let dim = position + 1
            // A counter occurs in the index unless its coefficient is exactly 0 (nil: non-affine).
            let unrolled = enclosing.filter { index.coefficient(of: $0.variable) != 0 && unrollFactor($0) > 1 }
            guard !unrolled.isEmpty else { continue }
            let parallel = unrolled.reduce(1) { p, l in
                let (r, overflow) = p.multipliedReportingOverflow(by: unrollFactor(l))
                return overflow ? Int.max : r
            }
            let have = banks(of: b, dimension: dim)
            guard have < parallel else { continue }
            problems.append("buffer \(kernel.name).\(b.name): \(cause(unrolled, parallel)) to dimension \(dim) of \(b.name), "
                + "which has \(have) bank\(have == 1 ? "" : "s"); \(advice(b, dim: dim, parallel: parallel))")
        }
    }

    func cause(_ loops: [EnclosingLoop], _ parallel: Int) -> String {
        func qualified(_ l: EnclosingLoop) -> String { "\(kernel.name).\(l.label)" }
        func how(_ l: EnclosingLoop) -> String {
            if case .full? = schedule.loops[qualified(l)]?.unroll { return "fully unrolled (\(unrollFactor(l)) iterations)" }
            return "unrolled by \(unrollFactor(l))"
        }
        if loops.count == 1, let l = loops.first {
            return "loop \(qualified(l)) is \(how(l)), so it makes \(parallel) parallel accesses"
        }
        let parts = loops.map { "\(qualified($0)) (\(how($0)))" }
        let list = parts.dropLast().joined(separator: ", ") + " and " + parts[parts.count - 1]
        return "loops \(list) are unrolled together, so they make \(parallel) parallel accesses"
    }

    func advice(_ b: Buffer, dim: Int, parallel: Int) -> String {
        let extent = b.shape[dim - 1]
        let inDim = b.shape.count > 1 ? " in dimension \(dim)" : ""
        let factor = smallestDivisor(of: extent, atLeast: parallel)
        if factor >= extent { return "partition it complete\(inDim)" }
        if factor == parallel { return "partition it cyclic with factor \(parallel) or more\(inDim)" }
        return "partition it cyclic with factor \(factor)\(inDim) (the smallest divisor of \(extent) that is at least \(parallel))"
    }

    /// The smallest divisor of `n` that is ≥ `lower` (n itself when none is smaller).
    func smallestDivisor(of n: Int, atLeast lower: Int) -> Int {
        guard lower < n else { return n }
        var best = n
        var i = 1
        while i <= n / i {
            if n % i == 0 {
                if i >= lower { best = Swift.min(best, i) }
                if n / i >= lower { best = Swift.min(best, n / i) }
            }
            i += 1
        }
        return best
    }
}
