import HLSIR

/// Softmax in place over a runtime length `n ≤ maxSize`, max-subtracted as in llama2.c:
/// `m = max x; x[i] = exp(x[i] − m); s = Σ x[i]; x[i] = x[i] / s`.
public enum Softmax {
    /// Kernel `name(x, n)`. Loops: `find_max`, `exp_sum` (reductions), `normalize`.
    public static func kernel(_ name: String = "softmax", maxSize: Int, profile: MathProfile = .libm) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let x = k.inputOutput("x", .float32, count: maxSize)
        let n = k.size("n", max: maxSize)
        body(k, x: x, offset: 0, n: .runtime(n.index, max: maxSize), profile: profile, prefix: "")
        return try k.build()
    }

    /// Records softmax over `x[offset ..< offset + n]` into `k` (used by attention too).
    public static func body(_ k: KernelBuilder, x: BufferHandle, offset: Index, n: Bound,
                            profile: MathProfile, prefix: String) {
        let mx = k.reduce("\(prefix)find_max", .max, .float32, n, initial: .f32(-.infinity)) { i in x[offset + i] }
        let math = ProfileMath(profile)
        let sum = k.reduce("\(prefix)exp_sum", .add, .float32, n) { i in
            let e = math.exp(k, x[offset + i] - mx, name: "\(prefix)e")
            x[offset + i] = e
            return e
        }
        k.loop("\(prefix)normalize", n) { i in x[offset + i] = x[offset + i] / sum }
    }

    public static func schedule(_ name: String = "softmax", maxSize: Int, lanes: Int) -> Schedule {
        var s = Schedule()
        for loop in ["find_max", "exp_sum", "normalize"] {
            s.pipeline("\(name).\(loop)")
            s.tripCount("\(name).\(loop)", min: 1, max: maxSize, avg: Swift.max(1, maxSize / 2))
        }
        s.lanes("\(name).exp_sum", lanes)
        return s
    }
}
