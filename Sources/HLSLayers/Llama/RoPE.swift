import Foundation
import HLSIR

/// Rotary position embedding as llama2.c: for each pair (i, i+1) of q (and of k while
/// i < kv_dim), with head_dim = i mod head_size, freq = 1 / 10000^(head_dim / head_size),
/// val = pos · freq: `v0' = v0·cos − v1·sin`, `v1' = v0·sin + v1·cos`.
public enum RoPE {
    /// Kernel `name(q, k, pos)`. The forward design passes on-chip `q` and `key` buffers, so the
    /// rotation happens before the key reaches the cache (`Attention` writes it with one
    /// contiguous write). In the libm profile cos and sin come from `powf`, `cosf` and
    /// `sinf` as in llama2.c; in the exact profile from the tables `rope_cos`/`rope_sin`
    /// (seq_len × head_size/2), computed here in Double and rounded once to float.
    public static func kernel(_ name: String = "rope", shape s: LlamaShape, profile: MathProfile) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let q = k.inputOutput("q", .float32, count: s.dim)
        let kv = k.inputOutput("k", .float32, count: s.kvDim)
        let pos = k.size("pos", max: s.seqLen - 1)
        let half = s.headSize / 2
        var tables: (BufferHandle, BufferHandle)?
        if profile == .exact {
            let (c, sn) = Self.tables(s)
            tables = (k.table("rope_cos", .float32, values: c), k.table("rope_sin", .float32, values: sn))
        }
        for (label, vec, count) in [("rotate_q", q, s.dim), ("rotate_k", kv, s.kvDim)] {
            k.loop(label, count / 2, index: "p") { p in
                let (fcr, fci): (Expr, Expr)
                if let (c, sn) = tables {
                    fcr = k.bind("\(label)_fcr", c[pos.index * half + p % half])
                    fci = k.bind("\(label)_fci", sn[pos.index * half + p % half])
                } else {
                    let headDim = ((2 * p) % s.headSize).value(.float32)
                    let freq = k.bind("\(label)_freq", 1.0 / math(.powf, .f32(10000), headDim / Double(s.headSize)))
                    let val = k.bind("\(label)_val", pos.index.value(.float32) * freq)
                    fcr = k.bind("\(label)_fcr", math(.cosf, val))
                    fci = k.bind("\(label)_fci", math(.sinf, val))
                }
                let v0 = k.bind("\(label)_v0", vec[2 * p])
                let v1 = k.bind("\(label)_v1", vec[2 * p + 1])
                vec[2 * p] = v0 * fcr - v1 * fci
                vec[2 * p + 1] = v0 * fci + v1 * fcr
            }
        }
        return try k.build()
    }

    /// cos and sin of `pos · freq(j)` for pos in 0..<seq_len and j in 0..<head_size/2, where
    /// the exponent and the product are float operations as in llama2.c and freq and the
    /// trigonometric values are computed in Double and rounded once to float.
    public static func tables(_ s: LlamaShape) -> ([Double], [Double]) {
        var c: [Double] = [], sn: [Double] = []
        let half = s.headSize / 2
        for pos in 0..<s.seqLen {
            for j in 0..<half {
                let exponent = Float(2 * j) / Float(s.headSize)
                let freq = Float(1.0 / Foundation.pow(10000.0, Double(exponent)))
                let val = Float(pos) * freq
                c.append(Double(Float(Foundation.cos(Double(val)))))
                sn.append(Double(Float(Foundation.sin(Double(val)))))
            }
        }
        return (c, sn)
    }
}
