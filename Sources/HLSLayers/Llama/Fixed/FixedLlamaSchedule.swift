import HLSIR

/// The schedules of the fixed design (`FixedLlamaForward`): the reference schedule as it is,
/// or the float design's hardware schedule carried over — every sub-kernel's directives (the
/// products streamed, lanes, RMSNorm and the gate), the top's ports and partitions — with the
/// partition of `xb` also on `xf` (the float operand the products and quantizers read here),
/// the names this design does not have dropped (`xb2`), and the conversion loops pipelined like
/// the float design's elementwise loops (`LlamaSchedule.elementwise`).
enum FixedLlamaSchedule {
    static func schedule(_ style: LlamaSchedule, _ s: LlamaShape, weights: LlamaWeights,
                         targets: [String: ScheduleTarget]) -> Schedule {
        var out = style.schedule(s, weights: weights)
        guard style == .hardware else { return out }
        let top = LlamaForward.top
        if let xb = out.buffers["\(top).xb"] { out.buffers["\(top).xf"] = xb }
        out.buffers = out.buffers.filter { targets[$0.key] != nil }
        out.loops = out.loops.filter { targets[$0.key] != nil }
        var loops: [(String, Int, [String])] = [("\(top).embed", s.dim, ["x"]), ("\(top).logits_out", s.vocab, ["logits_f"])]
        for norm in ["att_norm", "ffn_norm", "final_norm"] {
            loops += [("\(top).\(norm)_in", s.dim, ["x", "xf"]), ("\(top).\(norm)_hold", s.dim, ["xb", "xn", "xf"])]
        }
        loops += [("\(top).q_hold", s.dim, ["q", "xa"]), ("\(top).att_hold", s.dim, ["xb", "xa", "xf"]),
                  ("\(top).residual_att", s.dim, ["x", "xb"]), ("\(top).residual_ffn", s.dim, ["x", "xb"]),
                  ("\(top).up_hold", s.hidden, ["hb", "h1", "hb2", "h3"]), ("\(top).gate_hold", s.hidden, ["hb", "h1"])]
        LlamaSchedule.elementwise(&out, loops: loops)
        return out
    }
}
