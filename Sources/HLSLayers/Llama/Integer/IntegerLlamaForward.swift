import HLSIR

/// The Llama 2 forward pass for one token with integer arithmetic only (the `integer`
/// profile; docs/llama.md, docs/numerics.md): Q8_0 weights with integer group scales, int8
/// activations into every product, int32/int64 accumulators, an int16-range int32 residual
/// stream, the integer RMSNorm, RoPE, softmax and SiLU, and dyadic requantization between
/// layers. Calibrated scales are constants of the design (per-layer multiplier tables).
///
/// `forward(pos, embedded, logits, key_cache, value_cache, rms_att, rms_ffn, rms_final,
/// <m>_q, <m>_si ...)`: `embedded` is the token's embedding row in residual units (the host
/// converts it), `logits` int32 in units of `IntegerLlamaScales.logitUnit` (the host converts
/// them back), the KV cache int8, gains int16, weights int8 with int16 group scales.
public enum IntegerLlamaForward {
    public static let top = "forward"
    public static let residualLimit: Int64 = 32767

    public static func design(_ s: LlamaShape, groupSize gs: Int, scales: IntegerLlamaScales) throws(DesignError) -> Design {
        var problems = s.problems
        if gs < 1 || s.dim % gs != 0 || s.hidden % gs != 0 {
            problems.append("group size \(gs) must divide dim \(s.dim) and hidden_dim \(s.hidden)")
        }
        if !problems.isEmpty { throw DesignError(problems) }
        let kernels = try Self.kernels(s, groupSize: gs, scales: scales)
        var schedule = Schedule()
        for (name, _, _) in LlamaForward.products(s) { schedule.pipeline("\(name).groups") }
        let d = Design(top: top, kernels: kernels, schedule: schedule, profile: .exact)
        try KernelValidator.validate(d)
        return d
    }

    static func kernels(_ s: LlamaShape, groupSize gs: Int, scales c: IntegerLlamaScales) throws(DesignError) -> [Kernel] {
        let L = s.layers
        let shifts = ["mv_q": c.mvQ, "mv_kv": c.mvKV, "mv_up": c.mvUp, "mv_down": c.mvDown, "mv_cls": c.mvCls]
        var product: [String: Kernel] = [:]
        for (name, n, d) in LlamaForward.products(s) { product[name] = try IntegerMatVecQ8.scaled(name, n: n, d: d, groupSize: gs, shift: shifts[name]!.shift) }
        let nk = KernelBuilder("int_rmsnorm")
        let no = nk.output("o", .int8, count: s.dim)
        let nx = nk.input("x", .int32, count: s.dim)
        let nw = nk.input("weight", .int16, count: s.dim)
        let nm = nk.scalar("m", .int64)
        IntegerRMSNorm.body(nk, o: no, x: nx, w: nw, size: s.dim, inputMax: Int(residualLimit), multiplier: nm, shift: c.norm.shift, prefix: "")
        let norm = try nk.build()
        let rope = try IntegerRoPE.kernel("int_rope", shape: s)
        let attention = try IntegerAttention.kernel("int_attention", shape: s, shift: c.softmax.shift)

        let k = KernelBuilder(top)
        let pos = k.size("pos", max: s.seqLen - 1)
        let embedded = k.input("embedded", .int32, count: s.dim)
        let logits = k.output("logits", .int32, count: s.vocab)
        let layerCache = s.seqLen * s.kvDim
        let kc = k.inputOutput("key_cache", .int8, count: L * layerCache)
        let vc = k.inputOutput("value_cache", .int8, count: L * layerCache)
        let rmsAtt = k.input("rms_att", .int16, count: L * s.dim)
        let rmsFFN = k.input("rms_ffn", .int16, count: L * s.dim)
        let rmsFinal = k.input("rms_final", .int16, count: s.dim)
        var matrix: [String: (Index) -> [CallArgument]] = [:]
        for (name, n, d) in LlamaForward.matrixShapes(s) {
            let per = n * d
            let wq = k.input("\(name)_q", .int8, count: L * per)
            let ws = k.input("\(name)_si", .int16, count: L * per / gs)
            matrix[name] = { l in [wq.from(l * per), ws.from(l * (per / gs))] }
        }
        let classifier = [k.input("wcls_q", .int8, count: s.vocab * s.dim).from(),
                          k.input("wcls_si", .int16, count: s.vocab * s.dim / gs).from()]
        func table(_ name: String, _ site: SiteScale) -> BufferHandle {
            k.table(name, .int64, values: site.multipliers.map(Double.init))
        }
        let mNorm = table("m_norm", c.norm), mQ = table("m_q", c.mvQ), mKV = table("m_kv", c.mvKV)
        let mUp = table("m_up", c.mvUp), mDown = table("m_down", c.mvDown), mCls = table("m_cls", c.mvCls)
        let mSoft = table("m_softmax", c.softmax), mAtt = table("m_att_out", c.attOut), mGate = table("m_gate", c.gate)
        let x = k.local("x", .int32, shape: [s.dim])
        let xb = k.local("xb", .int8, shape: [s.dim])
        let yb = k.local("yb", .int32, shape: [s.dim])
        let q = k.local("q", .int32, shape: [s.dim])
        let q8 = k.local("q8", .int8, shape: [s.dim])
        let key = k.local("key", .int32, shape: [s.kvDim])
        let value = k.local("value", .int32, shape: [s.kvDim])
        let h1 = k.local("h1", .int32, shape: [s.hidden])
        let h3 = k.local("h3", .int32, shape: [s.hidden])
        let hb = k.local("hb", .int8, shape: [s.hidden])
        // q, k and v are produced in units of max/2^20 and requantized to int8 by 127 · 2^−20.
        let toInt8 = Dyadic(multiplier: 127, shift: 20)

        func residual(_ label: String) {
            k.loop(label, s.dim) { i in
                x[i] = IntegerOps.clamp(x[i].cast(.int64) + yb[i].cast(.int64), residualLimit, to: .int32)
            }
        }
        k.loop("embed", s.dim) { i in x[i] = IntegerOps.clamp(embedded[i].cast(.int64), residualLimit, to: .int32) }
        k.loop("layers", L, index: "l") { l in
            k.call(norm, [xb.from(), x.from(), rmsAtt.from(l * s.dim), .scalar(mNorm[l])])
            k.call(product["mv_q"]!, [q.from(), xb.from()] + matrix["wq"]!(l) + [.scalar(mQ[l])])
            k.call(product["mv_kv"]!, [key.from(), xb.from()] + matrix["wk"]!(l) + [.scalar(mKV[l])])
            k.call(product["mv_kv"]!, [value.from(), xb.from()] + matrix["wv"]!(l) + [.scalar(mKV[l + L])])
            k.call(rope, [q.from(), key.from(), .index(pos.index)])
            k.loop("quantize_q", s.dim) { i in q8[i] = IntegerOps.requantize(k, q[i], toInt8, name: "qq") }
            k.loop("store_kv", s.kvDim) { i in
                kc[l * layerCache + pos.index * s.kvDim + i] = IntegerOps.requantize(k, key[i], toInt8, name: "kq")
                vc[l * layerCache + pos.index * s.kvDim + i] = IntegerOps.requantize(k, value[i], toInt8, name: "vq")
            }
            k.call(attention, [yb.from(), q8.from(), kc.from(l * layerCache), vc.from(l * layerCache), .index(pos.index), .scalar(mSoft[l])])
            let mAttL = k.bind("m_att_l", mAtt[l])
            k.loop("quantize_att", s.dim) { i in
                xb[i] = IntegerOps.requantize(k, yb[i], multiplier: mAttL, shift: c.attOut.shift, name: "aq")
            }
            k.call(product["mv_q"]!, [yb.from(), xb.from()] + matrix["wo"]!(l) + [.scalar(mQ[l + L])])
            residual("residual_att")
            k.call(norm, [xb.from(), x.from(), rmsFFN.from(l * s.dim), .scalar(mNorm[l + L])])
            k.call(product["mv_up"]!, [h1.from(), xb.from()] + matrix["w1"]!(l) + [.scalar(mUp[l])])
            k.call(product["mv_up"]!, [h3.from(), xb.from()] + matrix["w3"]!(l) + [.scalar(mUp[l + L])])
            let mGateL = k.bind("m_gate_l", mGate[l])
            k.loop("gate", s.hidden) { i in
                let silu = IntegerSiLU.value(k, h1[i], name: "silu")
                let g = k.bind("g", silu * h3[i].cast(.int64))
                hb[i] = IntegerOps.requantize(k, g, multiplier: mGateL, shift: c.gate.shift, name: "hq")
            }
            k.call(product["mv_down"]!, [yb.from(), hb.from()] + matrix["w2"]!(l) + [.scalar(mDown[l])])
            residual("residual_ffn")
        }
        k.call(norm, [xb.from(), x.from(), rmsFinal.from(), .scalar(mNorm[2 * L])])
        k.call(product["mv_cls"]!, [logits.from(), xb.from()] + classifier + [.scalar(mCls[0])])
        return Array(product.values).sorted { $0.name < $1.name } + [norm, rope, attention, try k.build()]
    }
}
