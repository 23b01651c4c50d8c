import HLSIR

/// Random typed expression trees over float32, ints of any width and `ap_fixed` formats.
///
/// Every function returns an expression of exactly the requested type, so that the result
/// can feed any operand, reduction or select. `depth` bounds the height of the tree (1 is a
/// single leaf). Conversions that could leave the numeric contract go through
/// `SafeConversions`; libm calls only take arguments that depend on a run-time value
/// (see `libmArgument`).
struct ExpressionGenerator {
    let dice: Dice
    let state: KernelState

    var indices: IndexGenerator { IndexGenerator(dice: dice, sizes: state.sizes) }

    /// The libm functions the generator calls (all single-argument).
    static let libmFunctions: [MathFunction] = [.expf, .sqrtf, .roundf, .floorf, .sinf, .cosf, .tanhf]

    /// A random tree height in 1...5, weighted toward the middle.
    func randomDepth() -> Int { dice.weighted([(2, 1), (3, 2), (3, 3), (2, 4), (1, 5)]) }

    /// An expression of type `t`.
    func expr(_ t: ScalarType, depth d: Int, _ s: GenerationScope) -> Expr {
        switch t {
        case .float32: return float(depth: d, s)
        case .bool: return condition(depth: d, s)
        case .int(let it): return int(it, depth: d, s)
        case .fixed(let ft): return fixed(ft, depth: d, s)
        }
    }

    // MARK: Float

    func float(depth d: Int, _ s: GenerationScope) -> Expr {
        if d <= 1 || dice.chance(0.2) { return leaf(.float32, s) }
        let c = d - 1
        switch dice.weighted([(5, 0), (2, 1), (2, 2), (2, 3), (2, 4), (2, 5), (1, 6), (2, 7)]) {
        case 0: return Self.binary(dice.pick([.add, .sub, .mul, .div]), float(depth: c, s), float(depth: c, s))
        case 1: return Self.binary(dice.pick([.min, .max]), float(depth: c, s), float(depth: c, s))
        case 2: return dice.chance(0.5) ? -float(depth: c, s) : abs(float(depth: c, s))
        case 3: return select(condition(depth: c, s), float(depth: c, s), float(depth: c, s))
        case 4: return int(dice.intType(), depth: c, s).cast(.float32)
        case 5: return fixedAny(depth: c, s).cast(.float32)
        case 6: return int(IntType(width: 32, signed: dice.chance(0.5)), depth: c, s).bitcast(.float32)
        default: return math(dice.pick(Self.libmFunctions), libmArgument(depth: c, s))
        }
    }

    /// A libm argument: a run-time value, alone or combined with another float by an
    /// operation that cannot erase it. g++ may fold a call whose argument it can compute
    /// (with correctly rounded MPFR, where glibc may differ by an ULP), so the argument always
    /// depends on an input load or a scalar argument, never only on constants.
    func libmArgument(depth d: Int, _ s: GenerationScope) -> Expr {
        let a = anchor(s)
        if d <= 1 || dice.chance(0.3) { return a }
        let other = float(depth: d - 1, s)
        let op = dice.pick([BinaryOp.add, .sub, .mul, .div, .min, .max])
        return dice.chance(0.5) ? Self.binary(op, a, other) : Self.binary(op, other, a)
    }

    /// A float computed from a value unknown at compile time: a load from an input argument
    /// or a run-time scalar, converted to float. (Every generated kernel has an input.)
    func anchor(_ s: GenerationScope) -> Expr {
        let scalars = s.runtimeValues.filter { $0.type != .bool }
        if !scalars.isEmpty && (state.runtimeBuffers.isEmpty || dice.chance(0.3)) {
            return Self.variable(dice.pick(scalars)).cast(.float32)
        }
        return load(dice.pick(state.runtimeBuffers), s).cast(.float32)
    }

    // MARK: Integers

    func int(_ t: IntType, depth d: Int, _ s: GenerationScope) -> Expr {
        let type = ScalarType.int(t)
        if d <= 1 || dice.chance(0.2) { return leaf(type, s) }
        let c = d - 1
        let choice = dice.weighted([(4, 0), (1, 1), (3, 2), (2, 3), (2, 4), (2, 5), (2, 6), (2, 7), (2, 8),
                                    (1, 9), (t.width == 32 ? 2 : 0, 10)])
        switch choice {
        case 0: return Self.binary(dice.pick([.add, .sub, .mul]), int(t, depth: c, s), int(t, depth: c, s))
        case 1: return Self.binary(dice.pick([.min, .max]), int(t, depth: c, s), int(t, depth: c, s))
        case 2: return Self.binary(dice.pick([.and, .or, .xor]), int(t, depth: c, s), int(t, depth: c, s))
        case 3:
            let amount = dice.int(0...(t.width - 1))
            return dice.chance(0.5) ? int(t, depth: c, s) << amount : int(t, depth: c, s) >> amount
        case 4: return dice.chance(0.5) ? -int(t, depth: c, s) : ~int(t, depth: c, s)
        case 5: return select(condition(depth: c, s), int(t, depth: c, s), int(t, depth: c, s))
        case 6: return int(dice.intType(), depth: c, s).cast(type)
        case 7: return fixedAny(depth: c, s).cast(type)
        case 8: return floatToInt(float(depth: Swift.min(c, 2), s), t)
        case 9: return condition(depth: c, s).cast(type)
        default: return guardNaN(float(depth: Swift.min(c, 2), s)).bitcast(type)
        }
    }

    // MARK: Fixed point

    func fixed(_ t: FixedType, depth d: Int, _ s: GenerationScope) -> Expr {
        let type = ScalarType.fixed(t)
        if d <= 1 || dice.chance(0.2) { return leaf(type, s) }
        let c = d - 1
        switch dice.weighted([(5, 0), (2, 1), (2, 2), (2, 3), (2, 4), (2, 5)]) {
        case 0: return fixedArithmetic(depth: d, s).cast(type)
        case 1: return Self.binary(dice.pick([.min, .max]), fixed(t, depth: c, s), fixed(t, depth: c, s))
        case 2: return select(condition(depth: c, s), fixed(t, depth: c, s), fixed(t, depth: c, s))
        case 3: return int(dice.intType(), depth: c, s).cast(type)
        case 4: return floatToFixed(float(depth: Swift.min(c, 2), s), t)
        default: return fixed(dice.fixedType(), depth: c, s).cast(type)
        }
    }

    /// A fixed-point expression of whatever format it naturally has: an exact `+ − ×` or
    /// negation result (AP_TRN, AP_WRAP, grown as `ap_fixed` grows) or a random format.
    func fixedAny(depth d: Int, _ s: GenerationScope) -> Expr {
        if d <= 1 {
            let vars = s.values.filter { $0.type.fixedType != nil }
            let bufs = state.readable.filter { $0.elementType.fixedType != nil }
            switch dice.weighted([(vars.isEmpty ? 0 : 2, 0), (bufs.isEmpty ? 0 : 2, 1), (2, 2)]) {
            case 0: return Self.variable(dice.pick(vars))
            case 1: return load(dice.pick(bufs), s)
            default: return leaf(.fixed(dice.fixedType()), s)
            }
        }
        return dice.chance(0.5) ? fixedArithmetic(depth: d, s) : fixed(dice.fixedType(), depth: d, s)
    }

    /// `a + b`, `a − b`, `a × b` or `−a` on fixed operands. When the exact result would be
    /// wider than 64 bits (which the IR rejects), the wider operand is first quantized to a
    /// small format, as a designer would with a cast.
    func fixedArithmetic(depth d: Int, _ s: GenerationScope) -> Expr {
        let c = Swift.max(d - 1, 1)
        var a = fixedAny(depth: c, s)
        if dice.chance(0.1) {
            if (a.type.fixedType?.width ?? 64) >= 64 { a = a.cast(.fixed(dice.smallFixedType())) }
            return -a
        }
        var b = fixedAny(depth: c, s)
        let op = dice.pick([BinaryOp.add, .sub, .mul])
        while case .failure = ExprTyping.binary(op, a.type, b.type) {
            if (a.type.fixedType?.width ?? 0) >= (b.type.fixedType?.width ?? 0) {
                a = a.cast(.fixed(dice.smallFixedType()))
            } else {
                b = b.cast(.fixed(dice.smallFixedType()))
            }
        }
        return Self.binary(op, a, b)
    }

    // MARK: Conditions

    /// A bool: a comparison, a logical combination, or an int tested against zero.
    func condition(depth d: Int, _ s: GenerationScope) -> Expr {
        let op = dice.pick([CompareOp.lt, .le, .gt, .ge, .eq, .ne])
        if d <= 1 {
            switch dice.weighted([(7, 0), (2, 1), (1, 2)]) {
            case 0:
                let t = dice.valueType()
                return Self.compare(op, leaf(t, s), leaf(t, s))
            case 1: return leaf(.int(dice.intType()), s).cast(.bool)
            default: return .bool(dice.chance(0.5))
            }
        }
        let c = d - 1
        switch dice.weighted([(6, 0), (2, 1), (1, 2), (1, 3)]) {
        case 0:
            switch dice.int(0...2) {
            case 0:
                let b = dice.chance(0.3) ? dice.constant(.float32) : float(depth: c, s)
                return Self.compare(op, float(depth: c, s), b)
            case 1:
                let t = dice.intType()
                return Self.compare(op, int(t, depth: c, s), int(t, depth: c, s))
            default:
                return Self.compare(op, fixedAny(depth: c, s), fixedAny(depth: c, s))
            }
        case 1:
            let a = condition(depth: c, s), b = condition(depth: c, s)
            return dice.chance(0.5) ? a && b : a || b
        case 2: return !condition(depth: c, s)
        default: return int(dice.intType(), depth: c, s).cast(.bool)
        }
    }

    // MARK: Leaves

    /// A constant, a variable, a load or an index value of type `t`, converted if needed.
    func leaf(_ t: ScalarType, _ s: GenerationScope) -> Expr {
        if t == .bool { return condition(depth: 1, s) }
        let exactVars = s.values.filter { $0.type == t }
        let otherVars = s.values.filter { $0.type != t && $0.type != .bool }
        let exactBuffers = state.readable.filter { $0.elementType == t }
        let hasIndex = !s.loops.isEmpty || !state.sizes.isEmpty
        let choice = dice.weighted([(1, 0), (exactVars.isEmpty ? 0 : 4, 1), (otherVars.isEmpty ? 0 : 2, 2),
                                    (exactBuffers.isEmpty ? 0 : 4, 3), (state.readable.isEmpty ? 0 : 3, 4),
                                    (hasIndex ? 2 : 0, 5)])
        switch choice {
        case 0: return dice.constant(t)
        case 1: return Self.variable(dice.pick(exactVars))
        case 2: return convert(Self.variable(dice.pick(otherVars)), to: t)
        case 3: return load(dice.pick(exactBuffers), s)
        case 4: return convert(load(dice.pick(state.readable), s), to: t)
        default: return indexValue(t, s)
        }
    }

    /// An element of `b` at indices inside its shape for every iteration of `s`.
    func load(_ b: Buffer, _ s: GenerationScope) -> Expr {
        Expr(node: .load(buffer: b.name, indices: indices.indices(shape: b.shape, scope: s)), type: b.elementType)
    }

    /// The value of an affine index (loop counters, sizes) as a value of type `t`. An index
    /// converts directly only to float or to an int type that holds all its values; other
    /// types get an explicit cast from int32.
    func indexValue(_ t: ScalarType, _ s: GenerationScope) -> Expr {
        let index = indices.index(extent: dice.int(1...64), scope: s)
        let top = IndexRange.of(index, maxima: Self.maxima(s, sizes: state.sizes))?.upperBound ?? Int.max
        switch t {
        case .float32: return index.value(.float32)
        case .int(let it) where it.width == 64 || (top <= it.maxValue && dice.chance(0.8)):
            return index.value(t)
        default: return convert(index.value(.int32), to: t)
        }
    }

    // MARK: Conversions

    /// `e` converted to `t` inside the contract.
    func convert(_ e: Expr, to t: ScalarType) -> Expr {
        if e.type == t { return e }
        let op = dice.pick([CompareOp.lt, .le, .gt, .ge, .eq, .ne])
        switch (e.type, t) {
        case (.float32, .int(let it)): return floatToInt(e, it)
        case (.float32, .fixed(let ft)): return floatToFixed(e, ft)
        case (.float32, .bool): return Self.compare(op, e, dice.constant(.float32))
        case (.fixed, .bool): return Self.compare(op, e, dice.constant(e.type))
        case (.int, .bool), (.bool, .int): return e.cast(t)
        case (.bool, _): return convert(e.cast(.int(IntType(width: dice.int(1...8), signed: dice.chance(0.5)))), to: t)
        default: return e.cast(t)
        }
    }

    /// A float to int conversion: NaN replaced, clamped to what `t` holds after truncation.
    func floatToInt(_ e: Expr, _ t: IntType) -> Expr {
        let r = SafeConversions.clampRange(t)
        let scaled = scale(e, exponent: dice.int(0...Swift.min(t.width, 24)))
        return SafeConversions.clamp(guardNaN(scaled), r.lo, r.hi, maxFirst: dice.chance(0.5)).cast(.int(t))
    }

    /// A float to fixed conversion: NaN replaced, clamped to the values of `t`.
    func floatToFixed(_ e: Expr, _ t: FixedType) -> Expr {
        let r = SafeConversions.clampRange(t)
        let scaled = scale(e, exponent: dice.int(-2...Swift.max(t.integerBits, 0)))
        return SafeConversions.clamp(guardNaN(scaled), r.lo, r.hi, maxFirst: dice.chance(0.5)).cast(.fixed(t))
    }

    /// Often `e · 2^exponent` (exact unless it overflows): inputs are floats in [−1, 1),
    /// which would otherwise mostly truncate to 0 or saturate in the conversion that follows.
    private func scale(_ e: Expr, exponent: Int) -> Expr {
        guard exponent != 0, dice.chance(0.75) else { return e }
        return e * .f32(Float(sign: .plus, exponent: exponent, significand: 1))
    }

    /// `e` with NaN replaced by a constant.
    func guardNaN(_ e: Expr) -> Expr {
        SafeConversions.guardNaN(e, replacement: Float(dice.int(-16...16)) / 4, flipped: dice.chance(0.5))
    }

    // MARK: Building blocks

    static func variable(_ v: Variable) -> Expr { Expr(node: .variable(v), type: v.type) }

    /// Loop counters and size parameters of `s` with their largest values.
    static func maxima(_ s: GenerationScope, sizes: [SizeParameter]) -> [String: Int] {
        var m: [String: Int] = [:]
        for l in s.loops { m[l.name] = l.maxValue }
        for p in sizes { m[p.name] = p.max }
        return m
    }

    static func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr) -> Expr {
        switch op {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        case .div: return a / b
        case .min: return min(a, b)
        case .max: return max(a, b)
        case .and: return a & b
        case .or: return a | b
        case .xor: return a ^ b
        case .logicalAnd: return a && b
        case .logicalOr: return a || b
        case .shl, .shr:
            // Shifts take a constant amount: see `int(_:depth:_:)`.
            return Expr(node: .invalid("shift built without a constant amount"), type: a.type)
        }
    }

    static func compare(_ op: CompareOp, _ a: Expr, _ b: Expr) -> Expr {
        switch op {
        case .lt: return a < b
        case .le: return a <= b
        case .gt: return a > b
        case .ge: return a >= b
        case .eq: return a.eq(b)
        case .ne: return a.ne(b)
        }
    }
}
