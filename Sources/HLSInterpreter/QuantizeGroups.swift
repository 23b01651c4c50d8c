import HLSIR
#if canImport(Glibc)
import Glibc
#endif

/// Hot shape 7: llama2.c's Q8_0 activation quantization (QuantizeQ8, libm profile) as one
/// routine over all groups. The `groups` loop must be exactly
///
///     m = reduce max (initial c0, one lane) over i < GS of abs(x[bx + g·cx + i])
///     s = m / c1
///     d = select(s == c2, c3, s)
///     xs[bs + g·cs] = s
///     for j < GS': r = roundf(x[bv + g·cv + j] / d); q = min(max(r, lo), hi); xq[bq + g·cq + j] = (int8)q
///
/// and every step is evaluated as ExprCompiler.swift evaluates it (`v > acc ? v : acc`,
/// `max(a, b) = b > a ? b : a`, `min(a, b) = b < a ? b : a`, glibc's `roundf`, the float →
/// int8 conversion of Conversions.swift), in the same order, so the bits are the same. The
/// exact profile's rounding (several statements) is not recognised and runs the general code.
/// When x, xq and xs overlap (they may alias through sub-function arguments) the general
/// loop runs instead.
extension KernelCompiler {
    func quantizeGroups(_ l: Loop, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int) -> Action? {
        guard let shape = QuantizeShape(l, self) else { return nil }
        let general = block(l.body)
        let x = shape.x, xq = shape.xq, xs = shape.xs
        let c0 = shape.initial, c1 = shape.divide, c2 = shape.zero, c3 = shape.replacement
        let lo = shape.lo, hi = shape.hi
        let gs = shape.groupSize, gv = shape.valueCount
        let (bx, cx) = shape.reduceLoad, (bv, cv) = shape.valueLoad
        let (bq, cq) = shape.quantStore, (bs, cs) = shape.scaleStore
        let slots = shape.slots
        return Action {
            let n = trip()
            guard n > 0 else { return }
            let px = x.pointee.assumingMemoryBound(to: Float.self)
            let pq = xq.pointee.assumingMemoryBound(to: Int8.self)
            let ps = xs.pointee.assumingMemoryBound(to: Float.self)
            let ox = bx(), ov = bv(), oq = bq(), os = bs()
            let xr = QuantizeShape.span(ox, cx, n, gs, 4), vr = QuantizeShape.span(ov, cv, n, gv, 4)
            let qr = QuantizeShape.span(oq, cq, n, gv, 1), sr = QuantizeShape.span(os, cs, n, 1, 4)
            let xLo = Swift.min(UnsafeRawPointer(px) + xr.0, UnsafeRawPointer(px) + vr.0)
            let xHi = Swift.max(UnsafeRawPointer(px) + xr.1, UnsafeRawPointer(px) + vr.1)
            let qLo = UnsafeRawPointer(pq) + qr.0, qHi = UnsafeRawPointer(pq) + qr.1
            let sLo = UnsafeRawPointer(ps) + sr.0, sHi = UnsafeRawPointer(ps) + sr.1
            func overlap(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ c: UnsafeRawPointer, _ d: UnsafeRawPointer) -> Bool {
                a < b && c < d && a < d && c < b
            }
            if overlap(xLo, xHi, qLo, qHi) || overlap(sLo, sHi, qLo, qHi)
                || overlap(sLo, sHi, xLo, xHi) {
                for i in 0..<n {
                    v.pointee = i
                    general()
                }
                return
            }
            var m: Float = 0, s: Float = 0, d: Float = 0, r: Float = 0, q: Float = 0
            var valuesRan = false
            for g in 0..<n {
                var acc = c0
                let a = px + (ox &+ g &* cx)
                for i in 0..<gs { let t = a[i].magnitude; acc = t > acc ? t : acc }
                m = acc
                s = m / c1
                d = s == c2 ? c3 : s
                ps[os &+ g &* cs] = s
                let b = px + (ov &+ g &* cv), o = pq + (oq &+ g &* cq)
                for j in 0..<gv {
                    r = roundf(b[j] / d)
                    let u = lo > r ? lo : r
                    q = hi < u ? hi : u
                    o[j] = Int8(truncatingIfNeeded: IntegerArithmetic.truncate(q))
                }
                valuesRan = valuesRan || gv > 0
            }
            // The variables hold the last iteration's values, as after the general loop.
            v.pointee = n &- 1
            slots.m.pointee = m
            slots.s.pointee = s
            slots.d.pointee = d
            if valuesRan {
                slots.r.pointee = r
                slots.q.pointee = q
            }
        }
    }
}

/// The recognised parts of a quantization `groups` loop (see `quantizeGroups`).
struct QuantizeShape {
    let x: UnsafeMutablePointer<UnsafeMutableRawPointer>
    let xq: UnsafeMutablePointer<UnsafeMutableRawPointer>
    let xs: UnsafeMutablePointer<UnsafeMutableRawPointer>
    let initial: Float, divide: Float, zero: Float, replacement: Float, lo: Float, hi: Float
    let groupSize: Int, valueCount: Int
    /// Base (all loop counters of the group loop and the inner loop at 0) and coefficient of g.
    let reduceLoad: (() -> Int, Int), valueLoad: (() -> Int, Int), quantStore: (() -> Int, Int), scaleStore: (() -> Int, Int)
    let slots: (m: UnsafeMutablePointer<Float>, s: UnsafeMutablePointer<Float>, d: UnsafeMutablePointer<Float>,
                r: UnsafeMutablePointer<Float>, q: UnsafeMutablePointer<Float>)

    init?(_ l: Loop, _ k: KernelCompiler) {
        guard l.body.count == 5,
              case .reduce(let red) = l.body[0], case .bind(let sv, let se) = l.body[1],
              case .bind(let dv, let de) = l.body[2], case .store(let sName, let sIdx, let sVal) = l.body[3],
              case .loop(let inner) = l.body[4], inner.body.count == 3,
              case .bind(let rv, let re) = inner.body[0], case .bind(let qv, let qe) = inner.body[1],
              case .store(let qName, let qIdx, let qVal) = inner.body[2]
        else { return nil }
        // The reduction: max of |x| over a constant count, one lane, no body.
        guard red.op == .max, red.result.type == .float32, red.body.isEmpty, k.lanes(of: red) == 1,
              case .constant(let gs) = red.bound, case .floatConst(let c0) = red.initial.node,
              case .unary(.abs, let absArg) = red.value.node, absArg.type == .float32,
              case .load(let xName, let xIdx) = absArg.node
        else { return nil }
        let m = red.result
        // s = m / c1; d = select(s == c2, c3, s); xs[..] = s.
        guard sv.type == .float32, case .binary(.div, let mRef, let c1e) = se.node,
              case .variable(let mv) = mRef.node, mv == m, case .floatConst(let c1) = c1e.node,
              dv.type == .float32, case .select(let cond, let c3e, let sRef2) = de.node,
              case .compare(.eq, let sRef1, let c2e) = cond.node,
              case .variable(let s1) = sRef1.node, s1 == sv, case .floatConst(let c2) = c2e.node,
              case .floatConst(let c3) = c3e.node, case .variable(let s2) = sRef2.node, s2 == sv,
              case .variable(let s3) = sVal.node, s3 == sv
        else { return nil }
        // r = roundf(x[..] / d); q = min(max(r, lo), hi); xq[..] = (int8)q.
        guard case .constant(let gv) = inner.bound, rv.type == .float32, qv.type == .float32,
              case .math(.roundf, let rArgs) = re.node, rArgs.count == 1,
              case .binary(.div, let xLoad, let dRef) = rArgs[0].node, case .variable(let d1) = dRef.node, d1 == dv,
              case .load(let xName2, let xIdx2) = xLoad.node, xName2 == xName,
              case .binary(.min, let maxE, let hiE) = qe.node, case .floatConst(let hi) = hiE.node,
              case .binary(.max, let rRef, let loE) = maxE.node, case .floatConst(let lo) = loE.node,
              case .variable(let r1) = rRef.node, r1 == rv,
              qVal.type == .int8, case .cast(let qRef) = qVal.node, case .variable(let q1) = qRef.node, q1 == qv
        else { return nil }
        // Distinct variables, so each reference reads the value just computed.
        guard Set([m.name, sv.name, dv.name, rv.name, qv.name]).count == 5,
              red.variable != l.variable, inner.variable != l.variable,
              let xb = k.out.buffers[xName], xb.kind == .f32,
              let qb = k.out.buffers[qName], qb.kind == .i8, qb.buffer.elementType == .int8,
              let sb = k.out.buffers[sName], sb.kind == .f32,
              let rl = QuantizeShape.affine(xb.linear(xIdx), k, outer: l.variable, inner: red.variable),
              let vl = QuantizeShape.affine(xb.linear(xIdx2), k, outer: l.variable, inner: inner.variable),
              let ql = QuantizeShape.affine(qb.linear(qIdx), k, outer: l.variable, inner: inner.variable),
              let sl = QuantizeShape.affine(sb.linear(sIdx), k, outer: l.variable, inner: nil),
              case .float(let mp) = k.slotFor(m), case .float(let sp) = k.slotFor(sv), case .float(let dp) = k.slotFor(dv),
              case .float(let rp) = k.slotFor(rv), case .float(let qp) = k.slotFor(qv)
        else { return nil }
        x = xb.slot
        xq = qb.slot
        xs = sb.slot
        (initial, divide, zero, replacement, self.lo, self.hi) = (c0, c1, c2, c3, lo, hi)
        (groupSize, valueCount) = (gs, gv)
        (reduceLoad, valueLoad, quantStore, scaleStore) = (rl, vl, ql, sl)
        slots = (mp, sp, dp, rp, qp)
    }

    /// An index `base + g·c + i` (unit coefficient on the inner counter, or no inner counter):
    /// the base closure (independent of both counters) and c.
    static func affine(_ i: Index, _ k: KernelCompiler, outer: String, inner: String?) -> (() -> Int, Int)? {
        guard let a = AffineIndex(i) else { return nil }
        var rest = a.dropping(loop: outer)
        if let inner {
            guard a.coefficient(ofLoop: inner) == 1 else { return nil }
            rest = rest.dropping(loop: inner)
        }
        return (k.index(rest.index).closure, a.coefficient(ofLoop: outer))
    }

    /// Bytes (relative to the buffer base) that `n` groups of `count` elements at
    /// `base + g·c + [0, count)` cover: [low, high).
    static func span(_ base: Int, _ c: Int, _ n: Int, _ count: Int, _ bytes: Int) -> (Int, Int) {
        guard count > 0 else { return (0, 0) }
        let first = base, last = base &+ (n &- 1) &* c
        return (Swift.min(first, last) &* bytes, (Swift.max(first, last) &+ count) &* bytes)
    }
}
