import HLSIR

/// Transcendental functions written in the DSL itself (+ − × /, compares, bit operations),
/// so the interpreter, the C simulation and synthesized hardware agree by construction.
/// `Math.exp` picks libm's `expf` or this implementation by profile.
public enum ExactMath {
    // Cody–Waite split of ln 2: the high part has 12 trailing zero bits, so k · ln2Hi is exact
    // for |k| < 2^12.
    static let ln2Hi: Float = 0.693_145_751_953_125
    static let ln2Lo: Float = 1.428_606_765_330_187_045e-06
    static let log2e: Float = 1.442_695_040_888_963_4
    /// Taylor coefficients 1/n! for n = 2...7, rounded to float.
    static let taylor: [Float] = [1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040]

    /// e^x for a float32 expression, recorded into `k` as let-bindings prefixed by `name`.
    ///
    /// Method: x is clamped to [−104, 89] (e^−104 rounds to 0, e^89 overflows to +∞ as it
    /// should); k = round(x · log2 e) (half away from zero); r = (x − k·ln2Hi) − k·ln2Lo
    /// (|r| ≤ 0.35); e^r by its degree-7 Taylor polynomial in Horner form; the result is scaled
    /// by 2^k as two exact powers of two built from bits, so results in the subnormal range
    /// round once. The measured error is in docs/numerics.md and checked by a test.
    public static func exp(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        let xc = k.bind("\(name)_x", min(max(x, .f32(-104)), .f32(89)))
        let kf = ExactMath.round(k, xc * Double(log2e), name: "\(name)_k")
        let r = k.bind("\(name)_r", (xc - kf * Double(ln2Hi)) - kf * Double(ln2Lo))
        var p = Expr.f32(taylor[5])
        for c in taylor.dropLast().reversed() { p = p * r + Double(c) }
        p = (p * r + 1.0) * r + 1.0
        let poly = k.bind("\(name)_p", p)
        // 2^k = 2^k1 · 2^k2 with k1 = k / 2 (toward zero) and k2 = k − k1, both normal.
        let ki = k.bind("\(name)_ki", kf.cast(.int32))
        let k1 = k.bind("\(name)_k1", (ki + (ki >> 31 & .int(1))) >> 1)
        let k2 = k.bind("\(name)_k2", ki - k1)
        let s1 = ((k1 + .int(127)) << 23).bitcast(.float32)
        let s2 = ((k2 + .int(127)) << 23).bitcast(.float32)
        return k.bind("\(name)", (poly * s1) * s2)
    }
}

/// Math functions that follow the design's profile.
public struct ProfileMath {
    public let profile: MathProfile
    public init(_ profile: MathProfile) { self.profile = profile }

    /// e^x: libm's `expf` or `ExactMath.exp`.
    public func exp(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        profile == .libm ? k.bind(name, HLSIR.exp(x)) : ExactMath.exp(k, x, name: name)
    }
    /// √x: libm's `sqrtf` or `ExactMath.sqrt` (both correctly rounded).
    public func sqrt(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        profile == .libm ? k.bind(name, HLSIR.sqrt(x)) : ExactMath.sqrt(k, x, name: name)
    }
    /// Round half away from zero: libm's `roundf` or `ExactMath.round`.
    public func round(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        profile == .libm ? k.bind(name, HLSIR.round(x)) : ExactMath.round(k, x, name: name)
    }
}
