import HLSIR

/// SiLU x · σ(x) in integers, elementwise. Input and output: int32 in Q16.
///
/// `E = IntegerExp(−|x|)` (Q30); `s = ⌊2^60 / (2^30 + E)⌋` (σ(|x|) in Q30, 31-step restoring
/// division); `σ = x ≥ 0 ? s : 2^30 − s`; `y = ⌊(x · σ + 2^29) / 2^30⌋`.
public enum IntegerSiLU {
    /// Kernel `name(x, y)` over `size` values. Loop: `act` (with the division's `sig_steps` inside).
    public static func kernel(_ name: String = "int_silu", size: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let x = k.input("x", .int32, count: size)
        let y = k.output("y", .int32, count: size)
        k.loop("act", size) { i in
            y[i] = value(k, x[i], name: "silu").cast(.int32)
        }
        return try k.build()
    }

    /// SiLU of one int32 Q16 value, as an int64 Q16 value.
    public static func value(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        let i64 = IntegerOps.i64
        let x64 = k.bind("\(name)_x", x.cast(.int64))
        let sig = sigmoid(k, x64, name: name)
        return k.bind(name, (x64 * sig + i64(1 << 29)) >> 30)
    }

    /// σ(z) in Q30 for an int64 z in Q16: `E = IntegerExp(−|z|)`, `s = ⌊2^60 / (2^30 + E)⌋`,
    /// `σ = z ≥ 0 ? s : 2^30 − s` (bound as `<name>_neg`, `<name>_e…`, `<name>_sig…`, `<name>_sigma`).
    public static func sigmoid(_ k: KernelBuilder, _ z: Expr, name: String) -> Expr {
        let i64 = IntegerOps.i64
        let neg = k.bind("\(name)_neg", min(z, -z))
        let e = IntegerExp.exp(k, neg, name: "\(name)_e")
        let s = IntegerOps.reciprocal(k, i64(1 << 30) + e, numeratorLog2: 60, bits: 31, name: "\(name)_sig")
        return k.bind("\(name)_sigma", select(z >= i64(0), s, i64(1 << 30) - s))
    }

    public static func schedule(_ name: String = "int_silu") -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).act")
        return s
    }
}
