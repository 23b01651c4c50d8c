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
    static let attentionPositionLoops = ["keys", "scores", "att_find_max", "att_exp_sum", "att_normalize", "values"]

    /// The directives of the `attention` kernel (see `Attention`). Both styles give the loops
    /// over positions their trip counts (average seq_len/2). The reference style adds nothing
    /// else: one lane, llama2.c's order. The hardware style pipelines the cache writes and
    /// the key/value row loops (one contiguous row per position: bursts); makes each score one
    /// pipelined iteration whose head-size dot product is unrolled into 8 lanes (the lanes
    /// define its order) over the cyclically partitioned `key_rows` and the completely
    /// partitioned `query`; gives the softmax reductions lanes (2 for the max, 4 for the sum)
    /// and `att` one bank per query head (the value loop reads a whole group's weights at once).
    public func attentionSchedule(_ s: LlamaShape) -> Schedule {
        var out = Schedule()
        for loop in Self.attentionPositionLoops {
            out.tripCount("attention.\(loop)", min: 1, max: s.seqLen, avg: Swift.max(1, s.seqLen / 2))
        }
        guard self == .hardware else { return out }
        let hs = s.headSize
        for loop in ["store_key", "store_value", "key_row", "query_row", "scores", "att_find_max",
                     "att_exp_sum", "att_normalize", "clear", "value_row", "outputs"] {
            out.pipeline("attention.\(loop)")
        }
        out.lanes("attention.qk", Swift.min(8, hs))
        out.lanes("attention.att_find_max", 2)
        out.lanes("attention.att_exp_sum", 4)
        out.partition("attention.key_rows", .cyclic, factor: hs)
        out.partition("attention.query", .complete)
        if s.kvMul > 1 { out.partition("attention.att", .block, factor: s.heads) }
        return out
    }
}
