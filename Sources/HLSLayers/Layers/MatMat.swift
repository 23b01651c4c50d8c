import HLSIR

/// Matrix products over a block of activations (prefill): each weight row is read from
/// memory once into an on-chip row buffer and multiplied with up to `tokens` activation
/// vectors, so a block of B tokens reads every weight once instead of B times.
///
/// Every output element is computed exactly as the matrix-vector product of one token
/// computes it (`MatVec`, `MatVecQ8`): the same operands, the same reduction labels `dot` /
/// `groups` (so the same lanes from the schedule) and the same expression. A block therefore
/// gives the bits of B single-token products.
///
/// Activations and outputs are token-major: `x[b·n + j]`, `xout[b·d + r]`.
public enum MatMat {
    /// Float: kernel `name(xout, x, w, count)` for a d × n row-major matrix and `count` ≤
    /// `tokens` vectors. Loops: `rows` holding `row_load` and `tokens` (with the reduction `dot`).
    public static func kernel(_ name: String, n: Int, d: Int, tokens: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: tokens * d)
        let x = k.input("x", .float32, count: tokens * n)
        let w = k.input("w", .float32, count: n * d)
        let count = k.size("count", max: tokens)
        let row = k.local("row", .float32, shape: [n])
        k.loop("rows", d, index: "r") { r in
            k.loop("row_load", n, index: "j") { j in row[j] = w[r * n + j] }
            k.loop("tokens", count, index: "b") { b in
                // The operands in MatVec's order: weight × activation.
                out[b * d + r] = k.reduce("dot", .add, .float32, n, index: "j") { j in row[j] * x[b * n + j] }
            }
        }
        return try k.build()
    }

    /// Q8_0 over activations quantized beforehand (`QuantizeQ8`, one call per token): kernel
    /// `name(xout, xq, xs, wq, ws, count)`. Loops: `rows` holding `row_load`, `scale_load` and
    /// `tokens` (with the float reduction `groups` over the int32 reduction `dot`).
    public static func q8(_ name: String, n: Int, d: Int, groupSize gs: Int, tokens: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: tokens * d)
        let xq = k.input("xq", .int8, count: tokens * n)
        let xs = k.input("xs", .float32, count: tokens * (n / gs))
        let wq = k.input("wq", .int8, count: n * d)
        let ws = k.input("ws", .float32, count: n * d / gs)
        let count = k.size("count", max: tokens)
        let row = k.local("row", .int8, shape: [n])
        let scales = k.local("scales", .float32, shape: [n / gs])
        k.loop("rows", d, index: "r") { r in
            k.loop("row_load", n, index: "j") { j in row[j] = wq[r * n + j] }
            k.loop("scale_load", n / gs, index: "g") { g in scales[g] = ws[r * (n / gs) + g] }
            k.loop("tokens", count, index: "b") { b in
                // MatVecQ8's expression: acc + ((float)dot · ws) · xs, groups in order.
                out[b * d + r] = k.reduce("groups", .add, .float32, n / gs, index: "g") { g in
                    let dot = k.reduce("dot", .add, .int32, gs, index: "c") { c in
                        xq[b * n + g * gs + c].cast(.int32) * row[g * gs + c].cast(.int32)
                    }
                    return (dot.cast(.float32) * scales[g]) * xs[b * (n / gs) + g]
                }
            }
        }
        return try k.build()
    }
}
