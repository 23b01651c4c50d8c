import HLSIR

/// GELU, tanh form, in llm.c's order (`gelu_forward`): `cube = 0.044715f · x · x · x`
/// (left to right), `o = 0.5f · x · (1.0f + tanhf(k · (x + cube)))` with
/// `k = sqrtf((float)(2.0 / π))` — the double quotient rounded to float, then sqrtf, as the
/// C expression `sqrtf(2.0f / M_PI)` evaluates.
public enum GELU {
    /// k as llm.c computes it (Swift's Float square root is correctly rounded, like sqrtf).
    public static let scaling: Float = Float(2.0 / Double.pi).squareRoot()

    /// Kernel `name(o, x)` over `size` floats. Loop: `apply`.
    public static func kernel(_ name: String = "gelu", size: Int, profile: MathProfile = .libm) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let o = k.output("o", .float32, count: size)
        let x = k.input("x", .float32, count: size)
        k.loop("apply", size) { i in o[i] = body(k, x[i], profile: profile, prefix: "") }
        return try k.build()
    }

    /// Records GELU of `v` into `k` (names prefixed by `prefix`) and returns it.
    public static func body(_ k: KernelBuilder, _ v: Expr, profile: MathProfile, prefix: String) -> Expr {
        let x = k.bind("\(prefix)value", v)
        let cube = k.bind("\(prefix)cube", ((0.044715 * x) * x) * x)
        let t = ProfileMath(profile).tanh(k, .f32(scaling) * (x + cube), name: "\(prefix)t")
        return (0.5 * x) * (1.0 + t)
    }

    public static func schedule(_ name: String = "gelu", unroll: Int) -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).apply")
        if unroll > 1 { s.unroll("\(name).apply", factor: unroll) }
        return s
    }
}
