import HLSIR

/// Hot shape 1+2 fused: the quantized matrix-vector product of llama2.c's runq.c,
///
///     val = Σ_g ((float)Σ_k (int32)x[·+k]·(int32)w[·+k]) · s1[·]) · s2[·]
///
/// a float add reduction over groups g (any lane count) whose body is one int8 dot-product
/// reduction (IntDotProduct.swift) and whose value multiplies the dot, converted to float,
/// by up to two factors: loads affine in g, float variables or constants. IEEE multiplication
/// is commutative, so only the grouping matters: `(dot·a)·b` or `dot·(a·b)`; each product is
/// one rounding, exactly as written. Running the whole group loop here, on pointers, removes
/// the per-group closure calls that would otherwise cost more than the dot product itself.
/// Contiguous groups of 4 or 8 (Q8_0 with small group sizes) compute all the int32 dots of
/// the loop first, 16 products per vector (wrapping integer sums give the same bits in any
/// order); the float accumulation then runs in group order as above.
extension KernelCompiler {
    /// A factor of the group value: `cell[g · stride]`, where `cell` is set at loop entry;
    /// `row` is its coefficient along an enclosing row loop (FusedRows).
    struct GroupFactor {
        let cell: UnsafeMutablePointer<UnsafePointer<Float>>
        let stride: Int
        let row: Int
        let bind: () -> Void
    }

    /// `(int32)buffer[·]` over int8 storage: slot, stride along the groups, along an
    /// enclosing row loop, and the base (at inner = outer = 0; at row 0 when the row
    /// counter is 0).
    struct GroupOperand {
        let slot: UnsafeMutablePointer<UnsafeMutableRawPointer>
        let stride: Int
        let row: Int
        let base: () -> Int
    }

    /// A recognised group loop: everything its routine reads, ready to run on pointers.
    struct GroupedDot {
        let a: GroupOperand, b: GroupOperand
        let f1: GroupFactor, f2: GroupFactor
        let pairFirst: Bool, twoFactors: Bool
        let trip: () -> Int, dotTrip: () -> Int
        /// The int32 dot's initial value (it counts once, whatever the dot's lanes).
        let dotBase: Int32
        let initial: () -> Float
        let lanes: Int
        let partials: UnsafeMutablePointer<Float>
        /// Room for one row's group dots (nil when the group count is unbounded or large).
        let dots: UnsafeMutablePointer<Int32>?
        let dotCapacity: Int
        /// Q4 (Q4DotProduct.swift): the high-nibble activation's offset from `a`; `b` holds
        /// the packed weight bytes and the dot runs over `m` bytes. Nil: the int8 dot.
        let q4: Int?
        /// Room for one row's unpacked Q4 weights (two int8 per byte), when the pairs are
        /// contiguous; nil otherwise.
        let unpacked: UnsafeMutablePointer<Int8>?
        let unpackedCapacity: Int

        /// The int32 dot of group operands at `x` and `w` over `m` elements (bytes for Q4).
        @inline(__always)
        func dot(_ x: UnsafePointer<Int8>, _ w: UnsafePointer<Int8>, _ m: Int) -> Int32 {
            if let q4 { return IntDot.q4(x, q4, w, count: m) }
            return IntDot.int8(x, w, count: m)
        }

        /// The reduction over `n` groups of `m`-element dots, in the documented lane order.
        /// The values of four rows at once (operands and factors of row q advanced by q times
        /// their row coefficients `ar`, `br`, `r1`, `r2`): the one-lane batched order of `value`
        /// for each row (the same integer dots, the same float steps in increasing g), as four
        /// independent chains. Nil when that path does not apply (for longer groups, measured
        /// slower on stories15M).
        @inline(__always)
        func values4(_ pa: UnsafePointer<Int8>, _ ar: Int, _ pb: UnsafePointer<Int8>, _ br: Int,
                     _ c1: UnsafePointer<Float>, _ r1: Int, _ c2: UnsafePointer<Float>, _ r2: Int,
                     n: Int, m: Int, initial start: Float, dots4: UnsafeMutablePointer<Int32>) -> SIMD4<Float>? {
            guard q4 == nil, lanes == 1, dots != nil, n <= dotCapacity, m == 4 || m == 8, a.stride == m, b.stride == m else { return nil }
            let cap = dotCapacity
            for q in 0..<4 { IntDot.groups(pa + q &* ar, pb + q &* br, groupSize: m, count: n, into: dots4 + q &* cap) }
            let s1 = f1.stride, s2 = f2.stride, base = dotBase
            var acc = SIMD4<Float>(repeating: start)
            for g in 0..<n {
                let d = SIMD4<Float>(Float(base &+ dots4[g]), Float(base &+ dots4[cap &+ g]),
                                     Float(base &+ dots4[2 &* cap &+ g]), Float(base &+ dots4[3 &* cap &+ g]))
                let o1 = g &* s1, o2 = g &* s2
                let x = SIMD4<Float>(c1[o1], c1[r1 &+ o1], c1[2 &* r1 &+ o1], c1[3 &* r1 &+ o1])
                let y = SIMD4<Float>(c2[o2], c2[r2 &+ o2], c2[2 &* r2 &+ o2], c2[3 &* r2 &+ o2])
                if pairFirst { acc += d * (x * y) } else if twoFactors { acc += (d * x) * y } else { acc += d * x }
            }
            return acc
        }

        @inline(__always)
        func value(_ pa: UnsafePointer<Int8>, _ pb: UnsafePointer<Int8>, _ c1: UnsafePointer<Float>, _ c2: UnsafePointer<Float>,
                   n: Int, m: Int, initial start: Float) -> Float {
            let ca = a.stride, cb = b.stride, s1 = f1.stride, s2 = f2.stride, base = dotBase
            let pairFirst = self.pairFirst, twoFactors = self.twoFactors
            @inline(__always) func term(_ g: Int) -> Float {
                let d = Float(base &+ dot(pa + g &* ca, pb + g &* cb, m))
                if pairFirst { return d * (c1[g &* s1] * c2[g &* s2]) }
                let p = d * c1[g &* s1]
                return twoFactors ? p * c2[g &* s2] : p
            }
            let k = lanes
            // K lanes: group g into partial g mod K, in whole rounds of K groups (independent
            // adds), then the last partial round; the partials combined left to right.
            @inline(__always) func accumulate(_ term: (Int) -> Float) -> Float {
                if k == 1 {
                    var acc = start
                    for g in 0..<n { acc += term(g) }
                    return acc
                }
                for j in 0..<k { partials[j] = start }
                var g = 0
                while g &+ k <= n {
                    for j in 0..<k { partials[j] = partials[j] + term(g &+ j) }
                    g &+= k
                }
                for j in 0..<(n &- g) { partials[j] = partials[j] + term(g &+ j) }
                return LanePlan.combine(partials, count: k, +)
            }
            if let dots, n <= dotCapacity, q4 != nil || ((m == 4 || m == 8) && ca == m && cb == m) {
                // All dots of the row first (several per vector for short int8 groups).
                if let q4, q4 == 1, ca == 2 &* m, cb == m, let unpacked, 2 &* n &* m <= unpackedCapacity {
                    // Contiguous byte pairs: the row's weights unpacked to int8 (weight 2q from
                    // the low nibble of byte q, 2q + 1 from the high one), then int8 group dots
                    // of 2m elements: the same products, summed in wrapping int32.
                    IntDot.unpackQ4(pb, count: n &* m, into: unpacked)
                    let w = UnsafePointer(unpacked), gs = 2 &* m
                    if gs == 4 || gs == 8 {
                        IntDot.groups(pa, w, groupSize: gs, count: n, into: dots)
                    } else {
                        for g in 0..<n { dots[g] = IntDot.int8(pa + g &* gs, w + g &* gs, count: gs) }
                    }
                } else if let q4 {
                    for g in 0..<n { dots[g] = IntDot.q4(pa + g &* ca, q4, pb + g &* cb, count: m) }
                } else {
                    IntDot.groups(pa, pb, groupSize: m, count: n, into: dots)
                }
                return accumulate { g in
                    let d = Float(base &+ dots[g])
                    if pairFirst { return d * (c1[g &* s1] * c2[g &* s2]) }
                    let p = d * c1[g &* s1]
                    return twoFactors ? p * c2[g &* s2] : p
                }
            }
            return accumulate(term)
        }
    }

    func groupedDotProduct(_ r: Reduction, lanes k: Int, trip: @escaping () -> Int,
                           initial: Code, result: VarSlot) -> Action? {
        guard case .float(let out) = result, case .float(let initialValue) = initial,
              let plan = groupedDot(r, lanes: k, trip: trip, initial: initialValue, row: nil)
        else { return nil }
        return Action {
            let n = plan.trip()
            let m = n > 0 ? plan.dotTrip() : 0
            let pa = UnsafePointer(plan.a.slot.pointee.assumingMemoryBound(to: Int8.self) + plan.a.base())
            let pb = UnsafePointer(plan.b.slot.pointee.assumingMemoryBound(to: Int8.self) + plan.b.base())
            plan.f1.bind()
            plan.f2.bind()
            out.pointee = plan.value(pa, pb, plan.f1.cell.pointee, plan.f2.cell.pointee, n: n, m: m, initial: plan.initial())
        }
    }

    /// Recognises the group loop `r` (see the extension's description); `row` names an
    /// enclosing loop whose coefficients are recorded for FusedRows.
    func groupedDot(_ r: Reduction, lanes k: Int, trip: @escaping () -> Int, initial initialValue: @escaping () -> Float,
                    row: String?) -> GroupedDot? {
        // Partials start alike (all at the initial value) only with one lane or from 0.
        guard r.partialsStartAlike(lanes: k) else { return nil }
        guard r.op == .add, r.result.type == .float32, r.body.count == 1,
              case .reduce(let dot) = r.body[0], dot.variable != r.variable,
              dot.op == .add, dot.result.type == .int32, dot.body.isEmpty,
              case .intConst(let dotInitial) = dot.initial.node
        else { return nil }
        // The int8 dot x·y, or the Q4 dot of packed nibbles.
        let a: GroupOperand, b: GroupOperand, q4: Int?
        if case .binary(.mul, let x, let y) = dot.value.node,
           let ga = groupOperand(x, inner: dot.variable, outer: r.variable, row: row),
           let gb = groupOperand(y, inner: dot.variable, outer: r.variable, row: row) {
            (a, b, q4) = (ga, gb, nil)
        } else if let q = q4Dot(dot.value, inner: dot.variable, outer: r.variable, row: row) {
            (a, b, q4) = (q.activation, q.weights, q.highOffset)
        } else {
            return nil
        }
        // The inner trip count must not depend on g: it is read once per entry.
        if case .runtime(let bound, _) = dot.bound, bound.loopVars.contains(r.variable) { return nil }
        let dotStart = Int32(truncatingIfNeeded: dotInitial)
        // The value: dot alone, dot·a, (dot·a)·b or dot·(a·b), in any operand order.
        let isDot: (Expr) -> Bool = { e in
            if case .cast(let c) = e.node, e.type == .float32, case .variable(let dv) = c.node, dv == dot.result { return true }
            return false
        }
        var factors: [GroupFactor] = []
        var pairFirst = false  // true: dot · (a · b)
        if !isDot(r.value) {
            guard case .binary(.mul, let p, let q) = r.value.node else { return nil }
            if isDot(p) || isDot(q) {
                let other = isDot(p) ? q : p
                if case .binary(.mul, let s, let t) = other.node, !isDot(s), !isDot(t) {
                    guard let f1 = factor(s, outer: r.variable, row: row), let f2 = factor(t, outer: r.variable, row: row)
                    else { return nil }
                    factors = [f1, f2]
                    pairFirst = true
                } else {
                    guard let f1 = factor(other, outer: r.variable, row: row) else { return nil }
                    factors = [f1]
                }
            } else {
                // (dot · a) · b, with the inner product on either side.
                let (inner, last) = { () -> (Expr, Expr) in
                    if case .binary(.mul, _, _) = p.node { return (p, q) }
                    return (q, p)
                }()
                guard case .binary(.mul, let s, let t) = inner.node, isDot(s) != isDot(t),
                      let f1 = factor(isDot(s) ? t : s, outer: r.variable, row: row),
                      let f2 = factor(last, outer: r.variable, row: row)
                else { return nil }
                factors = [f1, f2]
            }
        }
        if let row, case .runtime(let bound, _) = dot.bound, bound.loopVars.contains(row) { return nil }
        // A missing factor is the constant 1 (multiplying by 1 is exact).
        let unit = factor(.f32(1), outer: r.variable, row: row)
        guard let f1 = factors.count > 0 ? factors[0] : unit, let f2 = factors.count > 1 ? factors[1] : unit else { return nil }
        let maxGroups: Int
        switch r.bound {
        case .constant(let c): maxGroups = c
        case .runtime(_, let m): maxGroups = m
        }
        let capacity = maxGroups <= 1 << 16 ? Swift.max(maxGroups, 0) : 0
        let maxDot: Int
        switch dot.bound {
        case .constant(let c): maxDot = c
        case .runtime(_, let m): maxDot = m
        }
        let unpackedCapacity = q4 != nil && capacity > 0 && maxDot > 0 && maxDot <= (1 << 20) / (2 * capacity) ? 2 * capacity * maxDot : 0
        return GroupedDot(a: a, b: b, f1: f1, f2: f2, pairFirst: pairFirst, twoFactors: factors.count == 2,
                          trip: trip, dotTrip: tripCount(dot.bound, dot.name), dotBase: dotStart,
                          initial: initialValue, lanes: k, partials: arena.allocate(Float.self, count: k),
                          dots: capacity > 0 ? arena.allocate(Int32.self, count: capacity) : nil, dotCapacity: capacity, q4: q4,
                          unpacked: unpackedCapacity > 0 ? arena.allocate(Int8.self, count: unpackedCapacity) : nil,
                          unpackedCapacity: unpackedCapacity)
    }

    /// `(int32)buffer[index]` over int8 storage, unit stride along `inner` and affine along
    /// `outer` (and `row`, when given).
    func groupOperand(_ e: Expr, inner: String, outer: String, row: String?) -> GroupOperand? {
        guard e.type == .int32, case .cast(let c) = e.node, c.type == .int8,
              case .load(let name, let indices) = c.node, let b = out.buffers[name]
        else { return nil }
        return groupOperand(name, b.linear(indices), inner: inner, step: 1, outer: outer, row: row)
    }

    /// Int8 buffer `name` at flat index `linear`, with coefficient `step` along `inner`.
    func groupOperand(_ name: String, _ linear: Index, inner: String, step: Int, outer: String, row: String?) -> GroupOperand? {
        guard let b = out.buffers[name], b.kind == .i8, let a = AffineIndex(linear), a.coefficient(ofLoop: inner) == step
        else { return nil }
        let base = a.dropping(loop: inner).dropping(loop: outer)
        return GroupOperand(slot: b.slot, stride: a.coefficient(ofLoop: outer), row: row.map { a.coefficient(ofLoop: $0) } ?? 0,
                            base: index(base.index).closure)
    }

    /// A factor of the group value: a float load affine in `outer` (and `row`, when given),
    /// a float variable or a constant.
    func factor(_ e: Expr, outer: String, row: String?) -> GroupFactor? {
        let cell = arena.allocate(UnsafePointer<Float>.self, count: 1)
        switch e.node {
        case .floatConst(let c):
            let p = arena.allocate(Float.self, count: 1)
            p.pointee = c
            cell.pointee = UnsafePointer(p)
            return GroupFactor(cell: cell, stride: 0, row: 0, bind: {})
        case .variable(let v):
            guard case .float(let p) = slotFor(v) else { return nil }
            cell.pointee = UnsafePointer(p)
            return GroupFactor(cell: cell, stride: 0, row: 0, bind: {})
        case .load(let name, let indices):
            guard let b = out.buffers[name], b.kind == .f32, let a = AffineIndex(b.linear(indices)) else { return nil }
            let base = index(a.dropping(loop: outer).index).closure
            let slot = b.slot
            return GroupFactor(cell: cell, stride: a.coefficient(ofLoop: outer), row: row.map { a.coefficient(ofLoop: $0) } ?? 0,
                               bind: { cell.pointee = UnsafePointer(slot.pointee.assumingMemoryBound(to: Float.self) + base()) })
        default:
            return nil
        }
    }
}
