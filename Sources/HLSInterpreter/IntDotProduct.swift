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
        while i < n {
            s &+= Int32(a[i]) &* Int32(b[i])
            i += 1
        }
        return s
    }
}
