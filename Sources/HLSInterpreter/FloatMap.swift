import HLSIR

/// Hot shape 3: elementwise float maps, `out[base + i] = f(x[base_x + i], …, invariants)`: a
/// loop whose body is one float store with unit stride and whose value uses only float
/// `+ − × / min max neg abs`, constants, variables and loads that are unit-stride or
/// loop-invariant. Elementwise IEEE operations give the same bits in SIMD lanes as one at a
/// time, so chunks of 8 run as `SIMD8<Float>`; the tail runs the ordinary compiled body.
///
/// Order matters only through memory: a load from the stored buffer must use the store's
/// own index (checked when compiling), and loads from other buffers must not overlap the
/// stored range (checked at loop entry, since sub-function arguments may alias); otherwise
/// the loop runs element by element.
extension KernelCompiler {
    typealias Vec = SIMD8<Float>

    /// A unit-stride or invariant load of the map: where its base address goes at loop entry.
    private struct MapLoad {
        let slot: UnsafeMutablePointer<UnsafeMutableRawPointer>
        let base: () -> Int
        let cell: UnsafeMutablePointer<UnsafeMutablePointer<Float>>
        /// Elements read from the base: n (unit stride), 1 (invariant), 0 (the stored element itself).
        let span: Int
    }

    func floatMap(_ l: Loop, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int) -> Action? {
        guard l.body.count == 1, case .store(let name, let indices, let value) = l.body[0],
              value.type == .float32, let target = out.buffers[name], target.kind == .f32
        else { return nil }
        let storeIndex = target.linear(indices)
        guard let storeStride = stride(of: storeIndex, along: l.variable), storeStride.coefficient == 1 else { return nil }
        var loads: [MapLoad] = []
        guard let f = vector(value, l.variable, target: name, storeIndex: storeIndex, loads: &loads) else { return nil }
        let outCell = arena.allocate(UnsafeMutablePointer<Float>.self, count: 1)
        let outBase = storeStride.base
        let outSlot = target.slot
        let scalarBody = block(l.body)
        let sources = loads
        return Action {
            let n = trip()
            v.pointee = 0
            let o = outSlot.pointee.assumingMemoryBound(to: Float.self) + outBase()
            outCell.pointee = o
            var disjoint = true
            for s in sources {
                let p = s.slot.pointee.assumingMemoryBound(to: Float.self) + s.base()
                s.cell.pointee = p
                let count = s.span == Int.max ? n : s.span
                if count > 0 && p < o + n && o < p + count { disjoint = false }
            }
            var i = 0
            if disjoint {
                while i + 8 <= n {
                    UnsafeMutableRawPointer(o + i).storeBytes(of: f(i), as: Vec.self)
                    i += 8
                }
            }
            while i < n {
                v.pointee = i
                scalarBody()
                i += 1
            }
        }
    }

    private func vector(_ e: Expr, _ variable: String, target: String, storeIndex: Index,
                        loads: inout [MapLoad]) -> ((Int) -> Vec)? {
        switch e.node {
        case .floatConst(let c):
            let k = Vec(repeating: c)
            return { _ in k }
        case .variable(let v):
            guard case .float(let p) = slotFor(v) else { return nil }
            return { _ in Vec(repeating: p.pointee) }
        case .load(let name, let indices):
            guard let b = out.buffers[name], b.kind == .f32 else { return nil }
            let linear = b.linear(indices)
            guard let st = stride(of: linear, along: variable), st.coefficient == 0 || st.coefficient == 1 else { return nil }
            let c = st.coefficient
            if name == target && (c != 1 || linear != storeIndex) { return nil }
            let cell = arena.allocate(UnsafeMutablePointer<Float>.self, count: 1)
            // The store target itself is read at the stored element: no overlap to check.
            let span = name == target ? 0 : (c == 1 ? Int.max : 1)
            loads.append(MapLoad(slot: b.slot, base: st.base, cell: cell, span: span))
            if c == 1 { return { i in UnsafeRawPointer(cell.pointee + i).loadUnaligned(as: Vec.self) } }
            return { _ in Vec(repeating: cell.pointee.pointee) }
        case .unary(let op, let a):
            guard a.type == .float32, let x = vector(a, variable, target: target, storeIndex: storeIndex, loads: &loads)
            else { return nil }
            switch op {
            case .neg: return { i in unsafeBitCast(unsafeBitCast(x(i), to: SIMD8<UInt32>.self) ^ 0x8000_0000, to: Vec.self) }
            case .abs: return { i in unsafeBitCast(unsafeBitCast(x(i), to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Vec.self) }
            default: return nil
            }
        case .binary(let op, let a, let b):
            guard a.type == .float32, b.type == .float32,
                  let x = vector(a, variable, target: target, storeIndex: storeIndex, loads: &loads),
                  let y = vector(b, variable, target: target, storeIndex: storeIndex, loads: &loads)
            else { return nil }
            switch op {
            case .add: return { i in x(i) + y(i) }
            case .sub: return { i in x(i) - y(i) }
            case .mul: return { i in x(i) * y(i) }
            case .div: return { i in x(i) / y(i) }
            case .min: return { i in let u = x(i), w = y(i); return u.replacing(with: w, where: w .< u) }
            case .max: return { i in let u = x(i), w = y(i); return u.replacing(with: w, where: w .> u) }
            default: return nil
            }
        default:
            return nil
        }
    }
}
