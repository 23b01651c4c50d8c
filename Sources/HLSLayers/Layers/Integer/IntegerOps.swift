import HLSIR

/// Integer building blocks of the integer profile, recorded into a `KernelBuilder` on int64
/// values. Every one uses only + − ×, compares, selects and constant shifts, so its result is
/// defined by the wrap rules of docs/numerics.md; "Integer profile" there states each one.
public enum IntegerOps {
    static func i64(_ v: Int64) -> Expr { .int(v, .int64) }

    /// ⌊(x · m + 2^(k−1)) / 2^k⌋: multiply by a dyadic scale, round half up (toward +∞).
    /// `x` is cast to int64; the caller keeps |x · m| < 2^63.
    public static func scale(_ k: KernelBuilder, _ x: Expr, _ d: Dyadic, name: String) -> Expr {
        scale(k, x, multiplier: i64(d.multiplier), shift: d.shift, name: name)
    }

    /// `scale` with a multiplier known at run time (an int64 expression, such as a per-layer
    /// table entry) and a constant shift k ≥ 1.
    public static func scale(_ k: KernelBuilder, _ x: Expr, multiplier m: Expr, shift: Int, name: String) -> Expr {
        let x64 = x.type == .int64 ? x : x.cast(.int64)
        return k.bind(name, (x64 * m + i64(Int64(1) << (shift - 1))) >> shift)
    }

    /// Saturates an int64 value to [−limit, limit] and casts it to `type`.
    public static func clamp(_ v: Expr, _ limit: Int64, to type: ScalarType) -> Expr {
        min(max(v, i64(-limit)), i64(limit)).cast(type)
    }

    /// `scale`, then saturated to [−127, 127] and cast to int8: the requantization to int8.
    public static func requantize(_ k: KernelBuilder, _ x: Expr, _ d: Dyadic, name: String) -> Expr {
        requantize(k, x, multiplier: i64(d.multiplier), shift: d.shift, name: name)
    }

    /// `requantize` with a run-time multiplier.
    public static func requantize(_ k: KernelBuilder, _ x: Expr, multiplier m: Expr, shift: Int, name: String) -> Expr {
        let v = scale(k, x, multiplier: m, shift: shift, name: "\(name)_scaled")
        return k.bind(name, clamp(v, 127, to: .int8))
    }

    /// ⌊x / 2^s⌋ for a runtime shift 0 ≤ s < 2^stages (int64 `x`, int64 `s`): a barrel shifter,
    /// stage j shifting by 2^j when bit j of s is set.
    public static func shiftRight(_ k: KernelBuilder, _ x: Expr, by s: Expr, stages: Int, name: String) -> Expr {
        var v = x
        for j in 0..<stages {
            let bit = k.bind("\(name)_b\(j)", ((s >> j) & i64(1)).eq(i64(1)))
            v = k.bind("\(name)_sh\(j)", select(bit, v >> (1 << j), v))
        }
        return v
    }

    /// ⌊(x + 2^(s−1)) / 2^s⌋ (round half up; x itself when s = 0) for 0 ≤ s ≤ 2^stages.
    public static func shiftRightRounded(_ k: KernelBuilder, _ x: Expr, by s: Expr, stages: Int, name: String) -> Expr {
        let s1 = k.bind("\(name)_s1", max(s - i64(1), i64(0)))
        let y = shiftRight(k, x, by: s1, stages: stages, name: name)
        return k.bind(name, select(s.eq(i64(0)), x, (y + i64(1)) >> 1))
    }

    /// ⌊2^n / d⌋ by restoring division, `bits` quotient bits (a loop of `bits` steps).
    /// Defined for 2^(n − bits) < d < 2^62; outside that the loop's result is what it computes.
    public static func reciprocal(_ k: KernelBuilder, _ d: Expr, numeratorLog2 n: Int, bits: Int, name: String) -> Expr {
        precondition(n - bits >= 0 && n - bits < 62)
        let rem = k.variable("\(name)_rem", i64(Int64(1) << (n - bits)))
        let quo = k.variable("\(name)_quo", i64(0))
        k.loop("\(name)_steps", bits, index: "\(name)_i") { _ in
            let r2 = k.bind("\(name)_r2", rem.value << 1)
            let take = k.bind("\(name)_take", r2 >= d)
            rem.set(select(take, r2 - d, r2))
            quo.set(select(take, (quo.value << 1) | i64(1), quo.value << 1))
        }
        return k.bind(name, quo.value)
    }

    /// ⌊√x⌋ for 0 ≤ x < 2^62, digit by digit: 31 steps of compare and subtract.
    public static func sqrtFloor(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        let num = k.variable("\(name)_num", x)
        let res = k.variable("\(name)_res", i64(0))
        let bit = k.variable("\(name)_bit", i64(Int64(1) << 60))
        k.loop("\(name)_digits", 31, index: "\(name)_d") { _ in
            let trial = k.bind("\(name)_trial", res.value + bit.value)
            let take = k.bind("\(name)_take", num.value >= trial)
            num.set(select(take, num.value - trial, num.value))
            res.set(select(take, (res.value >> 1) + bit.value, res.value >> 1))
            bit.set(bit.value >> 2)
        }
        return k.bind(name, res.value)
    }
}
