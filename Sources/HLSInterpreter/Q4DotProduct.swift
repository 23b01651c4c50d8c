import HLSIR

/// The Q4 group dot (MatVecQ4's `dot`): over byte pairs p of packed 4-bit weights,
///
///     Σ_p (int32)x[X + 2p]·(int32)(int4)w[W + p] + (int32)x[X + δ + 2p]·(int32)(w[W + p] >> 4)
///
/// the low nibble (`cast(int4)`: the low four bits sign-extended) and the high nibble (the
/// arithmetic shift of the int8 byte) of the same byte, each multiplied by an int8
/// activation of one buffer (δ apart, 1 in MatVecQ4). Recognised from the IR's structure:
/// either product first, either operand of each product first. Every product fits in int32
/// and the sum wraps like the C simulation's int32, so any summation order gives its bits.
/// GroupedDotProduct.swift runs it for every group of a `groups` reduction.
extension KernelCompiler {
    /// The recognised dot: activation (low-nibble partner, coefficient 2 along the pairs),
    /// weight bytes (coefficient 1) and δ, the high partner's offset from the low one.
    struct Q4Dot {
        let activation: GroupOperand
        let weights: GroupOperand
        let highOffset: Int
    }

    /// One product of the dot: which nibble, and the activation and weight loads.
    private struct Q4Product {
        let high: Bool
        let activation: (name: String, linear: Index)
        let weight: (name: String, linear: Index)
    }

    func q4Dot(_ value: Expr, inner: String, outer: String, row: String?) -> Q4Dot? {
        guard value.type == .int32, case .binary(.add, let s, let t) = value.node,
              let u = q4Product(s), let v = q4Product(t), u.high != v.high
        else { return nil }
        let (low, high) = u.high ? (v, u) : (u, v)
        guard low.activation.name == high.activation.name, low.weight.name == high.weight.name,
              let same = AffineIndex(high.weight.linear - low.weight.linear), same.coefficients.isEmpty, same.constant == 0,
              let delta = AffineIndex(high.activation.linear - low.activation.linear), delta.coefficients.isEmpty,
              let act = groupOperand(low.activation.name, low.activation.linear, inner: inner, step: 2, outer: outer, row: row),
              let w = groupOperand(low.weight.name, low.weight.linear, inner: inner, step: 1, outer: outer, row: row)
        else { return nil }
        return Q4Dot(activation: act, weights: w, highOffset: delta.constant)
    }

    /// `(int32)x[·] · nibble(w[·])` in either operand order.
    private func q4Product(_ e: Expr) -> Q4Product? {
        guard case .binary(.mul, let a, let b) = e.node else { return nil }
        for (x, w) in [(a, b), (b, a)] {
            guard let act = int8Load(castTo32: x), let (high, weight) = nibble(w) else { continue }
            return Q4Product(high: high, activation: act, weight: weight)
        }
        return nil
    }

    /// `(int32)buffer[·]` over int8 storage: the buffer and flat index.
    private func int8Load(castTo32 e: Expr) -> (name: String, linear: Index)? {
        guard e.type == .int32, case .cast(let c) = e.node, c.type == .int8, case .load(let name, let indices) = c.node,
              let b = out.buffers[name], b.kind == .i8
        else { return nil }
        return (name, b.linear(indices))
    }

    /// `(int32)(int4)w[·]` (low nibble) or `(int32)(w[·] >> 4)` (high nibble) over int8 storage.
    private func nibble(_ e: Expr) -> (Bool, (name: String, linear: Index))? {
        guard e.type == .int32, case .cast(let c) = e.node else { return nil }
        switch c.node {
        case .cast(let byte) where c.type == .int(IntType(width: 4, signed: true)):
            guard let w = int8Load(byte) else { return nil }
            return (false, w)
        case .binary(.shr, let byte, let amount) where c.type == .int8:
            guard case .intConst(4) = amount.node, let w = int8Load(byte) else { return nil }
            return (true, w)
        default:
            return nil
        }
    }

    private func int8Load(_ e: Expr) -> (name: String, linear: Index)? {
        guard e.type == .int8, case .load(let name, let indices) = e.node, let b = out.buffers[name], b.kind == .i8 else { return nil }
        return (name, b.linear(indices))
    }
}

extension IntDot {
    /// The Q4 dot of `count` bytes: `x[2p]·lo(w[p]) + x[δ + 2p]·hi(w[p])`, summed in wrapping int32.
    @inline(__always)
    static func q4(_ x: UnsafePointer<Int8>, _ delta: Int, _ w: UnsafePointer<Int8>, count n: Int) -> Int32 {
        var acc: Int32 = 0
        let xh = x + delta
        for p in 0..<n {
            let byte = w[p]
            let low = Int32(Int8(truncatingIfNeeded: UInt8(bitPattern: byte) << 4) >> 4)
            let high = Int32(byte >> 4)
            acc = acc &+ Int32(x[2 &* p]) &* low &+ Int32(xh[2 &* p]) &* high
        }
        return acc
    }

    /// `count` packed bytes as 2·count int8 weights: low nibble (sign-extended) first.
    @inline(__always)
    static func unpackQ4(_ w: UnsafePointer<Int8>, count n: Int, into u: UnsafeMutablePointer<Int8>) {
        for q in 0..<n {
            let byte = w[q]
            u[2 &* q] = (byte &<< 4) >> 4
            u[2 &* q &+ 1] = byte >> 4
        }
    }
}
