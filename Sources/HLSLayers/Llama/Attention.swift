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
///   Blocks 0 ..< pos/R are full; the last, block pos/R, is loaded whole and its rows
///   0 ... pos mod R are used (the same loops with a runtime row count, prefixed `last_`), so
///   no loop holds a branch.
/// - Scores: for each head h and each row r of a block (`score_heads`/`scores`), one dot
///   product `qk` of on-chip operands (its lanes — and so its order — come from the schedule).
/// - `heads`: softmax of each head's scores over 0...pos, in place.
/// - Values: for each row r of a block, each head h and each element i (`values`/
///   `value_heads`/`value_row`, t outer and i inner), `acc[h·head_size + i] += att[h][t] ·
///   v_t[i]`. Per output element this is llama2.c's `xb[i] = 0; for t: xb[i] +=
///   a_t · v_t[i]` — the same operations in the same order — and consecutive iterations update
///   different accumulators (the same one comes back after n_heads · head_size elements), so
///   no add waits for the previous one.
public enum Attention {
    /// Kernel `name(xb, q, k, v, key_cache, value_cache, pos, pos_block)`: `k` and `v` are this
    /// token's (rotated) key and value rows (kv_dim each); the caches are one layer's
    /// seq_len × kv_dim slices, written at row `pos` and read for rows 0...pos; `pos_block` must
    /// be `pos / blockRows` (the caller computes it, so every cache index stays affine in the
    /// kernel's sizes and the block loads are visibly sequential).
    ///
    /// Loops: `store_key`, `store_value`, `query_copy`; `key_blocks` holding `key_load` and
    /// `score_heads` (with `scores`, whose reduction is `qk`), then `last_key_load` and
    /// `last_score_heads` (`last_scores`, `last_qk`); `heads` (`att_find_max`, `att_exp_sum`,
    /// `att_normalize`); `clear`; `value_blocks` holding `value_load` and `values` (with
    /// `value_heads` and `value_row`), then `last_value_load` and `last_values`
    /// (`last_value_heads`, `last_value_row`); `outputs`. Locals: `query` and `acc`
    /// (dim), `key_block` and `value_block` (rows × kv_dim), `att` (n_heads × seq_len).
    ///
    /// With `engines` A > 1 the heads are split over A engines that work side by side
    /// (`engineKernel`).
    ///
    /// `cache` is the element type of the KV cache: float, or for the `fixed` profile an
    /// `ap_fixed` type (`FixedLlamaForward`), into which the rows are cast when stored and out
    /// of which they are cast to float when loaded (one engine only).
    public static func kernel(_ name: String = "attention", shape s: LlamaShape, profile: MathProfile,
                              engines a: Int = 1, cache: ScalarType = .float32) throws(DesignError) -> Kernel {
        if a != 1 {
            if cache != .float32 { throw DesignError(["attention engines need a float KV cache"]) }
            return try engineKernel(name, shape: s, profile: profile, engines: a)
        }
        let k = KernelBuilder(name)
        let xb = k.output("xb", .float32, count: s.dim)
        let q = k.input("q", .float32, count: s.dim)
        let keyRow = k.input("k", .float32, count: s.kvDim)
        let valueRow = k.input("v", .float32, count: s.kvDim)
        let kc = k.inputOutput("key_cache", cache, count: s.seqLen * s.kvDim)
        let vc = k.inputOutput("value_cache", cache, count: s.seqLen * s.kvDim)
        /// A row element into the cache's type, and a cache element out to float.
        func stored(_ e: Expr) -> Expr { cache == .float32 ? e : e.cast(cache) }
        func loaded(_ e: Expr) -> Expr { cache == .float32 ? e : e.cast(.float32) }
        let pos = k.size("pos", max: s.seqLen - 1)
        let rows = blockRows(s)
        let posBlock = k.size("pos_block", max: (s.seqLen - 1) / rows)
        let hs = s.headSize, block = rows * s.kvDim
        let query = k.local("query", .float32, shape: [s.dim])
        let keyBlock = k.local("key_block", .float32, shape: [block])
        let valueBlock = k.local("value_block", .float32, shape: [block])
        let att = k.local("att", .float32, shape: [s.heads * s.seqLen])
        let acc = k.local("acc", .float32, shape: [s.dim])
        // sqrtf(head_size) is correctly rounded, so the Swift value equals libm's.
        let scale = Double(Float(hs).squareRoot())
        let steps = Bound.runtime(pos.index + 1, max: s.seqLen)
        // Blocks 0 ..< pos/R are full; block pos/R holds rows 0 ... pos mod R.
        let full = Bound.runtime(posBlock.index, max: posBlock.max)
        let last = posBlock.index, lastRows = Bound.runtime(pos.index - posBlock.index * rows + 1, max: rows)

        /// Scores of rows 0 ..< `count` of block `b` for every head, from the block on chip.
        func scores(_ p: String, block b: Index, rows count: Bound) {
            k.loop("\(p)key_load", block, index: "e") { e in keyBlock[e] = loaded(kc[b * block + e]) }
            k.loop("\(p)score_heads", s.heads, index: "h") { h in
                k.loop("\(p)scores", count, index: "r") { r in
                    let score = k.reduce("\(p)qk", .add, .float32, hs, index: "i") { i in
                        query[h * hs + i] * keyBlock[r * s.kvDim + (h / s.kvMul) * hs + i]
                    }
                    att[h * s.seqLen + b * rows + r] = score / scale
                }
            }
        }
        /// `acc += att · v` over rows 0 ..< `count` of block `b`: t outer, elements inner.
        func values(_ p: String, block b: Index, rows count: Bound) {
            k.loop("\(p)value_load", block, index: "e") { e in valueBlock[e] = loaded(vc[b * block + e]) }
            k.loop("\(p)values", count, index: "r") { r in
                k.loop("\(p)value_heads", s.heads, index: "h") { h in
                    let weight = k.bind("\(p)weight", att[h * s.seqLen + b * rows + r])
                    k.loop("\(p)value_row", hs, index: "i") { i in
                        acc[h * hs + i] = acc[h * hs + i] + weight * valueBlock[r * s.kvDim + (h / s.kvMul) * hs + i]
                    }
                }
            }
        }

        k.loop("store_key", s.kvDim, index: "i") { i in kc[pos.index * s.kvDim + i] = stored(keyRow[i]) }
        k.loop("store_value", s.kvDim, index: "i") { i in vc[pos.index * s.kvDim + i] = stored(valueRow[i]) }
        k.loop("query_copy", s.dim, index: "j") { j in query[j] = q[j] }
        k.loop("key_blocks", full, index: "b") { b in scores("", block: b, rows: .constant(rows)) }
        scores("last_", block: last, rows: lastRows)
        k.loop("heads", s.heads, index: "h") { h in
            Softmax.body(k, x: att, offset: h * s.seqLen, n: steps, profile: profile, prefix: "att_")
        }
        k.loop("clear", s.dim, index: "j") { j in acc[j] = .f32(0) }
        k.loop("value_blocks", full, index: "b") { b in values("", block: b, rows: .constant(rows)) }
        values("last_", block: last, rows: lastRows)
        k.loop("outputs", s.dim, index: "j") { j in xb[j] = acc[j] }
        return try k.build()
    }

    /// Positions per cache block: the largest power of two up to 16 dividing seq_len (so every
    /// block lies inside the cache) and at most half of it (so there are at least two blocks
    /// and `pos_block` has a positive maximum; seq_len is at least 2, as `pos` needs).
    public static func blockRows(_ s: LlamaShape) -> Int {
        var b = 1
        while b < 16 && s.seqLen % (b * 2) == 0 && b * 4 <= s.seqLen { b *= 2 }
        return b
    }
}
