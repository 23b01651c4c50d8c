import HLSIR

/// Attention in integers for one layer, after the top kernel has written this position's int8
/// key and value rows into the cache: per head, scores = q8 · k8 (int32, exact), the integer
/// softmax over positions 0 … pos (`IntegerSoftmax`, probabilities in Q15), and
/// out = Σ_t p_t · v8_t (int32: |out| < 2^15 · 128 · (1 + rounding)).
public enum IntegerAttention {
    /// Kernel `name(out, q, key_cache, value_cache, pos, m)`; `m` is the softmax's run-time
    /// multiplier (scores → Q16) with the constant `shift`.
    public static func kernel(_ name: String = "int_attention", shape s: LlamaShape, shift: Int) throws(DesignError) -> Kernel {
        try kernel(name, dim: s.dim, heads: s.heads, kvHeads: s.kvHeads, seqLen: s.seqLen, shift: shift)
    }

    /// The kernel for any head layout: `heads` query heads of dim / heads, `kvHeads` key/value
    /// heads (each shared by heads / kvHeads query heads; GPT-2: kvHeads = heads), caches of
    /// seqLen rows of kvHeads · head size.
    public static func kernel(_ name: String, dim: Int, heads: Int, kvHeads: Int, seqLen: Int, shift: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let hs = dim / heads, kvDim = kvHeads * (dim / heads), kvMul = heads / kvHeads
        let out = k.output("out", .int32, count: dim)
        let q = k.input("q", .int8, count: dim)
        let kc = k.input("key_cache", .int8, count: seqLen * kvDim)
        let vc = k.input("value_cache", .int8, count: seqLen * kvDim)
        let pos = k.size("pos", max: seqLen - 1)
        let m = k.scalar("m", .int64)
        let scores = k.local("score_row", .int32, shape: [seqLen])
        let probs = k.local("probs", .int32, shape: [seqLen])
        let scratch = k.local("exps", .int32, shape: [seqLen])
        let steps = Bound.runtime(pos.index + 1, max: seqLen)
        k.loop("heads", heads, index: "h") { h in
            k.loop("scores", steps, index: "t") { t in
                scores[t] = k.reduce("qk", .add, .int32, hs, index: "i") { i in
                    q[h * hs + i].cast(.int32) * kc[t * kvDim + (h / kvMul) * hs + i].cast(.int32)
                }
            }
            IntegerSoftmax.body(k, x: scores, xOffset: 0, out: probs, outOffset: 0, scratch: scratch, n: steps,
                                multiplier: m, shift: shift, prefix: "att_")
            k.loop("value_row", hs, index: "i") { i in
                out[h * hs + i] = k.reduce("pv", .add, .int32, steps, index: "t") { t in
                    probs[t] * vc[t * kvDim + (h / kvMul) * hs + i].cast(.int32)
                }
            }
        }
        return try k.build()
    }
}
