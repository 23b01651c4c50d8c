import HLSIR

/// The whole Llama 2 forward pass for one token as one top kernel,
/// `forward(token, pos, logits, key_cache, value_cache, weights...)`, following llama2.c's
/// run.c (float weights) or runq.c (Q8_0 weights) operation for operation.
///
/// Arguments, in order: sizes `token`, `pos`; output `logits`; inout `key_cache`,
/// `value_cache` (n_layers × seq_len × kv_dim); `token_embedding` (vocab × dim, float — the
/// host dequantizes it for Q8_0); `rms_att`, `rms_ffn` (n_layers × dim), `rms_final`; then the
/// matrices `wq wk wv wo w1 w2 w3 wcls`, each as one float array, or for Q8_0 as `<name>_q`
/// (int8) followed by `<name>_s` (float scales), layers back to back, rows of `n` inputs.
public enum LlamaForward {
    public static let top = "forward"
    public static let matrices = ["wq", "wk", "wv", "wo", "w1", "w2", "w3", "wcls"]

    /// The design with the given schedule style.
    public static func design(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile,
                              schedule style: LlamaSchedule = .reference) throws(DesignError) -> Design {
        var problems = s.problems
        if case .q8(let gs) = weights {
            if gs < 1 || s.dim % gs != 0 || s.hidden % gs != 0 {
                problems.append("group size \(gs) does not divide dim \(s.dim) and hidden_dim \(s.hidden)")
            }
        }
        if !problems.isEmpty { throw DesignError(problems) }
        let kernels = try Self.kernels(s, weights: weights, profile: profile)
        let d = Design(top: top, kernels: kernels, schedule: style.schedule(s, weights: weights), profile: profile)
        try KernelValidator.validate(d)
        return d
    }

    /// Sub-kernel names of the matrix-vector products: (name, inputs n, outputs d).
    static func products(_ s: LlamaShape) -> [(String, Int, Int)] {
        [("mv_q", s.dim, s.dim), ("mv_kv", s.dim, s.kvDim), ("mv_up", s.dim, s.hidden),
         ("mv_down", s.hidden, s.dim), ("mv_cls", s.dim, s.vocab)]
    }

    /// The activation quantizer of the Q8_0 products with `n` inputs.
    static func quantizer(_ n: Int, _ s: LlamaShape) -> String { n == s.dim ? "quantize_dim" : "quantize_hidden" }

    static func kernels(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile) throws(DesignError) -> [Kernel] {
        var subs: [Kernel] = []
        var product: [String: Kernel] = [:]
        var quantizers: [String: Kernel] = [:]
        for (name, n, d) in products(s) {
            switch weights {
            case .float:
                let kernel = try MatVec.kernel(name, n: n, d: d)
                subs.append(kernel)
                product[name] = kernel
            case .q8(let gs):
                // One activation quantizer per input size; the products take the quantized vector.
                let qname = Self.quantizer(n, s)
                if quantizers[qname] == nil {
                    let q = try QuantizeQ8.kernel(qname, n: n, groupSize: gs, profile: profile)
                    quantizers[qname] = q
                    subs.append(q)
                }
                let kernel = try MatVecQ8.quantized(name, n: n, d: d, groupSize: gs)
                subs.append(kernel)
                product[name] = kernel
            }
        }
        let norm = try RMSNorm.kernel("rmsnorm_dim", size: s.dim, profile: profile)
        let rope = try RoPE.kernel("rope", shape: s, profile: profile)
        let attention = try Attention.kernel("attention", shape: s, profile: profile)
        subs += [norm, rope, attention]

        let k = KernelBuilder(top)
        let token = k.size("token", max: s.vocab - 1)
        let pos = k.size("pos", max: s.seqLen - 1)
        let logits = k.output("logits", .float32, count: s.vocab)
        let cacheSize = s.layers * s.seqLen * s.kvDim
        let keyCache = k.inputOutput("key_cache", .float32, count: cacheSize)
        let valueCache = k.inputOutput("value_cache", .float32, count: cacheSize)
        let embedding = k.input("token_embedding", .float32, count: s.vocab * s.dim)
        let rmsAtt = k.input("rms_att", .float32, count: s.layers * s.dim)
        let rmsFFN = k.input("rms_ffn", .float32, count: s.layers * s.dim)
        let rmsFinal = k.input("rms_final", .float32, count: s.dim)
        var matrix: [String: (Index) -> [CallArgument]] = [:]
        for (name, n, d) in [("wq", s.dim, s.dim), ("wk", s.dim, s.kvDim), ("wv", s.dim, s.kvDim), ("wo", s.dim, s.dim),
                             ("w1", s.dim, s.hidden), ("w2", s.hidden, s.dim), ("w3", s.dim, s.hidden)] {
            let per = n * d
            switch weights {
            case .float:
                let w = k.input(name, .float32, count: s.layers * per)
                matrix[name] = { l in [w.from(l * per)] }
            case .q8(let gs):
                let wq = k.input("\(name)_q", .int8, count: s.layers * per)
                let ws = k.input("\(name)_s", .float32, count: s.layers * per / gs)
                matrix[name] = { l in [wq.from(l * per), ws.from(l * (per / gs))] }
            }
        }
        let classifier: [CallArgument]
        switch weights {
        case .float:
            classifier = [k.input("wcls", .float32, count: s.vocab * s.dim).from()]
        case .q8(let gs):
            classifier = [k.input("wcls_q", .int8, count: s.vocab * s.dim).from(),
                          k.input("wcls_s", .float32, count: s.vocab * s.dim / gs).from()]
        }
        let x = k.local("x", .float32, shape: [s.dim])
        let xb = k.local("xb", .float32, shape: [s.dim])
        let xb2 = k.local("xb2", .float32, shape: [s.dim])
        let q = k.local("q", .float32, shape: [s.dim])
        let key = k.local("key", .float32, shape: [s.kvDim])
        let value = k.local("value", .float32, shape: [s.kvDim])
        let hb = k.local("hb", .float32, shape: [s.hidden])
        let hb2 = k.local("hb2", .float32, shape: [s.hidden])
        let math = ProfileMath(profile)
        // The activation of the products: the float vector, or for Q8_0 its quantization, done
        // once per vector by `prepare` and shared by every product that reads it (q/k/v, w1/w3).
        var prepared: [String: (BufferHandle, BufferHandle)] = [:]
        if case .q8(let gs) = weights {
            for (n, name) in [(s.dim, "dim"), (s.hidden, "hidden")] where prepared[Self.quantizer(n, s)] == nil {
                prepared[Self.quantizer(n, s)] = (k.local("xq_\(name)", .int8, shape: [n]),
                                                  k.local("xs_\(name)", .float32, shape: [n / gs]))
            }
        }
        func prepare(_ v: BufferHandle, _ n: Int) -> [CallArgument] {
            guard let (vq, vs) = prepared[Self.quantizer(n, s)], let qk = quantizers[Self.quantizer(n, s)] else { return [v.from()] }
            k.call(qk, [v.from(), vq.from(), vs.from()])
            return [vq.from(), vs.from()]
        }

        k.loop("embed", s.dim) { i in x[i] = embedding[token.index * s.dim + i] }
        k.loop("layers", s.layers, index: "l") { l in
            let layerCache = l * (s.seqLen * s.kvDim)
            k.call(norm, [xb.from(), x.from(), rmsAtt.from(l * s.dim)])
            let att = prepare(xb, s.dim)
            k.call(product["mv_q"]!, [q.from()] + att + matrix["wq"]!(l))
            k.call(product["mv_kv"]!, [key.from()] + att + matrix["wk"]!(l))
            k.call(product["mv_kv"]!, [value.from()] + att + matrix["wv"]!(l))
            // RoPE on chip; attention writes the rotated key and the value to the cache.
            k.call(rope, [q.from(), key.from(), .index(pos.index)])
            k.call(attention, [xb.from(), q.from(), key.from(), value.from(),
                               keyCache.from(layerCache), valueCache.from(layerCache), .index(pos.index),
                               .index(pos.index / Attention.blockRows(s))])
            k.call(product["mv_q"]!, [xb2.from()] + prepare(xb, s.dim) + matrix["wo"]!(l))
            k.loop("residual_att", s.dim) { i in x[i] = x[i] + xb2[i] }
            k.call(norm, [xb.from(), x.from(), rmsFFN.from(l * s.dim)])
            let ffn = prepare(xb, s.dim)
            k.call(product["mv_up"]!, [hb.from()] + ffn + matrix["w1"]!(l))
            k.call(product["mv_up"]!, [hb2.from()] + ffn + matrix["w3"]!(l))
            k.loop("gate", s.hidden) { i in
                let v = k.bind("v", hb[i])
                let e = math.exp(k, -v, name: "e")
                let silu = k.bind("silu", v * (1.0 / (1.0 + e)))
                hb[i] = silu * hb2[i]
            }
            k.call(product["mv_down"]!, [xb.from()] + prepare(hb, s.hidden) + matrix["w2"]!(l))
            k.loop("residual_ffn", s.dim) { i in x[i] = x[i] + xb[i] }
        }
        k.call(norm, [xb.from(), x.from(), rmsFinal.from()])
        k.call(product["mv_cls"]!, [logits.from()] + prepare(xb, s.dim) + classifier)
        return subs + [try k.build()]
    }
}
