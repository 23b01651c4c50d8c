import HLSIR

/// Softmax in integers over a runtime length n ≤ maxSize. Input: int32 scores whose real
/// value is `score · inputScale`; output: int32 probabilities in Q`probabilityFraction`
/// (p = y / 2^P).
///
/// `m = max x`; `e_i = IntegerExp(requant_Q16(x_i − m))` (Q30, the difference in int64, the
/// input scale times 2^16 as a 30-bit dyadic); `s = Σ e_i` (int64); `inv = ⌊2^62 / s⌋`
/// (34-step restoring division); `y_i = ⌊(e_i · inv + 2^(61−P)) / 2^(62−P)⌋`.
public enum IntegerSoftmax {
    public static let probabilityFraction = 15

    /// Kernel `name(x, p, n)`. Loops: `find_max`, `exp_sum` (reductions), `inv_steps`, `normalize`.
    public static func kernel(_ name: String = "int_softmax", maxSize: Int, inputScale: Double) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let x = k.input("x", .int32, count: maxSize)
        let p = k.output("p", .int32, count: maxSize)
        let n = k.size("n", max: maxSize)
        let e = k.local("e", .int32, shape: [maxSize])
        let d = try Dyadic.approximating(inputScale * 65536, bits: 30, what: "\(name) input scale")
        body(k, x: x, xOffset: 0, out: p, outOffset: 0, scratch: e, n: .runtime(n.index, max: maxSize),
             multiplier: IntegerOps.i64(d.multiplier), shift: d.shift, prefix: "")
        return try k.build()
    }

    /// Records the softmax of `x[xOffset ..< xOffset + n]` into `out[outOffset ...]`, with
    /// `scratch` (int32, ≥ n elements) for the exponentials; `multiplier`·2^−`shift` (30-bit
    /// multiplier) maps the scores' units to Q16.
    public static func body(_ k: KernelBuilder, x: BufferHandle, xOffset: Index, out: BufferHandle, outOffset: Index,
                            scratch: BufferHandle, n: Bound, multiplier: Expr, shift: Int, prefix: String) {
        let i64 = IntegerOps.i64
        let mx = k.reduce("\(prefix)find_max", .max, .int32, n, initial: .int(Int64(Int32.min), .int32)) { i in x[xOffset + i] }
        let mx64 = k.bind("\(prefix)max64", mx.cast(.int64))
        let sum = k.reduce("\(prefix)exp_sum", .add, .int64, n) { i in
            let diff = k.bind("\(prefix)diff", x[xOffset + i].cast(.int64) - mx64)
            let v = IntegerOps.scale(k, diff, multiplier: multiplier, shift: shift, name: "\(prefix)v")
            let ev = IntegerExp.exp(k, v, name: "\(prefix)exp")
            scratch[i] = ev.cast(.int32)
            return ev
        }
        let inv = IntegerOps.reciprocal(k, sum, numeratorLog2: 62, bits: 34, name: "\(prefix)inv")
        let s = 62 - probabilityFraction
        k.loop("\(prefix)normalize", n) { i in
            out[outOffset + i] = ((scratch[i].cast(.int64) * inv + i64(Int64(1) << (s - 1))) >> s).cast(.int32)
        }
    }

    public static func schedule(_ name: String = "int_softmax", maxSize: Int) -> Schedule {
        var s = Schedule()
        for loop in ["find_max", "exp_sum", "normalize"] {
            s.pipeline("\(name).\(loop)")
            s.tripCount("\(name).\(loop)", min: 1, max: maxSize, avg: Swift.max(1, maxSize / 2))
        }
        s.pipeline("\(name).inv_steps")
        return s
    }
}
