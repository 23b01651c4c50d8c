import HLSIR

/// LayerNorm in llm.c's order (`layernorm_forward`, two passes, eps = 1e-5f):
/// `m = (Σ x[i]) / n; v = (Σ (x[i] − m)·(x[i] − m)) / n; s = 1 / sqrtf(v + eps);
/// o[i] = (s · (x[i] − m)) · w[i] + b[i]`, every sum in order (with the reference lanes 1).
public enum LayerNorm {
    /// Kernel `name(o, x, weight, bias)` over `size` floats. Loops: `mean_sum`, `var_sum`
    /// (reductions), `normalize`.
    public static func kernel(_ name: String = "layernorm", size: Int, profile: MathProfile = .libm) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let o = k.output("o", .float32, count: size)
        let x = k.input("x", .float32, count: size)
        let w = k.input("weight", .float32, count: size)
        let b = k.input("bias", .float32, count: size)
        let sum = k.reduce("mean_sum", .add, .float32, size) { i in x[i] }
        let m = k.bind("mean", sum / Double(size))
        let ss = k.reduce("var_sum", .add, .float32, size) { i in
            let d = k.bind("xshift", x[i] - m)
            return d * d
        }
        let v = k.bind("variance", ss / Double(size))
        let root = ProfileMath(profile).sqrt(k, v + 1e-5, name: "root")
        let s = k.bind("rstd", 1.0 / root)
        k.loop("normalize", size) { i in o[i] = (s * (x[i] - m)) * w[i] + b[i] }
        return try k.build()
    }

    /// Hardware schedule: both sums in `lanes` partial sums unrolled by `lanes`, pipelined.
    public static func schedule(_ name: String = "layernorm", lanes: Int) -> Schedule {
        var s = Schedule()
        for r in ["mean_sum", "var_sum"] {
            s.lanes("\(name).\(r)", lanes)
            s.pipeline("\(name).\(r)")
            if lanes > 1 { s.unroll("\(name).\(r)", factor: lanes) }
        }
        s.pipeline("\(name).normalize")
        return s
    }
}
