import HLSIR

/// Q8_0 matrix-vector product in integers: int8 activation `xq` (one per-tensor scale S_x),
/// int8 weights `wq` with one integer group scale per group (`ws`, int16 in 0…2^14; real group
/// scale = ws · S_w, see `IntegerGroupScales`), int32 output with scale S_out.
///
/// Per row: `dot_g = Σ xq·wq` over the group (int32, exact for gs ≤ 2^16);
/// `acc = Σ_g dot_g · ws_g` (int64 reduction, exact: |acc| < 2^28·n);
/// `y = clamp(scale(acc, c), −(2^31 − 1), 2^31 − 1)` with c = S_x·S_w / S_out as a
/// dyadic of `20` bits (so acc·m < 2^63 for n ≤ 2^14).
public enum IntegerMatVecQ8 {
    public static let multiplierBits = 20

    /// Kernel `name(y, xq, wq, ws)` for a d × n matrix. Loops: `rows`, `groups` (int64), `dot` (int32).
    public static func kernel(_ name: String = "int_matvec_q8", n: Int, d: Int, groupSize gs: Int, scale c: Dyadic) throws(DesignError) -> Kernel {
        guard gs > 0, n % gs == 0, n <= 1 << 14 else {
            throw DesignError(["\(name): group size \(gs) must divide n \(n), and n must be at most 16384"])
        }
        let k = KernelBuilder(name)
        let y = k.output("y", .int32, count: d)
        let xq = k.input("xq", .int8, count: n)
        let wq = k.input("wq", .int8, count: n * d)
        let ws = k.input("ws", .int16, count: n * d / gs)
        let i64 = IntegerOps.i64
        let limit = Int64(Int32.max)
        k.loop("rows", d, index: "r") { r in
            let acc = k.reduce("groups", .add, .int64, n / gs, index: "g") { g in
                let dot = k.reduce("dot", .add, .int32, gs, index: "c") { c in
                    xq[g * gs + c].cast(.int32) * wq[r * n + g * gs + c].cast(.int32)
                }
                return dot.cast(.int64) * ws[r * (n / gs) + g].cast(.int64)
            }
            let v = IntegerOps.scale(k, acc, c, name: "scaled")
            y[r] = min(max(v, i64(-limit)), i64(limit)).cast(.int32)
        }
        return try k.build()
    }

    /// The product with a run-time multiplier, `name(y, xq, wq, ws[, bias], m)`: as `kernel`, with
    /// `scale(acc, m, shift)` (m an int64 argument, so one kernel serves every layer) and, with
    /// `bias`, an int32 bias in accumulator units (S_x · S_w, converted by the host) added to
    /// `acc` before scaling (int64, exact). Loops: `rows`, `groups`, `dot`.
    public static func scaled(_ name: String, n: Int, d: Int, groupSize gs: Int, shift: Int, bias: Bool = false) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let y = k.output("y", .int32, count: d)
        let xq = k.input("xq", .int8, count: n)
        let wq = k.input("wq", .int8, count: n * d)
        let ws = k.input("ws", .int16, count: n * d / gs)
        let b = bias ? k.input("bias", .int32, count: d) : nil
        let m = k.scalar("m", .int64)
        k.loop("rows", d, index: "r") { r in
            let acc = k.reduce("groups", .add, .int64, n / gs, index: "g") { g in
                let dot = k.reduce("dot", .add, .int32, gs, index: "c") { c in
                    xq[g * gs + c].cast(.int32) * wq[r * n + g * gs + c].cast(.int32)
                }
                return dot.cast(.int64) * ws[r * (n / gs) + g].cast(.int64)
            }
            let total = b.map { k.bind("biased", acc + $0[r].cast(.int64)) } ?? acc
            let v = IntegerOps.scale(k, total, multiplier: m, shift: shift, name: "scaled")
            y[r] = IntegerOps.clamp(v, Int64(Int32.max), to: .int32)
        }
        return try k.build()
    }

    public static func schedule(_ name: String = "int_matvec_q8", groupSize gs: Int) -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).groups")
        s.unroll("\(name).dot", factor: gs)
        return s
    }
}

/// Q8_0's float group scales as integers: S_w = max scale / 2^14 (per tensor), each group's
/// scale rounded half away from zero to an int16 multiple of S_w (0…16384).
public struct IntegerGroupScales: Sendable {
    public let values: [Int16]
    public let tensorScale: Double

    public init(_ scales: [Float]) {
        let top = Double(scales.map { Swift.abs($0) }.max() ?? 0)
        let unit = top > 0 ? top / 16384 : 1
        tensorScale = unit
        values = scales.map { Int16((Double($0) / unit).rounded()) }
    }
}
