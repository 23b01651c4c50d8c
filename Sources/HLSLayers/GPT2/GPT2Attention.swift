import HLSIR

/// Causal multi-head attention of one position over one layer's KV cache, in llm.c's order
/// (`attention_forward` for the row t = pos):
/// - this position's key and value (elements C ..< 2C and 2C ..< 3C of `qkv`) are written to
///   row `pos` of the caches;
/// - per head h, for t2 = 0 … pos: `score = (Σ_i q[i] · k_t2[i]) · scale` with
///   `scale = (float)(1.0 / (double)sqrtf(hs))`; maxval starts at −10000.0f and is replaced
///   when score > maxval; `e = expf(score − maxval)` summed in order; `inv = sum == 0 ? 0 :
///   1.0f / sum`; `att = e · inv`; `out[h·hs + i] = Σ_t2 att_t2 · v_t2[i]` from 0 in order.
public enum GPT2Attention {
    /// `(float)(1.0 / (double)sqrtf(hs))`: sqrtf is correctly rounded, so Swift's Float root is
    /// the same value.
    public static func scale(headSize hs: Int) -> Float {
        Float(1.0 / Double(Float(hs).squareRoot()))
    }

    /// Kernel `name(out, qkv, key_cache, value_cache, pos)`: the caches are one layer's
    /// seq_len × C slices. Loops: `store_key`, `store_value`, `heads` holding `scores` (with the
    /// reduction `qk`), `find_max` (max reduction), `exp_sum` (reduction), `normalize`,
    /// `out_row` (with the reduction `weighted`). Local: `att` (seq_len).
    public static func kernel(_ name: String = "attention", shape s: GPT2Shape, profile: MathProfile) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let C = s.channels, hs = s.headSize
        let out = k.output("out", .float32, count: C)
        let qkv = k.input("qkv", .float32, count: 3 * C)
        let kc = k.inputOutput("key_cache", .float32, count: s.seqLen * C)
        let vc = k.inputOutput("value_cache", .float32, count: s.seqLen * C)
        let pos = k.size("pos", max: s.seqLen - 1)
        let att = k.local("att", .float32, shape: [s.seqLen])
        let steps = Bound.runtime(pos.index + 1, max: s.seqLen)
        let scale = Double(Self.scale(headSize: hs))
        let math = ProfileMath(profile)

        k.loop("store_key", C, index: "i") { i in kc[pos.index * C + i] = qkv[C + i] }
        k.loop("store_value", C, index: "i") { i in vc[pos.index * C + i] = qkv[2 * C + i] }
        k.loop("heads", s.heads, index: "h") { h in
            k.loop("scores", steps, index: "t") { t in
                let dot = k.reduce("qk", .add, .float32, hs, index: "i") { i in qkv[h * hs + i] * kc[t * C + h * hs + i] }
                att[t] = dot * scale
            }
            let maxval = k.reduce("find_max", .max, .float32, steps, initial: .f32(-10000), index: "t") { t in att[t] }
            let sum = k.reduce("exp_sum", .add, .float32, steps, index: "t") { t in
                let e = math.exp(k, att[t] - maxval, name: "e")
                att[t] = e
                return e
            }
            let inv = k.bind("inv", select(sum.eq(0), .f32(0), 1.0 / sum))
            k.loop("normalize", steps, index: "t") { t in att[t] = att[t] * inv }
            k.loop("out_row", hs, index: "i") { i in
                out[h * hs + i] = k.reduce("weighted", .add, .float32, steps, index: "t") { t in att[t] * vc[t * C + h * hs + i] }
            }
        }
        return try k.build()
    }
}
