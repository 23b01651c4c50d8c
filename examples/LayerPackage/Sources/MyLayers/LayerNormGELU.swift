// A layer written in your own package against the HLSGen product only: LayerNorm followed
// by a sigmoid-GELU, and the maximum of the activations over a runtime length.
//
//   mean = Σ x / D;  var = Σ (x − mean)² / D;  inv = 1 / sqrtf(var + 1e-5)
//   n[i] = (x[i] − mean) · inv · γ[i] + β[i]
//   y[i] = n[i] · σ(1.702 · n[i]),  σ(t) = 1 / (1 + expf(−t))          (sigmoid-GELU)
//   peak = max(y[0], …, y[len − 1])                                      (len ≤ D at run time)
import HLSGen

/// The width of the layer.
public let layerWidth = 256

/// The kernel: float32 in and out, `len` a runtime length (an s_axilite `int`).
public func layerNormGELU(width d: Int = layerWidth) throws -> Kernel {
    let k = KernelBuilder("layernorm_gelu")
    let y = k.output("y", .float32, count: d)
    let peak = k.output("peak", .float32, count: 1)
    let x = k.input("x", .float32, count: d)
    let gamma = k.input("gamma", .float32, count: d)
    let beta = k.input("beta", .float32, count: d)
    let len = k.size("len", max: d)
    let act = k.local("act", .float32, shape: [d])

    let sum = k.reduce("mean_sum", .add, .float32, d) { i in x[i] }
    let mean = k.bind("mean", sum / Double(d))
    let sq = k.reduce("var_sum", .add, .float32, d) { i in
        let c = k.bind("c", x[i] - mean)
        return c * c
    }
    let inv = k.bind("inv_std", 1.0 / sqrt(sq / Double(d) + 1e-5))
    k.loop("normalize", d) { i in
        let n = k.bind("n", (x[i] - mean) * inv * gamma[i] + beta[i])
        let g = k.bind("g", n * (1.0 / (1.0 + exp(-1.702 * n))))
        y[i] = g
        act[i] = g
    }
    // A plain number as the starting value, converted to the accumulator type.
    peak[0] = k.reduce("peak_max", .max, .float32, len, initial: -3.0e38) { i in act[i] }
    return try k.build()
}

/// The default hardware schedule: four partial sums per reduction, every loop pipelined.
public func layerNormGELUSchedule() -> Schedule {
    var s = Schedule()
    for r in ["mean_sum", "var_sum"] {
        s.lanes("layernorm_gelu.\(r)", 4)
        s.pipeline("layernorm_gelu.\(r)")
    }
    s.pipeline("layernorm_gelu.normalize")
    s.pipeline("layernorm_gelu.peak_max")
    return s
}

/// Every design this package declares (what `swift run my-layers` works on).
public func designs() throws -> [Design] {
    [Design(top: "layernorm_gelu", kernels: [try layerNormGELU()], schedule: layerNormGELUSchedule())]
}
