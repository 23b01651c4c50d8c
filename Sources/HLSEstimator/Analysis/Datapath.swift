import HLSIR

/// A value in the datapath schedule: the time it is ready (cycles from the start of the
/// region; the fraction is how much of that cycle combinational logic has used) and, for
/// every loop-carried variable it depends on, the length of the chain from that variable.
struct Timed {
    var t: Double
    var chains: [String: Double] = [:]
    static let zero = Timed(t: 0)
}

/// One access to an array in a datapath region, with the loops unrolled around it.
struct Access {
    let array: String
    let indices: [Index]
    let isWrite: Bool
    /// Unrolled loop variables (innermost last) with their copy counts.
    let unrolled: [(variable: String, copies: Int)]
    /// The access happens once every `every` executions of the region (code of an outer
    /// loop flattened into a pipeline runs once per outer iteration).
    var every: Int = 1
    /// When the access is issued in the region (cycles from its start).
    var time: Double = 0
    /// A store of a value computed from a load of the same element whose index rotates
    /// (`acc[i % K] = acc[i % K] + …`): the cycles from that load to this store along the
    /// values that use it. The tool issues such a load as late as the add needs it, so this,
    /// not the ASAP issue time, is the recurrence's length (`MemoryDependence`).
    var chainFromLoad: Double?
    /// Copies of this access per region execution (product of `unrolled`).
    var copies: Int { unrolled.reduce(1) { Saturating.mul($0, $1.copies) } }
}

/// As-soon-as-possible schedule of a straight-line region (a pipelined iteration with every
/// nested loop unrolled, or the code between two loops of a function): operator latencies
/// from the `OperatorTable`, combinational operators chained within a cycle while their delays
/// fit, unrolled copies in parallel, reductions as chains through each lane.
///
/// The region's latency is the number of states: the state of the last result, plus one
/// (softmax: a load (1), an fdiv (11) and a store give 13; see docs/estimator.md).
struct Datapath {
    let context: KernelContext
    /// Extra cycles before the last access of an array is served (port-limited II spreads the
    /// accesses of one iteration over II cycles).
    var stagger: [String: Double] = [:]
    /// Variables defined outside the region and written in it (loop-carried).
    var carried: Set<String> = []
    private(set) var ready: [String: Timed] = [:]
    /// State (fractional) of the latest result the region produces.
    private(set) var finish: Double = 0
    /// States up to and including the last store.
    private(set) var storeStates: Int = 0
    private var didWork = false
    private(set) var ops: [Operator: Int] = [:]
    private(set) var calls: [String: Int] = [:]
    /// m_axi traffic of the calls made in the region (every copy).
    private(set) var callTraffic: Traffic = [:]
    private(set) var accesses: [Access] = []
    /// Loop-carried chains found: variable → (cycles, operators).
    private(set) var recurrences: [String: (cycles: Double, ops: [String])] = [:]
    private var unrolled: [(variable: String, copies: Int)] = []
    /// Loads already issued in this region, by array and index text: Vitis reads a repeated
    /// element once (`x[j] * x[j]` is one load).
    private var issued: [String: Timed] = [:]
    /// Accesses recorded from now on happen once every `every` executions.
    var every = 1

    init(context: KernelContext, unrolled: [(variable: String, copies: Int)] = []) {
        self.context = context
        self.unrolled = unrolled
    }

    var copies: Int { unrolled.reduce(1) { Saturating.mul($0, $1.copies) } }
    /// States one pass of the region takes as a pipeline stage sequence (a loop's iteration
    /// latency): the state of the last result, plus one.
    var states: Int { didWork ? Swift.max(Saturating.int(finish, .down) + 1, storeStates) : 0 }
    /// Cycles the region adds between two loops of a function: until its last value is ready.
    /// A store is issued in the state its value is ready, which the next loop's first state
    /// (or the function's last) overlaps: fir4's final write after its loop costs nothing
    /// (function 8 = loop 6 + 2), softmax's read of `vec_local[0]` between two loops costs 1.
    var cycles: Int { didWork ? Swift.max(Saturating.int(finish, .up), storeStates - 1) : 0 }

    mutating func define(_ v: String, _ t: Timed) { ready[v] = t }
    mutating func sink(_ t: Double) {
        didWork = true
        finish = Swift.max(finish, t)
    }

    // MARK: Statements

    mutating func run(_ block: [Stmt]) {
        for s in block { run(s) }
    }

    /// Runs `block` as code outside the unrolled copies (an outer loop's code flattened into
    /// the pipeline): once per execution, not once per copy.
    mutating func runOutside(_ block: [Stmt], unrolled outer: [(variable: String, copies: Int)]) {
        let saved = unrolled
        unrolled = outer
        run(block)
        unrolled = saved
    }

    mutating func run(_ s: Stmt) {
        switch s {
        case .bind(let v, let e), .declare(let v, let e):
            let value = expr(e)
            ready[v.name] = value
            if value.t > 0 { sink(value.t) }
        case .assign(let v, let e):
            let value = expr(e)
            if carried.contains(v.name), let c = value.chains[v.name] {
                let old = recurrences[v.name]?.cycles ?? 0
                if c > old { recurrences[v.name] = (c, chainOps(e)) }
            }
            ready[v.name] = value
            sink(value.t)
        case .store(let buffer, let indices, let e):
            let value = expr(e)
            let at = (stagger[buffer] ?? 0) + value.t + context.writeExtra(buffer)
            var access = Access(array: buffer, indices: indices, isWrite: true, unrolled: unrolled)
            access.every = every
            access.time = at
            if let c = value.chains[Datapath.rotationKey(buffer, indices, unrolled)] { access.chainFromLoad = c + context.writeExtra(buffer) }
            accesses.append(access)
            // Store-to-load forwarding: a later read of this element is the stored value.
            issued = issued.filter { !$0.key.hasPrefix(buffer + "[") }
            issued[Datapath.loadKey(buffer, indices, unrolled)] = Timed(t: at, chains: value.chains)
            sink(at)
            storeStates = Swift.max(storeStates, Saturating.int(at, .down) + 1)
        case .branch(let c, let then, let otherwise):
            let cond = expr(c)
            let before = ready
            var after = ready
            run(then)
            let thenReady = ready
            ready = before
            run(otherwise)
            for (k, v) in thenReady where before[k] == nil || thenReady[k]!.t != before[k]!.t { after[k] = v }
            for (k, v) in ready where before[k] == nil || ready[k]!.t != before[k]!.t {
                let other = after[k] ?? before[k] ?? .zero
                after[k] = apply(.mux(32), [v, other, cond])
            }
            ready = after
        case .loop(let l):
            unrolledLoop(l.variable, label: l.name, body: l.body)
        case .reduce(let r):
            unrolledReduction(r)
        case .call(let callee, let args):
            var inputs: [Timed] = [.zero]
            for case .scalar(let e) in args { inputs.append(expr(e)) }
            let start = inputs.map(\.t).max() ?? 0
            calls[callee] = Saturating.add(calls[callee] ?? 0, copies)
            let f = context.design.function(callee, calledFrom: context, with: args)
            callTraffic.add(f?.traffic ?? [:], times: Double(copies))
            let done = start.rounded(.down) + Double((f?.latency.max ?? 0) + 1)
            sink(done)
        }
    }

    /// A loop fully unrolled into the region: its copies run in parallel, except through
    /// variables they carry from one copy to the next (then the chain repeats per copy).
    private mutating func unrolledLoop(_ variable: String, label: String, body: [Stmt]) {
        let n = Swift.max(1, context.trips(context.kernel.loop(label)).max)
        let before = ready
        unrolled.append((variable, n))
        run(body)
        unrolled.removeLast()
        for (k, v) in ready {
            guard let b = before[k], v.t > b.t else { continue }
            ready[k] = Timed(t: b.t + Double(n) * (v.t - b.t), chains: v.chains)
        }
    }

    /// A reduction unrolled into the region: N values computed in parallel, then each of the
    /// K lanes chains ⌈N/K⌉ operators and the partials combine in a K−1 chain (float: in
    /// program order, as docs/numerics.md requires). Integer adds are associative and exact,
    /// so Vitis balances them into a tree of depth ⌈log2(N+1)⌉.
    private mutating func unrolledReduction(_ r: Reduction) {
        let bl = context.kernel.loop(r.name)
        let n = Swift.max(1, context.trips(bl).max)
        let k = Swift.max(1, Swift.min(bl.lanes, n))
        let initial = expr(r.initial)
        unrolled.append((r.variable, n))
        run(r.body)
        let value = expr(r.value, feedsAdd: r.op == .add)
        unrolled.removeLast()
        let op = accumulateOperator(r.op, r.result.type)
        let steps: Int
        if r.result.type.isFloat {
            steps = (n + k - 1) / k + (k - 1)
        } else {
            var d = 0
            while (1 << d) < n + 1 { d += 1 }
            steps = d
        }
        count(op.0, Saturating.mul(copies, n + k - 1))
        if let m = op.1 { count(m, Saturating.mul(copies, n + k - 1)) }
        var t = Timed(t: Swift.max(initial.t, value.t), chains: merge([initial, value]))
        t = chain(op, from: t, steps: steps)
        ready[r.result.name] = t
        sink(t.t)
    }

    /// The operator that accumulates a reduction (and the mux of min/max).
    func accumulateOperator(_ op: ReductionOp, _ type: ScalarType) -> (Operator, Operator?) {
        let w = ScalarWidth.bits(type)
        switch (op, type) {
        case (.add, .float32): return (.fadd, nil)
        case (.add, _): return (.intAdd(w), nil)
        case (_, .float32): return (.fcmp, .mux(32))
        default: return (.intCompare(w), .mux(w))
        }
    }

    /// Time after `steps` accumulate operators in a row (not counted as instances).
    func chain(_ op: (Operator, Operator?), from start: Timed, steps: Int) -> Timed {
        var t = start
        let stepsDone = Swift.min(steps, 100_000)
        for _ in 0..<stepsDone {
            t = schedule(op.0, [t])
            if let m = op.1 { t = schedule(m, [t]) }
        }
        return t
    }

    // MARK: Expressions

    /// Schedules `e`; `feedsAdd` marks a product whose consumer is an add (a DSP MAC).
    mutating func expr(_ e: Expr, feedsAdd: Bool = false) -> Timed {
        switch e.node {
        case .floatConst, .intConst, .fixedConst, .boolConst, .invalid:
            return .zero
        case .variable(let v):
            var t = ready[v.name] ?? .zero
            if carried.contains(v.name) && t.chains[v.name] == nil { t.chains[v.name] = 0 }
            return t
        case .index:
            return e.type.isFloat ? apply(.intToFloat(32), [.zero]) : .zero
        case .load(let buffer, let indices):
            let key = Datapath.loadKey(buffer, indices, unrolled)
            if let t = issued[key] { return t }
            var access = Access(array: buffer, indices: indices, isWrite: false, unrolled: unrolled)
            access.every = every
            access.time = stagger[buffer] ?? 0
            accesses.append(access)
            var t = Timed(t: (stagger[buffer] ?? 0) + context.readLatency(buffer))
            if indices.contains(where: { if case .mod = $0 { return true } else { return false } }) {
                t.chains[Datapath.rotationKey(buffer, indices, unrolled)] = context.readLatency(buffer)
            }
            issued[key] = t
            return t
        case .unary(let op, let a):
            let x = expr(a)
            switch (op, a.type) {
            case (.neg, .float32), (.abs, .float32): return apply(.fsign, [x])
            case (.neg, _): return apply(.intAdd(ScalarWidth.bits(e.type)), [x])
            case (.not, _), (.logicalNot, _), (.abs, _): return apply(.logic(ScalarWidth.bits(e.type)), [x])
            }
        case .binary(.mul, let a, let b) where !e.type.isFloat && (Datapath.constant(a) != nil || Datapath.constant(b) != nil):
            // A product with a constant: a shift for a power of two, else shifts and adds in LUTs.
            let c = Datapath.constant(a) ?? Datapath.constant(b)!
            let x = Datapath.constant(a) == nil ? expr(a) : expr(b)
            if c == 0 || c & (c - 1) == 0 { return apply(.shiftConst, [x]) }
            return apply(.intAdd(ScalarWidth.bits(e.type)), [x])
        case .binary(.mul, let a, let b) where !e.type.isFloat:
            // Vitis narrows a product of sign- or zero-extended operands to their source widths
            // (int8 values cast to int32 multiply as 8 × 8 → 16: mmult3x3's mac_muladd_8s_8s_16s).
            let x = expr(a), y = expr(b)
            let wa = Datapath.significantBits(a), wb = Datapath.significantBits(b)
            return apply(.intMul(a: wa, b: wb, result: Swift.min(ScalarWidth.bits(e.type), wa + wb), mac: feedsAdd), [x, y])
        case .binary(let op, let a, let b):
            let isAdd = op == .add || op == .sub
            let x = expr(a, feedsAdd: isAdd), y = expr(b, feedsAdd: isAdd)
            return binary(op, a.type, b.type, e.type, x, y, feedsAdd: feedsAdd)
        case .compare(_, let a, let b):
            let x = expr(a), y = expr(b)
            if a.type.isFloat { return apply(.fcmp, [x, y]) }
            return apply(.intCompare(Swift.max(ScalarWidth.bits(a.type), ScalarWidth.bits(b.type))), [x, y])
        case .select(let c, let a, let b):
            let z = expr(c), x = expr(a), y = expr(b)
            return apply(.mux(ScalarWidth.bits(e.type)), [z, x, y])
        case .cast(let a):
            let x = expr(a)
            guard let op = Datapath.conversion(from: a.type, to: e.type) else { return x }
            return apply(op, [x])
        case .bitcast(let a):
            return expr(a)
        case .math(let f, let args):
            let xs = args.map { expr($0) }
            switch f {
            case .expf: return apply(.fexp, xs)
            case .sqrtf: return apply(.fsqrt, xs)
            case .powf: return apply(.fpow, xs)
            case .sinf, .cosf: return apply(.fsincos, xs)
            case .roundf, .floorf: return apply(.fround, xs)
            case .tanhf:
                // hls_math tanhf from e^2x: tanh x = 1 − 2 / (e^2x + 1), an exp, an add, a divide
                // and a subtract in a chain (docs/estimator.md).
                let e2x = apply(.fexp, xs)
                let q = apply(.fdiv, [apply(.fadd, [e2x])])
                return apply(.fsub, [q])
            }
        }
    }

    private mutating func binary(_ op: BinaryOp, _ a: ScalarType, _ b: ScalarType, _ r: ScalarType,
                                 _ x: Timed, _ y: Timed, feedsAdd: Bool) -> Timed {
        if r.isFloat {
            switch op {
            case .add: return apply(.fadd, [x, y])
            case .sub: return apply(.fsub, [x, y])
            case .mul: return apply(.fmul, [x, y])
            case .div: return apply(.fdiv, [x, y])
            case .min, .max: return apply(.mux(32), [apply(.fcmp, [x, y]), x, y])
            default: return apply(.logic(32), [x, y])
            }
        }
        let w = ScalarWidth.bits(r)
        switch op {
        case .add, .sub: return apply(.intAdd(w), [x, y])
        case .mul: return apply(.intMul(a: ScalarWidth.bits(a), b: ScalarWidth.bits(b), result: w, mac: feedsAdd), [x, y])
        case .div: return apply(.fdiv, [x, y])
        case .min, .max: return apply(.mux(w), [apply(.intCompare(w), [x, y]), x, y])
        case .and, .or, .xor, .logicalAnd, .logicalOr: return apply(.logic(w), [x, y])
        case .shl, .shr: return apply(.shiftConst, [x, y])
        }
    }

    /// The bits an integer operand really carries: the source width of a cast that widens an
    /// integer (sign or zero extension), else its type's width.
    static func significantBits(_ e: Expr) -> Int {
        if case .cast(let inner) = e.node, case .int(let from) = inner.type, case .int(let to) = e.type, from.width < to.width {
            return significantBits(inner)
        }
        return ScalarWidth.bits(e.type)
    }

    /// The magnitude of an integer or fixed-point constant's raw value.
    static func constant(_ e: Expr) -> Int64? {
        switch e.node {
        case .intConst(let v), .fixedConst(raw: let v): return v == Int64.min ? nil : Swift.abs(v)
        default: return nil
        }
    }

    /// The operator converting `from` to `to`, nil when it is only wiring.
    static func conversion(from: ScalarType, to: ScalarType) -> Operator? {
        switch (from, to) {
        case (.float32, .float32): return nil
        case (.float32, _): return .floatToInt(ScalarWidth.bits(to))
        case (_, .float32): return .intToFloat(ScalarWidth.bits(from))
        case (_, .fixed(let f)) where f.quantization != .trn || f.overflow != .wrap:
            return .logic(f.width)
        default: return nil
        }
    }

    static func loadKey(_ buffer: String, _ indices: [Index], _ unrolled: [(variable: String, copies: Int)]) -> String {
        "\(buffer)\(indices)" + unrolled.map { "\($0.variable):\($0.copies)" }.joined(separator: ",")
    }

    // MARK: Operators

    /// Counts an instance of `op` per copy and returns its result's time.
    /// The chain key of a load with a rotating index (see `Access.chainFromLoad`).
    static func rotationKey(_ buffer: String, _ indices: [Index], _ unrolled: [(variable: String, copies: Int)]) -> String {
        "@" + loadKey(buffer, indices, unrolled)
    }

    mutating func apply(_ op: Operator, _ inputs: [Timed]) -> Timed {
        count(op, copies)
        return schedule(op, inputs)
    }

    mutating func count(_ op: Operator, _ n: Int) {
        if n > 0 { ops[op] = Saturating.add(ops[op] ?? 0, n) }
    }

    /// When `op` produces its result, given its inputs (not counted).
    func schedule(_ op: Operator, _ inputs: [Timed]) -> Timed {
        let c = context.table.cost(op)
        var start = inputs.map(\.t).max() ?? 0
        let end: Double
        if c.latency == 0 {
            let f = Swift.min(1, c.delay / context.table.usableNs)
            if start - start.rounded(.down) + f > 1 + 1e-9 { start = start.rounded(.up) }
            end = start + f
        } else {
            end = start.rounded(.down) + Double(c.latency)
        }
        var chains: [String: Double] = [:]
        for i in inputs {
            // A rotating load (key "@…") is issued as late as the op needs it: its chain
            // counts the op's own time, not the wait for the other inputs.
            for (v, len) in i.chains { chains[v] = Swift.max(chains[v] ?? 0, len + (end - (v.hasPrefix("@") ? start : i.t))) }
        }
        return Timed(t: end, chains: chains)
    }

    private func merge(_ xs: [Timed]) -> [String: Double] {
        var out: [String: Double] = [:]
        for x in xs { for (k, v) in x.chains { out[k] = Swift.max(out[k] ?? 0, v) } }
        return out
    }

    /// The operators on the path of an assignment (for the recurrence's description).
    private func chainOps(_ e: Expr) -> [String] {
        var out: [String] = []
        e.walk { n in
            switch n.node {
            case .binary(let op, _, _): out.append(n.type.isFloat ? "f\(op.rawValue)" : op.rawValue)
            case .math(let f, _): out.append(f.rawValue)
            case .compare: out.append("cmp")
            case .select: out.append("select")
            default: break
            }
        }
        return out
    }
}
