import HLSIR

/// Hot shape 8: explicit lane partials over a tile of tokens, the `dot` / `groups` loop of
/// MatMat's block products (prefill):
///
///     for i in 0 ..< terms:                              // the loop recognised here
///       for t in 0 ..< tile:
///         [d = Σ_c (int32)a[·] · (int32)b[·]]             // the Q8_0 form only
///         acc[T(t), L(i)] = select(C(i), S(i), acc[T(t), L(i)]) + term(i, t)
///
/// The lane L(i) is `i mod K` or does not depend on i; C and S (MatMat's "first term of a
/// lane starts at 0 or the bias") read neither t, acc nor any variable; `acc` is a local
/// float array (locals never alias another buffer). The term is `x[·] · y[·]` (float loads
/// affine in i and t) or `((float)d · f1) · f2` (f1, f2 float loads affine in i and t,
/// variables or constants; the int8 dot's operands unit stride along c, affine in i and t).
/// Either operand of the `+` may be the partial.
///
/// Order: the routine runs the IR's loops in the IR's order, i outer and t inner, every
/// partial read, term and store at the same point of the sequence as the general closures,
/// so each partial receives its terms in increasing i (LanePlan's K-lane order, as MatMat
/// writes it) with the same roundings; C and S, which read nothing the loop writes, are
/// evaluated once per i instead of once per (i, t). The int32 dot wraps as the C
/// simulation's int32 does, so its summation order does not matter.
extension KernelCompiler {
    /// The term of a recognised loop.
    enum LaneTerm {
        /// x · y: float loads, `row` their coefficient along i, `step` along t (FusedRows.swift).
        case product(RowOperand, RowOperand)
        case groupedDot(a: GroupOperand, b: GroupOperand, dotBase: Int32, dotTrip: () -> Int, result: UnsafeMutablePointer<Int64>,
                        f1: GroupFactor, f2: GroupFactor)
    }

    func laneAccumulation(_ l: Loop, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int) -> Action? {
        guard l.body.count == 1, case .loop(let tl) = l.body[0], tl.variable != l.variable,
              tl.body.count == 1 || tl.body.count == 2, case .store(let name, let indices, let value) = tl.body[tl.body.count - 1],
              let acc = out.buffers[name], acc.kind == .f32, case .local = acc.buffer.kind, value.type == .float32,
              case .binary(.add, let s1, let s2) = value.node, let laneIndex = indices.last
        else { return nil }
        let i = l.variable, t = tl.variable
        if case .runtime(let e, _) = tl.bound, e.loopVars.contains(i) { return nil }
        // The partial: select(C, S, acc[same element]), on either side of the +.
        func partial(_ e: Expr) -> (cond: Expr, start: Expr)? {
            guard case .select(let c, let s, let p) = e.node, case .load(let n, let idx) = p.node, n == name, idx == indices else { return nil }
            return (c, s)
        }
        let partialFirst: Bool, cond: Expr, start: Expr, termExpr: Expr
        if let p = partial(s1) { (partialFirst, cond, start, termExpr) = (true, p.cond, p.start, s2) }
        else if let p = partial(s2) { (partialFirst, cond, start, termExpr) = (false, p.cond, p.start, s1) }
        else { return nil }
        for e in [cond, start] {
            let r = LaneReads(e)
            guard !r.variables, !r.loops.contains(t), !r.buffers.contains(name) else { return nil }
        }
        // The lane: i mod K, or the last index when it does not depend on i.
        var laneMod = 0
        var laneFree = indices
        if case .mod(.loopVar(let x), let k) = laneIndex, x == i, k > 0 {
            laneMod = k
            laneFree[laneFree.count - 1] = .constant(0)
        } else if laneIndex.loopVars.contains(i) {
            return nil
        }
        let (tc, restoreT) = enterLoop(t)
        defer { restoreT() }
        guard let accAffine = AffineIndex(acc.linear(laneFree)), accAffine.coefficient(ofLoop: i) == 0 else { return nil }
        let accT = accAffine.coefficient(ofLoop: t)
        let accBase = index(accAffine.dropping(loop: t).index).closure

        let term: LaneTerm
        var restoreDot: () -> Void = {}
        defer { restoreDot() }
        if tl.body.count == 1 {
            guard case .binary(.mul, let x, let y) = termExpr.node,
                  let ox = laneOperand(x, i: i, t: t), let oy = laneOperand(y, i: i, t: t)
            else { return nil }
            term = .product(ox, oy)
        } else {
            guard case .reduce(let dot) = tl.body[0], dot.op == .add, dot.result.type == .int32, dot.body.isEmpty,
                  Set([dot.variable, i, t]).count == 3, case .intConst(let dotInitial) = dot.initial.node,
                  case .binary(.mul, let x, let y) = dot.value.node,
                  case .binary(.mul, let inner, let last) = termExpr.node,
                  case .binary(.mul, let d, let first) = inner.node,
                  case .cast(let dv) = d.node, d.type == .float32, case .variable(let dr) = dv.node, dr == dot.result,
                  case .int(let resultSlot) = slotFor(dot.result)
            else { return nil }
            if case .runtime(let e, _) = dot.bound, !e.loopVars.isDisjoint(with: [i, t]) { return nil }
            for f in [first, last] {
                let r = LaneReads(f)
                if r.variableNames.contains(dot.result.name) || r.loops.contains(dot.variable) { return nil }
            }
            let (_, restore) = enterLoop(dot.variable)
            restoreDot = restore
            guard let a = groupOperand(x, inner: dot.variable, outer: i, row: t),
                  let b = groupOperand(y, inner: dot.variable, outer: i, row: t),
                  let f1 = factor(first, outer: i, row: t), let f2 = factor(last, outer: i, row: t)
            else { return nil }
            term = .groupedDot(a: a, b: b, dotBase: Int32(truncatingIfNeeded: dotInitial), dotTrip: tripCount(dot.bound, dot.name),
                               result: resultSlot, f1: f1, f2: f2)
        }

        let tileTrip = tripCount(tl.bound, tl.name)
        let below: Int? = {
            if case .compare(.lt, let a, let b) = cond.node, case .index(.loopVar(let x)) = a.node, x == i,
               case .intConst(let c) = b.node, c >= 0, c <= Int64(Int32.max) { return Int(c) }
            return nil
        }()
        guard case .bool(let condition) = expr(cond), case .float(let startValue) = expr(start) else { return nil }
        return Action {
            let n = trip()
            guard n > 0 else { return }
            v.pointee = 0
            tc.pointee = 0
            let tiles = tileTrip()
            guard tiles > 0 else {
                v.pointee = n &- 1
                return
            }
            let pacc = acc.slot.pointee.assumingMemoryBound(to: Float.self) + accBase()
            @inline(__always) func rows(_ add: (Int, UnsafeMutablePointer<Float>, Bool, Float) -> Void) {
                for q in 0..<n {
                    v.pointee = q
                    let isFirst = below.map { q < $0 } ?? condition()
                    let s = isFirst ? startValue() : 0
                    add(q, pacc + (laneMod > 0 ? q % laneMod : 0), isFirst, s)
                }
            }
            switch term {
            case .product(let x, let y):
                let px = UnsafePointer(x.slot.pointee.assumingMemoryBound(to: Float.self) + x.base())
                let py = UnsafePointer(y.slot.pointee.assumingMemoryBound(to: Float.self) + y.base())
                rows { q, cell, isFirst, s in
                    let xq = px + q &* x.row, yq = py + q &* y.row
                    for u in 0..<tiles {
                        let c = cell + u &* accT
                        let p = isFirst ? s : c.pointee
                        let m = xq[u &* x.step] * yq[u &* y.step]
                        c.pointee = partialFirst ? p + m : m + p
                    }
                }
            case .groupedDot(let a, let b, let base, let dotTrip, let result, let f1, let f2):
                let m = dotTrip()
                let pa = UnsafePointer(a.slot.pointee.assumingMemoryBound(to: Int8.self) + a.base())
                let pb = UnsafePointer(b.slot.pointee.assumingMemoryBound(to: Int8.self) + b.base())
                f1.bind()
                f2.bind()
                let c1 = f1.cell.pointee, c2 = f2.cell.pointee
                var lastDot: Int32 = 0
                rows { q, cell, isFirst, s in
                    let aq = pa + q &* a.stride, bq = pb + q &* b.stride
                    let c1q = c1 + q &* f1.stride, c2q = c2 + q &* f2.stride
                    for u in 0..<tiles {
                        let c = cell + u &* accT
                        let p = isFirst ? s : c.pointee
                        lastDot = base &+ IntDot.int8(aq + u &* a.row, bq + u &* b.row, count: m)
                        let term = (Float(lastDot) * c1q[u &* f1.row]) * c2q[u &* f2.row]
                        c.pointee = partialFirst ? p + term : term + p
                    }
                }
                result.pointee = Int64(lastDot)
            }
            v.pointee = n &- 1
            tc.pointee = tiles &- 1
        }
    }

    /// A float load affine in `i` and `t`.
    private func laneOperand(_ e: Expr, i: String, t: String) -> RowOperand? {
        guard case .load(let name, let indices) = e.node, let b = out.buffers[name], b.kind == .f32,
              let a = AffineIndex(b.linear(indices))
        else { return nil }
        return RowOperand(slot: b.slot, base: index(a.dropping(loop: i).dropping(loop: t).index).closure,
                          row: a.coefficient(ofLoop: i), step: a.coefficient(ofLoop: t))
    }
}

/// What an expression reads: loop counters, buffers and variables.
struct LaneReads {
    var loops: Set<String> = []
    var buffers: Set<String> = []
    var variableNames: Set<String> = []
    var variables: Bool { !variableNames.isEmpty }

    init(_ e: Expr) {
        e.walk { x in
            switch x.node {
            case .index(let i): loops.formUnion(i.loopVars)
            case .load(let n, let idx):
                buffers.insert(n)
                for i in idx { loops.formUnion(i.loopVars) }
            case .variable(let v): variableNames.insert(v.name)
            default: break
            }
        }
    }
}
