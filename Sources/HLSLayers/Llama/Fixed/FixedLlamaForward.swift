import HLSIR

/// The Llama 2 forward pass of the `fixed` profile (docs/numerics.md, "Fixed profile"): the
/// sub-kernels of `LlamaForward` (RMSNorm, the float, Q8_0 or Q4 products, RoPE, attention,
/// the SwiGLU gate) compute in float as in llama2.c, and every tensor handed from one to the
/// next is held as `ap_fixed<W, I, AP_RND_CONV, AP_SAT>` of its class (`FixedActivations`):
/// the residual stream, the RMSNorm outputs, q, the KV cache, the attention output, the FFN's
/// hidden vectors and the logits. A tensor is quantized once into its class's type where it is
/// produced (`<name>_hold` loops, the residual adds, the cache stores) and each consumer reads
/// its value back as float (exactly for W ≤ 24). The residual adds are fixed-point adds.
///
/// Arguments as `LlamaForward` with one engine (`forward(token, pos, logits, key_cache,
/// value_cache, token_embedding, rms_att, rms_ffn, rms_final, matrices...)`), except that the
/// KV cache holds the attention class's type; the logits stay float (the values of the
/// logits class). With `probe`, `layer_residuals` as `LlamaForward`'s.
public enum FixedLlamaForward {
    public static let top = LlamaForward.top

    /// The design with the reference schedule (lane count 1, llama2.c's order in every float
    /// sub-kernel) or the hardware schedule (`FixedLlamaSchedule`).
    public static func design(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile,
                              activations: FixedActivations, schedule style: LlamaSchedule = .reference,
                              probe: Bool = false) throws(DesignError) -> Design {
        var problems = s.problems + activations.problems
        if let p = weights.groupSizeProblem(dim: s.dim, hidden: s.hidden) { problems.append(p) }
        if style == .hlstransform { problems.append("the fixed design takes the reference or hardware schedule, not hlstransform") }
        if !problems.isEmpty { throw DesignError(problems) }
        let kernels = try Self.kernels(s, weights: weights, profile: profile, activations: activations, probe: probe)
        var roles = LlamaRoles.forward(s, weights: weights, engines: 1, packing: [:])
        if probe { roles = ArgumentRoles(family: roles.family, roles.byArgument.merging([LlamaForward.probeOutput: .probe]) { a, _ in a }) }
        let targets = Design(top: top, kernels: kernels, schedule: Schedule(), profile: profile).scheduleTargets
        let d = Design(top: top, kernels: kernels, schedule: FixedLlamaSchedule.schedule(style, s, weights: weights, targets: targets),
                       profile: profile, roles: roles)
        try KernelValidator.validate(d)
        return d
    }

    static func kernels(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile,
                        activations a: FixedActivations, probe: Bool) throws(DesignError) -> [Kernel] {
        let made = try LlamaForward.productKernels(s, weights: weights, profile: profile, engines: 1)
        let product = made.product
        let norm = try RMSNorm.kernel("rmsnorm_dim", size: s.dim, profile: profile)
        let rope = try RoPE.kernel("rope", shape: s, profile: profile)
        let attention = try Attention.kernel("attention", shape: s, profile: profile, cache: a.type(.attention))
        let tr = a.type(.residual), tn = a.type(.norm), ta = a.type(.attention), tf = a.type(.ffn), tl = a.type(.logits)

        let k = KernelBuilder(top)
        let token = k.size("token", max: s.vocab - 1)
        let pos = k.size("pos", max: s.seqLen - 1)
        let logits = k.output("logits", .float32, count: s.vocab)
        let residuals = probe ? k.output(LlamaForward.probeOutput, .float32, count: s.layers * s.dim) : nil
        let layerCache = s.seqLen * s.kvDim
        let keyCache = k.inputOutput("key_cache", ta, count: s.layers * layerCache)
        let valueCache = k.inputOutput("value_cache", ta, count: s.layers * layerCache)
        let embedding = k.input("token_embedding", .float32, count: s.vocab * s.dim)
        let rmsAtt = k.input("rms_att", .float32, count: s.layers * s.dim)
        let rmsFFN = k.input("rms_ffn", .float32, count: s.layers * s.dim)
        let rmsFinal = k.input("rms_final", .float32, count: s.dim)
        let (matrix, classifier) = LlamaForward.matrixArguments(k, s, weights: weights)
        // Held between the sub-kernels, in fixed point: the residual stream, the norm outputs,
        // q and the attention output, the FFN's hidden vectors.
        let x = k.local("x", tr, shape: [s.dim])
        let xn = k.local("xn", tn, shape: [s.dim])
        let xa = k.local("xa", ta, shape: [s.dim])
        let h1 = k.local("h1", tf, shape: [s.hidden])
        let h3 = k.local("h3", tf, shape: [s.hidden])
        // The sub-kernels' float operands and results.
        let xf = k.local("xf", .float32, shape: [s.dim])
        let xb = k.local("xb", .float32, shape: [s.dim])
        let (q, key, value, hb, hb2) = LlamaForward.layerVectors(k, s)
        let lf = k.local("logits_f", .float32, shape: [s.vocab])
        let math = ProfileMath(profile)
        let prepare = LlamaForward.activationPreparer(k, s, weights: weights, quantizers: made.quantizers)

        /// `held[i] = (T)from[i]; to[i] = (float)held[i]` for each triple, in one loop.
        func hold(_ label: String, _ n: Int, _ pairs: [(from: BufferHandle, held: BufferHandle, to: BufferHandle)]) {
            k.loop(label, n) { i in
                for p in pairs {
                    p.held[i] = p.from[i].cast(p.held.buffer.elementType)
                    p.to[i] = p.held[i].cast(.float32)
                }
            }
        }
        /// RMSNorm of the residual stream with gains `w`, held in the norm class; into `xf`.
        func normalize(_ label: String, _ w: CallArgument) {
            k.loop("\(label)_in", s.dim) { i in xf[i] = x[i].cast(.float32) }
            k.call(norm, [xb.from(), xf.from(), w])
            hold("\(label)_hold", s.dim, [(xb, xn, xf)])
        }
        /// `x[i] = x[i] + (residual type)xb[i]`: a fixed-point add, quantized into x.
        func residual(_ label: String) {
            k.loop(label, s.dim) { i in x[i] = x[i] + xb[i].cast(tr) }
        }

        k.loop("embed", s.dim) { i in x[i] = embedding[token.index * s.dim + i].cast(tr) }
        k.loop("layers", s.layers, index: "l") { l in
            normalize("att_norm", rmsAtt.from(l * s.dim))
            let att = prepare(xf, s.dim)
            k.call(product["mv_q"]!, [q.from()] + att + matrix["wq"]!(l))
            k.call(product["mv_kv"]!, [key.from()] + att + matrix["wk"]!(l))
            k.call(product["mv_kv"]!, [value.from()] + att + matrix["wv"]!(l))
            k.call(rope, [q.from(), key.from(), .index(pos.index)])
            // q held in the attention class; the key and value rows are quantized into the cache.
            hold("q_hold", s.dim, [(q, xa, q)])
            k.call(attention, [xb.from(), q.from(), key.from(), value.from(), keyCache.from(l * layerCache),
                               valueCache.from(l * layerCache), .index(pos.index), .index(pos.index / Attention.blockRows(s))])
            hold("att_hold", s.dim, [(xb, xa, xf)])
            k.call(product["mv_q"]!, [xb.from()] + prepare(xf, s.dim) + matrix["wo"]!(l))
            residual("residual_att")
            normalize("ffn_norm", rmsFFN.from(l * s.dim))
            let ffn = prepare(xf, s.dim)
            k.call(product["mv_up"]!, [hb.from()] + ffn + matrix["w1"]!(l))
            k.call(product["mv_up"]!, [hb2.from()] + ffn + matrix["w3"]!(l))
            hold("up_hold", s.hidden, [(hb, h1, hb), (hb2, h3, hb2)])
            LlamaForward.gate(k, math, hb, hb2, s.hidden)
            hold("gate_hold", s.hidden, [(hb, h1, hb)])
            k.call(product["mv_down"]!, [xb.from()] + prepare(hb, s.hidden) + matrix["w2"]!(l))
            residual("residual_ffn")
            if let residuals { k.loop("probe", s.dim) { i in residuals[l * s.dim + i] = x[i].cast(.float32) } }
        }
        normalize("final_norm", rmsFinal.from())
        k.call(product["mv_cls"]!, [lf.from()] + prepare(xf, s.dim) + classifier)
        k.loop("logits_out", s.vocab) { i in logits[i] = lf[i].cast(tl).cast(.float32) }
        return made.subs + [norm, rope, attention, try k.build()]
    }
}
