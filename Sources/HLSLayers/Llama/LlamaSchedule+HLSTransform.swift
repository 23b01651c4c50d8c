import HLSIR

extension LlamaSchedule {
    /// The factor of HLSTransform's one hard-coded `UNROLL_FACTOR`.
    static let hlsTransformUnroll = 16

    /// HLSTransform's schedule as a comparison design (anchors.md: "pragmas hard-coded (one
    /// UNROLL_FACTOR), one m_axi bundle for all weights"), written from that description, not
    /// tuned to any figure: every weight (matrices, scales, embedding, norms) on one bundle
    /// `gmem_weights`; the Q8_0 group loop pipelined with the int8 dot unrolled by 16 and the
    /// quantized activation partitioned to match; float dots pipelined and unrolled by 16;
    /// RMSNorm, attention and the element-wise loops pipelined; one lane everywhere, so every
    /// float sum is llama2.c's sequential order (the results equal the reference schedule's).
    /// The forward design is the same as the other schedules', which quantizes each activation
    /// vector once; HLSTransform quantizes before every product (about 3% of its time here).
    static func hlsTransform(_ base: Schedule, _ s: LlamaShape, weights: LlamaWeights) -> Schedule {
        var out = base
        let u = hlsTransformUnroll
        for (name, n, _) in LlamaForward.products(s) {
            switch weights {
            case .float:
                out.pipeline("\(name).dot")
                if n % u == 0 { out.unroll("\(name).dot", factor: u) }
            case .q8(let gs):
                out.pipeline("\(name).groups")
                if gs % u == 0 { out.unroll("\(name).dot", factor: u) }
            case .q4(let gs):
                // The dot runs over byte pairs: 16 bytes (32 weights) per unrolled step.
                out.pipeline("\(name).groups")
                if (gs / 2) % u == 0 { out.unroll("\(name).dot", factor: u) }
            }
        }
        if let gs = weights.groupSize, (gs / weights.weightsPerValue) % u == 0 {
            for v in Set([s.dim, s.hidden].map { $0 == s.dim ? "xq_dim" : "xq_hidden" }).sorted() {
                out.partition("\(LlamaForward.top).\(v)", .cyclic, factor: u * weights.weightsPerValue)
            }
        }
        for loop in ["rmsnorm_dim.sum_sq", "attention.qk", "attention.att_exp_sum", "forward.gate",
                     "forward.residual_att", "forward.residual_ffn"] {
            out.pipeline(loop)
        }
        return out
    }

    /// HLSTransform's bundles: the weights in one struct on one bundle; the KV cache and the
    /// logits keep bundles of their own.
    static func hlsTransformBundle(_ array: String, _ classBundle: String) -> String {
        switch array {
        case "key_cache", "value_cache": return "gmem_kv"
        case "logits": return "gmem_out"
        default: return "gmem_weights"
        }
    }
}
