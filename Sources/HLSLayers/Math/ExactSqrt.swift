import HLSIR

extension ExactMath {
    /// √x, correctly rounded (round to nearest even), for positive normal float32 `x`;
    /// infinities and NaN pass through. Recorded into `k` under names prefixed by `name`.
    ///
    /// Method: x = m · 2^E with a 24-bit integer m. The integer square root of m · 2^26 (E even)
    /// or m · 2^25 (E odd) has exactly 25 bits; it is computed digit by digit (a 25-step loop
    /// of shifts, compares and subtractions on int64), then rounded to 24 bits by its last
    /// bit and the remainder. The result is exact to 0.5 ULP, like IEEE `sqrtf`.
    public static func sqrt(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        let bits = k.bind("\(name)_bits", x.bitcast(.int32).cast(.int64))
        let field = k.bind("\(name)_field", (bits >> 23) & .int(0xFF, .int64))
        let mant = k.bind("\(name)_m", (bits & .int(0x7F_FFFF, .int64)) | .int(0x80_0000, .int64))
        // x = m · 2^E with E = field − 150, so E is odd exactly when field is odd.
        let odd = k.bind("\(name)_odd", (field & .int(1, .int64)).eq(.int(1, .int64)))
        let num = k.variable("\(name)_num", select(odd, mant << 25, mant << 26))
        let res = k.variable("\(name)_res", .int(0, .int64))
        let bit = k.variable("\(name)_bit", .int(1 << 50, .int64))
        k.loop("\(name)_digits", 26, index: "\(name)_d") { _ in
            let trial = k.bind("\(name)_trial", res.value + bit.value)
            let take = k.bind("\(name)_take", num.value >= trial)
            num.set(select(take, num.value - trial, num.value))
            res.set(select(take, (res.value >> 1) + bit.value, res.value >> 1))
            bit.set(bit.value >> 2)
        }
        // res has 25 bits: 24 kept, one guard; the remainder is the sticky part.
        let guardBit = k.bind("\(name)_guard", (res.value & .int(1, .int64)).eq(.int(1, .int64)))
        let sticky = k.bind("\(name)_sticky", num.value.ne(.int(0, .int64)))
        let kept = k.bind("\(name)_kept", res.value >> 1)
        let lsb = k.bind("\(name)_lsb", (kept & .int(1, .int64)).eq(.int(1, .int64)))
        let up = select(guardBit && (sticky || lsb), .int(1, .int64), .int(0, .int64))
        let rounded = k.bind("\(name)_rounded", kept + up)
        // value = rounded · 2^q with q = (E − 26 + odd) / 2 + 1, E = field − 150;
        // biased exponent of the result = q + 23 + 127.
        let oddInt = select(odd, .int(1, .int64), .int(0, .int64))
        let q = k.bind("\(name)_q", ((field - .int(176, .int64) + oddInt) >> 1) + .int(1, .int64))
        let resultBits = k.bind("\(name)_result_bits",
                                ((q + .int(150, .int64)) << 23) + (rounded - .int(0x80_0000, .int64)))
        let special = k.bind("\(name)_special", field.eq(.int(0xFF, .int64)))
        return k.bind(name, select(special, x, resultBits.cast(.int32).bitcast(.float32)))
    }

    /// `roundf(x)` (half away from zero) for |x| < 2^31, from a truncating conversion and
    /// exact float arithmetic.
    public static func round(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        let t = k.bind("\(name)_trunc", x.cast(.int32))
        let frac = k.bind("\(name)_frac", x - t.cast(.float32))
        let r = k.bind("\(name)_int", select(frac >= 0.5, t + .int(1), select(frac <= -0.5, t - .int(1), t)))
        // A zero result keeps the sign of x, as roundf does (x · 0 is ±0).
        return k.bind(name, select(r.eq(.int(0)), x * 0.0, r.cast(.float32)))
    }
}
