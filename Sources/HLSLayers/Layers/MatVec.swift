import HLSIR

/// Float matrix-vector product as llama2.c's `matmul`: `xout[r] = Σ_j w[r·n + j] · x[j]`
/// for a d × n row-major matrix.
public enum MatVec {
    /// Kernel `name(xout, x, w)`. Loops: `rows`, `dot` (reduction).
    public static func kernel(_ name: String = "matvec", n: Int, d: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: d)
        let x = k.input("x", .float32, count: n)
        let w = k.input("w", .float32, count: n * d)
        k.loop("rows", d) { r in
            out[r] = k.reduce("dot", .add, .float32, n, index: "j") { j in w[r * n + j] * x[j] }
        }
        return try k.build()
    }

    /// The dot product pipelined with `lanes` partial sums and unrolled by `unroll`.
    public static func schedule(_ name: String = "matvec", lanes: Int, unroll: Int) -> Schedule {
        var s = Schedule()
        s.lanes("\(name).dot", lanes)
        s.pipeline("\(name).dot")
        if unroll > 1 { s.unroll("\(name).dot", factor: unroll) }
        return s
    }
}
