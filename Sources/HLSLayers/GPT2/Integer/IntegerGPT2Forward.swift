import HLSIR

/// The GPT-2 forward pass for one position with integer arithmetic only (the `integer`
/// profile; docs/gpt2.md, docs/numerics.md), the integer Llama design's counterpart: Q8_0
/// weights with integer group scales, int8 activations into every product with its int32 bias
/// folded into the accumulator, an int16-range int32 residual stream, the integer LayerNorm,
/// GELU and causal attention over an int8 KV cache (`IntegerAttention`, no RoPE), dyadic
/// requantization between layers. Calibrated scales are constants of the design.
///
/// `forward(pos, embedded, logits, key_cache, value_cache, wpe, ln1w, ln1b, qkvw_q, qkvw_si,
/// qkvb, attprojw_q, attprojw_si, attprojb, ln2w, ln2b, fcw_q, fcw_si, fcb, fcprojw_q,
/// fcprojw_si, fcprojb, lnfw, lnfb, wte_q, wte_si)`: `embedded` is the token's wte row in
/// residual units (the host converts it), `wpe` the position embedding in residual units
/// (int32, added in the kernel), gains int16, LayerNorm biases and product biases int32 in
/// their units (`IntegerGPT2Scales`), `logits` int32 over the padded vocabulary in units of
/// `IntegerGPT2Scales.logitUnit` (the host converts them back); the KV cache is int8.
public enum IntegerGPT2Forward {
    public static let top = "forward"
    public static let residualLimit = Int64(IntegerLayerNorm.inputMax)

    public static func design(_ s: GPT2Shape, groupSize gs: Int, scales: IntegerGPT2Scales) throws(DesignError) -> Design {
        var problems = s.problems
        if gs < 1 || s.channels % gs != 0 { problems.append("group size \(gs) does not divide channels \(s.channels)") }
        if !problems.isEmpty { throw DesignError(problems) }
        let kernels = try Self.kernels(s, groupSize: gs, scales: scales)
        var schedule = Schedule()
        for name in ["mv_qkv", "mv_attproj", "mv_fc", "mv_fcproj", "mv_cls"] { schedule.pipeline("\(name).groups") }
        let d = Design(top: top, kernels: kernels, schedule: schedule, profile: .exact)
        try KernelValidator.validate(d)
        return d
    }

    static func kernels(_ s: GPT2Shape, groupSize gs: Int, scales c: IntegerGPT2Scales) throws(DesignError) -> [Kernel] {
        let C = s.channels, L = s.layers, T = s.seqLen, H = s.hidden
        let mvQKV = try IntegerMatVecQ8.scaled("mv_qkv", n: C, d: C, groupSize: gs, shift: c.qkv.shift, bias: true)
        let mvAttProj = try IntegerMatVecQ8.scaled("mv_attproj", n: C, d: C, groupSize: gs, shift: c.attProj.shift, bias: true)
        let mvFC = try IntegerMatVecQ8.scaled("mv_fc", n: C, d: H, groupSize: gs, shift: c.fc.shift, bias: true)
        let mvFCProj = try IntegerMatVecQ8.scaled("mv_fcproj", n: H, d: C, groupSize: gs, shift: c.fcProj.shift, bias: true)
        let mvCls = try IntegerMatVecQ8.scaled("mv_cls", n: C, d: s.paddedVocab, groupSize: gs, shift: c.cls.shift)
        let nk = KernelBuilder("int_layernorm")
        let no = nk.output("o", .int8, count: C)
        let nx = nk.input("x", .int32, count: C)
        let nw = nk.input("weight", .int16, count: C)
        let nb = nk.input("bias", .int32, count: C)
        let nm = nk.scalar("m", .int64)
        try IntegerLayerNorm.body(nk, o: no, x: nx, w: nw, b: nb, size: C, multiplier: nm, shift: c.norm.shift, prefix: "")
        let norm = try nk.build()
        let attention = try IntegerAttention.kernel("int_attention", dim: C, heads: s.heads, kvHeads: s.heads, seqLen: T, shift: c.softmax.shift)

        let k = KernelBuilder(top)
        let pos = k.size("pos", max: T - 1)
        let embedded = k.input("embedded", .int32, count: C)
        let logits = k.output("logits", .int32, count: s.paddedVocab)
        let layerCache = T * C
        let kc = k.inputOutput("key_cache", .int8, count: L * layerCache)
        let vc = k.inputOutput("value_cache", .int8, count: L * layerCache)
        let wpe = k.input("wpe", .int32, count: T * C)
        func perLayer(_ name: String, _ type: ScalarType, _ count: Int) -> (Index) -> CallArgument {
            let b = k.input(name, type, count: L * count)
            return { l in b.from(l * count) }
        }
        func matrix(_ name: String, n: Int, d: Int) -> (Index, Int) -> [CallArgument] {
            let per = n * d
            let wq = k.input("\(name)_q", .int8, count: L * per)
            let ws = k.input("\(name)_si", .int16, count: L * per / gs)
            return { l, rowBlock in [wq.from(l * per + rowBlock * (C * n)), ws.from(l * (per / gs) + rowBlock * (C * n / gs))] }
        }
        let ln1w = perLayer("ln1w", .int16, C), ln1b = perLayer("ln1b", .int32, C)
        let qkvw = matrix("qkvw", n: C, d: 3 * C)
        let qkvbInput = k.input("qkvb", .int32, count: L * 3 * C)
        let attprojw = matrix("attprojw", n: C, d: C), attprojb = perLayer("attprojb", .int32, C)
        let ln2w = perLayer("ln2w", .int16, C), ln2b = perLayer("ln2b", .int32, C)
        let fcw = matrix("fcw", n: C, d: H), fcb = perLayer("fcb", .int32, H)
        let fcprojw = matrix("fcprojw", n: H, d: C), fcprojb = perLayer("fcprojb", .int32, C)
        let lnfw = k.input("lnfw", .int16, count: C), lnfb = k.input("lnfb", .int32, count: C)
        let classifier = [k.input("wte_q", .int8, count: s.paddedVocab * C).from(),
                          k.input("wte_si", .int16, count: s.paddedVocab * C / gs).from()]
        func table(_ name: String, _ site: SiteScale) -> BufferHandle {
            k.table(name, .int64, values: site.multipliers.map(Double.init))
        }
        let mNorm = table("m_norm", c.norm), mQKV = table("m_qkv", c.qkv), mAttProj = table("m_attproj", c.attProj)
        let mFC = table("m_fc", c.fc), mFCProj = table("m_fcproj", c.fcProj), mCls = table("m_cls", c.cls)
        let mSoft = table("m_softmax", c.softmax), mAtt = table("m_att_out", c.attOut), mGELU = table("m_gelu", c.gelu)
        let x = k.local("x", .int32, shape: [C])
        let xb = k.local("xb", .int8, shape: [C])
        let yb = k.local("yb", .int32, shape: [C])
        let q = k.local("q", .int32, shape: [C])
        let q8 = k.local("q8", .int8, shape: [C])
        let key = k.local("key", .int32, shape: [C])
        let value = k.local("value", .int32, shape: [C])
        let h = k.local("h", .int32, shape: [H])
        let hb = k.local("hb", .int8, shape: [H])
        // q, k and v are produced in units of max/2^20 and requantized to int8 by 127 · 2^−20.
        let toInt8 = Dyadic(multiplier: 127, shift: 20)

        func residual(_ label: String) {
            k.loop(label, C) { i in
                x[i] = IntegerOps.clamp(x[i].cast(.int64) + yb[i].cast(.int64), residualLimit, to: .int32)
            }
        }
        k.loop("embed", C) { i in
            x[i] = IntegerOps.clamp(embedded[i].cast(.int64) + wpe[pos.index * C + i].cast(.int64), residualLimit, to: .int32)
        }
        k.loop("layers", L, index: "l") { l in
            k.call(norm, [xb.from(), x.from(), ln1w(l), ln1b(l), .scalar(mNorm[l])])
            for (j, out) in [q, key, value].enumerated() {
                k.call(mvQKV, [out.from(), xb.from()] + qkvw(l, j) + [qkvbInput.from(l * (3 * C) + j * C), .scalar(mQKV[l + j * L])])
            }
            k.loop("quantize_q", C) { i in q8[i] = IntegerOps.requantize(k, q[i], toInt8, name: "qq") }
            k.loop("store_kv", C) { i in
                kc[l * layerCache + pos.index * C + i] = IntegerOps.requantize(k, key[i], toInt8, name: "kq")
                vc[l * layerCache + pos.index * C + i] = IntegerOps.requantize(k, value[i], toInt8, name: "vq")
            }
            k.call(attention, [yb.from(), q8.from(), kc.from(l * layerCache), vc.from(l * layerCache), .index(pos.index), .scalar(mSoft[l])])
            let mAttL = k.bind("m_att_l", mAtt[l])
            k.loop("quantize_att", C) { i in
                xb[i] = IntegerOps.requantize(k, yb[i], multiplier: mAttL, shift: c.attOut.shift, name: "aq")
            }
            k.call(mvAttProj, [yb.from(), xb.from()] + attprojw(l, 0) + [attprojb(l), .scalar(mAttProj[l])])
            residual("residual_att")
            k.call(norm, [xb.from(), x.from(), ln2w(l), ln2b(l), .scalar(mNorm[l + L])])
            k.call(mvFC, [h.from(), xb.from()] + fcw(l, 0) + [fcb(l), .scalar(mFC[l])])
            let mGELUL = k.bind("m_gelu_l", mGELU[l])
            k.loop("gelu", H) { i in
                let g = IntegerGELU.value(k, h[i], name: "act")
                hb[i] = IntegerOps.requantize(k, g, multiplier: mGELUL, shift: c.gelu.shift, name: "hq")
            }
            k.call(mvFCProj, [yb.from(), hb.from()] + fcprojw(l, 0) + [fcprojb(l), .scalar(mFCProj[l])])
            residual("residual_ffn")
        }
        k.call(norm, [xb.from(), x.from(), lnfw.from(), lnfb.from(), .scalar(mNorm[2 * L])])
        k.call(mvCls, [logits.from(), xb.from()] + classifier + [.scalar(mCls[0])])
        return [attention, norm, mvAttProj, mvCls, mvFC, mvFCProj, mvQKV, try k.build()]
    }
}
