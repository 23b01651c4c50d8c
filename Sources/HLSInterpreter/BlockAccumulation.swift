import HLSIR

/// Hot shape 6: a block of weighted rows accumulated into per-head accumulators, attention's
/// value accumulation restructured for hardware (`values` / `last_values`):
///
///     for r in 0 ..< rows:                        // the loop recognised here
///       for h in 0 ..< heads:
///         w = wb[W]                               // one float bind, a load
///         for i in 0 ..< m:
///           o[O] = o[O] + w · x[X]                 // or (w · x) + o[O], x · w
///
/// Recognised structurally on the bound representation: `O` and `X` advance by 1 along i,
/// `X` and `W` by constant coefficients along r (AffineIndex-style `coefficient(of:)`), `O`
/// not at all along r; any dependence on h (such as attention's non-affine
/// `(h / kv_mul) · head_size`) is evaluated once per head and call; the head and element
/// trip counts do not depend on r or h. All rows run in one routine on pointers.
///
/// Order: each element `o[O(h, i)]` receives its products in increasing r, each product
/// rounded and then added, operands in the IR's order — exactly the general loop's order
/// for that element. The routine runs head by head and, inside, rows innermost (the
/// accumulator stays in a SIMD register), which equals the general r-outer order only when
/// no element of `o` is written for two (h, i) and `o` overlaps neither `x` nor `wb`. Both
/// are checked at entry (the per-head output ranges must follow each other without overlap;
/// buffers may alias through sub-function arguments); otherwise the general closures run.
extension KernelCompiler {
    /// Operand order of `o + w · x` as the IR writes it.
    enum AccumulationForm {
        /// o + w·x, o + x·w, w·x + o, x·w + o.
        case accWeight, accValue, weightAcc, valueAcc
    }

    func blockAccumulation(_ l: Loop, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int,
                           general: @escaping () -> Void) -> Action? {
        guard l.body.count == 1, case .loop(let hl) = l.body[0], hl.body.count == 2,
              case .bind(let w, let we) = hl.body[0], w.type == .float32, we.type == .float32,
              case .load(let wName, let wIndices) = we.node, let wb = out.buffers[wName], wb.kind == .f32,
              case .loop(let il) = hl.body[1], il.body.count == 1,
              case .store(let oName, let oIndices, let value) = il.body[0],
              let o = out.buffers[oName], o.kind == .f32, value.type == .float32,
              case .binary(.add, let s1, let s2) = value.node, s1.type == .float32, s2.type == .float32
        else { return nil }
        let r = l.variable, h = hl.variable, i = il.variable
        guard Set([r, h, i]).count == 3, w.name != r else { return nil }
        for b in [hl.bound, il.bound] {
            if case .runtime(let e, _) = b, !e.loopVars.isDisjoint(with: [r, h]) { return nil }
        }
        // The accumulator load: the stored element itself.
        let oLinear = o.linear(oIndices)
        func isAccumulator(_ e: Expr) -> Bool {
            guard case .load(let n, let idx) = e.node, n == oName else { return false }
            let a = o.linear(idx)
            if a == oLinear { return true }
            guard let d = AffineIndex(a - oLinear) else { return false }
            return d.coefficients.isEmpty && d.constant == 0
        }
        let accFirst: Bool
        let product: Expr
        if isAccumulator(s1) { accFirst = true; product = s2 } else if isAccumulator(s2) { accFirst = false; product = s1 } else { return nil }
        guard case .binary(.mul, let p1, let p2) = product.node, p1.type == .float32, p2.type == .float32 else { return nil }
        let isWeight: (Expr) -> Bool = { if case .variable(let x) = $0.node { return x == w }; return false }
        let weightFirst: Bool
        let xe: Expr
        if isWeight(p1) { weightFirst = true; xe = p2 } else if isWeight(p2) { weightFirst = false; xe = p1 } else { return nil }
        guard case .load(let xName, let xIndices) = xe.node, let x = out.buffers[xName], x.kind == .f32 else { return nil }
        let form: AccumulationForm = accFirst ? (weightFirst ? .accWeight : .accValue) : (weightFirst ? .weightAcc : .valueAcc)

        let xLinear = x.linear(xIndices), wLinear = wb.linear(wIndices)
        guard oLinear.coefficient(of: i) == 1, oLinear.coefficient(of: r) == 0,
              xLinear.coefficient(of: i) == 1, let xr = xLinear.coefficient(of: r),
              !wLinear.loopVars.contains(i), let wr = wLinear.coefficient(of: r)
        else { return nil }
        let maxHeads: Int
        switch hl.bound {
        case .constant(let n): maxHeads = n
        case .runtime(_, let mx): maxHeads = mx
        }
        guard maxHeads >= 1, maxHeads <= 1 << 12 else { return nil }
        let headTrip = tripCount(hl.bound, hl.name), elementTrip = tripCount(il.bound, il.name)
        guard case .float(let weightSlot) = slotFor(w) else { return nil }
        // Index closures read this routine's own counters for h and i (0 for i).
        let (hc, restoreH) = enterLoop(h)
        defer { restoreH() }
        let (ic, restoreI) = enterLoop(i)
        defer { restoreI() }
        let oBase = index(oLinear).closure, xBase = index(xLinear).closure, wBase = index(wLinear).closure
        // Per head: offsets of o, x and wb at r = 0, i = 0.
        let offsets = arena.allocate(Int.self, count: 3 * maxHeads)
        return Action {
            let n = trip()
            guard n > 0 else { return }
            let heads = headTrip(), m = elementTrip()
            guard heads > 0, m > 0 else { return general() }
            v.pointee = 0
            ic.pointee = 0
            let po = o.slot.pointee.assumingMemoryBound(to: Float.self)
            let px = UnsafePointer(x.slot.pointee.assumingMemoryBound(to: Float.self))
            let pw = UnsafePointer(wb.slot.pointee.assumingMemoryBound(to: Float.self))
            var oLow = Int.max, oHigh = Int.min, xLow = Int.max, xHigh = Int.min, wLow = Int.max, wHigh = Int.min
            var ordered = true
            for q in 0..<heads {
                hc.pointee = q
                let oo = oBase(), xo = xBase(), wo = wBase()
                offsets[3 &* q] = oo
                offsets[3 &* q &+ 1] = xo
                offsets[3 &* q &+ 2] = wo
                // Heads write consecutive, disjoint ranges [oo, oo + m).
                if q > 0 && oo < offsets[3 &* (q &- 1)] &+ m { ordered = false }
                oLow = Swift.min(oLow, oo); oHigh = Swift.max(oHigh, oo &+ m)
                let xs = xr &* (n &- 1), ws = wr &* (n &- 1)
                xLow = Swift.min(xLow, xo &+ Swift.min(0, xs)); xHigh = Swift.max(xHigh, xo &+ Swift.max(0, xs) &+ m)
                wLow = Swift.min(wLow, wo &+ Swift.min(0, ws)); wHigh = Swift.max(wHigh, wo &+ Swift.max(0, ws) &+ 1)
            }
            let written = (UnsafeRawPointer(po + oLow), UnsafeRawPointer(po + oHigh))
            func overlaps(_ p: UnsafePointer<Float>, _ lo: Int, _ hi: Int) -> Bool {
                written.0 < UnsafeRawPointer(p + hi) && UnsafeRawPointer(p + lo) < written.1
            }
            guard ordered, !overlaps(px, xLow, xHigh), !overlaps(pw, wLow, wHigh) else {
                hc.pointee = 0
                return general()
            }
            switch form {
            case .accWeight: BlockAccumulation.run(po, px, pw, offsets, heads, n, m, xr, wr) { a, w, x in a + w * x }
            case .accValue: BlockAccumulation.run(po, px, pw, offsets, heads, n, m, xr, wr) { a, w, x in a + x * w }
            case .weightAcc: BlockAccumulation.run(po, px, pw, offsets, heads, n, m, xr, wr) { a, w, x in w * x + a }
            case .valueAcc: BlockAccumulation.run(po, px, pw, offsets, heads, n, m, xr, wr) { a, w, x in x * w + a }
            }
            // Counters and the bound weight as after the general loop.
            v.pointee = n &- 1
            hc.pointee = heads &- 1
            ic.pointee = m &- 1
            weightSlot.pointee = pw[offsets[3 &* (heads &- 1) &+ 2] &+ wr &* (n &- 1)]
        }
    }
}

/// The accumulation kernels: per head, per chunk of elements (8, then 4, then 1), the
/// accumulators stay in registers while the rows are added in increasing r.
enum BlockAccumulation {
    @inline(__always)
    static func run(_ po: UnsafeMutablePointer<Float>, _ px: UnsafePointer<Float>, _ pw: UnsafePointer<Float>,
                    _ offsets: UnsafeMutablePointer<Int>, _ heads: Int, _ n: Int, _ m: Int, _ xr: Int, _ wr: Int,
                    _ step: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) -> SIMD8<Float>) {
        for q in 0..<heads {
            let o = po + offsets[3 &* q], x = px + offsets[3 &* q &+ 1], w = pw + offsets[3 &* q &+ 2]
            var i = 0
            while i &+ 8 <= m {
                var a = UnsafeRawPointer(o + i).loadUnaligned(as: SIMD8<Float>.self)
                var xp = x + i, wp = w
                for _ in 0..<n {
                    a = step(a, SIMD8(repeating: wp.pointee), UnsafeRawPointer(xp).loadUnaligned(as: SIMD8<Float>.self))
                    xp += xr
                    wp += wr
                }
                UnsafeMutableRawPointer(o + i).storeBytes(of: a, as: SIMD8<Float>.self)
                i &+= 8
            }
            // The tail (fewer than 8 elements) as a padded vector: lanes past m are computed
            // on zeros and never stored.
            let rest = m &- i
            if rest > 0 {
                var a = SIMD8<Float>()
                for j in 0..<rest { a[j] = o[i &+ j] }
                var xp = x + i, wp = w
                for _ in 0..<n {
                    var xv = SIMD8<Float>()
                    for j in 0..<rest { xv[j] = xp[j] }
                    a = step(a, SIMD8(repeating: wp.pointee), xv)
                    xp += xr
                    wp += wr
                }
                for j in 0..<rest { o[i &+ j] = a[j] }
            }
        }
    }
}
