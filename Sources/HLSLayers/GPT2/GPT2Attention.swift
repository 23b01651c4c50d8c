import HLSIR

/// Causal multi-head attention of one position over one layer's KV cache, in llm.c's order
/// (`attention_forward` for the row t = pos):
/// - this position's key and value (elements C ..< 2C and 2C ..< 3C of `qkv`) are written to
///   row `pos` of the caches;
/// - per head h, for t2 = 0 … pos: `score = (Σ_i q[i] · k_t2[i]) · scale` with
///   `scale = (float)(1.0 / (double)sqrtf(hs))`; maxval starts at −10000.0f and is replaced
///   when score > maxval; `e = expf(score − maxval)` summed in order; `inv = sum == 0 ? 0 :
///   1.0f / sum`; `att = e · inv`; `out[h·hs + i] = 0; out[h·hs + i] += att_t2 · v_t2[i]` for t2
///   in order.
public enum GPT2Attention {
    /// `(float)(1.0 / (double)sqrtf(hs))`: sqrtf is correctly rounded, so Swift's Float root is
    /// the same value.
    public static func scale(headSize hs: Int) -> Float {
        Float(1.0 / Double(Float(hs).squareRoot()))
    }

    /// Kernel `name(out, qkv, key_cache, value_cache, pos, pos_block)`: the caches are one
    /// layer's seq_len × C slices; `pos_block` must be `pos / blockRows` (the caller computes
    /// it, so every cache index stays affine). The cache is read in blocks of R = `blockRows`
    /// rows — R × C contiguous floats, one burst, for all heads — without changing any
    /// element's order of operations: blocks 0 ..< pos/R are full, block pos/R holds rows
    /// 0 … pos mod R (the same loops with a runtime row count, prefixed `last_`).
    ///
    /// Loops: `store_key`, `store_value`, `query_copy`; `key_blocks` holding `key_load` and
    /// `key_block_rows`/`score_heads` (with the reduction `qk`), then `last_key_load`,
    /// `last_key_block_rows`, …; `heads` holding `find_max` (max reduction), `exp_sum`
    /// (reduction), `normalize`; `clear`; `value_blocks` holding `value_load` and
    /// `value_block_rows`/`value_heads`/`value_row` (`acc[h·hs + i] += att · v`, t outer, so
    /// each element's sum runs over t in order from 0, as llm.c's), then the `last_` ones;
    /// `outputs`. Locals: `query`, `acc` (C), `key_block`, `value_block` (R × C), `att`
    /// (heads × seq_len).
    public static func kernel(_ name: String = "attention", shape s: GPT2Shape, profile: MathProfile) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let C = s.channels, hs = s.headSize, T = s.seqLen
        let rows = blockRows(s), block = rows * C
        let out = k.output("out", .float32, count: C)
        let qkv = k.input("qkv", .float32, count: 3 * C)
        let kc = k.inputOutput("key_cache", .float32, count: T * C)
        let vc = k.inputOutput("value_cache", .float32, count: T * C)
        let pos = k.size("pos", max: T - 1)
        let posBlock = k.size("pos_block", max: (T - 1) / rows)
        let query = k.local("query", .float32, shape: [C])
        let keyBlock = k.local("key_block", .float32, shape: [block])
        let valueBlock = k.local("value_block", .float32, shape: [block])
        let acc = k.local("acc", .float32, shape: [C])
        let att = k.local("att", .float32, shape: [s.heads * T])
        let steps = Bound.runtime(pos.index + 1, max: T)
        let full = Bound.runtime(posBlock.index, max: posBlock.max)
        let last = posBlock.index, lastRows = Bound.runtime(pos.index - posBlock.index * rows + 1, max: rows)
        let scale = Double(Self.scale(headSize: hs))

        /// Scores of rows 0 ..< `count` of block `b` for every head.
        func scores(_ p: String, block b: Index, rows count: Bound) {
            k.loop("\(p)key_load", block, index: "e") { e in keyBlock[e] = kc[b * block + e] }
            k.loop("\(p)key_block_rows", count, index: "r") { r in
                k.loop("\(p)score_heads", s.heads, index: "h") { h in
                    let dot = k.reduce("\(p)qk", .add, .float32, hs, index: "i") { i in query[h * hs + i] * keyBlock[r * C + h * hs + i] }
                    att[h * T + b * rows + r] = dot * scale
                }
            }
        }
        /// `acc += att · v` over rows 0 ..< `count` of block `b`: t outer, elements inner.
        func values(_ p: String, block b: Index, rows count: Bound) {
            k.loop("\(p)value_load", block, index: "e") { e in valueBlock[e] = vc[b * block + e] }
            k.loop("\(p)value_block_rows", count, index: "r") { r in
                k.loop("\(p)value_heads", s.heads, index: "h") { h in
                    let weight = k.bind("\(p)weight", att[h * T + b * rows + r])
                    k.loop("\(p)value_row", hs, index: "i") { i in
                        acc[h * hs + i] = acc[h * hs + i] + weight * valueBlock[r * C + h * hs + i]
                    }
                }
            }
        }

        k.loop("store_key", C, index: "i") { i in kc[pos.index * C + i] = qkv[C + i] }
        k.loop("store_value", C, index: "i") { i in vc[pos.index * C + i] = qkv[2 * C + i] }
        k.loop("query_copy", C, index: "i") { i in query[i] = qkv[i] }
        k.loop("key_blocks", full, index: "b") { b in scores("", block: b, rows: .constant(rows)) }
        scores("last_", block: last, rows: lastRows)
        k.loop("heads", s.heads, index: "h") { h in softmax(k, att, offset: h * T, n: steps, profile: profile) }
        k.loop("clear", C, index: "i") { i in acc[i] = .f32(0) }
        k.loop("value_blocks", full, index: "b") { b in values("", block: b, rows: .constant(rows)) }
        values("last_", block: last, rows: lastRows)
        k.loop("outputs", C, index: "i") { i in out[i] = acc[i] }
        return try k.build()
    }

    /// llm.c's softmax of one head's scores `att[offset ..< offset + n]`, in place: maxval from
    /// −10000.0f (`find_max`), `e = expf(score − maxval)` summed in order (`exp_sum`),
    /// `inv = sum == 0 ? 0 : 1.0f / sum`, each score times inv (`normalize`); loop and value
    /// names prefixed by `prefix`.
    static func softmax(_ k: KernelBuilder, _ att: BufferHandle, offset: Index, n: Bound, profile: MathProfile, prefix: String = "") {
        let math = ProfileMath(profile)
        let maxval = k.reduce("\(prefix)find_max", .max, .float32, n, initial: .f32(-10000), index: "t") { t in att[offset + t] }
        let sum = k.reduce("\(prefix)exp_sum", .add, .float32, n, index: "t") { t in
            let e = math.exp(k, att[offset + t] - maxval, name: "\(prefix)e")
            att[offset + t] = e
            return e
        }
        let inv = k.bind("\(prefix)inv", select(sum.eq(0), .f32(0), 1.0 / sum))
        k.loop("\(prefix)normalize", n, index: "t") { t in att[offset + t] = att[offset + t] * inv }
    }

    /// The attention engines of a design whose products run on `engines` engines: the largest
    /// count up to it that divides n_heads (each engine takes whole heads, an equal share).
    public static func engines(_ s: GPT2Shape, engines: Int) -> Int {
        var a = Swift.max(1, Swift.min(engines, s.heads))
        while s.heads % a != 0 { a -= 1 }
        return a
    }

    /// GPT-2's shape as the attention engines (`Attention.engineKernel`) see it: n_kv_heads =
    /// n_heads (the other fields are not used there).
    public static func engineShape(_ s: GPT2Shape) -> LlamaShape {
        LlamaShape(dim: s.channels, hidden: s.hidden, layers: s.layers, heads: s.heads, kvHeads: s.heads, vocab: s.vocab, seqLen: s.seqLen)
    }

    /// The attention kernel with `a` attention engines: `kernel` for one, else the shared
    /// engine kernel in llm.c's order, `name(out, q, k, v, key_cache_0…, value_cache_0…, pos,
    /// pos_block)` (q, k, v: offsets 0, C, 2C of the caller's qkv).
    public static func kernel(_ name: String = "attention", shape s: GPT2Shape, profile: MathProfile, engines a: Int) throws(DesignError) -> Kernel {
        if a == 1 { return try kernel(name, shape: s, profile: profile) }
        return try Attention.engineKernel(name, shape: engineShape(s), profile: profile, engines: a, order: .gpt2)
    }

    /// The KV cache arguments: `key_cache`/`value_cache`, or with A attention engines
    /// `key_cache_e<a>`/`value_cache_e<a>`, one pair per engine.
    public static func cacheNames(engines a: Int) -> (keys: [String], values: [String]) {
        if a == 1 { return (["key_cache"], ["value_cache"]) }
        return ((0..<a).map { "key_cache_e\($0)" }, (0..<a).map { "value_cache_e\($0)" })
    }

    /// The block size of the attention kernel with `a` engines (`pos_block` = pos / it).
    public static func blockRows(_ s: GPT2Shape, engines a: Int) -> Int {
        a > 1 ? Attention.engineBlockRows(engineShape(s)) : blockRows(s)
    }

    /// Positions per cache block: the largest power of two up to 16 dividing max_seq_len and
    /// at most a quarter of it (so `pos_block` has a positive maximum).
    public static func blockRows(_ s: GPT2Shape) -> Int {
        var b = 1
        while b < 16 && s.seqLen % (b * 2) == 0 && b * 4 <= s.seqLen { b *= 2 }
        return b
    }
}
