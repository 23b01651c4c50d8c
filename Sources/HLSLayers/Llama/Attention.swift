import HLSIR

/// Multi-head attention over the KV cache of one layer, as llama2.c: for each query head h
/// (with key/value head h / kv_mul), scores `q_h · k_t / sqrt(head_size)` for t = 0...pos,
/// softmax over them, then `xb_h = Σ_t att_t · v_t`.
///
/// The loops are arranged for hardware without changing any per-element order of float
/// operations (so the reference schedule still gives llama2.c's bits):
/// - This token's rotated key and value rows arrive on chip and are written to the cache
///   first, each with one contiguous write (`store_key`, `store_value`).
/// - Scores: `kv_heads` runs over key/value heads g. `keys`/`key_row` copies rows
///   t = 0...pos of head g (head_size contiguous floats each, a burst per row) into the on-chip
///   `key_rows`, once per KV head; then for each of the kv_mul query heads h = g·kv_mul + m
///   sharing g, `scores` computes one dot product `qk` per position from on-chip operands (its
///   lanes — and so its order — come from the schedule, exactly as before).
/// - `heads`: softmax of each query head's scores, in place.
/// - Values: `kv_values` runs over key/value heads again; `values`/`value_row` runs t outer and
///   i inner over the value rows of g (each row read contiguously, once per KV head) and
///   accumulates `acc<m>[i] += att[h][t] · v_t[i]` for every query head m of the group. Per
///   output element this is llama2.c's `xb[i] = 0; for t: xb[i] += a_t · v_t[i]` — the same
///   operations in the same order — and with i the inner pipelined counter consecutive
///   iterations update different accumulators, so no add waits for the previous one: each
///   accumulator has head_size cycles for its load → fadd → store chain.
public enum Attention {
    /// Kernel `name(xb, q, k, v, key_cache, value_cache, pos)`: `k` and `v` are this token's
    /// (rotated) key and value rows (kv_dim each); the caches are one layer's seq_len × kv_dim
    /// slices, written at row `pos` and read for rows 0...pos.
    ///
    /// Loops: `store_key`, `store_value`; `kv_heads` holding `keys` (with `key_row`) and
    /// `head_scores` (with `query_row` and `scores`, whose reduction is `qk`); `heads`
    /// (`att_find_max`, `att_exp_sum`, `att_normalize`); `kv_values` holding `clear`, `values`
    /// (with `value_row`) and `outputs`. Locals: `key_rows` (seq_len × head_size), `query`
    /// (head_size), `att` (n_heads × seq_len) and `acc0`, `acc1`, … (head_size each, one per
    /// query head of a group).
    public static func kernel(_ name: String = "attention", shape s: LlamaShape, profile: MathProfile) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let xb = k.output("xb", .float32, count: s.dim)
        let q = k.input("q", .float32, count: s.dim)
        let keyRow = k.input("k", .float32, count: s.kvDim)
        let valueRow = k.input("v", .float32, count: s.kvDim)
        let kc = k.inputOutput("key_cache", .float32, count: s.seqLen * s.kvDim)
        let vc = k.inputOutput("value_cache", .float32, count: s.seqLen * s.kvDim)
        let pos = k.size("pos", max: s.seqLen - 1)
        let hs = s.headSize, mul = s.kvMul
        let keyRows = k.local("key_rows", .float32, shape: [s.seqLen * hs])
        let query = k.local("query", .float32, shape: [hs])
        let att = k.local("att", .float32, shape: [s.heads * s.seqLen])
        // One accumulator array per query head of the group, so the heads' updates never
        // touch one array (no false dependence between them in the pipelined row loop).
        let acc = (0..<mul).map { m in k.local("acc\(m)", .float32, shape: [hs]) }
        // sqrtf(head_size) is correctly rounded, so the Swift value equals libm's.
        let scale = Double(Float(hs).squareRoot())
        let steps = Bound.runtime(pos.index + 1, max: s.seqLen)

        k.loop("store_key", s.kvDim, index: "i") { i in kc[pos.index * s.kvDim + i] = keyRow[i] }
        k.loop("store_value", s.kvDim, index: "i") { i in vc[pos.index * s.kvDim + i] = valueRow[i] }
        k.loop("kv_heads", s.kvHeads, index: "g") { g in
            k.loop("keys", steps, index: "t") { t in
                k.loop("key_row", hs, index: "i") { i in keyRows[t * hs + i] = kc[t * s.kvDim + g * hs + i] }
            }
            k.loop("head_scores", mul, index: "m") { m in
                let head = (g * mul + m) * hs
                k.loop("query_row", hs, index: "i") { i in query[i] = q[head + i] }
                k.loop("scores", steps, index: "t") { t in
                    let score = k.reduce("qk", .add, .float32, hs, index: "i") { i in query[i] * keyRows[t * hs + i] }
                    att[(g * mul + m) * s.seqLen + t] = score / scale
                }
            }
        }
        k.loop("heads", s.heads, index: "h") { h in
            Softmax.body(k, x: att, offset: h * s.seqLen, n: steps, profile: profile, prefix: "att_")
        }
        k.loop("kv_values", s.kvHeads, index: "g") { g in
            k.loop("clear", hs, index: "i") { i in
                for m in 0..<mul { acc[m][i] = .f32(0) }
            }
            k.loop("values", steps, index: "t") { t in
                k.loop("value_row", hs, index: "i") { i in
                    let v = k.bind("v_ti", vc[t * s.kvDim + g * hs + i])
                    // One statement per query head of the group (kv_mul is small): a straight
                    // body, so the pipelined row loop holds no inner loop.
                    for m in 0..<mul {
                        acc[m][i] = acc[m][i] + att[(g * mul + m) * s.seqLen + t] * v
                    }
                }
            }
            k.loop("outputs", hs, index: "i") { i in
                for m in 0..<mul { xb[(g * mul + m) * hs + i] = acc[m][i] }
            }
        }
        return try k.build()
    }
}
