import HLSIR

/// Matrix-vector products with a bias, in llm.c's order (`matmul_forward`): the bias starts
/// the accumulation, `out[o] = bias[o]; out[o] += x[i] · W[o·n + i]` for i in order — a
/// reduction whose initial value is the bias.
public enum MatVecBias {
    /// Float kernel `name(xout, x, w, bias)` for a d × n row-major matrix. Loops: `rows`,
    /// `dot` (reduction starting at bias[r]).
    public static func kernel(_ name: String = "matvec_bias", n: Int, d: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: d)
        let x = k.input("x", .float32, count: n)
        let w = k.input("w", .float32, count: n * d)
        let bias = k.input("bias", .float32, count: d)
        k.loop("rows", d, index: "r") { r in
            out[r] = k.reduce("dot", .add, .float32, n, initial: bias[r], index: "j") { j in x[j] * w[r * n + j] }
        }
        return try k.build()
    }

    /// Q8_0 kernel `name(xout, xq, xs, wq, ws, bias)` over an activation quantized beforehand
    /// (`QuantizeQ8`): as `MatVecQ8.quantized`, but the float accumulation over groups starts
    /// at the bias: `acc = bias[r]; acc += ((float)dot_g · ws[r, g]) · xs[g]` for g in order.
    /// Loops: `rows`, `groups` (float reduction), `dot` (int32 reduction).
    public static func quantized(_ name: String, n: Int, d: Int, groupSize gs: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: d)
        let xq = k.input("xq", .int8, count: n)
        let xs = k.input("xs", .float32, count: n / gs)
        let wq = k.input("wq", .int8, count: n * d)
        let ws = k.input("ws", .float32, count: n * d / gs)
        let bias = k.input("bias", .float32, count: d)
        k.loop("rows", d, index: "r") { r in
            out[r] = k.reduce("groups", .add, .float32, n / gs, initial: bias[r], index: "g") { g in
                let dot = k.reduce("dot", .add, .int32, gs, index: "c") { c in
                    xq[g * gs + c].cast(.int32) * wq[r * n + g * gs + c].cast(.int32)
                }
                return (dot.cast(.float32) * ws[r * (n / gs) + g]) * xs[g]
            }
        }
        return try k.build()
    }
}
