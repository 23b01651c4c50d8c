import HLSIR

/// Hot shape 1: `Σ_k (int32)a[base_a + k] · (int32)b[base_b + k]` over int8 storage with unit
/// stride, accumulated in int32. Integer addition wraps and is associative, so any order (and
/// any lane count K) gives the same bits: `K · initial + Σ products` modulo 2^32. Runs on
/// `SIMD16<Int8>` loads widened to `SIMD16<Int32>`.
extension KernelCompiler {
    func intDotProduct(_ r: Reduction, lanes k: Int, counter v: UnsafeMutablePointer<Int>, trip: @escaping () -> Int,
                       initial: Code, result: VarSlot) -> Action? {
        guard r.op == .add, r.result.type == .int32, r.body.isEmpty,
              case .binary(.mul, let x, let y) = r.value.node,
              let a = int8Operand(x, r.variable), let b = int8Operand(y, r.variable),
              case .int(let initialValue) = initial, case .int(let out) = result
        else { return nil }
        let baseA = a.base, baseB = b.base
        let slotA = a.slot, slotB = b.slot
        let lanes = Int32(truncatingIfNeeded: k)
        return Action {
            let n = trip()
            v.pointee = 0  // the bases are the indices at k = 0
            let pa = slotA.pointee.assumingMemoryBound(to: Int8.self) + baseA()
            let pb = slotB.pointee.assumingMemoryBound(to: Int8.self) + baseB()
            let start = Int32(truncatingIfNeeded: initialValue())
            out.pointee = Int64(start &* lanes &+ IntDot.int8(pa, pb, count: n))
        }
    }

    /// `(int32)buffer[index]` with an int8 buffer whose index advances by 1 with `variable`.
    private func int8Operand(_ e: Expr, _ variable: String)
        -> (slot: UnsafeMutablePointer<UnsafeMutableRawPointer>, base: () -> Int)? {
        guard e.type == .int32, case .cast(let inner) = e.node, inner.type == .int8,
              case .load(let name, let indices) = inner.node, let b = out.buffers[name], b.kind == .i8,
              let s = stride(of: b.linear(indices), along: variable), s.coefficient == 1
        else { return nil }
        return (b.slot, s.base)
    }
}

/// Integer dot products on raw pointers.
enum IntDot {
    /// Σ (int32)a[i] · (int32)b[i], wrapping.
    @inline(__always)
    static func int8(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, count n: Int) -> Int32 {
        var acc = SIMD16<Int32>()
        var i = 0
        while i + 16 <= n {
            let x = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD16<Int8>.self)
            let y = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<Int8>.self)
            // Lane-by-lane widening: LLVM turns this into vector sign extensions, while
            // SIMD16<Int32>(truncatingIfNeeded:) stays an out-of-line generic call.
            var xi = SIMD16<Int32>(), yi = SIMD16<Int32>()
            for j in 0..<16 {
                xi[j] = Int32(x[j])
                yi[j] = Int32(y[j])
            }
            acc &+= xi &* yi
            i += 16
        }
        var s = acc.wrappedSum()
        // Short tails (Q8_0 groups of 4 or 8) as one narrow vector each, not element by element.
        if i + 8 <= n {
            s &+= widenedProduct(a + i, b + i, SIMD8<Int8>.self, SIMD8<Int32>.self)
            i += 8
        }
        if i + 4 <= n {
            s &+= widenedProduct(a + i, b + i, SIMD4<Int8>.self, SIMD4<Int32>.self)
            i += 4
        }
        while i < n {
            s &+= Int32(a[i]) &* Int32(b[i])
            i += 1
        }
        return s
    }

    /// The dots of `count` consecutive groups of 4 or 8 elements (`a` and `b` contiguous),
    /// 16 products per vector, summed per group.
    static func groups(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>, groupSize m: Int, count n: Int,
                       into out: UnsafeMutablePointer<Int32>) {
        let perVector = 16 / m
        var g = 0
        while g + perVector <= n {
            let x = UnsafeRawPointer(a + g &* m).loadUnaligned(as: SIMD16<Int8>.self)
            let y = UnsafeRawPointer(b + g &* m).loadUnaligned(as: SIMD16<Int8>.self)
            var xi = SIMD16<Int32>(), yi = SIMD16<Int32>()
            for j in 0..<16 {
                xi[j] = Int32(x[j])
                yi[j] = Int32(y[j])
            }
            let p = xi &* yi
            let pairs = p.evenHalf &+ p.oddHalf  // lanes (0,1), (2,3), …
            let quads = pairs.evenHalf &+ pairs.oddHalf  // lanes 0…3, 4…7, 8…11, 12…15
            if m == 4 {
                for j in 0..<4 { out[g &+ j] = quads[j] }
            } else {
                let octs = quads.evenHalf &+ quads.oddHalf
                out[g] = octs[0]
                out[g &+ 1] = octs[1]
            }
            g &+= perVector
        }
        while g < n {
            out[g] = int8(a + g &* m, b + g &* m, count: m)
            g &+= 1
        }
    }

    /// Σ (int32)a[j] · (int32)b[j] over one vector of `N.scalarCount` elements, wrapping.
    @inline(__always)
    private static func widenedProduct<N: SIMD, W: SIMD>(_ a: UnsafePointer<Int8>, _ b: UnsafePointer<Int8>,
                                                         _: N.Type, _: W.Type) -> Int32
        where N.Scalar == Int8, W.Scalar == Int32 {
        let x = UnsafeRawPointer(a).loadUnaligned(as: N.self)
        let y = UnsafeRawPointer(b).loadUnaligned(as: N.self)
        var xi = W(), yi = W()
        for j in 0..<N.scalarCount {
            xi[j] = Int32(x[j])
            yi[j] = Int32(y[j])
        }
        return (xi &* yi).wrappedSum()
    }
}
