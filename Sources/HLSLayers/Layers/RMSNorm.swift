import HLSIR

/// RMSNorm as in llama2.c: `o[j] = w[j] · (x[j] / sqrt(mean(x²) + 1e-5))`, written
/// `ss = Σ x²; ss = ss / n + 1e-5; ss = 1 / sqrtf(ss); o[j] = w[j] · (ss · x[j])`.
public enum RMSNorm {
    /// Kernel `name(o, x, weight)` over `size` floats. Loops: `sum_sq` (reduction), `normalize`.
    public static func kernel(_ name: String = "rmsnorm", size: Int, profile: MathProfile = .libm) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let o = k.output("o", .float32, count: size)
        let x = k.input("x", .float32, count: size)
        let w = k.input("weight", .float32, count: size)
        let ss = k.reduce("sum_sq", .add, .float32, size) { j in x[j] * x[j] }
        let mean = k.bind("mean_sq", ss / Double(size) + 1e-5)
        let root = ProfileMath(profile).sqrt(k, mean, name: "root")
        let inv = k.bind("inv_rms", 1.0 / root)
        k.loop("normalize", size) { j in o[j] = w[j] * (inv * x[j]) }
        return try k.build()
    }

    /// Hardware schedule: `lanes` partial sums, the reduction unrolled by `lanes` and pipelined.
    public static func schedule(_ name: String = "rmsnorm", lanes: Int) -> Schedule {
        var s = Schedule()
        s.lanes("\(name).sum_sq", lanes)
        s.pipeline("\(name).sum_sq")
        if lanes > 1 { s.unroll("\(name).sum_sq", factor: lanes) }
        s.pipeline("\(name).normalize")
        return s
    }
}
