import HLSIR

/// The prefill stage of Llama 2: one top kernel that runs a block of up to B prompt tokens at
/// positions pos … pos+count−1 through every layer, fills their rows of the KV cache and
/// returns the logits of the block's last position:
/// `prefill(last, pos, logits, key_cache, value_cache, embedded, weights...)`, where the
/// block holds `last + 1` tokens.
///
/// Matrix products are block products (`MatMat`): each weight row is read once per block.
/// Everything else runs token by token in position order, with the forward design's own
/// sub-kernels (RMSNorm, the Q8_0 quantizers, RoPE, attention, the classifier), and every
/// product element is computed as `MatVec`/`MatVecQ8` computes it with the same lanes — so
/// a block gives bit for bit the logits and cache of `count` forward calls (docs/numerics.md,
/// "Prefill"). Attention of token b runs after tokens 0 … b−1 of the block have written their
/// keys and values, so causality is exactly the forward's.
///
/// `embedded` holds the block's token embedding rows (count × dim floats, the rows of
/// `token_embedding` the host gathers: indices cannot come from data in the IR). `pos` is at
/// most seq_len − B, so every position of a full block is in the cache; a shorter tail block
/// that starts later runs through the forward design (the same bits).
/// The weight arguments are the forward design's (same names, same layout).
public enum LlamaPrefill {
    public static let top = "prefill"

    /// The block products, named after the forward design's matrix-vector products.
    static let productNames = ["mm_q", "mm_kv", "mm_up", "mm_down"]

    /// The block products: (name, inputs n, outputs d).
    static func products(_ s: LlamaShape) -> [(String, Int, Int)] {
        [("mm_q", s.dim, s.dim), ("mm_kv", s.dim, s.kvDim), ("mm_up", s.dim, s.hidden), ("mm_down", s.hidden, s.dim)]
    }

    /// The forward product whose schedule (lanes, unroll) a block product takes.
    static func forwardProduct(_ name: String) -> String { "mv_" + name.dropFirst(3) }

    /// The loops over the block's tokens in the top.
    static let tokenLoops = ["embed_tokens", "att_norm", "att_quantize", "att_tokens", "out_quantize", "residual_att_tokens",
                             "ffn_norm", "ffn_quantize", "gate_tokens", "down_quantize", "residual_ffn_tokens"].map { "\(top).\($0)" }

    /// Tokens a block product works on together in the hardware schedule (at most; the
    /// largest divisor of the block up to it): one pass over a row's groups serves them all,
    /// so the pipeline's fill and the partials' combining are paid once per row and tile.
    public static let hardwareTile = 32

    /// Multiply-adds per cycle of one block product in the hardware schedule: the tile's
    /// work on one group (tile × gs) shares this many multipliers over the II.
    public static let hardwareMACs = 256

    /// Why a block of `block` tokens does not fit the shape, one line each.
    public static func problems(_ s: LlamaShape, block: Int) -> [String] {
        guard block >= 1, block <= s.seqLen else { return ["prefill block is \(block); expected 1 ... seq_len \(s.seqLen)"] }
        return []
    }

    /// How one block product is built: the lanes of its forward twin (so the same order),
    /// the unroll of the forward's float dot, and the tile of tokens side by side.
    struct ProductPlan {
        var lanes: Int
        var unroll: Int
        var tile: Int
        /// Rows read per burst.
        var rowBlock = 1
    }

    /// Rows a block product reads per burst in the hardware schedule (at most; the largest
    /// divisor of its rows up to it): the m_axi latency is paid once per that many rows.
    public static let hardwareRowBlock = 16

    /// The prefill design for blocks of up to `block` tokens, beside the forward design with
    /// the same schedule style (one engine), or beside one whose schedule is `forward` (with
    /// a config file's overrides): each block product takes the lanes of the forward product
    /// it mirrors (`mm_q` of `mv_q`, …), the shared sub-kernels (RMSNorm, quantizers, RoPE,
    /// attention, the classifier) their directives, so every result has the forward's bits.
    public static func design(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile,
                              schedule style: LlamaSchedule = .reference, block: Int,
                              forward: Schedule? = nil) throws(DesignError) -> Design {
        var problems = s.problems + Self.problems(s, block: block)
        if case .q8(let gs) = weights, gs < 1 || s.dim % gs != 0 || s.hidden % gs != 0 {
            problems.append("group size \(gs) does not divide dim \(s.dim) and hidden_dim \(s.hidden)")
        }
        if style == .hlstransform { problems.append("the prefill design has the reference and hardware schedules") }
        if case .q4 = weights { problems.append("the prefill design takes float or Q8_0 weights (Q4: not yet)") }
        if !problems.isEmpty { throw DesignError(problems) }
        let forwardSchedule = forward ?? style.schedule(s, weights: weights)
        var plans: [String: ProductPlan] = [:]
        let tile = style == .hardware ? MatVecEngines.largestDivisor(of: block, upTo: hardwareTile) : 1
        for name in productNames {
            let twin = forwardProduct(name)
            let reduction: String
            if case .q8 = weights { reduction = "\(twin).groups" } else { reduction = "\(twin).dot" }
            var unroll = 1
            if case .factor(let f)? = forwardSchedule.loop("\(twin).dot").unroll { unroll = f }
            plans[name] = ProductPlan(lanes: forwardSchedule.lanes(reduction), unroll: unroll, tile: tile)
        }
        if style == .hardware {
            for (name, _, d) in products(s) { plans[name]?.rowBlock = MatVecEngines.largestDivisor(of: d, upTo: hardwareRowBlock) }
        }
        let kernels = try Self.kernels(s, weights: weights, profile: profile, block: block, plans: plans)
        let unscheduled = Design(top: top, kernels: kernels, schedule: Schedule(), profile: profile)
        var schedule = Self.carried(forwardSchedule, targets: unscheduled.scheduleTargets)
        if style == .hardware { Self.hardware(&schedule, s, weights: weights, plans: plans) }
        // The loops over the block's tokens run `last + 1` times: full blocks on average (a
        // prompt is split into full blocks but for its tail).
        for loop in tokenLoops where unscheduled.scheduleTargets[loop] != nil {
            schedule.tripCount(loop, min: 1, max: block, avg: block)
        }
        // Attention's trip counts as in a prompt's first block (positions 0 … B−1): (B+1)/2
        // positions on average, where the forward design takes seq_len/2.
        let length = (block + 1) / 2, rows = Attention.blockRows(s)
        let averages = LlamaSchedule.attentionPositionLoops.map { ($0, length) } + [("key_blocks", length / rows), ("value_blocks", length / rows)]
        for (loop, avg) in averages {
            guard let t = schedule.loop("attention.\(loop)").tripCount else { continue }
            schedule.tripCount("attention.\(loop)", min: t.min, max: t.max, avg: Swift.max(t.min, avg))
        }
        for name in productNames {
            schedule.tripCount("\(name).act_tokens", min: 1, max: block, avg: block)
            schedule.tripCount("\(name).tiles", min: 1, max: block / tile, avg: block / tile)
        }
        let d = Design(top: top, kernels: kernels, schedule: schedule, profile: profile,
                       roles: LlamaRoles.prefill(s, weights: weights, block: block))
        try KernelValidator.validate(d)
        return d
    }

    /// The forward schedule carried over: the directives of the shared sub-kernels as they
    /// are, the top's on the prefill top (its ports, and its locals, which keep their names
    /// and are token-major here); names the prefill design lacks dropped.
    static func carried(_ forward: Schedule, targets: [String: ScheduleTarget]) -> Schedule {
        func mapped(_ key: String) -> String? {
            var parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if parts[0] == LlamaForward.top { parts[0] = top }
            if productNames.contains(parts[0]) || parts[0].hasPrefix("mv_") && parts[0] != "mv_cls" { return nil }
            var name = parts.joined(separator: ".")
            if name == "\(top).token_embedding" { name = "\(top).embedded" }
            return targets[name] == nil ? nil : name
        }
        var out = Schedule()
        for (k, v) in forward.loops { if let n = mapped(k) { out.loops[n] = v } }
        for (k, v) in forward.buffers { if let n = mapped(k) { out.buffers[n] = v } }
        for (k, v) in forward.interfaces { if let n = mapped(k) { out.interfaces[n] = v } }
        for (k, v) in forward.functions { if let n = mapped(k) { out.functions[n] = v } }
        return out
    }

    /// The block products at `hardwareMACs` multiply-adds per cycle: each iteration of the
    /// inner loop (a group for Q8_0, `unroll` inputs for float) does the tile's tokens, at the
    /// II that shares the multipliers (tile × step ÷ MACs); the row and the block's
    /// activations loaded a beat (64 bytes) per cycle into arrays partitioned to serve that
    /// (the activations by token too: tile ÷ (2 ports × II) banks); the partials in registers.
    static func hardware(_ out: inout Schedule, _ s: LlamaShape, weights: LlamaWeights, plans: [String: ProductPlan]) {
        hardware(&out, products: products(s).map { ($0.0, $0.1) }, weights: weights, plans: plans)
    }

    /// The same for any block products, given as (name, inputs n) (GPT-2's too).
    static func hardware(_ out: inout Schedule, products: [(String, Int)], weights: LlamaWeights, plans: [String: ProductPlan]) {
        guard let format = try? FloatOrQ8(weights) else { return }
        for (name, n) in products {
            guard let plan = plans[name] else { continue }
            let step: Int, perBeat: Int
            switch format {
            case .q8(let gs): (step, perBeat) = (gs, 64)
            case .float: (step, perBeat) = (plan.unroll, 16)
            }
            let ii = Swift.max(1, plan.tile * step / hardwareMACs)
            // Banks of the activations by token: the tile's reads of one element over the II's
            // cycles at two ports a bank.
            let tokenBanks = MatVecEngines.largestDivisor(of: plan.tile, upTo: Swift.max(1, plan.tile / (2 * ii)))
            switch format {
            case .q8(let gs):
                out.pipeline("\(name).groups", ii: ii)
                if gs > 1 { out.unroll("\(name).dot", factor: gs) }
                out.pipeline("\(name).scale_load")
                out.pipeline("\(name).act_scales")
                if tokenBanks > 1 { out.partition("\(name).st", .cyclic, factor: tokenBanks, dim: 1) }
            case .float:
                out.pipeline("\(name).dot", ii: ii)
                if plan.unroll > 1 { out.unroll("\(name).dot", factor: plan.unroll) }
            }
            // A beat per cycle where n allows, and a multiple of the compute step so the same
            // banks serve both.
            let load = n % perBeat == 0 && perBeat % step == 0 ? perBeat : step
            for loop in ["row_load", "act_load"] {
                out.pipeline("\(name).\(loop)")
                if load > 1 { out.unroll("\(name).\(loop)", factor: load) }
            }
            if load > 1 {
                out.partition("\(name).row", .cyclic, factor: load)
                out.partition("\(name).xt", .cyclic, factor: load, dim: 2)
            }
            if plan.tile > 1 { out.unroll("\(name).tile_tokens") }
            if tokenBanks > 1 { out.partition("\(name).xt", .cyclic, factor: tokenBanks, dim: 1) }
            out.partition("\(name).acc", .complete, dim: 1)
            out.partition("\(name).acc", .complete, dim: 2)
            out.pipeline("\(name).store")
        }
    }

    static func kernels(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile, block: Int,
                        plans: [String: ProductPlan]) throws(DesignError) -> [Kernel] {
        let format = try FloatOrQ8(weights)
        var subs: [Kernel] = []
        var product: [String: Kernel] = [:]
        var quantizers: [String: Kernel] = [:]
        func quantizer(_ n: Int) throws(DesignError) -> Kernel? {
            guard case .q8(let gs) = format else { return nil }
            let name = LlamaForward.quantizer(n, s)
            if let q = quantizers[name] { return q }
            let q = try QuantizeQ8.kernel(name, n: n, groupSize: gs, profile: profile)
            quantizers[name] = q
            subs.append(q)
            return q
        }
        for (name, n, d) in products(s) {
            _ = try quantizer(n)
            let plan = plans[name] ?? ProductPlan(lanes: 1, unroll: 1, tile: 1)
            let kernel: Kernel
            switch format {
            case .float:
                kernel = try MatMat.kernel(name, n: n, d: d, tokens: block, tile: plan.tile, lanes: plan.lanes, rowBlock: plan.rowBlock)
            case .q8(let gs):
                kernel = try MatMat.q8(name, n: n, d: d, groupSize: gs, tokens: block, tile: plan.tile, lanes: plan.lanes, rowBlock: plan.rowBlock)
            }
            subs.append(kernel)
            product[name] = kernel
        }
        let classifier: Kernel
        switch format {
        case .float: classifier = try MatVec.kernel("mv_cls", n: s.dim, d: s.vocab)
        case .q8(let gs): classifier = try MatVecQ8.quantized("mv_cls", n: s.dim, d: s.vocab, groupSize: gs)
        }
        let norm = try RMSNorm.kernel("rmsnorm_dim", size: s.dim, profile: profile)
        let rope = try RoPE.kernel("rope", shape: s, profile: profile)
        let attention = try Attention.kernel("attention", shape: s, profile: profile, engines: 1)
        subs += [classifier, norm, rope, attention]

        let k = KernelBuilder(top)
        // The block's last token, so that every index stays in bounds for any input
        // (`count` = last + 1 ≥ 1).
        let last = k.size("last", max: block - 1)
        let count = Bound.runtime(last.index + 1, max: block)
        let pos = k.size("pos", max: s.seqLen - block)
        let logits = k.output("logits", .float32, count: s.vocab)
        let layerCache = s.seqLen * s.kvDim
        let keyCache = k.inputOutput("key_cache", .float32, count: s.layers * layerCache)
        let valueCache = k.inputOutput("value_cache", .float32, count: s.layers * layerCache)
        let embedded = k.input("embedded", .float32, count: block * s.dim)
        let rmsAtt = k.input("rms_att", .float32, count: s.layers * s.dim)
        let rmsFFN = k.input("rms_ffn", .float32, count: s.layers * s.dim)
        let rmsFinal = k.input("rms_final", .float32, count: s.dim)
        // The forward design's weight arguments (the same names and layout).
        let (matrix, wcls) = LlamaForward.matrixArguments(k, s, weights: weights)
        // Token-major block activations: token b's vector starts at b · size.
        let x = k.local("x", .float32, shape: [block * s.dim])
        let xb = k.local("xb", .float32, shape: [block * s.dim])
        let xb2 = k.local("xb2", .float32, shape: [block * s.dim])
        let q = k.local("q", .float32, shape: [block * s.dim])
        let key = k.local("key", .float32, shape: [block * s.kvDim])
        let value = k.local("value", .float32, shape: [block * s.kvDim])
        let hb = k.local("hb", .float32, shape: [block * s.hidden])
        let hb2 = k.local("hb2", .float32, shape: [block * s.hidden])
        let math = ProfileMath(profile)
        var quantized: [Int: (BufferHandle, BufferHandle)] = [:]
        if case .q8(let gs) = format {
            for (n, name) in [(s.dim, "dim"), (s.hidden, "hidden")] where quantized[n] == nil {
                quantized[n] = (k.local("xq_\(name)", .int8, shape: [block * n]), k.local("xs_\(name)", .float32, shape: [block * (n / gs)]))
            }
        }
        /// The products' activation for the block in `v` (n per token): the vectors, or for
        /// Q8_0 each token's quantization (one quantizer call per token, as the forward's).
        func prepare(_ v: BufferHandle, _ n: Int, loop: String) -> [CallArgument] {
            guard case .q8(let gs) = format, let (vq, vs) = quantized[n], let qk = quantizers[LlamaForward.quantizer(n, s)] else {
                return [v.from()]
            }
            k.loop(loop, count, index: "b") { b in k.call(qk, [v.from(b * n), vq.from(b * n), vs.from(b * (n / gs))]) }
            return [vq.from(), vs.from()]
        }
        let rows = Attention.blockRows(s, engines: 1)

        k.loop("embed_tokens", count, index: "b") { b in
            k.loop("embed", s.dim) { i in x[b * s.dim + i] = embedded[b * s.dim + i] }
        }
        k.loop("layers", s.layers, index: "l") { l in
            k.loop("att_norm", count, index: "b") { b in
                k.call(norm, [xb.from(b * s.dim), x.from(b * s.dim), rmsAtt.from(l * s.dim)])
            }
            let att = prepare(xb, s.dim, loop: "att_quantize")
            k.call(product["mm_q"]!, [q.from()] + att + matrix["wq"]!(l) + [.index(last.index + 1)])
            k.call(product["mm_kv"]!, [key.from()] + att + matrix["wk"]!(l) + [.index(last.index + 1)])
            k.call(product["mm_kv"]!, [value.from()] + att + matrix["wv"]!(l) + [.index(last.index + 1)])
            // Position by position: RoPE, then attention writes this token's key and value
            // and reads the cache up to it (the block's earlier tokens are already there).
            k.loop("att_tokens", count, index: "b") { b in
                let p = pos.index + b
                k.call(rope, [q.from(b * s.dim), key.from(b * s.kvDim), .index(p)])
                k.call(attention, [xb.from(b * s.dim), q.from(b * s.dim), key.from(b * s.kvDim), value.from(b * s.kvDim),
                                   keyCache.from(l * layerCache), valueCache.from(l * layerCache), .index(p), .index(p / rows)])
            }
            k.call(product["mm_q"]!, [xb2.from()] + prepare(xb, s.dim, loop: "out_quantize") + matrix["wo"]!(l) + [.index(last.index + 1)])
            k.loop("residual_att_tokens", count, index: "b") { b in
                k.loop("residual_att", s.dim) { i in x[b * s.dim + i] = x[b * s.dim + i] + xb2[b * s.dim + i] }
            }
            k.loop("ffn_norm", count, index: "b") { b in
                k.call(norm, [xb.from(b * s.dim), x.from(b * s.dim), rmsFFN.from(l * s.dim)])
            }
            let ffn = prepare(xb, s.dim, loop: "ffn_quantize")
            k.call(product["mm_up"]!, [hb.from()] + ffn + matrix["w1"]!(l) + [.index(last.index + 1)])
            k.call(product["mm_up"]!, [hb2.from()] + ffn + matrix["w3"]!(l) + [.index(last.index + 1)])
            k.loop("gate_tokens", count, index: "b") { b in
                k.loop("gate", s.hidden) { i in
                    let v = k.bind("v", hb[b * s.hidden + i])
                    let e = math.exp(k, -v, name: "e")
                    let silu = k.bind("silu", v * (1.0 / (1.0 + e)))
                    hb[b * s.hidden + i] = silu * hb2[b * s.hidden + i]
                }
            }
            k.call(product["mm_down"]!, [xb.from()] + prepare(hb, s.hidden, loop: "down_quantize") + matrix["w2"]!(l) + [.index(last.index + 1)])
            k.loop("residual_ffn_tokens", count, index: "b") { b in
                k.loop("residual_ffn", s.dim) { i in x[b * s.dim + i] = x[b * s.dim + i] + xb[b * s.dim + i] }
            }
        }
        // The last position's logits: the final norm into xb's first row, then the classifier.
        k.call(norm, [xb.from(), x.from(last.index * s.dim), rmsFinal.from()])
        var act: [CallArgument] = [xb.from()]
        if let (vq, vs) = quantized[s.dim], let qk = quantizers[LlamaForward.quantizer(s.dim, s)] {
            k.call(qk, [xb.from(), vq.from(), vs.from()])
            act = [vq.from(), vs.from()]
        }
        k.call(classifier, [logits.from()] + act + wcls)
        return subs + [try k.build()]
    }
}
