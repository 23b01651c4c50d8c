import HLSIR

/// Attention in integers for one layer, after the top kernel has written this position's int8
/// key and value rows into the cache: per head, scores = q8 · k8 (int32, exact), the integer
/// softmax over positions 0 … pos (`IntegerSoftmax`, probabilities in Q15), and
/// out = Σ_t p_t · v8_t (int32: |out| < 2^15 · 128 · (1 + rounding)).
public enum IntegerAttention {
    /// Kernel `name(out, q, key_cache, value_cache, pos, m)`; `m` is the softmax's run-time
    /// multiplier (scores → Q16) with the constant `shift`.
    public static func kernel(_ name: String = "int_attention", shape s: LlamaShape, shift: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let out = k.output("out", .int32, count: s.dim)
        let q = k.input("q", .int8, count: s.dim)
        let kc = k.input("key_cache", .int8, count: s.seqLen * s.kvDim)
        let vc = k.input("value_cache", .int8, count: s.seqLen * s.kvDim)
        let pos = k.size("pos", max: s.seqLen - 1)
        let m = k.scalar("m", .int64)
        let hs = s.headSize
        let scores = k.local("score_row", .int32, shape: [s.seqLen])
        let probs = k.local("probs", .int32, shape: [s.seqLen])
        let scratch = k.local("exps", .int32, shape: [s.seqLen])
        let steps = Bound.runtime(pos.index + 1, max: s.seqLen)
        k.loop("heads", s.heads, index: "h") { h in
            k.loop("scores", steps, index: "t") { t in
                scores[t] = k.reduce("qk", .add, .int32, hs, index: "i") { i in
                    q[h * hs + i].cast(.int32) * kc[t * s.kvDim + (h / s.kvMul) * hs + i].cast(.int32)
                }
            }
            IntegerSoftmax.body(k, x: scores, xOffset: 0, out: probs, outOffset: 0, scratch: scratch, n: steps,
                                multiplier: m, shift: shift, prefix: "att_")
            k.loop("value_row", hs, index: "i") { i in
                out[h * hs + i] = k.reduce("pv", .add, .int32, steps, index: "t") { t in
                    probs[t] * vc[t * s.kvDim + (h / s.kvMul) * hs + i].cast(.int32)
                }
            }
        }
        return try k.build()
    }
}
