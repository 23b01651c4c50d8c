import HLSIR

/// Random schedules that `ScheduleValidator` accepts: PIPELINE II 1–2 or off (II only on
/// innermost loops, which contain no loop, reduction or call), UNROLL factors that divide
/// constant trip counts, lanes 1–5 on every reduction, LOOP_TRIPCOUNT on run-time bounds,
/// ARRAY_PARTITION on local arrays and tables with enough banks for the parallel accesses
/// of unrolled loops, and INLINE off on some sub-functions.
struct ScheduleGenerator {
    let dice: Dice

    func schedule(for kernels: [Kernel], top: String) -> Schedule {
        var schedule = Schedule()
        for k in kernels {
            var unrolls: [String: Unroll] = [:]
            decideLoops(k.body, kernel: k.name, &schedule, &unrolls)
            // Drop unrolls until every on-chip array can be partitioned into enough banks.
            var demand = BankDemand(kernel: k, unrolls: unrolls)
            while let label = demand.unsatisfiable {
                unrolls[label] = nil
                demand = BankDemand(kernel: k, unrolls: unrolls)
            }
            for (label, u) in unrolls.sorted(by: { $0.key < $1.key }) {
                switch u {
                case .factor(let f): schedule.unroll(k.name + "." + label, factor: f)
                case .full: schedule.unroll(k.name + "." + label)
                }
            }
            for b in k.buffers where !b.isArgument {
                partition(b, kernel: k.name, demand: demand.banks[b.name] ?? [:], &schedule)
            }
            if k.name != top && dice.chance(0.3) { schedule.inline(k.name, .off) }
        }
        return schedule
    }

    // MARK: Loops

    private func decideLoops(_ block: [Stmt], kernel: String, _ schedule: inout Schedule, _ unrolls: inout [String: Unroll]) {
        for s in block {
            switch s {
            case .loop(let l):
                decide(l.name, kernel: kernel, bound: l.bound, innermost: Self.isInnermost(l.body), &schedule, &unrolls)
                decideLoops(l.body, kernel: kernel, &schedule, &unrolls)
            case .reduce(let r):
                decide(r.name, kernel: kernel, bound: r.bound, innermost: Self.isInnermost(r.body), &schedule, &unrolls)
                schedule.lanes(kernel + "." + r.name, dice.int(1...5))
            case .branch(_, let t, let o):
                decideLoops(t, kernel: kernel, &schedule, &unrolls)
                decideLoops(o, kernel: kernel, &schedule, &unrolls)
            case .bind, .declare, .assign, .store, .call:
                break
            }
        }
    }

    private func decide(_ label: String, kernel: String, bound: Bound, innermost: Bool,
                        _ schedule: inout Schedule, _ unrolls: inout [String: Unroll]) {
        let name = kernel + "." + label
        switch dice.weighted([(4, 0), (innermost ? 4 : 0, 1), (2, 2)]) {
        case 1: schedule.pipeline(name, ii: dice.int(1...2))
        case 2: schedule.pipelineOff(name)
        default: break
        }
        switch bound {
        case .constant(let n) where n >= 2 && dice.chance(0.35):
            unrolls[label] = n <= 8 && dice.chance(0.15) ? .full : .factor(dice.pick((2...n).filter { n % $0 == 0 }))
        case .runtime(_, let m) where dice.chance(0.5):
            schedule.tripCount(name, min: 1, max: m, avg: (m + 1) / 2)
        default:
            break
        }
    }

    /// Whether a loop body holds no loop, reduction or call (so PIPELINE needs no unrolling
    /// of inner loops and no pipelined sub-function).
    static func isInnermost(_ block: [Stmt]) -> Bool {
        block.allSatisfy { s in
            switch s {
            case .loop, .reduce, .call: return false
            case .branch(_, let t, let o): return isInnermost(t) && isInnermost(o)
            case .bind, .declare, .assign, .store: return true
            }
        }
    }

    // MARK: Arrays

    /// Partitions `b` so that every dimension has at least the banks its accesses need
    /// (cyclic with a dividing factor, or complete), and sometimes partitions it anyway.
    private func partition(_ b: Buffer, kernel: String, demand: [Int: Int], _ schedule: inout Schedule) {
        let name = kernel + "." + b.name
        var needed = demand.filter { $0.value > 1 }.map(\.key).sorted()
        if needed.isEmpty {
            guard dice.chance(b.kind == .local ? 0.5 : 0.15) else { return }
            needed = [dice.int(1...b.shape.count)]
        }
        for dim in needed {
            let extent = b.shape[dim - 1]
            let least = Swift.max(2, demand[dim] ?? 1)
            let factors = least <= extent ? (least...extent).filter { extent % $0 == 0 && $0 < extent } : []
            if !factors.isEmpty && dice.chance(0.7) {
                schedule.partition(name, .cyclic, factor: dice.pick(factors), dim: dim)
            } else if extent >= 2 {
                schedule.partition(name, .complete, dim: dim)
            }
        }
    }
}

/// The banks each dimension of each on-chip array needs under given unroll factors, as
/// `ScheduleValidator` counts them: for every load or store, the product of the unroll
/// factors of the enclosing loops whose counter occurs in that dimension's index.
struct BankDemand {
    /// Buffer name → dimension (1-based) → banks needed.
    private(set) var banks: [String: [Int: Int]] = [:]
    /// A loop whose unroll makes some access need more banks than its dimension has
    /// elements (no partition can provide them); nil when every demand can be met.
    private(set) var unsatisfiable: String?

    private struct Enclosing {
        let label: String
        let variable: String
        let factor: Int
    }

    private let kernel: Kernel

    init(kernel: Kernel, unrolls: [String: Unroll]) {
        self.kernel = kernel
        visit(kernel.body, [], unrolls)
    }

    private mutating func visit(_ block: [Stmt], _ enclosing: [Enclosing], _ unrolls: [String: Unroll]) {
        func factor(_ label: String, _ bound: Bound) -> Int {
            switch unrolls[label] {
            case .factor(let f)?: return f
            case .full?: return bound.max
            case nil: return 1
            }
        }
        for s in block {
            switch s {
            case .loop(let l):
                visit(l.body, enclosing + [Enclosing(label: l.name, variable: l.variable, factor: factor(l.name, l.bound))], unrolls)
            case .reduce(let r):
                visit(r.initial, enclosing)
                let inner = enclosing + [Enclosing(label: r.name, variable: r.variable, factor: factor(r.name, r.bound))]
                visit(r.body, inner, unrolls)
                visit(r.value, inner)
            case .bind(_, let e), .declare(_, let e), .assign(_, let e):
                visit(e, enclosing)
            case .store(let b, let idx, let e):
                visit(e, enclosing)
                access(b, idx, enclosing)
            case .branch(let c, let t, let o):
                visit(c, enclosing)
                visit(t, enclosing, unrolls)
                visit(o, enclosing, unrolls)
            case .call(_, let args):
                for case .scalar(let e) in args { visit(e, enclosing) }
            }
        }
    }

    private mutating func visit(_ e: Expr, _ enclosing: [Enclosing]) {
        var loads: [(String, [Index])] = []
        e.walk { if case .load(let b, let idx) = $0.node { loads.append((b, idx)) } }
        for (b, idx) in loads { access(b, idx, enclosing) }
    }

    private mutating func access(_ name: String, _ indices: [Index], _ enclosing: [Enclosing]) {
        guard let b = kernel.buffer(name), !b.isArgument else { return }
        for (position, index) in indices.enumerated() where position < b.shape.count {
            let involved = enclosing.filter { $0.factor > 1 && index.coefficient(of: $0.variable) != 0 }
            let parallel = involved.reduce(1) { $0 * $1.factor }
            guard parallel > 1 else { continue }
            banks[name, default: [:]][position + 1] = Swift.max(banks[name]?[position + 1] ?? 1, parallel)
            if parallel > b.shape[position] && unsatisfiable == nil {
                unsatisfiable = involved.max { $0.factor < $1.factor }?.label
            }
        }
    }
}
