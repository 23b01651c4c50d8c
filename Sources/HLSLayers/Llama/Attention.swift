import HLSIR

/// Multi-head attention over the KV cache of one layer, as llama2.c: for each query head h
/// (with key/value head h / kv_mul), scores `q_h · k_t / sqrt(head_size)` for t = 0...pos,
/// softmax over them, then `xb_h = Σ_t att_t · v_t`.
///
/// The loops are arranged for hardware without changing any per-element order of float
/// operations (so the reference schedule still gives llama2.c's bits):
/// - This token's rotated key and value rows arrive on chip and are written to the cache
///   first, each with one contiguous write (`store_key`, `store_value`).
/// - The cache is read in blocks of `blockRows` positions (up to 16): a block of one layer's
///   cache is rows × kv_dim contiguous floats, read by one pipelined loop of constant trip
///   count (`key_load`, `value_load`) — a burst that the tool can widen to 512 bits — once per
///   token for all heads, so query heads sharing a key/value head (kv_mul > 1) share the read.
///   Rows past pos in the last block are loaded but never used.
/// - Scores: for each row r of a block and each head h (`scores`/`score_heads`), one dot
///   product `qk` of on-chip operands (its lanes — and so its order — come from the schedule).
///   Rows past pos get weight 0 and no dot product.
/// - `heads`: softmax of each head's scores over 0...pos, in place.
/// - Values: for each row r of a block, each head h and each element i (`values`/
///   `value_heads`/`value_row`, t outer and i inner), `acc[h·head_size + i] += att[h][t] ·
///   v_t[i]` for t ≤ pos. Per output element this is llama2.c's `xb[i] = 0; for t: xb[i] +=
///   a_t · v_t[i]` — the same operations in the same order — and consecutive iterations update
///   different accumulators (the same one comes back after n_heads · head_size elements), so
///   no add waits for the previous one.
public enum Attention {
    /// Kernel `name(xb, q, k, v, key_cache, value_cache, pos)`: `k` and `v` are this token's
    /// (rotated) key and value rows (kv_dim each); the caches are one layer's seq_len × kv_dim
    /// slices, written at row `pos` and read for rows 0...pos.
    ///
    /// Loops: `store_key`, `store_value`, `query_copy`; `key_blocks` holding `key_load` and
    /// `scores` (with `score_heads`, whose reduction is `qk`); `heads` (`att_find_max`,
    /// `att_exp_sum`, `att_normalize`); `clear`; `value_blocks` holding `value_load` and
    /// `values` (with `value_heads` and `value_row`); `outputs`. Locals: `query` and `acc`
    /// (dim), `key_block` and `value_block` (rows × kv_dim), `att` (n_heads × seq_len).
    public static func kernel(_ name: String = "attention", shape s: LlamaShape, profile: MathProfile) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let xb = k.output("xb", .float32, count: s.dim)
        let q = k.input("q", .float32, count: s.dim)
        let keyRow = k.input("k", .float32, count: s.kvDim)
        let valueRow = k.input("v", .float32, count: s.kvDim)
        let kc = k.inputOutput("key_cache", .float32, count: s.seqLen * s.kvDim)
        let vc = k.inputOutput("value_cache", .float32, count: s.seqLen * s.kvDim)
        let pos = k.size("pos", max: s.seqLen - 1)
        let hs = s.headSize, rows = blockRows(s), block = rows * s.kvDim
        let query = k.local("query", .float32, shape: [s.dim])
        let keyBlock = k.local("key_block", .float32, shape: [block])
        let valueBlock = k.local("value_block", .float32, shape: [block])
        let att = k.local("att", .float32, shape: [s.heads * s.seqLen])
        let acc = k.local("acc", .float32, shape: [s.dim])
        // sqrtf(head_size) is correctly rounded, so the Swift value equals libm's.
        let scale = Double(Float(hs).squareRoot())
        let steps = Bound.runtime(pos.index + 1, max: s.seqLen)
        let blocks = Bound.runtime((pos.index + rows) / rows, max: s.seqLen / rows)

        k.loop("store_key", s.kvDim, index: "i") { i in kc[pos.index * s.kvDim + i] = keyRow[i] }
        k.loop("store_value", s.kvDim, index: "i") { i in vc[pos.index * s.kvDim + i] = valueRow[i] }
        k.loop("query_copy", s.dim, index: "j") { j in query[j] = q[j] }
        k.loop("key_blocks", blocks, index: "b") { b in
            k.loop("key_load", block, index: "e") { e in keyBlock[e] = kc[b * block + e] }
            k.loop("scores", rows, index: "r") { r in
                k.loop("score_heads", s.heads, index: "h") { h in
                    let t = b * rows + r
                    // Rows past pos (the rest of the last block) get weight 0 and are skipped below.
                    k.branch(t.value() <= pos.index.value()) {
                        let score = k.reduce("qk", .add, .float32, hs, index: "i") { i in
                            query[h * hs + i] * keyBlock[r * s.kvDim + (h / s.kvMul) * hs + i]
                        }
                        att[h * s.seqLen + t] = score / scale
                    } otherwise: {
                        att[h * s.seqLen + t] = .f32(0)
                    }
                }
            }
        }
        k.loop("heads", s.heads, index: "h") { h in
            Softmax.body(k, x: att, offset: h * s.seqLen, n: steps, profile: profile, prefix: "att_")
        }
        k.loop("clear", s.dim, index: "j") { j in acc[j] = .f32(0) }
        k.loop("value_blocks", blocks, index: "b") { b in
            k.loop("value_load", block, index: "e") { e in valueBlock[e] = vc[b * block + e] }
            k.loop("values", rows, index: "r") { r in
                k.loop("value_heads", s.heads, index: "h") { h in
                    let t = b * rows + r
                    let weight = k.bind("weight", att[h * s.seqLen + t])
                    k.loop("value_row", hs, index: "i") { i in
                        k.branch(t.value() <= pos.index.value()) {
                            acc[h * hs + i] = acc[h * hs + i] + weight * valueBlock[r * s.kvDim + (h / s.kvMul) * hs + i]
                        }
                    }
                }
            }
        }
        k.loop("outputs", s.dim, index: "j") { j in xb[j] = acc[j] }
        return try k.build()
    }

    /// Positions per cache block: the largest power of two up to 16 dividing seq_len, so
    /// every block lies inside the cache.
    public static func blockRows(_ s: LlamaShape) -> Int {
        var b = 1
        while b < 16 && s.seqLen % (b * 2) == 0 { b *= 2 }
        return b
    }
}
