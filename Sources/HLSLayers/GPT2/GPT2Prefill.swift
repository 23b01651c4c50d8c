import HLSIR

/// The prefill stage of GPT-2, as `LlamaPrefill` is Llama's: one top kernel runs a block of up
/// to B prompt tokens at positions pos … pos+last through every layer, fills their rows of the
/// KV cache and returns the last position's logits:
/// `prefill(last, pos, logits, key_cache, value_cache, embedded, wpe, ln1w, …, lnfb, classifier)`.
///
/// The four products of a layer are block products with their bias (`MatMat`, bias first:
/// partial 0 starts at the bias) in the lanes of the forward design's products; LayerNorm, the
/// Q8_0 quantizers, attention and GELU run token by token with the forward design's
/// sub-kernels and directives; the final LayerNorm and the tied classifier run for the last
/// token only. So a block gives the bits of `last + 1` forward calls. `embedded` holds the
/// block's rows of wte (float; the host gathers them), to which the kernel adds wpe's rows at
/// pos + b as the forward's embedding does. `pos` is at most max_seq_len − B.
public enum GPT2Prefill {
    public static let top = "prefill"

    /// Block product of each forward product (`mv_qkv` → `mm_qkv`, …).
    static func blockName(_ forward: String) -> String { "mm_" + forward.dropFirst(3) }

    public static let tokenLoops = ["embed_tokens", "ln1_tokens", "qkv_quantize", "att_tokens", "proj_quantize", "residual_att_tokens",
                                    "ln2_tokens", "fc_quantize", "gelu_tokens", "fcproj_quantize", "residual_ffn_tokens"].map { "\(top).\($0)" }

    public static func design(_ s: GPT2Shape, weights: LlamaWeights, profile: MathProfile, schedule style: GPT2Schedule = .reference,
                              block: Int, forward: Schedule? = nil) throws(DesignError) -> Design {
        var problems = s.problems
        if block < 1 || block > s.seqLen { problems.append("prefill block is \(block); expected 1 ... max_seq_len \(s.seqLen)") }
        if case .q8(let gs) = weights, gs < 1 || s.channels % gs != 0 { problems.append("group size \(gs) does not divide channels \(s.channels)") }
        if case .q4 = weights { problems.append("the GPT-2 prefill design takes float or Q8_0 weights (Q4: not yet)") }
        if !problems.isEmpty { throw DesignError(problems) }
        let forwardSchedule = forward ?? style.schedule(s, weights: weights)
        let tile = style == .hardware ? MatVecEngines.largestDivisor(of: block, upTo: LlamaPrefill.hardwareTile) : 1
        var plans: [String: LlamaPrefill.ProductPlan] = [:]
        var products: [(String, Int)] = []
        for (m, n, d) in GPT2Forward.matrices(s) {
            let twin = GPT2Forward.productNames[m]!
            let reduction: String
            if case .q8 = weights { reduction = "\(twin).groups" } else { reduction = "\(twin).dot" }
            var unroll = 1
            if case .factor(let f)? = forwardSchedule.loop("\(twin).dot").unroll { unroll = f }
            var plan = LlamaPrefill.ProductPlan(lanes: forwardSchedule.lanes(reduction), unroll: unroll, tile: tile)
            if style == .hardware { plan.rowBlock = MatVecEngines.largestDivisor(of: d, upTo: LlamaPrefill.hardwareRowBlock) }
            plans[blockName(twin)] = plan
            products.append((blockName(twin), n))
        }
        let kernels = try Self.kernels(s, weights: weights, profile: profile, block: block, plans: plans)
        let unscheduled = Design(top: top, kernels: kernels, schedule: Schedule(), profile: profile)
        let targets = unscheduled.scheduleTargets
        // The forward's directives on the sub-kernels both designs share (not its products'
        // loops, which the block products replace, nor its top's).
        var schedule = Schedule()
        let forwardProducts = Set(GPT2Forward.productNames.values)
        func shared(_ key: String) -> Bool {
            let kernel = String(key.split(separator: ".", maxSplits: 1)[0])
            return kernel != GPT2Forward.top && !forwardProducts.contains(kernel) && targets[key] != nil
        }
        for (k, v) in forwardSchedule.loops where shared(k) { schedule.loops[k] = v }
        for (k, v) in forwardSchedule.buffers where shared(k) && targets[k]?.isOnChipArray == true { schedule.buffers[k] = v }
        for (k, v) in forwardSchedule.interfaces {
            let name = k.replacingOccurrences(of: "\(GPT2Forward.top).", with: "\(top).")
            if targets[name] != nil { schedule.interfaces[name] = v }
        }
        if style == .hardware { LlamaPrefill.hardware(&schedule, products: products, weights: weights, plans: plans) }
        for loop in tokenLoops where targets[loop] != nil { schedule.tripCount(loop, min: 1, max: block, avg: block) }
        for (name, _) in products {
            schedule.tripCount("\(name).act_tokens", min: 1, max: block, avg: block)
            schedule.tripCount("\(name).tiles", min: 1, max: block / tile, avg: block / tile)
        }
        let d = Design(top: top, kernels: kernels, schedule: schedule, profile: profile,
                       roles: GPT2Roles.prefill(s, weights: weights, block: block))
        try KernelValidator.validate(d)
        return d
    }

    static func kernels(_ s: GPT2Shape, weights: LlamaWeights, profile: MathProfile, block: Int,
                        plans: [String: LlamaPrefill.ProductPlan]) throws(DesignError) -> [Kernel] {
        let format = try FloatOrQ8(weights)
        let C = s.channels, L = s.layers, T = s.seqLen
        var subs: [Kernel] = []
        var product: [String: Kernel] = [:]
        var quantizers: [Int: Kernel] = [:]
        for (m, n, d) in GPT2Forward.matrices(s) {
            let name = blockName(GPT2Forward.productNames[m]!)
            let plan = plans[name] ?? LlamaPrefill.ProductPlan(lanes: 1, unroll: 1, tile: 1)
            switch format {
            case .float:
                product[m] = try MatMat.kernel(name, n: n, d: d, tokens: block, tile: plan.tile, lanes: plan.lanes, rowBlock: plan.rowBlock, bias: true)
            case .q8(let gs):
                if quantizers[n] == nil {
                    let q = try QuantizeQ8.kernel(n == C ? "quantize_c" : "quantize_hidden", n: n, groupSize: gs, profile: profile)
                    quantizers[n] = q
                    subs.append(q)
                }
                product[m] = try MatMat.q8(name, n: n, d: d, groupSize: gs, tokens: block, tile: plan.tile, lanes: plan.lanes,
                                           rowBlock: plan.rowBlock, bias: true)
            }
            subs.append(product[m]!)
        }
        let classifier: Kernel
        switch format {
        case .float: classifier = try MatVec.kernel("mv_cls", n: C, d: s.paddedVocab)
        case .q8(let gs): classifier = try MatVecQ8.quantized("mv_cls", n: C, d: s.paddedVocab, groupSize: gs)
        }
        let norm = try LayerNorm.kernel("layernorm", size: C, profile: profile)
        let attention = try GPT2Attention.kernel("attention", shape: s, profile: profile)
        let gelu = try GELU.kernel("gelu", size: s.hidden, profile: profile)
        subs += [classifier, norm, attention, gelu]

        let k = KernelBuilder(top)
        let last = k.size("last", max: block - 1)
        let count = Bound.runtime(last.index + 1, max: block)
        let pos = k.size("pos", max: T - block)
        let logits = k.output("logits", .float32, count: s.paddedVocab)
        let layerCache = T * C
        let keyCache = k.inputOutput("key_cache", .float32, count: L * layerCache)
        let valueCache = k.inputOutput("value_cache", .float32, count: L * layerCache)
        let embedded = k.input("embedded", .float32, count: block * C)
        let wpe = k.input("wpe", .float32, count: T * C)
        let (matrix, vector) = GPT2Forward.layerArguments(k, s, weights: weights)
        let ln1w = vector["ln1w"]!, ln1b = vector["ln1b"]!
        var bias: [String: (Index) -> CallArgument] = ["ln2w": vector["ln2w"]!, "ln2b": vector["ln2b"]!]
        for (m, _, _) in GPT2Forward.matrices(s) { bias[m] = vector[String(m.dropLast()) + "b"]! }
        let lnfw = k.input("lnfw", .float32, count: C), lnfb = k.input("lnfb", .float32, count: C)
        let classifierWeights: [CallArgument]
        switch format {
        case .float: classifierWeights = [k.input("wte", .float32, count: s.paddedVocab * C).from()]
        case .q8(let gs):
            classifierWeights = [k.input("wte_q", .int8, count: s.paddedVocab * C).from(),
                                 k.input("wte_s", .float32, count: s.paddedVocab * C / gs).from()]
        }
        // Token-major block activations.
        let x = k.local("x", .float32, shape: [block * C])
        let xb = k.local("xb", .float32, shape: [block * C])
        let xb2 = k.local("xb2", .float32, shape: [block * C])
        let qkv = k.local("qkv", .float32, shape: [block * 3 * C])
        let h = k.local("h", .float32, shape: [block * s.hidden])
        let hg = k.local("hg", .float32, shape: [block * s.hidden])
        var prepared: [Int: (BufferHandle, BufferHandle)] = [:]
        if case .q8(let gs) = format {
            for (n, label) in [(C, "c"), (s.hidden, "hidden")] {
                prepared[n] = (k.local("xq_\(label)", .int8, shape: [block * n]), k.local("xs_\(label)", .float32, shape: [block * (n / gs)]))
            }
        }
        /// The block's product inputs: the vectors, or each token's Q8_0 quantization.
        func prepare(_ v: BufferHandle, _ n: Int, loop: String) -> [CallArgument] {
            guard case .q8(let gs) = format, let (vq, vs) = prepared[n], let q = quantizers[n] else { return [v.from()] }
            k.loop(loop, count, index: "b") { b in k.call(q, [v.from(b * n), vq.from(b * n), vs.from(b * (n / gs))]) }
            return [vq.from(), vs.from()]
        }
        let tokens: CallArgument = .index(last.index + 1)
        k.loop("embed_tokens", count, index: "b") { b in
            k.loop("embed", C) { i in x[b * C + i] = embedded[b * C + i] + wpe[(pos.index + b) * C + i] }
        }
        k.loop("layers", L, index: "l") { l in
            k.loop("ln1_tokens", count, index: "b") { b in k.call(norm, [xb.from(b * C), x.from(b * C), ln1w(l), ln1b(l)]) }
            k.call(product["qkvw"]!, [qkv.from()] + prepare(xb, C, loop: "qkv_quantize") + matrix["qkvw"]!(l) + [tokens, bias["qkvw"]!(l)])
            k.loop("att_tokens", count, index: "b") { b in
                let p = pos.index + b
                k.call(attention, [xb.from(b * C), qkv.from(b * 3 * C), keyCache.from(l * layerCache), valueCache.from(l * layerCache),
                                   .index(p), .index(p / GPT2Attention.blockRows(s))])
            }
            k.call(product["attprojw"]!, [xb2.from()] + prepare(xb, C, loop: "proj_quantize") + matrix["attprojw"]!(l) + [tokens, bias["attprojw"]!(l)])
            k.loop("residual_att_tokens", count, index: "b") { b in
                k.loop("residual_att", C) { i in x[b * C + i] = x[b * C + i] + xb2[b * C + i] }
            }
            k.loop("ln2_tokens", count, index: "b") { b in k.call(norm, [xb.from(b * C), x.from(b * C), bias["ln2w"]!(l), bias["ln2b"]!(l)]) }
            k.call(product["fcw"]!, [h.from()] + prepare(xb, C, loop: "fc_quantize") + matrix["fcw"]!(l) + [tokens, bias["fcw"]!(l)])
            k.loop("gelu_tokens", count, index: "b") { b in k.call(gelu, [hg.from(b * s.hidden), h.from(b * s.hidden)]) }
            k.call(product["fcprojw"]!, [xb2.from()] + prepare(hg, s.hidden, loop: "fcproj_quantize") + matrix["fcprojw"]!(l)
                   + [tokens, bias["fcprojw"]!(l)])
            k.loop("residual_ffn_tokens", count, index: "b") { b in
                k.loop("residual_ffn", C) { i in x[b * C + i] = x[b * C + i] + xb2[b * C + i] }
            }
        }
        k.call(norm, [xb.from(), x.from(last.index * C), lnfw.from(), lnfb.from()])
        var act: [CallArgument] = [xb.from()]
        if let (vq, vs) = prepared[C], let q = quantizers[C] {
            k.call(q, [xb.from(), vq.from(), vs.from()])
            act = [vq.from(), vs.from()]
        }
        k.call(classifier, [logits.from()] + act + classifierWeights)
        return subs + [try k.build()]
    }
}
