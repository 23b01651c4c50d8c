import HLSIR

/// Hot shape 5: a loop whose body is one float dot-product reduction and one store of its
/// result, `out[a·r + b] = Σ_j x[·] · y[·]` (optionally divided or multiplied by a constant
/// or a loop-invariant variable), such as MatVec's `rows`, attention's `scores` and
/// `weighted`. All rows run in one routine on pointers, with no per-row closure calls.
///
/// Each row keeps the documented K-lane order: element j into partial j mod K in increasing
/// j, partials start at the initial value (only used when they all start alike: one lane or
/// a sum from 0, `Reduction.partialsStartAlike`) and are combined left to right. When both operands
/// advance by 1 along j, each row runs `FloatSum` (SIMD for K ∈ {2, 4, 8, 16}); otherwise
/// the rows are computed together column by column (every row's partial j mod K receives
/// element j before element j + 1), which is the same per-row order.
///
/// Aliasing (buffers passed to a sub-function at overlapping offsets): the row-at-a-time
/// routines read every operand from memory while computing a row and store the row before
/// the next starts, exactly as the general loop, so an output that overlaps an operand
/// gives the same bits. With one lane, short rows run four at a time (four independent
/// sequential sums) only when the output cannot overlap an operand (checked at entry); otherwise one at
/// a time. The column order stores after all rows are computed, so when its
/// output may overlap an operand (checked at entry) the general loop runs instead.
extension KernelCompiler {
    /// A float load `buffer[c + cr·r + cj·j]` with coefficients along the row and the
    /// reduction counters, and its base closure (valid when both counters are 0).
    struct RowOperand {
        let slot: UnsafeMutablePointer<UnsafeMutableRawPointer>
        let base: () -> Int
        let row: Int
        let step: Int
    }

    func fusedFloatRows(_ l: Loop, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int,
                        general: @escaping () -> Void) -> Action? {
        guard l.body.count == 2, case .reduce(let r) = l.body[0], case .store(let name, let indices, let value) = l.body[1],
              r.op == .add, r.result.type == .float32, r.body.isEmpty, r.variable != l.variable,
              case .floatConst(let initial) = r.initial.node, lanes(of: r) == 1 || initial.bitPattern == 0,
              case .binary(.mul, let a, let b) = r.value.node, a.type == .float32, b.type == .float32,
              let o = out.buffers[name], o.kind == .f32, value.type == .float32
        else { return nil }
        if case .runtime(let bound, _) = r.bound, bound.loopVars.contains(l.variable) { return nil }
        // The stored value: the result, result / s, result · s or s · result.
        let isResult: (Expr) -> Bool = { if case .variable(let x) = $0.node { return x == r.result }; return false }
        var transform = FusedRowTransform.identity
        var scale: () -> Float = { 1 }
        if !isResult(value) {
            guard case .binary(let op, let p, let q) = value.node, op == .div || op == .mul else { return nil }
            let other: Expr
            let resultFirst = isResult(p)
            if resultFirst { other = q } else if op == .mul, isResult(q) { other = p } else { return nil }
            switch other.node {
            case .floatConst(let c): scale = { c }
            case .variable(let x) where x != r.result && x.type == .float32:
                guard case .float(let s) = slotFor(x) else { return nil }
                scale = { s.pointee }
            default: return nil
            }
            // Operands keep their order (a NaN result carries the first NaN operand's payload).
            transform = op == .div ? .divide : resultFirst ? .multiply : .multiplyLeft
        }
        let (j, restore) = enterLoop(r.variable)
        defer { restore() }
        let linear = o.linear(indices)
        guard let outRow = linear.coefficient(of: l.variable), !linear.loopVars.contains(r.variable),
              let x = rowOperand(a, row: l.variable, step: r.variable),
              let y = rowOperand(b, row: l.variable, step: r.variable)
        else { return nil }
        let outBase = index(linear).closure
        let k = lanes(of: r)
        let stepTrip = tripCount(r.bound, r.name)
        guard case .float(let result) = slotFor(r.result) else { return nil }
        let unit = x.step == 1 && y.step == 1
        // Column order keeps K partials per row.
        let maxRows: Int
        switch l.bound {
        case .constant(let n): maxRows = n
        case .runtime(_, let m): maxRows = m
        }
        guard unit || maxRows <= (1 << 16) / k else { return nil }
        let partials = arena.allocate(Float.self, count: unit ? 1 : Swift.max(1, maxRows * k))
        // Four rows' partials for many lanes (more than SIMD16 holds).
        let wide = unit && k > 16 ? arena.allocate(Float.self, count: 4 * k) : nil
        return Action {
            let n = trip()
            guard n > 0 else { return }
            let m = stepTrip()
            v.pointee = 0
            j.pointee = 0
            let po = o.slot.pointee.assumingMemoryBound(to: Float.self) + outBase()
            let px = UnsafePointer(x.slot.pointee.assumingMemoryBound(to: Float.self) + x.base())
            let py = UnsafePointer(y.slot.pointee.assumingMemoryBound(to: Float.self) + y.base())
            let written = FusedRowRange(po, row: outRow, step: 0, rows: n, steps: 1)
            if !unit && m > 0 && (written.overlaps(FusedRowRange(px, row: x.row, step: x.step, rows: n, steps: m))
                         || written.overlaps(FusedRowRange(py, row: y.row, step: y.step, rows: n, steps: m))) {
                return general()
            }
            let s = scale()
            var last: Float = initial
            if unit {
                // One loop per lane count, so that the sum is inlined (no call per row).
                @inline(__always) func rows(_ sum: (UnsafePointer<Float>, UnsafePointer<Float>?, Int, Float) -> Float) {
                    for i in 0..<n {
                        last = sum(px + i &* x.row, py + i &* y.row, m, initial)
                        po[i &* outRow] = transform.apply(last, s)
                    }
                }
                // Four rows at once when the output cannot overlap an operand: each row keeps
                // its own sequential sum, but four independent chains hide the add latency.
                // Only for short rows: with rows of 288 and more (stories15M) it measured slower.
                if k == 1 && m > 0 && m <= 256 && n >= 4
                    && !written.overlaps(FusedRowRange(px, row: x.row, step: 1, rows: n, steps: m))
                    && !written.overlaps(FusedRowRange(py, row: y.row, step: 1, rows: n, steps: m)) {
                    var i = 0
                    while i &+ 4 <= n {
                        let r4 = FloatSum.sequentialRows4(px + i &* x.row, x.row, py + i &* y.row, y.row, m, initial)
                        for q in 0..<4 { po[(i &+ q) &* outRow] = transform.apply(r4[q], s) }
                        last = r4[3]
                        i &+= 4
                    }
                    while i < n {
                        last = FloatSum.sequential(px + i &* x.row, py + i &* y.row, m, initial)
                        po[i &* outRow] = transform.apply(last, s)
                        i &+= 1
                    }
                    result.pointee = last
                    v.pointee = n - 1
                    return
                }
                // Many lanes (the hardware schedule's 64): the combinations of the lanes, one
                // sequential chain per row, run four rows side by side when the output cannot
                // overlap an operand.
                if let wide, m > 0 && n >= 4
                    && !written.overlaps(FusedRowRange(px, row: x.row, step: 1, rows: n, steps: m))
                    && !written.overlaps(FusedRowRange(py, row: y.row, step: 1, rows: n, steps: m)) {
                    var i = 0
                    while i &+ 4 <= n {
                        let r4 = FloatSum.lanesRows4(px + i &* x.row, x.row, py + i &* y.row, y.row, m, initial, k, wide)
                        for q in 0..<4 { po[(i &+ q) &* outRow] = transform.apply(r4[q], s) }
                        last = r4[3]
                        i &+= 4
                    }
                    while i < n {
                        last = FloatSum.lanes(px + i &* x.row, py + i &* y.row, m, initial, k)
                        po[i &* outRow] = transform.apply(last, s)
                        i &+= 1
                    }
                    result.pointee = last
                    v.pointee = n - 1
                    return
                }
                switch k {
                case 1: rows { FloatSum.sequential($0, $1, $2, $3) }
                case 2: rows { FloatSum.simd($0, $1, $2, $3, SIMD2<Float>.self) }
                case 4: rows { FloatSum.simd($0, $1, $2, $3, SIMD4<Float>.self) }
                case 8: rows { FloatSum.simd($0, $1, $2, $3, SIMD8<Float>.self) }
                case 16: rows { FloatSum.simd($0, $1, $2, $3, SIMD16<Float>.self) }
                default: rows { FloatSum.lanes($0, $1, $2, $3, k) }
                }
            } else {
                FusedColumns.run(partials, k, n, m, px, x.row, x.step, py, y.row, y.step, initial)
                for i in 0..<n {
                    var acc = partials[i]
                    for lane in 1..<Swift.max(k, 1) { acc = acc + partials[lane &* n &+ i] }
                    last = acc
                    po[i &* outRow] = transform.apply(acc, s)
                }
            }
            result.pointee = last
            v.pointee = n - 1
        }
    }

    /// Q8_0 rows, `out[a·r + b] = Σ_g ((float)dot_g · ws[·]) · xs[·]` (MatVecQ8's `rows`): the
    /// group routine of GroupedDotProduct.swift for every row, with operand and factor bases
    /// advanced by their row coefficients instead of recomputed by closures per row. With one
    /// lane and groups of 4 or 8, rows run four at a time (`GroupedDot.values4`) when the
    /// output cannot overlap an operand or factor (checked at entry); otherwise one at a time
    /// in order, which needs no check (see above).
    func fusedGroupedRows(_ l: Loop, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int) -> Action? {
        guard l.body.count == 2, case .reduce(let r) = l.body[0], case .store(let name, let indices, let value) = l.body[1],
              case .variable(let stored) = value.node, stored == r.result, r.variable != l.variable,
              case .floatConst(let initial) = r.initial.node,
              let o = out.buffers[name], o.kind == .f32
        else { return nil }
        if case .runtime(let bound, _) = r.bound, bound.loopVars.contains(l.variable) { return nil }
        let (g, restore) = enterLoop(r.variable)
        defer { restore() }
        let linear = o.linear(indices)
        guard let outRow = linear.coefficient(of: l.variable), !linear.loopVars.contains(r.variable),
              let plan = groupedDot(r, lanes: lanes(of: r), trip: tripCount(r.bound, r.name), initial: { initial },
                                    row: l.variable),
              case .float(let result) = slotFor(r.result)
        else { return nil }
        let outBase = index(linear).closure
        let a = plan.a, b = plan.b, f1 = plan.f1, f2 = plan.f2
        let dots4 = arena.allocate(Int32.self, count: Swift.max(1, 4 * plan.dotCapacity))
        return Action {
            let n = trip()
            guard n > 0 else { return }
            v.pointee = 0
            g.pointee = 0
            let groups = plan.trip()
            let m = groups > 0 ? plan.dotTrip() : 0
            let po = o.slot.pointee.assumingMemoryBound(to: Float.self) + outBase()
            let pa = UnsafePointer(a.slot.pointee.assumingMemoryBound(to: Int8.self) + a.base())
            let pb = UnsafePointer(b.slot.pointee.assumingMemoryBound(to: Int8.self) + b.base())
            f1.bind()
            f2.bind()
            let c1 = f1.cell.pointee, c2 = f2.cell.pointee
            var last = initial
            var i = 0
            // Four rows at a time when the output cannot overlap what the rows read.
            if n >= 4 && m > 0 && groups > 0 {
                let written = FusedRowRange(po, row: outRow, step: 0, rows: n, steps: 1)
                let separate = !written.overlaps(FusedRowRange(pa, row: a.row, step: 1, rows: n, steps: groups &* m))
                    && !written.overlaps(FusedRowRange(pb, row: b.row, step: 1, rows: n, steps: groups &* m))
                    && !written.overlaps(FusedRowRange(c1, row: f1.row, step: f1.stride, rows: n, steps: groups))
                    && !written.overlaps(FusedRowRange(c2, row: f2.row, step: f2.stride, rows: n, steps: groups))
                while separate && i &+ 4 <= n,
                      let r4 = plan.values4(pa + i &* a.row, a.row, pb + i &* b.row, b.row, c1 + i &* f1.row, f1.row,
                                            c2 + i &* f2.row, f2.row, n: groups, m: m, initial: initial, dots4: dots4) {
                    for q in 0..<4 { po[(i &+ q) &* outRow] = r4[q] }
                    last = r4[3]
                    i &+= 4
                }
            }
            while i < n {
                last = plan.value(pa + i &* a.row, pb + i &* b.row, c1 + i &* f1.row, c2 + i &* f2.row,
                                  n: groups, m: m, initial: initial)
                po[i &* outRow] = last
                i &+= 1
            }
            result.pointee = last
            v.pointee = n - 1
        }
    }

    /// A float load whose flat index is `c + row·r + step·j` with constant coefficients.
    private func rowOperand(_ e: Expr, row: String, step: String) -> RowOperand? {
        guard case .load(let name, let indices) = e.node, let b = out.buffers[name], b.kind == .f32 else { return nil }
        let linear = b.linear(indices)
        guard let cr = linear.coefficient(of: row), let cj = linear.coefficient(of: step) else { return nil }
        return RowOperand(slot: b.slot, base: index(linear).closure, row: cr, step: cj)
    }
}

/// What a fused row loop stores: the reduction's result, or it divided or multiplied by a
/// loop-invariant float (one IEEE operation, as in the general store).
enum FusedRowTransform {
    /// v, v / s, v · s, s · v.
    case identity, divide, multiply, multiplyLeft

    @inline(__always)
    func apply(_ v: Float, _ s: Float) -> Float {
        switch self {
        case .identity: return v
        case .divide: return v / s
        case .multiply: return v * s
        case .multiplyLeft: return s * v
        }
    }
}

/// The bytes touched by `p[r·row + j·step]` for r < rows, j < steps: [low, high).
struct FusedRowRange {
    let low: UnsafeRawPointer
    let high: UnsafeRawPointer

    init<T>(_ p: UnsafePointer<T>, row: Int, step: Int, rows: Int, steps: Int) {
        let a = row &* (rows &- 1), b = step &* (steps &- 1)
        let lo = Swift.min(0, a) &+ Swift.min(0, b), hi = Swift.max(0, a) &+ Swift.max(0, b)
        low = UnsafeRawPointer(p + lo)
        high = UnsafeRawPointer(p + hi + 1)
    }

    init<T>(_ p: UnsafeMutablePointer<T>, row: Int, step: Int, rows: Int, steps: Int) {
        self.init(UnsafePointer(p), row: row, step: step, rows: rows, steps: steps)
    }

    func overlaps(_ o: FusedRowRange) -> Bool { low < o.high && o.low < high }
}

/// Every row's K-lane partial sums computed column by column: partial (lane, row) at
/// `p[lane · n + row]` receives `x[row·xr + j·xs] · y[row·yr + j·ys]` for j ≡ lane (mod K)
/// in increasing j.
enum FusedColumns {
    static func run(_ p: UnsafeMutablePointer<Float>, _ k: Int, _ n: Int, _ m: Int,
                    _ x: UnsafePointer<Float>, _ xr: Int, _ xs: Int,
                    _ y: UnsafePointer<Float>, _ yr: Int, _ ys: Int, _ initial: Float) {
        p.update(repeating: initial, count: k &* n)
        var lane = 0
        for j in 0..<m {
            let pl = p + lane &* n
            let xj = x + j &* xs, yj = y + j &* ys
            if xr == 0 && yr == 1 {
                let c = xj.pointee
                for i in 0..<n { pl[i] = pl[i] + c * yj[i] }
            } else if xr == 1 && yr == 0 {
                let c = yj.pointee
                for i in 0..<n { pl[i] = pl[i] + xj[i] * c }
            } else {
                for i in 0..<n { pl[i] = pl[i] + xj[i &* xr] * yj[i &* yr] }
            }
            lane &+= 1
            if lane == k { lane = 0 }
        }
    }
}
