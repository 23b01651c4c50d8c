import HLSIR

/// Whose order of operations an attention engine kernel follows: llama2.c's (score ÷ √hs,
/// `Softmax.body`) or llm.c's GPT-2 (score · (1/√hs), the max from −10000, e · (1/sum):
/// `GPT2Attention.softmax`). Everything else — the cache blocks, the value accumulation t
/// outer from 0 — is the same in both.
public enum AttentionOrder: Sendable {
    case llama
    case gpt2
}

extension Attention {
    /// Attention with the heads split over A engines that work side by side (A > 1 divides
    /// n_kv_heads): engine e has key/value heads e·n_kv_heads/A ..< (e+1)·n_kv_heads/A and
    /// their query heads, its cache ports `key_cache_<e>`, `value_cache_<e>` (seq_len ×
    /// kv_dim/A each, on a memory bank of its own: the A banks stream a block at once) and its
    /// own on-chip arrays `query_<e>`, `key_block_<e>`, `value_block_<e>`, `att_<e>`,
    /// `acc_<e>`. Kernel `name(xb, q, k, v, key_cache_0..., value_cache_0..., pos, pos_block)`.
    ///
    /// Loops: `store_key_<e>`, `store_value_<e>`, `query_copy_<e>`; `key_blocks` (blocks 0 ...
    /// pos/R, whole: scores past pos are computed but never read) holding `key_load` (all A
    /// ports per cycle) and `score_heads`/`scores`, whose every iteration computes one score per
    /// engine (reductions `qk_<e>`); `heads_<e>` (softmax loops `att_<e>_find_max`, ...); `clear_<e>`;
    /// `value_blocks` holding `value_load` and `values`/`value_heads`/`value_row`, whose every
    /// iteration updates one accumulator per engine, and the same prefixed `last_` for rows
    /// 0 ... pos mod R of the last block; `outputs_<e>`. Every score and every
    /// accumulator sees the same operations in the same order as with one engine.
    ///
    /// With `order` `.gpt2` (GPT-2's attention, `GPT2Attention`: n_kv_heads = n_heads; the
    /// caller passes q, k and v as offsets into its qkv vector) each score is `dot · (1/√hs)`
    /// and each head's softmax is llm.c's (`GPT2Attention.softmax`).
    public static func engineKernel(_ name: String, shape s: LlamaShape, profile: MathProfile, engines a: Int,
                                    order: AttentionOrder = .llama) throws(DesignError) -> Kernel {
        guard a > 1, s.kvHeads % a == 0 else { throw DesignError(["\(name): \(a) engines do not divide n_kv_heads \(s.kvHeads)"]) }
        guard s.seqLen <= 1 << 24 else { throw DesignError(["\(name): seq_len \(s.seqLen) is above 2^24; the engines compare positions as floats"]) }
        let k = KernelBuilder(name)
        let xb = k.output("xb", .float32, count: s.dim)
        let q = k.input("q", .float32, count: s.dim)
        let keyRow = k.input("k", .float32, count: s.kvDim)
        let valueRow = k.input("v", .float32, count: s.kvDim)
        let width = s.kvDim / a, share = s.dim / a, heads = s.heads / a
        let engines = 0..<a
        let kcs = engines.map { k.inputOutput("key_cache_\($0)", .float32, count: s.seqLen * width) }
        let vcs = engines.map { k.inputOutput("value_cache_\($0)", .float32, count: s.seqLen * width) }
        let pos = k.size("pos", max: s.seqLen - 1)
        let rows = engineBlockRows(s)
        let posBlock = k.size("pos_block", max: (s.seqLen - 1) / rows)
        let hs = s.headSize, block = rows * width
        let query = engines.map { k.local("query_\($0)", .float32, shape: [share]) }
        let keyBlock = engines.map { k.local("key_block_\($0)", .float32, shape: [block]) }
        let valueBlock = engines.map { k.local("value_block_\($0)", .float32, shape: [block]) }
        let att = engines.map { k.local("att_\($0)", .float32, shape: [heads * s.seqLen]) }
        let acc = engines.map { k.local("acc_\($0)", .float32, shape: [share]) }
        // sqrtf(head_size) is correctly rounded, so the Swift value equals libm's.
        let scale = Double(Float(hs).squareRoot())
        let steps = Bound.runtime(pos.index + 1, max: s.seqLen)
        /// `base + i`, or `i` for base 0.
        func offset(_ base: Int, _ i: Index) -> Index { base == 0 ? i : base + i }

        /// Block `b` of every engine's cache into its block, all A ports each iteration.
        func load(_ label: String, _ caches: [BufferHandle], into blocks: [BufferHandle], block b: Index) {
            k.loop(label, block, index: "j") { j in
                for e in engines { blocks[e][j] = caches[e][b * block + j] }
            }
        }
        /// Scores of the rows of block `b`: per iteration one head of every engine.
        func scores(block b: Index) {
            load("key_load", kcs, into: keyBlock, block: b)
            k.loop("score_heads", heads, index: "h") { h in
                k.loop("scores", rows, index: "r") { r in
                    for e in engines {
                        // Local query head h reads local key/value head h / kv_mul.
                        let score = k.reduce("qk_\(e)", .add, .float32, hs, index: "i") { i in
                            query[e][h * hs + i] * keyBlock[e][r * width + (h / s.kvMul) * hs + i]
                        }
                        switch order {
                        case .llama: att[e][h * s.seqLen + b * rows + r] = score / scale
                        case .gpt2: att[e][h * s.seqLen + b * rows + r] = score * Double(GPT2Attention.scale(headSize: hs))
                        }
                    }
                }
            }
        }
        /// `acc += att · v` over the rows of block `b`: t outer, elements inner, one accumulator
        /// of every engine per iteration. Rows past pos (in the last block) leave the
        /// accumulators exactly as they are (a select, not an add of zero); the positions are
        /// compared as floats, exact below 2^24 (seq_len is checked).
        func values(block b: Index) {
            load("value_load", vcs, into: valueBlock, block: b)
            k.loop("values", rows, index: "r") { r in
                k.loop("value_heads", heads, index: "h") { h in
                    let weights = engines.map { e in k.bind("weight_\(e)", att[e][h * s.seqLen + b * rows + r]) }
                    k.loop("value_row", hs, index: "i") { i in
                        for e in engines {
                            let sum = acc[e][h * hs + i] + weights[e] * valueBlock[e][r * width + (h / s.kvMul) * hs + i]
                            acc[e][h * hs + i] = select((b * rows + r).value(.float32) <= pos.index.value(.float32), sum, acc[e][h * hs + i])
                        }
                    }
                }
            }
        }

        for e in engines {
            k.loop("store_key_\(e)", width, index: "i") { i in kcs[e][pos.index * width + i] = keyRow[offset(e * width, i)] }
            k.loop("store_value_\(e)", width, index: "i") { i in vcs[e][pos.index * width + i] = valueRow[offset(e * width, i)] }
            k.loop("query_copy_\(e)", share, index: "j") { j in query[e][j] = q[offset(e * share, j)] }
        }
        // Scores of whole blocks 0 ... pos/R: those past pos are never read (the softmax covers
        // 0 ... pos), so the last block needs no loops of its own.
        k.loop("key_blocks", .runtime(posBlock.index + 1, max: posBlock.max + 1), index: "b") { b in
            scores(block: b)
        }
        for e in engines {
            k.loop("heads_\(e)", heads, index: "h") { h in
                switch order {
                case .llama: Softmax.body(k, x: att[e], offset: h * s.seqLen, n: steps, profile: profile, prefix: "att_\(e)_")
                case .gpt2: GPT2Attention.softmax(k, att[e], offset: h * s.seqLen, n: steps, profile: profile, prefix: "att_\(e)_")
                }
            }
            k.loop("clear_\(e)", share, index: "j") { j in acc[e][j] = .f32(0) }
        }
        k.loop("value_blocks", .runtime(posBlock.index + 1, max: posBlock.max + 1), index: "b") { b in values(block: b) }
        for e in engines {
            k.loop("outputs_\(e)", share, index: "j") { j in xb[offset(e * share, j)] = acc[e][j] }
        }
        return try k.build()
    }

    /// Positions per cache block of the engine kernel: as `blockRows` but up to 64, so the
    /// per-block costs (a load's round trip, the score pipeline's depth) come four times less
    /// often; a block of every engine is rows × kv_dim/A floats, in as many memory banks as
    /// with 16 rows.
    public static func engineBlockRows(_ s: LlamaShape) -> Int {
        var b = 1
        while b < 64 && s.seqLen % (b * 2) == 0 && b * 4 <= s.seqLen { b *= 2 }
        return b
    }

    /// The block size the attention kernel with `engines` engines uses (`pos_block` = pos / it).
    public static func blockRows(_ s: LlamaShape, engines: Int) -> Int { engines > 1 ? engineBlockRows(s) : blockRows(s) }
}
