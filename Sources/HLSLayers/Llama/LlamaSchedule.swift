import HLSIR

/// Schedules of the forward design.
public enum LlamaSchedule: String, Hashable, Sendable, CaseIterable {
    /// Lane count 1 everywhere and no unrolling: the sequential order of llama2.c, so the
    /// results equal run.c / runq.c bit for bit.
    case reference
    /// A hardware schedule: float dot products with 8 lanes unrolled by 8, int8 dot products
    /// unrolled by the group size (up to 16), pipelined inner loops, one m_axi bundle per
    /// weight class so the linker can place each on its own memory bank.
    case hardware

    public func schedule(_ s: LlamaShape, weights: LlamaWeights) -> Schedule {
        var out = Schedule()
        // Bundles: attention weights, FFN weights, classifier, KV cache, norms.
        let bundles: [(String, [String])] = [
            ("gmem_attn", ["wq", "wk", "wv", "wo"]), ("gmem_ffn", ["w1", "w2", "w3"]),
            ("gmem_cls", ["wcls", "token_embedding", "logits"]), ("gmem_kv", ["key_cache", "value_cache"]),
            ("gmem_norm", ["rms_att", "rms_ffn", "rms_final"]),
        ]
        for (bundle, names) in bundles {
            for n in names {
                let ports: [String]
                if case .q8 = weights, LlamaForward.matrices.contains(n) { ports = ["\(n)_q", "\(n)_s"] } else { ports = [n] }
                for p in ports { out.interface("\(LlamaForward.top).\(p)", InterfaceDirectives(bundle: bundle)) }
            }
        }
        out = out.merged(with: attentionSchedule(s))
        guard self == .hardware else { return out }
        // RoPE reads and writes a pair per iteration: two banks give it II 1.
        out.partition("\(LlamaForward.top).q", .cyclic, factor: 2)
        out.partition("\(LlamaForward.top).key", .cyclic, factor: 2)
        let lanes = 8
        for (name, n, _) in LlamaForward.products(s) {
            switch weights {
            case .float:
                out.lanes("\(name).dot", lanes)
                out.pipeline("\(name).dot")
                if n % lanes == 0 { out.unroll("\(name).dot", factor: lanes) }
            case .q8(let gs):
                var u = 1
                while u * 2 <= Swift.min(gs, 16) && gs % (u * 2) == 0 { u *= 2 }
                out.pipeline("\(name).groups")
                if u > 1 {
                    out.unroll("\(name).dot", factor: u)
                    out.partition("\(name).xq", .cyclic, factor: u)
                }
            }
        }
        out.lanes("rmsnorm_dim.sum_sq", lanes)
        out.pipeline("rmsnorm_dim.sum_sq")
        if s.dim % lanes == 0 { out.unroll("rmsnorm_dim.sum_sq", factor: lanes) }
        out.pipeline("forward.gate")
        out.pipeline("forward.residual_att")
        out.pipeline("forward.residual_ffn")
        return out
    }

    /// The attention loops that run over positions 0...pos (average trip count seq_len/2).
    static let attentionPositionLoops = ["att_find_max", "att_exp_sum", "att_normalize"]

    /// The directives of the `attention` kernel (see `Attention`). Both styles give the loops
    /// over positions and blocks their trip counts (average position seq_len/2: that many
    /// rows in full blocks, and on average half a block in the last). The reference style adds
    /// nothing else: one lane, llama2.c's order. The hardware style
    /// - pipelines the cache writes and the block loads, the latter unrolled by 16 floats
    ///   (one 512-bit beat per cycle: sequential, constant trip count, so they burst and widen);
    /// - makes each score one pipelined iteration whose head-size dot product is unrolled into
    ///   8 lanes (the lanes define its order), reading `query` and `key_block` partitioned
    ///   cyclically by head size (at least 16, the load's width);
    /// - pipelines the value accumulation with the head's elements unrolled by up to 16: per
    ///   cycle up to 16 independent accumulators of `acc` (partitioned alike) each get one add;
    /// - runs the softmax passes 4 positions per cycle (unrolled by 4 over `att`, partitioned
    ///   cyclically by 4), the max in 8 lanes and the sum in 16 (both defined orders).
    public func attentionSchedule(_ s: LlamaShape) -> Schedule {
        var out = Schedule()
        let avg = Swift.max(1, s.seqLen / 2), rows = Attention.blockRows(s)
        for loop in Self.attentionPositionLoops {
            out.tripCount("attention.\(loop)", min: 1, max: s.seqLen, avg: avg)
        }
        for loop in ["key_blocks", "value_blocks"] {
            out.tripCount("attention.\(loop)", min: 0, max: (s.seqLen - 1) / rows, avg: avg / rows)
        }
        for loop in ["last_scores", "last_values"] {
            out.tripCount("attention.\(loop)", min: 1, max: rows, avg: (rows + 1) / 2)
        }
        guard self == .hardware else { return out }
        let hs = s.headSize, beat = 16
        var pipelined = ["store_key", "store_value", "query_copy", "att_find_max", "att_exp_sum", "att_normalize",
                         "clear", "outputs"]
        var u = 1
        while u * 2 <= Swift.min(beat, hs) && hs % (u * 2) == 0 { u *= 2 }
        for p in ["", "last_"] {
            pipelined += ["\(p)key_load", "\(p)scores", "\(p)value_load", "\(p)value_row"]
            if (rows * s.kvDim) % beat == 0 {
                out.unroll("attention.\(p)key_load", factor: beat)
                out.unroll("attention.\(p)value_load", factor: beat)
            }
            if u > 1 { out.unroll("attention.\(p)value_row", factor: u) }
            out.lanes("attention.\(p)qk", Swift.min(8, hs))
        }
        for loop in pipelined { out.pipeline("attention.\(loop)") }
        // Softmax passes 4 positions per cycle: the max in 8 lanes (each back every other
        // cycle, past its compare-select), the sum in 16 (past the 4-cycle fadd).
        let softmaxWidth = 4
        out.lanes("attention.att_find_max", 2 * softmaxWidth)
        out.lanes("attention.att_exp_sum", 4 * softmaxWidth)
        for loop in Self.attentionPositionLoops { out.unroll("attention.\(loop)", factor: softmaxWidth) }
        out.partition("attention.att", .cyclic, factor: softmaxWidth)
        for buffer in ["query", "key_block", "value_block", "acc"] {
            out.partition("attention.\(buffer)", .cyclic, factor: Swift.max(beat, hs))
        }
        return out
    }
}
