import HLSIR

/// Hot shape 3: elementwise float maps, `out[base + i] = f(x[base_x + i], …, invariants)`: a
/// loop whose body is one float store with unit stride and whose value uses only float
/// `+ − × / min max neg abs`, constants, variables and loads that are unit-stride or
/// loop-invariant. Elementwise IEEE operations give the same bits in SIMD lanes as one at a
/// time, so the map runs in chunks of up to 512 elements, one node of the expression at a time
/// over the whole chunk (plain pointer loops that LLVM vectorizes); closure calls are paid
/// per chunk, not per element. Loads hand out pointers into their buffer without copying.
///
/// Order matters only through memory: a load from the stored buffer must use the store's
/// own index (checked when compiling), and loads from other buffers must not overlap the
/// stored range (checked at loop entry, since sub-function arguments may alias); otherwise
/// the loop runs element by element.
extension KernelCompiler {
    /// Elements per chunk: the temporaries of one map stay in L1.
    static let mapChunk = 512

    /// A unit-stride or invariant load of the map: where its base address goes at loop entry.
    private struct MapLoad {
        let slot: UnsafeMutablePointer<UnsafeMutableRawPointer>
        let base: () -> Int
        let cell: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
        /// Elements read from the base: n (unit stride, as Int.max), 1 (invariant), 0 (the
        /// stored element itself, which needs no overlap check).
        let span: Int
    }

    /// A node of a map: a vector over the chunk `[start, start + count)`, or a loop invariant.
    private enum MapNode {
        case vector((Int, Int) -> UnsafePointer<Float>)
        case scalar(() -> Float)
    }

    func floatMap(_ l: Loop, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int) -> Action? {
        guard l.body.count == 1, case .store(let name, let indices, let value) = l.body[0],
              value.type == .float32, let target = out.buffers[name], target.kind == .f32
        else { return nil }
        let storeIndex = target.linear(indices)
        guard let storeStride = stride(of: storeIndex, along: l.variable), storeStride.coefficient == 1 else { return nil }
        var loads: [MapLoad] = []
        guard let node = mapNode(value, l.variable, target: name, storeIndex: storeIndex, loads: &loads),
              case .vector(let f) = node
        else { return nil }
        let outBase = storeStride.base
        let outSlot = target.slot
        let scalarBody = block(l.body)
        let sources = loads
        let chunk = KernelCompiler.mapChunk
        return Action {
            let n = trip()
            v.pointee = 0
            let o = outSlot.pointee.assumingMemoryBound(to: Float.self) + outBase()
            var disjoint = true
            for s in sources {
                let p = s.slot.pointee.assumingMemoryBound(to: Float.self) + s.base()
                s.cell.pointee = p
                let count = s.span == Int.max ? n : s.span
                if count > 0 && p < o + n && o < p + count { disjoint = false }
            }
            guard disjoint else {
                for i in 0..<n {
                    v.pointee = i
                    scalarBody()
                }
                return
            }
            var i = 0
            while i < n {
                let c = Swift.min(chunk, n - i)
                let r = f(i, c)
                for j in 0..<c { o[i + j] = r[j] }
                i += c
            }
        }
    }

    private func mapNode(_ e: Expr, _ variable: String, target: String, storeIndex: Index,
                         loads: inout [MapLoad]) -> MapNode? {
        switch e.node {
        case .floatConst(let c):
            return .scalar { c }
        case .variable(let v):
            guard case .float(let p) = slotFor(v) else { return nil }
            return .scalar { p.pointee }
        case .load(let name, let indices):
            guard let b = out.buffers[name], b.kind == .f32 else { return nil }
            let linear = b.linear(indices)
            guard let st = stride(of: linear, along: variable), st.coefficient == 0 || st.coefficient == 1 else { return nil }
            let c = st.coefficient
            if name == target && (c != 1 || linear != storeIndex) { return nil }
            let cell = arena.allocate(UnsafeMutablePointer<Float>.self, count: 1)
            let span = name == target ? 0 : (c == 1 ? Int.max : 1)
            loads.append(MapLoad(slot: b.slot, base: st.base, cell: cell, span: span))
            if c == 1 { return .vector { start, _ in UnsafePointer(cell.pointee + start) } }
            return .scalar { cell.pointee.pointee }
        case .unary(let op, let a):
            guard a.type == .float32, op == .neg || op == .abs,
                  let x = mapNode(a, variable, target: target, storeIndex: storeIndex, loads: &loads)
            else { return nil }
            let neg = op == .neg
            switch x {
            case .scalar(let s): return .scalar { neg ? -s() : s().magnitude }
            case .vector(let f):
                let t = arena.allocate(Float.self, count: KernelCompiler.mapChunk)
                if neg { return .vector { i, c in let u = f(i, c); for j in 0..<c { t[j] = -u[j] }; return UnsafePointer(t) } }
                return .vector { i, c in let u = f(i, c); for j in 0..<c { t[j] = u[j].magnitude }; return UnsafePointer(t) }
            }
        case .binary(let op, let a, let b):
            guard a.type == .float32, b.type == .float32,
                  let x = mapNode(a, variable, target: target, storeIndex: storeIndex, loads: &loads),
                  let y = mapNode(b, variable, target: target, storeIndex: storeIndex, loads: &loads),
                  let fn = KernelCompiler.mapOp(op)
            else { return nil }
            let t = arena.allocate(Float.self, count: KernelCompiler.mapChunk)
            switch (x, y) {
            case (.scalar(let p), .scalar(let q)): return .scalar { fn.scalar(p(), q()) }
            case (.vector(let p), .vector(let q)):
                let run = fn.vv
                return .vector { i, c in run(p(i, c), q(i, c), t, c); return UnsafePointer(t) }
            case (.vector(let p), .scalar(let q)):
                let run = fn.vs
                return .vector { i, c in run(p(i, c), q(), t, c); return UnsafePointer(t) }
            case (.scalar(let p), .vector(let q)):
                let run = fn.sv
                return .vector { i, c in run(p(), q(i, c), t, c); return UnsafePointer(t) }
            }
        default:
            return nil
        }
    }

    /// One elementwise operation as loops over a chunk (vector ⊙ vector, vector ⊙ scalar,
    /// scalar ⊙ vector), each written so LLVM vectorizes it, and its scalar form.
    struct MapOp {
        let scalar: (Float, Float) -> Float
        let vv: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
        let vs: (UnsafePointer<Float>, Float, UnsafeMutablePointer<Float>, Int) -> Void
        let sv: (Float, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    }

    static func mapOp(_ op: BinaryOp) -> MapOp? {
        switch op {
        case .add:
            return MapOp(scalar: { $0 + $1 },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = a[j] + b[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = a[j] + s } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = s + b[j] } })
        case .sub:
            return MapOp(scalar: { $0 - $1 },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = a[j] - b[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = a[j] - s } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = s - b[j] } })
        case .mul:
            return MapOp(scalar: { $0 * $1 },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = a[j] * b[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = a[j] * s } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = s * b[j] } })
        case .div:
            return MapOp(scalar: { $0 / $1 },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = a[j] / b[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = a[j] / s } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = s / b[j] } })
        case .min:
            return MapOp(scalar: { a, b in b < a ? b : a },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = b[j] < a[j] ? b[j] : a[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = s < a[j] ? s : a[j] } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = b[j] < s ? b[j] : s } })
        case .max:
            return MapOp(scalar: { a, b in b > a ? b : a },
                         vv: { a, b, o, c in for j in 0..<c { o[j] = b[j] > a[j] ? b[j] : a[j] } },
                         vs: { a, s, o, c in for j in 0..<c { o[j] = s > a[j] ? s : a[j] } },
                         sv: { s, b, o, c in for j in 0..<c { o[j] = b[j] > s ? b[j] : s } })
        default:
            return nil
        }
    }
}
