import HLSIR

/// Multi-head attention over the KV cache of one layer, as llama2.c: for each head h (with
/// key/value head h / kv_mul), scores `q_h · k_t / sqrt(head_size)` for t = 0...pos, softmax
/// over them, then `xb_h = Σ_t att_t · v_t`.
public enum Attention {
    /// Kernel `name(xb, q, key_cache, value_cache, pos)`; the caches are one layer's
    /// seq_len × kv_dim slices. Loops: `heads`, `scores` with reduction `qk`, softmax
    /// (`att_find_max`, `att_exp_sum`, `att_normalize`), `weighted` with reduction `av`.
    public static func kernel(_ name: String = "attention", shape s: LlamaShape, profile: MathProfile) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let xb = k.output("xb", .float32, count: s.dim)
        let q = k.input("q", .float32, count: s.dim)
        let kc = k.input("key_cache", .float32, count: s.seqLen * s.kvDim)
        let vc = k.input("value_cache", .float32, count: s.seqLen * s.kvDim)
        let pos = k.size("pos", max: s.seqLen - 1)
        let att = k.local("att", .float32, shape: [s.seqLen])
        let hs = s.headSize
        // sqrtf(head_size) is correctly rounded, so the Swift value equals libm's.
        let scale = Double(Float(hs).squareRoot())
        let steps = Bound.runtime(pos.index + 1, max: s.seqLen)
        k.loop("heads", s.heads, index: "h") { h in
            let kvBase = (h / s.kvMul) * hs
            k.loop("scores", steps, index: "t") { t in
                let score = k.reduce("qk", .add, .float32, hs, index: "i") { i in q[h * hs + i] * kc[t * s.kvDim + kvBase + i] }
                att[t] = score / scale
            }
            Softmax.body(k, x: att, offset: 0, n: steps, profile: profile, prefix: "att_")
            k.loop("weighted", hs, index: "i") { i in
                xb[h * hs + i] = k.reduce("av", .add, .float32, steps, index: "t") { t in
                    att[t] * vc[t * s.kvDim + kvBase + i]
                }
            }
        }
        return try k.build()
    }
}
