import HLSIR

/// The whole GPT-2 forward pass for one position as one top kernel,
/// `forward(token, pos, logits, key_cache, value_cache, weights...)`, following llm.c's
/// train_gpt2.c (`gpt2_forward` for the row t = pos) operation for operation.
///
/// Arguments, in order: sizes `token` (< V), `pos` (< max_seq_len); output `logits` (Vp: the
/// padded vocabulary; rows V … Vp−1 are padding); inout `key_cache`, `value_cache`
/// (n_layers × max_seq_len × C); `wte` (Vp × C, float — for Q8_0 the host dequantizes it, as
/// runq.c does for Llama's embedding), `wpe` (max_seq_len × C); per layer, layers back to
/// back: `ln1w ln1b`, `qkvw qkvb`, `attprojw attprojb`, `ln2w ln2b`, `fcw fcb`,
/// `fcprojw fcprojb`; then `lnfw lnfb`. For Q8_0 each matrix is `<name>_q` (int8) and
/// `<name>_s` (float scales), and the classifier reads `wte_q`/`wte_s` (wte quantized); for
/// Q4 `<name>_q4` (packed bytes, two 4-bit weights each, `MatVecQ4`) and `<name>_s`, the
/// classifier `wte_q4`/`wte_s`. Q4 designs have one engine.
///
/// With `engines` E > 1 (hardware schedule) every product — the four of a layer with their
/// biases and the classifier — runs on E engines side by side (`MatVecEngines`), and the
/// matrices are not arguments of their own: engine e's ports (`EngineWeights`: `w_q_e<e>`,
/// `w_s_e<e>`, float `w_e<e>`) hold its rows of every matrix, per layer qkvw, attprojw, fcw,
/// fcprojw, then the classifier's rows of wte, after `lnfw lnfb`. Attention keeps one engine.
public enum GPT2Forward {
    public static let top = "forward"
    /// The matrices of a layer: (name, inputs n, outputs d) as functions of the shape.
    static func matrices(_ s: GPT2Shape) -> [(String, n: Int, d: Int)] {
        let C = s.channels
        return [("qkvw", C, 3 * C), ("attprojw", C, C), ("fcw", C, 4 * C), ("fcprojw", 4 * C, C)]
    }
    /// The product sub-kernel of each matrix.
    static let productNames = ["qkvw": "mv_qkv", "attprojw": "mv_attproj", "fcw": "mv_fc", "fcprojw": "mv_fcproj"]

    /// The output of `design(calibrate: true)`: per layer the largest magnitude of ln1's
    /// output, q, k, v, the attention output, ln2's output, the GELU output and the residual
    /// stream (`calibrationSlots`), then of lnf's output — what the integer profile's scales are
    /// calibrated from (`IntegerGPT2Scales`).
    public static let calibrationOutput = "calibration"
    public static let calibrationSlots = ["ln1", "q", "k", "v", "att_out", "ln2", "gelu", "residual"]

    public static func design(_ s: GPT2Shape, weights: LlamaWeights, profile: MathProfile,
                              schedule style: GPT2Schedule = .reference, engines: Int = 1, calibrate: Bool = false) throws(DesignError) -> Design {
        var problems = s.problems + engineProblems(s, engines: engines, schedule: style)
        if case .q8(let gs) = weights, gs < 1 || s.channels % gs != 0 {
            problems.append("group size \(gs) does not divide channels \(s.channels)")
        }
        if case .q4(let gs) = weights {
            if gs < 2 || gs % 2 != 0 || s.channels % gs != 0 {
                problems.append("Q4 group size \(gs) is not an even divisor of channels \(s.channels) (two weights per byte)")
            }
            if engines > 1 { problems.append("engines \(engines) with Q4 weights: not yet (Q4 designs have one engine)") }
        }
        if !problems.isEmpty { throw DesignError(problems) }
        let packing = engines > 1 ? engineWeights(s, weights: weights, engines: engines).packing() : [:]
        let base = GPT2Roles.forward(s, weights: weights, packing: packing,
                                     attentionEngines: engines > 1 ? GPT2Attention.engines(s, engines: engines) : 1)
        let roles = calibrate ? ArgumentRoles(family: base.family, base.byArgument.merging([calibrationOutput: .probe]) { $1 }) : base
        let d = Design(top: top, kernels: try kernels(s, weights: weights, profile: profile, engines: engines, calibrate: calibrate),
                       schedule: style.schedule(s, weights: weights, engines: engines), profile: profile,
                       packing: packing, roles: roles)
        try KernelValidator.validate(d)
        return d
    }

    /// Why `engines` does not fit the shape or the schedule, one line each.
    public static func engineProblems(_ s: GPT2Shape, engines e: Int, schedule style: GPT2Schedule) -> [String] {
        guard e != 1 else { return [] }
        guard e > 1 else { return ["engines is \(e); expected a positive integer"] }
        if style != .hardware { return ["engines \(e) needs the hardware schedule (the \(style.rawValue) schedule keeps one engine)"] }
        let bad = [("channels", s.channels), ("padded_vocab_size", s.paddedVocab)].filter { $0.1 % e != 0 }
        guard bad.isEmpty else {
            return ["engines \(e) does not divide " + bad.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + " (each engine takes an equal share of every matrix's rows)"]
        }
        return []
    }

    /// The engine ports' layout (`EngineWeights`): per layer qkvw, attprojw, fcw, fcprojw,
    /// then the classifier's rows of wte (`wte_q`/`wte_s`, or float `wte`).
    static func engineWeights(_ s: GPT2Shape, weights: LlamaWeights, engines: Int) -> EngineWeights {
        EngineWeights(matrices(s).map { EngineWeights.Matrix($0.0, n: $0.n, d: $0.d) }
                      + [EngineWeights.Matrix("wte", n: s.channels, d: s.paddedVocab, perLayer: false)],
                      layers: s.layers, engines: engines, weights: weights)
    }

    /// The product kernels of a design (`rows` gives each matrix its rows when a device holds
    /// a slice; the classifier is `wte`): with E engines each computes d/E rows, and a
    /// `<name>_engines` wrapper (`MatVecEngines`, biases fanned out) runs E of them. Returns
    /// the kernels in order (quantizers first), the kernel each matrix calls and the quantizer
    /// of each input width.
    static func productKernels(_ s: GPT2Shape, weights: LlamaWeights, profile: MathProfile, rows: [String: Int] = [:],
                               engines e: Int) throws(DesignError) -> (kernels: [Kernel], product: [String: Kernel], quantizers: [Int: Kernel]) {
        let C = s.channels
        var subs: [Kernel] = []
        var product: [String: Kernel] = [:]
        var quantizers: [Int: Kernel] = [:]
        for (m, n, full) in matrices(s) + [("wte", C, s.paddedVocab)] {
            let name = productNames[m] ?? "mv_cls"
            let d = rows[m] ?? full, bias = m != "wte"
            // Q8_0 and Q4: the activation quantized once per input width (`QuantizeQ8`).
            if let gs = weights.groupSize, quantizers[n] == nil {
                let q = try QuantizeQ8.kernel(n == C ? "quantize_c" : "quantize_hidden", n: n, groupSize: gs, profile: profile)
                quantizers[n] = q
                subs.append(q)
            }
            let kernel: Kernel
            switch weights {
            case .float:
                kernel = bias ? try MatVecBias.kernel(name, n: n, d: d / e) : try MatVec.kernel(name, n: n, d: d / e)
            case .q8(let gs):
                kernel = bias ? try MatVecBias.quantized(name, n: n, d: d / e, groupSize: gs)
                    : try MatVecQ8.quantized(name, n: n, d: d / e, groupSize: gs)
            case .q4(let gs):
                kernel = try MatVecQ4.quantized(name, n: n, d: d / e, groupSize: gs, bias: bias)
            }
            subs.append(kernel)
            if e > 1 {
                let wrapper = try MatVecEngines.kernel(LlamaForward.enginesKernel(name), engine: kernel, n: n, d: d, engines: e,
                                                       weights: weights, bias: bias)
                subs.append(wrapper)
                product[m] = wrapper
            } else {
                product[m] = kernel
            }
        }
        return (subs, product, quantizers)
    }

    static func kernels(_ s: GPT2Shape, weights: LlamaWeights, profile: MathProfile, engines: Int = 1, calibrate: Bool = false) throws(DesignError) -> [Kernel] {
        let C = s.channels, L = s.layers, T = s.seqLen
        var (subs, product, quantizers) = try productKernels(s, weights: weights, profile: profile, engines: engines)
        let classifier = product["wte"]!
        let norm = try LayerNorm.kernel("layernorm", size: C, profile: profile)
        let attentionEngines = engines > 1 ? GPT2Attention.engines(s, engines: engines) : 1
        let attention = try GPT2Attention.kernel("attention", shape: s, profile: profile, engines: attentionEngines)
        let gelu = try GELU.kernel("gelu", size: s.hidden, profile: profile)
        subs += [norm, attention, gelu]

        let k = KernelBuilder(top)
        let token = k.size("token", max: s.vocab - 1)
        let pos = k.size("pos", max: T - 1)
        let logits = k.output("logits", .float32, count: s.paddedVocab)
        let (_, _, cacheArguments) = caches(k, s, engines: attentionEngines)
        let wte = k.input("wte", .float32, count: s.paddedVocab * C)
        let wpe = k.input("wpe", .float32, count: T * C)
        var (matrix, vector) = layerArguments(k, s, weights: weights, matrices: engines == 1)
        let ln1w = vector["ln1w"]!, ln1b = vector["ln1b"]!
        var bias: [String: (Index) -> CallArgument] = ["ln2w": vector["ln2w"]!, "ln2b": vector["ln2b"]!]
        for (m, _, _) in matrices(s) { bias[m] = vector[String(m.dropLast()) + "b"]! }
        let lnfw = k.input("lnfw", .float32, count: C), lnfb = k.input("lnfb", .float32, count: C)
        let classifierWeights: [CallArgument]
        if engines > 1 {
            matrix = engineWeights(s, weights: weights, engines: engines).declare(k)
            classifierWeights = matrix["wte"]!(0)
        } else {
            switch weights {
            case .float: classifierWeights = [wte.from()]
            case .q8(let gs), .q4(let gs):
                let values = s.paddedVocab * C / weights.weightsPerValue
                classifierWeights = [k.input("wte\(weights.valuesSuffix!)", .int8, count: values).from(),
                                     k.input("wte_s", .float32, count: s.paddedVocab * C / gs).from()]
            }
        }

        let slots = calibrationSlots.count
        let calibration = calibrate ? k.output(calibrationOutput, .float32, count: L * slots + 1) : nil
        /// The largest |v[from + i]| over i < n into calibration[slot] (nothing without `calibrate`).
        func record(_ v: BufferHandle, from: Int = 0, _ n: Int, _ label: String, _ slot: Index) {
            guard let calibration else { return }
            calibration[slot] = k.reduce("cal_\(label)", .max, .float32, n, initial: 0.0) { i in abs(v[from + i]) }
        }
        let x = k.local("x", .float32, shape: [C])
        let xb = k.local("xb", .float32, shape: [C])
        let xb2 = k.local("xb2", .float32, shape: [C])
        let qkv = k.local("qkv", .float32, shape: [3 * C])
        let h = k.local("h", .float32, shape: [s.hidden])
        let hg = k.local("hg", .float32, shape: [s.hidden])
        // Q8_0 and Q4: each product input quantized once, by the quantizer of its width.
        var prepared: [Int: (BufferHandle, BufferHandle)] = [:]
        if let gs = weights.groupSize {
            for (n, label) in [(C, "c"), (s.hidden, "hidden")] {
                prepared[n] = (k.local("xq_\(label)", .int8, shape: [n]), k.local("xs_\(label)", .float32, shape: [n / gs]))
            }
        }
        func prepare(_ v: BufferHandle, _ n: Int) -> [CallArgument] {
            guard let (vq, vs) = prepared[n], let q = quantizers[n] else { return [v.from()] }
            k.call(q, [v.from(), vq.from(), vs.from()])
            return [vq.from(), vs.from()]
        }

        k.loop("embed", C) { i in x[i] = wte[token.index * C + i] + wpe[pos.index * C + i] }
        k.loop("layers", L, index: "l") { l in
            k.call(norm, [xb.from(), x.from(), ln1w(l), ln1b(l)])
            record(xb, C, "ln1", l * slots)
            k.call(product["qkvw"]!, [qkv.from()] + prepare(xb, C) + matrix["qkvw"]!(l) + [bias["qkvw"]!(l)])
            k.call(attention, [xb.from()] + cacheArguments(qkv, l, pos.index))
            record(qkv, C, "q", l * slots + 1)
            record(qkv, from: C, C, "k", l * slots + 2)
            record(qkv, from: 2 * C, C, "v", l * slots + 3)
            record(xb, C, "att_out", l * slots + 4)
            k.call(product["attprojw"]!, [xb2.from()] + prepare(xb, C) + matrix["attprojw"]!(l) + [bias["attprojw"]!(l)])
            k.loop("residual_att", C) { i in x[i] = x[i] + xb2[i] }
            let afterAttention = calibration.map { _ in k.reduce("cal_residual_att", .max, .float32, C, initial: 0.0) { i in abs(x[i]) } }
            k.call(norm, [xb.from(), x.from(), bias["ln2w"]!(l), bias["ln2b"]!(l)])
            record(xb, C, "ln2", l * slots + 5)
            k.call(product["fcw"]!, [h.from()] + prepare(xb, C) + matrix["fcw"]!(l) + [bias["fcw"]!(l)])
            k.call(gelu, [hg.from(), h.from()])
            record(hg, s.hidden, "gelu", l * slots + 6)
            k.call(product["fcprojw"]!, [xb2.from()] + prepare(hg, s.hidden) + matrix["fcprojw"]!(l) + [bias["fcprojw"]!(l)])
            k.loop("residual_ffn", C) { i in x[i] = x[i] + xb2[i] }
            if let calibration, let afterAttention {
                let afterFFN = k.reduce("cal_residual_ffn", .max, .float32, C, initial: 0.0) { i in abs(x[i]) }
                calibration[l * slots + 7] = max(afterAttention, afterFFN)
            }
        }
        k.call(norm, [xb.from(), x.from(), lnfw.from(), lnfb.from()])
        record(xb, C, "lnf", .constant(L * slots))
        k.call(classifier, [logits.from()] + prepare(xb, C) + classifierWeights)
        return subs + [try k.build()]
    }

    /// The KV cache arguments of a top kernel (`GPT2Attention.cacheNames`: one pair, or one pair
    /// per attention engine, each L × T × C/A) and the arguments a layer's attention call takes
    /// after its output: qkv (as q, k, v offsets with engines), the caches from layer l, pos
    /// and its block.
    static func caches(_ k: KernelBuilder, _ s: GPT2Shape, engines a: Int)
        -> (keys: [BufferHandle], values: [BufferHandle], arguments: (BufferHandle, Index, Index) -> [CallArgument]) {
        let C = s.channels, layerCache = s.seqLen * C / a
        let names = GPT2Attention.cacheNames(engines: a)
        let keys = names.keys.map { k.inputOutput($0, .float32, count: s.layers * layerCache) }
        let values = names.values.map { k.inputOutput($0, .float32, count: s.layers * layerCache) }
        let rows = GPT2Attention.blockRows(s, engines: a)
        return (keys, values, { qkv, l, pos in
            let vectors = a == 1 ? [qkv.from()] : [qkv.from(), qkv.from(.constant(C)), qkv.from(.constant(2 * C))]
            return vectors + keys.map { $0.from(l * layerCache) } + values.map { $0.from(l * layerCache) } + [.index(pos), .index(pos / rows)]
        })
    }

    /// The per-layer weight arguments of a GPT-2 top kernel, in the checkpoint's order: ln1w,
    /// ln1b, then each matrix (`qkvw`, or `qkvw_q`/`qkvw_q4`, `qkvw_s`) with its bias, ln2w and ln2b after
    /// attprojb. `rows` gives a matrix fewer output rows than the model (a device's slice).
    /// Returns the call arguments of layer l: matrices, biases and the norms (`ln1w` … `ln2b`).
    /// Without `matrices` only the vectors are declared (the matrices are engine ports).
    static func layerArguments(_ k: KernelBuilder, _ s: GPT2Shape, weights: LlamaWeights, rows: [String: Int] = [:], matrices declared: Bool = true)
        -> (matrix: [String: (Index) -> [CallArgument]], vector: [String: (Index) -> CallArgument]) {
        let C = s.channels, L = s.layers
        func perLayer(_ name: String, _ count: Int) -> (Index) -> CallArgument {
            let b = k.input(name, .float32, count: L * count)
            return { l in b.from(l * count) }
        }
        var matrix: [String: (Index) -> [CallArgument]] = [:]
        var vector: [String: (Index) -> CallArgument] = ["ln1w": perLayer("ln1w", C), "ln1b": perLayer("ln1b", C)]
        for (m, n, full) in matrices(s) {
            let d = rows[m] ?? full
            let per = n * d
            switch weights {
            case _ where !declared: break
            case .float:
                let w = k.input(m, .float32, count: L * per)
                matrix[m] = { l in [w.from(l * per)] }
            case .q8(let gs), .q4(let gs):
                // Q4: two weights per packed byte.
                let values = per / weights.weightsPerValue
                let wq = k.input("\(m)\(weights.valuesSuffix!)", .int8, count: L * values)
                let ws = k.input("\(m)_s", .float32, count: L * per / gs)
                matrix[m] = { l in [wq.from(l * values), ws.from(l * (per / gs))] }
            }
            vector[String(m.dropLast()) + "b"] = perLayer(String(m.dropLast()) + "b", d)
            if m == "attprojw" {
                // File order: ln2w, ln2b come after attprojb (the argument order follows it).
                vector["ln2w"] = perLayer("ln2w", C)
                vector["ln2b"] = perLayer("ln2b", C)
            }
        }
        return (matrix, vector)
    }
}
