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
extension KernelCompiler {
    /// A factor of the group value: `cell[g · stride]`, where `cell` is set at loop entry.
    private struct Factor {
        let cell: UnsafeMutablePointer<UnsafePointer<Float>>
        let stride: Int
        let bind: () -> Void
    }

    func groupedDotProduct(_ r: Reduction, lanes k: Int, trip: @escaping () -> Int,
                           initial: Code, result: VarSlot) -> Action? {
        guard r.op == .add, r.result.type == .float32, r.body.count == 1,
              case .reduce(let dot) = r.body[0], dot.variable != r.variable,
              dot.op == .add, dot.result.type == .int32, dot.body.isEmpty,
              case .binary(.mul, let x, let y) = dot.value.node,
              case .intConst(let dotInitial) = dot.initial.node,
              case .float(let initialValue) = initial, case .float(let out) = result,
              let a = groupOperand(x, inner: dot.variable, outer: r.variable),
              let b = groupOperand(y, inner: dot.variable, outer: r.variable)
        else { return nil }
        // The inner trip count must not depend on g: it is read once per entry.
        if case .runtime(let bound, _) = dot.bound, bound.loopVars.contains(r.variable) { return nil }
        let dotLanes = Int32(truncatingIfNeeded: lanes(of: dot))
        let dotStart = Int32(truncatingIfNeeded: dotInitial)
        // The value: dot alone, dot·a, (dot·a)·b or dot·(a·b), in any operand order.
        let isDot: (Expr) -> Bool = { e in
            if case .cast(let c) = e.node, e.type == .float32, case .variable(let dv) = c.node, dv == dot.result { return true }
            return false
        }
        var factors: [Factor] = []
        var pairFirst = false  // true: dot · (a · b)
        if !isDot(r.value) {
            guard case .binary(.mul, let p, let q) = r.value.node else { return nil }
            if isDot(p) || isDot(q) {
                let other = isDot(p) ? q : p
                if case .binary(.mul, let s, let t) = other.node, !isDot(s), !isDot(t) {
                    guard let f1 = factor(s, outer: r.variable), let f2 = factor(t, outer: r.variable) else { return nil }
                    factors = [f1, f2]
                    pairFirst = true
                } else {
                    guard let f1 = factor(other, outer: r.variable) else { return nil }
                    factors = [f1]
                }
            } else {
                // (dot · a) · b, with the inner product on either side.
                let (inner, last) = { () -> (Expr, Expr) in
                    if case .binary(.mul, _, _) = p.node { return (p, q) }
                    return (q, p)
                }()
                guard case .binary(.mul, let s, let t) = inner.node, isDot(s) != isDot(t),
                      let f1 = factor(isDot(s) ? t : s, outer: r.variable), let f2 = factor(last, outer: r.variable)
                else { return nil }
                factors = [f1, f2]
            }
        }
        let dotTrip = tripCount(dot.bound, dot.name)
        // A missing factor is the constant 1 (multiplying by 1 is exact).
        let unit = factor(.f32(1), outer: r.variable)
        guard let f1 = factors.count > 0 ? factors[0] : unit, let f2 = factors.count > 1 ? factors[1] : unit else { return nil }
        let twoFactors = factors.count == 2
        let (sa, ca, ba) = a, (sb, cb, bb) = b
        let partials = arena.allocate(Float.self, count: k)
        return Action {
            let n = trip()
            let m = n > 0 ? dotTrip() : 0
            let pa = UnsafePointer(sa.pointee.assumingMemoryBound(to: Int8.self) + ba())
            let pb = UnsafePointer(sb.pointee.assumingMemoryBound(to: Int8.self) + bb())
            f1.bind()
            f2.bind()
            let c1 = f1.cell.pointee, s1 = f1.stride, c2 = f2.cell.pointee, s2 = f2.stride
            let base = dotStart &* dotLanes
            @inline(__always) func term(_ g: Int) -> Float {
                let d = Float(base &+ IntDot.int8(pa + g * ca, pb + g * cb, count: m))
                if pairFirst { return d * (c1[g * s1] * c2[g * s2]) }
                let p = d * c1[g * s1]
                return twoFactors ? p * c2[g * s2] : p
            }
            if k == 1 {
                var acc = initialValue()
                for g in 0..<n { acc += term(g) }
                out.pointee = acc
                return
            }
            let start = initialValue()
            for j in 0..<k { partials[j] = start }
            var lane = 0
            for g in 0..<n {
                partials[lane] += term(g)
                lane += 1
                if lane == k { lane = 0 }
            }
            var acc = partials[0]
            for j in 1..<k { acc += partials[j] }
            out.pointee = acc
        }
    }

    /// `(int32)buffer[index]` over int8 storage, unit stride along `inner` and affine along
    /// `outer`: (slot, stride along outer, base at inner = outer = 0).
    private func groupOperand(_ e: Expr, inner: String, outer: String)
        -> (UnsafeMutablePointer<UnsafeMutableRawPointer>, Int, () -> Int)? {
        guard e.type == .int32, case .cast(let c) = e.node, c.type == .int8,
              case .load(let name, let indices) = c.node, let b = out.buffers[name], b.kind == .i8,
              let a = AffineIndex(b.linear(indices)), a.coefficient(ofLoop: inner) == 1
        else { return nil }
        let base = a.dropping(loop: inner).dropping(loop: outer)
        return (b.slot, a.coefficient(ofLoop: outer), index(base.index).closure)
    }

    /// A factor of the group value: a float load affine in `outer`, a float variable or a constant.
    private func factor(_ e: Expr, outer: String) -> Factor? {
        let cell = arena.allocate(UnsafePointer<Float>.self, count: 1)
        switch e.node {
        case .floatConst(let c):
            let p = arena.allocate(Float.self, count: 1)
            p.pointee = c
            cell.pointee = UnsafePointer(p)
            return Factor(cell: cell, stride: 0, bind: {})
        case .variable(let v):
            guard case .float(let p) = slotFor(v) else { return nil }
            cell.pointee = UnsafePointer(p)
            return Factor(cell: cell, stride: 0, bind: {})
        case .load(let name, let indices):
            guard let b = out.buffers[name], b.kind == .f32, let a = AffineIndex(b.linear(indices)) else { return nil }
            let base = index(a.dropping(loop: outer).index).closure
            let slot = b.slot
            return Factor(cell: cell, stride: a.coefficient(ofLoop: outer),
                          bind: { cell.pointee = UnsafePointer(slot.pointee.assumingMemoryBound(to: Float.self) + base()) })
        default:
            return nil
        }
    }
}
