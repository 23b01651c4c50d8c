import HLSIR

/// The whole Llama 2 forward pass for one token as one top kernel,
/// `forward(token, pos, logits, key_cache, value_cache, weights...)`, following llama2.c's
/// run.c (float weights) or runq.c (Q8_0 weights) operation for operation.
///
/// Arguments, in order: sizes `token`, `pos`; output `logits`; inout `key_cache`,
/// `value_cache` (n_layers × seq_len × kv_dim); `token_embedding` (vocab × dim, float — the
/// host dequantizes it for Q8_0); `rms_att`, `rms_ffn` (n_layers × dim), `rms_final`; then the
/// matrices `wq wk wv wo w1 w2 w3 wcls`, each as one float array, or for Q8_0 as `<name>_q`
/// (int8) followed by `<name>_s` (float scales), or for Q4 as `<name>_q4` (packed bytes, two
/// 4-bit weights each) followed by `<name>_s`, layers back to back, rows of `n` inputs.
///
/// With `engines` E > 1 every matrix-vector product runs on E engines side by side
/// (`MatVecEngines`), and the matrices are not arguments of their own: engine e's ports
/// `w_q_e<e>` and `w_s_e<e>` (float: `w_e<e>`) hold its rows of every matrix — per layer the
/// e-th E-th of the rows of wq, wk, wv, wo, w1, w2, w3, then of wcls — which the design's
/// `packing` states (`enginePacking`), so that each engine streams from one memory bank.
public enum LlamaForward {
    public static let top = "forward"
    public static let matrices = ["wq", "wk", "wv", "wo", "w1", "w2", "w3", "wcls"]

    /// The design with the given schedule style.
    ///
    /// With `probe` the top kernel has one more output, `layer_residuals` (n_layers × dim):
    /// the residual stream `x` after each layer, for accuracy measurements (`hlsgen accuracy`);
    /// the computation is unchanged.
    public static func design(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile,
                              schedule style: LlamaSchedule = .reference, engines: Int = 1,
                              probe: Bool = false, calibrate: Bool = false) throws(DesignError) -> Design {
        var problems = s.problems
        if let p = weights.groupSizeProblem(dim: s.dim, hidden: s.hidden) { problems.append(p) }
        problems += engineProblems(s, engines: engines, schedule: style)
        if !problems.isEmpty { throw DesignError(problems) }
        let kernels = try Self.kernels(s, weights: weights, profile: profile, engines: engines, probe: probe, calibrate: calibrate)
        let packing = engines > 1 ? enginePacking(s, weights: weights, engines: engines) : [:]
        var roles = LlamaRoles.forward(s, weights: weights, engines: engines, packing: packing)
        var probes: [String: ArgumentRole] = [:]
        if probe { probes[probeOutput] = .probe }
        if calibrate { probes[calibrationOutput] = .probe }
        if !probes.isEmpty { roles = ArgumentRoles(family: roles.family, roles.byArgument.merging(probes) { a, _ in a }) }
        let d = Design(top: top, kernels: kernels, schedule: style.schedule(s, weights: weights, engines: engines),
                       profile: profile, packing: packing, roles: roles)
        try KernelValidator.validate(d)
        return d
    }

    /// Why `engines` does not fit the shape or the schedule, one line each.
    public static func engineProblems(_ s: LlamaShape, engines e: Int, schedule style: LlamaSchedule) -> [String] {
        guard e != 1 else { return [] }
        guard e > 1 else { return ["engines is \(e); expected a positive integer"] }
        if style != .hardware { return ["engines \(e) needs the hardware schedule (the \(style.rawValue) schedule keeps one engine)"] }
        let rows = [("dim", s.dim), ("kv_dim", s.kvDim), ("hidden_dim", s.hidden), ("vocab_size", s.vocab)]
        let bad = rows.filter { $0.1 % e != 0 }
        guard bad.isEmpty else {
            return ["engines \(e) does not divide " + bad.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + " (each engine takes an equal share of every matrix's rows)"]
        }
        return []
    }

    /// The rows (d) and inputs (n) of each matrix, in engine-port order.
    static func matrixShapes(_ s: LlamaShape) -> [(String, n: Int, d: Int)] {
        [("wq", s.dim, s.dim), ("wk", s.dim, s.kvDim), ("wv", s.dim, s.kvDim), ("wo", s.dim, s.dim),
         ("w1", s.dim, s.hidden), ("w2", s.hidden, s.dim), ("w3", s.dim, s.hidden)]
    }

    /// The attention engines of a design with `engines` engines: as many as divide both it and
    /// n_kv_heads (the cache is split by key/value heads).
    public static func attentionEngines(_ s: LlamaShape, engines: Int) -> Int {
        var a = Swift.max(1, engines)
        while s.kvHeads % a != 0 || engines % a != 0 { a -= 1 }
        return a
    }

    /// The KV cache arguments: `key_cache`/`value_cache`, or with several attention engines
    /// `key_cache_e<e>`/`value_cache_e<e>`, one pair per engine.
    public static func cacheNames(_ s: LlamaShape, engines: Int) -> (keys: [String], values: [String]) {
        cacheNames(attentionEngines: attentionEngines(s, engines: engines))
    }

    /// The KV cache arguments of a design with `a` attention engines.
    public static func cacheNames(attentionEngines a: Int) -> (keys: [String], values: [String]) {
        if a == 1 { return (["key_cache"], ["value_cache"]) }
        return ((0..<a).map { "key_cache_e\($0)" }, (0..<a).map { "value_cache_e\($0)" })
    }

    /// The output rows of matrix `name` (wq … w3; the classifier has vocab_size).
    public static func rows(of name: String, _ s: LlamaShape) -> Int {
        if name == "wcls" { return s.vocab }
        return matrixShapes(s).first { $0.0 == name }?.d ?? 0
    }

    /// The number of matrix-vector engines of a forward design (1 unless it packs engine ports).
    public static func engines(of design: Design) -> Int { EngineWeights.engines(of: design) }

    /// The engine ports' layout: engine e's port holds, per layer, rows e·d/E ..< (e+1)·d/E of
    /// each matrix of `matrixShapes`, then of the classifier, from the tensors `<m>_q`/`<m>_s`
    /// (float: `<m>`) as the one-engine design names its arguments.
    static func engineWeights(_ s: LlamaShape, weights: LlamaWeights, engines: Int) -> EngineWeights {
        EngineWeights(matrixShapes(s).map { EngineWeights.Matrix($0.0, n: $0.n, d: $0.d) } + [EngineWeights.Matrix("wcls", n: s.dim, d: s.vocab, perLayer: false)],
                      layers: s.layers, engines: engines, weights: weights)
    }

    /// Where every element of the engine ports comes from (`EngineWeights.packing`).
    public static func enginePacking(_ s: LlamaShape, weights: LlamaWeights, engines: Int) -> [String: ArgumentPacking] {
        engineWeights(s, weights: weights, engines: engines).packing()
    }

    /// Sub-kernel names of the matrix-vector products: (name, inputs n, outputs d).
    static func products(_ s: LlamaShape) -> [(String, Int, Int)] {
        [("mv_q", s.dim, s.dim), ("mv_kv", s.dim, s.kvDim), ("mv_up", s.dim, s.hidden),
         ("mv_down", s.hidden, s.dim), ("mv_cls", s.dim, s.vocab)]
    }

    /// The activation quantizer of the Q8_0 products with `n` inputs.
    static func quantizer(_ n: Int, _ s: LlamaShape) -> String { n == s.dim ? "quantize_dim" : "quantize_hidden" }

    /// The wrapper kernel of product `name` with several engines.
    public static func enginesKernel(_ name: String) -> String { "\(name)_engines" }

    /// The output of `design(probe: true)`: the residual stream after each layer.
    public static let probeOutput = "layer_residuals"

    /// The output of `design(calibrate: true)`: per layer the largest magnitude of the
    /// attention RMSNorm's output, q and k after RoPE, v, the attention output, the FFN
    /// RMSNorm's output, the gated hidden vector and the residual stream (`calibrationSlots`),
    /// then of the final RMSNorm's output (the logits are an output already) — what the integer profile's
    /// scales are calibrated from (docs/llama.md, "Integer profile").
    public static let calibrationOutput = "calibration"
    public static let calibrationSlots = ["att_norm", "q", "k", "v", "att_out", "ffn_norm", "gate", "residual"]

    static func kernels(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile, engines: Int = 1,
                        probe: Bool = false, calibrate: Bool = false) throws(DesignError) -> [Kernel] {
        let made = try productKernels(s, weights: weights, profile: profile, engines: engines)
        var subs = made.subs
        let product = made.product
        let norm = try RMSNorm.kernel("rmsnorm_dim", size: s.dim, profile: profile)
        let rope = try RoPE.kernel("rope", shape: s, profile: profile)
        let attentionEngines = Self.attentionEngines(s, engines: engines)
        let attention = try Attention.kernel("attention", shape: s, profile: profile, engines: attentionEngines)
        subs += [norm, rope, attention]

        let k = KernelBuilder(top)
        let token = k.size("token", max: s.vocab - 1)
        let pos = k.size("pos", max: s.seqLen - 1)
        let logits = k.output("logits", .float32, count: s.vocab)
        let residuals = probe ? k.output(probeOutput, .float32, count: s.layers * s.dim) : nil
        let slots = calibrationSlots.count
        let calibration = calibrate ? k.output(calibrationOutput, .float32, count: s.layers * slots + 1) : nil
        /// The largest |v[i]| over i < n (into calibration[slot] when given; nothing without `calibrate`).
        @discardableResult
        func record(_ v: BufferHandle, _ n: Int, _ label: String, _ slot: Index?) -> Expr? {
            guard let calibration else { return nil }
            let m = k.reduce("cal_\(label)", .max, .float32, n, initial: 0.0) { i in abs(v[i]) }
            if let slot { calibration[slot] = m }
            return m
        }
        // The KV cache, split by key/value heads over the attention engines' banks.
        let cacheNames = Self.cacheNames(s, engines: engines)
        let layerCache = s.seqLen * s.kvDim / attentionEngines
        let keyCaches = cacheNames.keys.map { k.inputOutput($0, .float32, count: s.layers * layerCache) }
        let valueCaches = cacheNames.values.map { k.inputOutput($0, .float32, count: s.layers * layerCache) }
        let embedding = k.input("token_embedding", .float32, count: s.vocab * s.dim)
        let rmsAtt = k.input("rms_att", .float32, count: s.layers * s.dim)
        let rmsFFN = k.input("rms_ffn", .float32, count: s.layers * s.dim)
        let rmsFinal = k.input("rms_final", .float32, count: s.dim)
        var matrix: [String: (Index) -> [CallArgument]] = [:]
        let classifier: [CallArgument]
        if engines > 1 {
            (matrix, classifier) = enginePorts(k, s, weights: weights, engines: engines)
        } else {
            (matrix, classifier) = matrixArguments(k, s, weights: weights)
        }
        let x = k.local("x", .float32, shape: [s.dim])
        let xb = k.local("xb", .float32, shape: [s.dim])
        let xb2 = k.local("xb2", .float32, shape: [s.dim])
        let (q, key, value, hb, hb2) = layerVectors(k, s)
        let math = ProfileMath(profile)
        let prepare = activationPreparer(k, s, weights: weights, quantizers: made.quantizers)
        k.loop("embed", s.dim) { i in x[i] = embedding[token.index * s.dim + i] }
        k.loop("layers", s.layers, index: "l") { l in
            k.call(norm, [xb.from(), x.from(), rmsAtt.from(l * s.dim)])
            record(xb, s.dim, "att_norm", l * slots)
            let att = prepare(xb, s.dim)
            k.call(product["mv_q"]!, [q.from()] + att + matrix["wq"]!(l))
            k.call(product["mv_kv"]!, [key.from()] + att + matrix["wk"]!(l))
            k.call(product["mv_kv"]!, [value.from()] + att + matrix["wv"]!(l))
            // RoPE on chip; attention writes the rotated key and the value to the cache.
            k.call(rope, [q.from(), key.from(), .index(pos.index)])
            record(q, s.dim, "q", l * slots + 1)
            record(key, s.kvDim, "k", l * slots + 2)
            record(value, s.kvDim, "v", l * slots + 3)
            k.call(attention, [xb.from(), q.from(), key.from(), value.from()]
                   + keyCaches.map { $0.from(l * layerCache) } + valueCaches.map { $0.from(l * layerCache) }
                   + [.index(pos.index), .index(pos.index / Attention.blockRows(s, engines: attentionEngines))])
            record(xb, s.dim, "att_out", l * slots + 4)
            k.call(product["mv_q"]!, [xb2.from()] + prepare(xb, s.dim) + matrix["wo"]!(l))
            k.loop("residual_att", s.dim) { i in x[i] = x[i] + xb2[i] }
            let afterAttention = record(x, s.dim, "residual_att", nil)
            k.call(norm, [xb.from(), x.from(), rmsFFN.from(l * s.dim)])
            record(xb, s.dim, "ffn_norm", l * slots + 5)
            let ffn = prepare(xb, s.dim)
            k.call(product["mv_up"]!, [hb.from()] + ffn + matrix["w1"]!(l))
            k.call(product["mv_up"]!, [hb2.from()] + ffn + matrix["w3"]!(l))
            gate(k, math, hb, hb2, s.hidden)
            record(hb, s.hidden, "gate", l * slots + 6)
            k.call(product["mv_down"]!, [xb.from()] + prepare(hb, s.hidden) + matrix["w2"]!(l))
            k.loop("residual_ffn", s.dim) { i in x[i] = x[i] + xb[i] }
            if let calibration, let afterAttention, let afterFFN = record(x, s.dim, "residual_ffn", nil) {
                calibration[l * slots + 7] = max(afterAttention, afterFFN)
            }
            if let residuals { k.loop("probe", s.dim) { i in residuals[l * s.dim + i] = x[i] } }
        }
        k.call(norm, [xb.from(), x.from(), rmsFinal.from()])
        record(xb, s.dim, "final_norm", .constant(s.layers * slots))
        k.call(product["mv_cls"]!, [logits.from()] + prepare(xb, s.dim) + classifier)
        return subs + [try k.build()]
    }

    /// The product sub-kernels of a forward design (with several engines, their wrappers)
    /// by product name, and the activation quantizers of the Q8_0 and Q4 formats by name;
    /// `subs` lists every kernel in the order the design declares them.
    struct ProductKernels {
        var subs: [Kernel] = []
        var product: [String: Kernel] = [:]
        var quantizers: [String: Kernel] = [:]
    }

    static func productKernels(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile,
                               engines: Int) throws(DesignError) -> ProductKernels {
        var out = ProductKernels()
        for (name, n, d) in products(s) {
            // With several engines the product kernel computes one engine's rows and the
            // wrapper runs the engines side by side.
            let rows = d / engines
            let kernel: Kernel
            switch weights {
            case .float:
                kernel = try MatVec.kernel(name, n: n, d: rows)
            case .q8(let gs), .q4(let gs):
                // One activation quantizer per input size; the products take the quantized vector
                // (Q4 products unpack the 4-bit weights).
                let qname = Self.quantizer(n, s)
                if out.quantizers[qname] == nil {
                    let q = try QuantizeQ8.kernel(qname, n: n, groupSize: gs, profile: profile)
                    out.quantizers[qname] = q
                    out.subs.append(q)
                }
                if case .q4 = weights {
                    kernel = try MatVecQ4.quantized(name, n: n, d: rows, groupSize: gs)
                } else {
                    kernel = try MatVecQ8.quantized(name, n: n, d: rows, groupSize: gs)
                }
            }
            out.subs.append(kernel)
            if engines > 1 {
                let wrapper = try MatVecEngines.kernel(enginesKernel(name), engine: kernel, n: n, d: d, engines: engines, weights: weights)
                out.subs.append(wrapper)
                out.product[name] = wrapper
            } else {
                out.product[name] = kernel
            }
        }
        return out
    }

    /// The activation of the products: the float vector, or for Q8_0 and Q4 its quantization
    /// into the locals `xq_dim`/`xs_dim` (`xq_hidden`/`xs_hidden`), done once per vector by the
    /// returned function and shared by every product that reads it (q/k/v, w1/w3).
    static func activationPreparer(_ k: KernelBuilder, _ s: LlamaShape, weights: LlamaWeights,
                                   quantizers: [String: Kernel]) -> (BufferHandle, Int) -> [CallArgument] {
        var prepared: [String: (BufferHandle, BufferHandle)] = [:]
        if let gs = weights.groupSize {
            for (n, name) in [(s.dim, "dim"), (s.hidden, "hidden")] where prepared[Self.quantizer(n, s)] == nil {
                prepared[Self.quantizer(n, s)] = (k.local("xq_\(name)", .int8, shape: [n]),
                                                  k.local("xs_\(name)", .float32, shape: [n / gs]))
            }
        }
        return { v, n in
            guard let (vq, vs) = prepared[Self.quantizer(n, s)], let qk = quantizers[Self.quantizer(n, s)] else { return [v.from()] }
            k.call(qk, [v.from(), vq.from(), vs.from()])
            return [vq.from(), vs.from()]
        }
    }

    /// The float locals of a layer, declared in this order: `q` (dim), `key`, `value` (kv_dim),
    /// `hb`, `hb2` (hidden_dim).
    static func layerVectors(_ k: KernelBuilder, _ s: LlamaShape)
        -> (q: BufferHandle, key: BufferHandle, value: BufferHandle, hb: BufferHandle, hb2: BufferHandle) {
        (k.local("q", .float32, shape: [s.dim]), k.local("key", .float32, shape: [s.kvDim]), k.local("value", .float32, shape: [s.kvDim]),
         k.local("hb", .float32, shape: [s.hidden]), k.local("hb2", .float32, shape: [s.hidden]))
    }

    /// SwiGLU's gate as llama2.c: `hb[i] = (v · (1 / (1 + e^−v))) · hb2[i]` with v = hb[i].
    static func gate(_ k: KernelBuilder, _ math: ProfileMath, _ hb: BufferHandle, _ hb2: BufferHandle, _ n: Int) {
        k.loop("gate", n) { i in
            let v = k.bind("v", hb[i])
            let e = math.exp(k, -v, name: "e")
            let silu = k.bind("silu", v * (1.0 / (1.0 + e)))
            hb[i] = silu * hb2[i]
        }
    }

    /// The one-engine weight arguments of a top kernel (`forward`, `prefill`): one argument per
    /// matrix tensor, layers back to back (`wq`, or `wq_q`/`wq_q4` then `wq_s`), then the
    /// classifier's; and the call arguments they give each matrix of layer l and the classifier.
    static func matrixArguments(_ k: KernelBuilder, _ s: LlamaShape,
                                weights: LlamaWeights) -> ([String: (Index) -> [CallArgument]], [CallArgument]) {
        var matrix: [String: (Index) -> [CallArgument]] = [:]
        for (name, n, d) in matrixShapes(s) + [("wcls", s.dim, s.vocab)] {
            let per = n * d
            // The classifier has one layer: its arguments start at element 0.
            let layers = name == "wcls" ? 1 : s.layers
            func at(_ b: BufferHandle, _ l: Index, _ count: Int) -> CallArgument { layers == 1 ? b.from() : b.from(l * count) }
            switch weights {
            case .float:
                let w = k.input(name, .float32, count: layers * per)
                matrix[name] = { l in [at(w, l, per)] }
            case .q8(let gs):
                let wq = k.input("\(name)_q", .int8, count: layers * per)
                let ws = k.input("\(name)_s", .float32, count: layers * per / gs)
                matrix[name] = { l in [at(wq, l, per), at(ws, l, per / gs)] }
            case .q4(let gs):
                let wq = k.input("\(name)_q4", .int8, count: layers * per / 2)
                let ws = k.input("\(name)_s", .float32, count: layers * per / gs)
                matrix[name] = { l in [at(wq, l, per / 2), at(ws, l, per / gs)] }
            }
        }
        let classifier = matrix.removeValue(forKey: "wcls")!(0)
        return (matrix, classifier)
    }

    /// The engine ports of the top kernel and the call arguments they give each matrix of
    /// layer l (engine 0's ports, then engine 1's, ...) and the classifier.
    static func enginePorts(_ k: KernelBuilder, _ s: LlamaShape, weights: LlamaWeights,
                            engines: Int) -> ([String: (Index) -> [CallArgument]], [CallArgument]) {
        var matrix = engineWeights(s, weights: weights, engines: engines).declare(k)
        let classifier = matrix.removeValue(forKey: "wcls")!(0)
        return (matrix, classifier)
    }
}
