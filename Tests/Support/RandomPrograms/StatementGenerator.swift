import HLSIR

/// Random statements of a kernel body: loop nests, reductions, bindings, mutable locals,
/// branches and stores, plus the loop nests that write every element of a buffer.
struct StatementGenerator {
    let dice: Dice
    let state: KernelState
    let exprs: ExpressionGenerator

    /// Loops (and reduction loops) nest at most this deep.
    static let maxLoopDepth = 3
    /// Branches nest at most this deep.
    static let maxBranchDepth = 2

    init(dice: Dice, state: KernelState) {
        self.dice = dice
        self.state = state
        exprs = ExpressionGenerator(dice: dice, state: state)
    }

    var indices: IndexGenerator { exprs.indices }

    // MARK: Blocks

    /// `count` random statements; names they bind stay inside the block.
    func block(_ scope: GenerationScope, count: Int, branchDepth: Int) -> [Stmt] {
        var s = scope
        var out: [Stmt] = []
        for _ in 0..<count { out += statement(&s, branchDepth: branchDepth) }
        return out
    }

    /// One random statement (a store may come with the binding it stores).
    func statement(_ s: inout GenerationScope, branchDepth: Int) -> [Stmt] {
        let canNest = s.depth < Self.maxLoopDepth
        let choice = dice.weighted([(3, 0), (1, 1), (s.mutables.isEmpty ? 0 : 3, 2), (state.writable.isEmpty ? 0 : 3, 3),
                                    (branchDepth < Self.maxBranchDepth ? 1 : 0, 4), (canNest ? 2 : 0, 5), (canNest ? 2 : 0, 6)])
        switch choice {
        case 0: return [bind(&s)]
        case 1: return [declare(&s)]
        case 2: return [assign(s)]
        case 3: return store(&s)
        case 4: return [branch(s, branchDepth: branchDepth + 1)]
        case 5: return [loop(s, branchDepth: branchDepth)]
        default: return [reduction(&s)]
        }
    }

    // MARK: Scalars

    /// `const T v = e;` — sometimes a float that depends on a run-time value, which may
    /// later feed a libm call.
    func bind(_ s: inout GenerationScope) -> Stmt {
        let t = dice.valueType()
        let v = Variable(name: state.fresh("v"), type: t)
        if t == .float32 && dice.chance(0.25) {
            let e = exprs.libmArgument(depth: exprs.randomDepth(), s)
            s.values.append(v)
            s.runtimeValues.append(v)
            return .bind(v, e)
        }
        let e = exprs.expr(t, depth: exprs.randomDepth(), s)
        s.values.append(v)
        return .bind(v, e)
    }

    /// A mutable local with an initial value.
    func declare(_ s: inout GenerationScope) -> Stmt {
        let t = dice.valueType()
        let v = Variable(name: state.fresh("m"), type: t)
        let e = exprs.expr(t, depth: dice.int(1...2), s)
        s.values.append(v)
        s.mutables.append(v)
        return .declare(v, e)
    }

    /// An assignment to a mutable local in scope: often an update `m = m ⊕ e`. Fixed-point
    /// values of any format are assigned as they are (assignment quantizes).
    func assign(_ s: GenerationScope) -> Stmt {
        let v = dice.pick(s.mutables)
        let current = ExpressionGenerator.variable(v)
        let d = exprs.randomDepth()
        let value: Expr
        switch v.type {
        case .float32:
            value = dice.chance(0.5)
                ? ExpressionGenerator.binary(dice.pick([.add, .sub, .mul, .min, .max]), current, exprs.float(depth: d, s))
                : exprs.float(depth: d, s)
        case .int(let t):
            value = dice.chance(0.5)
                ? ExpressionGenerator.binary(dice.pick([.add, .sub, .xor, .min, .max]), current, exprs.int(t, depth: d, s))
                : exprs.int(t, depth: d, s)
        case .fixed(let t):
            switch dice.int(0...2) {
            case 0: value = exprs.fixedArithmetic(depth: d, s)
            case 1:
                // An exact update; a wide operand is quantized first (W ≤ 32 plus W ≤ 16
                // always stays within 64 bits).
                var e = exprs.fixedAny(depth: d, s)
                if case .failure = ExprTyping.binary(.add, v.type, e.type) { e = e.cast(.fixed(dice.smallFixedType())) }
                value = dice.chance(0.5) ? current + e : current - e
            default: value = exprs.fixed(t, depth: d, s)
            }
        case .bool:
            value = exprs.condition(depth: d, s)
        }
        return .assign(v, value)
    }

    // MARK: Stores

    /// A store of a random value to a random element of a writable buffer.
    func store(_ s: inout GenerationScope) -> [Stmt] {
        let b = dice.pick(state.writable)
        let idx = indices.indices(shape: b.shape, scope: s)
        let (pre, value) = storedValue(for: b, &s)
        return pre + [.store(buffer: b.name, indices: idx, value: value)]
    }

    /// A value to store into `b`, with any binding it needs. A float bound for an output is
    /// bound first and stored through `guardNaN`, so no NaN bit pattern reaches an output;
    /// fixed-point buffers often take an unquantized result (the store quantizes). With
    /// probability `mixing` the value is combined with an input element, so that what is
    /// stored depends on the inputs (random trees alone often fold to constants after
    /// saturating conversions).
    func storedValue(for b: Buffer, mixing: Double = 0.4, _ s: inout GenerationScope) -> ([Stmt], Expr) {
        let d = exprs.randomDepth()
        let mix = dice.chance(mixing)
        switch b.elementType {
        case .float32:
            var e = exprs.float(depth: d, s)
            if mix { e = ExpressionGenerator.binary(dice.pick([.add, .sub, .mul, .min, .max]), e, exprs.anchor(s)) }
            guard b.direction == .output else { return ([], e) }
            if case .variable = e.node { return ([], exprs.guardNaN(e)) }
            if case .load = e.node { return ([], exprs.guardNaN(e)) }
            let v = Variable(name: state.fresh("v"), type: .float32)
            s.values.append(v)
            return ([.bind(v, e)], exprs.guardNaN(ExpressionGenerator.variable(v)))
        case .int(let t):
            let e = exprs.int(t, depth: d, s)
            guard mix else { return ([], e) }
            let input = exprs.convert(exprs.load(dice.pick(state.runtimeBuffers), s), to: b.elementType)
            return ([], ExpressionGenerator.binary(dice.pick([.add, .sub, .xor]), e, input))
        case .fixed(let t):
            if mix {
                let input = exprs.convert(exprs.load(dice.pick(state.runtimeBuffers), s), to: b.elementType)
                let sum = ExpressionGenerator.binary(dice.pick([.add, .sub]), exprs.fixed(t, depth: d, s), input)
                return ([], dice.chance(0.5) ? sum : sum.cast(b.elementType))
            }
            return ([], dice.chance(0.4) ? exprs.fixedAny(depth: d, s) : exprs.fixed(t, depth: d, s))
        case .bool:
            return ([], exprs.condition(depth: d, s))
        }
    }

    // MARK: Control flow

    /// `if (c) { ... } else { ... }`.
    func branch(_ s: GenerationScope, branchDepth: Int) -> Stmt {
        let c = exprs.condition(depth: exprs.randomDepth(), s)
        let then = block(s, count: dice.int(1...2), branchDepth: branchDepth)
        let otherwise = dice.chance(0.5) ? block(s, count: dice.int(1...2), branchDepth: branchDepth) : []
        return .branch(condition: c, then: then, otherwise: otherwise)
    }

    /// A loop header: a constant trip count 1–16 or a run-time size; the counter's range.
    func loopHeader() -> (Bound, LoopCounter) {
        let variable = state.fresh("i")
        if !state.sizes.isEmpty && dice.chance(0.35) {
            let p = dice.pick(state.sizes)
            return (.runtime(.param(p.name), max: p.max), LoopCounter(name: variable, maxValue: p.max - 1))
        }
        let n = dice.weighted([(1, 1), (2, 2), (2, 3), (3, 4), (2, 5), (2, 6), (1, 7), (3, 8), (1, 9),
                               (1, 10), (1, 12), (1, 13), (2, 16)])
        return (.constant(n), LoopCounter(name: variable, maxValue: n - 1))
    }

    /// A loop whose body computes something and stores or assigns it.
    func loop(_ s: GenerationScope, branchDepth: Int) -> Stmt {
        let label = state.fresh("L")
        let (bound, counter) = loopHeader()
        let inner = s.entering(counter)
        var body = block(inner, count: dice.int(1...(s.depth == 0 ? 3 : 2)), branchDepth: branchDepth)
        // The loop must leave a trace after it ends: a store, or an update of a mutable
        // declared outside it.
        let outer = Set(s.mutables.map(\.name))
        if !Self.hasEffect(body, outside: outer) {
            var t = inner
            body += !outer.isEmpty && dice.chance(0.5) ? [assign(s)] : store(&t)
        }
        return .loop(Loop(name: label, variable: counter.name, bound: bound, body: body))
    }

    /// A reduction loop with a random operation and accumulator type; its result joins `s`.
    func reduction(_ s: inout GenerationScope) -> Stmt {
        let label = state.fresh("R")
        let (bound, counter) = loopHeader()
        let t = dice.valueType()
        let op = dice.pick([ReductionOp.add, .max, .min])
        let initial = dice.chance(0.7) ? dice.constant(t) : exprs.expr(t, depth: dice.int(1...2), s)
        var inner = s.entering(counter)
        var body: [Stmt] = []
        for _ in 0..<dice.weighted([(3, 0), (2, 1), (1, 2)]) { body.append(bind(&inner)) }
        let value = exprs.expr(t, depth: exprs.randomDepth(), inner)
        // As in the DSL, the result variable carries the reduction's label.
        let result = Variable(name: label, type: t)
        s.values.append(result)
        return .reduce(Reduction(name: label, variable: counter.name, bound: bound, op: op, initial: initial,
                                 body: body, value: value, result: result))
    }

    /// Whether a block stores, calls, or assigns one of the `mutables` (directly or in
    /// nested statements).
    static func hasEffect(_ block: [Stmt], outside mutables: Set<String>) -> Bool {
        block.contains { s in
            switch s {
            case .store, .call: return true
            case .assign(let v, _): return mutables.contains(v.name)
            case .loop(let l): return hasEffect(l.body, outside: mutables)
            case .branch(_, let t, let o): return hasEffect(t, outside: mutables) || hasEffect(o, outside: mutables)
            case .reduce, .bind, .declare: return false
            }
        }
    }
}
