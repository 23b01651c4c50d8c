import HLSIR

/// Hot shape 2: float sums `Σ x[i]·y[i]`, `Σ x[i]·x[i]` or `Σ x[i]` with unit stride and an
/// empty body. With K lanes, partial j holds elements j, j+K, j+2K, … in order: exactly what
/// one SIMD vector of width K accumulates, so K ∈ {2, 4, 8, 16} runs as SIMD and K = 1 as a
/// plain scalar loop; other K run the same order on scalars. No step is reassociated.
extension KernelCompiler {
    func floatSum(_ r: Reduction, lanes k: Int, trip: @escaping () -> Int, initial: Code, result: VarSlot) -> Action? {
        guard r.op == .add, r.result.type == .float32, r.body.isEmpty,
              case .float(let initialValue) = initial, case .float(let out) = result
        else { return nil }
        let x: (UnsafeMutablePointer<UnsafeMutableRawPointer>, () -> Int)
        var y: (UnsafeMutablePointer<UnsafeMutableRawPointer>, () -> Int)?
        if case .binary(.mul, let a, let b) = r.value.node {
            guard let p = unitFloatLoad(a, r.variable), let q = unitFloatLoad(b, r.variable) else { return nil }
            x = p
            y = q
        } else {
            guard let p = unitFloatLoad(r.value, r.variable) else { return nil }
            x = p
        }
        let counter = indexSlot(.loop(r.variable))
        let sum: (UnsafePointer<Float>, UnsafePointer<Float>?, Int, Float) -> Float
        switch k {
        case 1: sum = FloatSum.sequential
        case 2: sum = { FloatSum.simd($0, $1, $2, $3, SIMD2<Float>.self) }
        case 4: sum = { FloatSum.simd($0, $1, $2, $3, SIMD4<Float>.self) }
        case 8: sum = { FloatSum.simd($0, $1, $2, $3, SIMD8<Float>.self) }
        case 16: sum = { FloatSum.simd($0, $1, $2, $3, SIMD16<Float>.self) }
        default: sum = { FloatSum.lanes($0, $1, $2, $3, k) }
        }
        let (sx, bx) = x
        if let (sy, by) = y {
            return Action {
                let n = trip()
                counter.pointee = 0
                let px = UnsafePointer(sx.pointee.assumingMemoryBound(to: Float.self) + bx())
                let py = UnsafePointer(sy.pointee.assumingMemoryBound(to: Float.self) + by())
                out.pointee = sum(px, py, n, initialValue())
            }
        }
        return Action {
            let n = trip()
            counter.pointee = 0
            let px = UnsafePointer(sx.pointee.assumingMemoryBound(to: Float.self) + bx())
            out.pointee = sum(px, nil, n, initialValue())
        }
    }

    /// A float load whose flat index advances by 1 with `variable`: its buffer slot and the
    /// index closure (the base when the counter is 0).
    func unitFloatLoad(_ e: Expr, _ variable: String) -> (UnsafeMutablePointer<UnsafeMutableRawPointer>, () -> Int)? {
        guard case .load(let name, let indices) = e.node, let b = out.buffers[name], b.kind == .f32,
              let s = stride(of: b.linear(indices), along: variable), s.coefficient == 1
        else { return nil }
        return (b.slot, s.base)
    }
}

/// Float sums in the documented lane order.
enum FloatSum {
    static func sequential(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>?, _ n: Int, _ initial: Float) -> Float {
        var s = initial
        if let y {
            for i in 0..<n { s += x[i] * y[i] }
        } else {
            for i in 0..<n { s += x[i] }
        }
        return s
    }

    /// Four sequential sums `initial + Σ x_q[i]·y_q[i]` with `x_q = x + q·xr`, `y_q = y + q·yr`,
    /// each in increasing i, computed side by side (independent chains; same bits as four
    /// calls of `sequential`).
    static func sequentialRows4(_ x: UnsafePointer<Float>, _ xr: Int, _ y: UnsafePointer<Float>, _ yr: Int,
                                _ n: Int, _ initial: Float) -> SIMD4<Float> {
        var s0 = initial, s1 = initial, s2 = initial, s3 = initial
        let x1 = x + xr, x2 = x + 2 &* xr, x3 = x + 3 &* xr
        if yr == 0 {
            for i in 0..<n {
                let v = y[i]
                s0 += x[i] * v
                s1 += x1[i] * v
                s2 += x2[i] * v
                s3 += x3[i] * v
            }
        } else {
            let y1 = y + yr, y2 = y + 2 &* yr, y3 = y + 3 &* yr
            for i in 0..<n {
                s0 += x[i] * y[i]
                s1 += x1[i] * y1[i]
                s2 += x2[i] * y2[i]
                s3 += x3[i] * y3[i]
            }
        }
        return SIMD4(s0, s1, s2, s3)
    }

    static func simd<V: SIMD>(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>?, _ n: Int, _ initial: Float,
                              _: V.Type) -> Float where V.Scalar == Float {
        let w = V.scalarCount
        var acc = V(repeating: initial)
        var i = 0
        if let y {
            while i + w <= n {
                acc += UnsafeRawPointer(x + i).loadUnaligned(as: V.self) * UnsafeRawPointer(y + i).loadUnaligned(as: V.self)
                i += w
            }
            for j in 0..<(n - i) { acc[j] += x[i + j] * y[i + j] }
        } else {
            while i + w <= n {
                acc += UnsafeRawPointer(x + i).loadUnaligned(as: V.self)
                i += w
            }
            for j in 0..<(n - i) { acc[j] += x[i + j] }
        }
        var r = acc[0]
        for j in 1..<w { r += acc[j] }
        return r
    }

    /// Four rows of `lanes` (x and y advanced by `xr`, `yr` per row), each with its own k
    /// partials in `p` (4·k floats), then the four left-to-right combinations side by side:
    /// each row's additions in the same order as `lanes`, four independent chains in one
    /// vector instead of one long chain per row.
    static func lanesRows4(_ x: UnsafePointer<Float>, _ xr: Int, _ y: UnsafePointer<Float>, _ yr: Int, _ n: Int, _ initial: Float,
                           _ k: Int, _ p: UnsafeMutablePointer<Float>) -> SIMD4<Float> {
        for q in 0..<4 {
            let pq = p + q &* k, xq = x + q &* xr, yq = y + q &* yr
            pq.update(repeating: initial, count: k)
            var i = 0
            while i &+ k <= n {
                for j in 0..<k { pq[j] = pq[j] + xq[i &+ j] * yq[i &+ j] }
                i &+= k
            }
            for j in 0..<(n &- i) { pq[j] = pq[j] + xq[i &+ j] * yq[i &+ j] }
        }
        var acc = SIMD4<Float>(p[0], p[k], p[2 &* k], p[3 &* k])
        for j in 1..<Swift.max(1, k) { acc = acc + SIMD4<Float>(p[j], p[k &+ j], p[2 &* k &+ j], p[3 &* k &+ j]) }
        return acc
    }

    static func lanes(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>?, _ n: Int, _ initial: Float, _ k: Int) -> Float {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: k) { buffer in
            let p = buffer.baseAddress!
            p.initialize(repeating: initial, count: k)
            // Whole rounds of k elements (element i + j into partial j: independent adds the
            // compiler vectorises), then the last partial round.
            var i = 0
            if let y {
                while i &+ k <= n {
                    for j in 0..<k { p[j] = p[j] + x[i &+ j] * y[i &+ j] }
                    i &+= k
                }
                for j in 0..<(n &- i) { p[j] = p[j] + x[i &+ j] * y[i &+ j] }
            } else {
                while i &+ k <= n {
                    for j in 0..<k { p[j] = p[j] + x[i &+ j] }
                    i &+= k
                }
                for j in 0..<(n &- i) { p[j] = p[j] + x[i &+ j] }
            }
            return LanePlan.combine(p, count: k, +)
        }
    }
}
