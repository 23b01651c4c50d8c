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
        out.tripCount("attention.scores", min: 1, max: s.seqLen, avg: Swift.max(1, s.seqLen / 2))
        guard self == .hardware else { return out }
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
        out.lanes("attention.qk", Swift.min(lanes, s.headSize))
        out.pipeline("attention.qk")
        out.lanes("attention.att_exp_sum", 4)
        out.pipeline("attention.att_exp_sum")
        out.pipeline("forward.gate")
        out.pipeline("forward.residual_att")
        out.pipeline("forward.residual_ffn")
        return out
    }
}
