import HLSIR

/// Schedules of the GPT-2 forward design.
public enum GPT2Schedule: String, Hashable, Sendable, CaseIterable {
    /// One lane everywhere, no unrolling: llm.c's sequential order, so the results equal
    /// train_gpt2.c bit for bit. Weights on m_axi bundles by class.
    case reference
    /// Pipelined loops; each matrix weight port (the classifier's too) on an m_axi bundle of its
    /// own with 512-bit widening and long bursts; products a row per cycle when rows are short,
    /// else their group (Q8_0) or element (float) accumulation in lanes; Q4 products a 512-bit
    /// beat (128 weights) per cycle as Llama's (`LlamaSchedule.streamQ4`); LayerNorm, quantizer
    /// and attention sums in lanes; the KV cache blocks loaded in bursts (docs/gpt2.md). The
    /// lanes are part of the IR, so the interpreter follows them.
    case hardware

    static let lanes = 8
    /// Float products with rows up to this many inputs pipeline a whole row per iteration.
    static let rowWidth = 64

    /// Argument ports and their bundles: by class (`gmem_attn`, `gmem_ffn`, `gmem_cls`,
    /// `gmem_kv`, `gmem_norm`); with the hardware schedule each matrix port has its own.
    func bundles(_ s: GPT2Shape, weights: LlamaWeights) -> [(port: String, bundle: String)] {
        func ports(_ n: String) -> [String] {
            if let suffix = weights.valuesSuffix, GPT2Forward.productNames[n] != nil || n == "wte_cls" {
                return n == "wte_cls" ? ["wte\(suffix)", "wte_s"] : ["\(n)\(suffix)", "\(n)_s"]
            }
            return n == "wte_cls" ? [] : [n]
        }
        let groups: [(String, [String])] = [
            ("gmem_attn", ["qkvw", "qkvb", "attprojw", "attprojb"]), ("gmem_ffn", ["fcw", "fcb", "fcprojw", "fcprojb"]),
            ("gmem_cls", ["wte", "wte_cls", "wpe", "logits"]), ("gmem_kv", ["key_cache", "value_cache"]),
            ("gmem_norm", ["ln1w", "ln2w", "lnfw"]), ("gmem_norm_b", ["ln1b", "ln2b", "lnfb"]),
        ]
        var out: [(String, String)] = []
        for (bundle, names) in groups {
            for n in names {
                for p in ports(n) {
                    // The classifier's weights: wte_q or wte_q4, and wte_s (Q8_0, Q4), or wte itself (float).
                    let isMatrix = GPT2Forward.productNames[n] != nil || p.hasPrefix("wte_") || (p == "wte" && weights == .float)
                    out.append((p, self == .hardware && isMatrix ? "gmem_\(p)" : bundle))
                }
            }
        }
        return out
    }

    /// With `engines` E > 1 (`GPT2Forward`'s engine ports) the matrix ports are engine e's
    /// ports instead, each on a bundle of its own: values on bank e, scales on bank e + E
    /// (`engineInterfaces`); the wrappers as `engines(_:_:weights:engines:)` says.
    public func schedule(_ s: GPT2Shape, weights: LlamaWeights, engines: Int = 1) -> Schedule {
        var out = Schedule()
        let top = GPT2Forward.top
        for (port, bundle) in bundles(s, weights: weights) {
            if engines > 1 && bundle == "gmem_\(port)" { continue }
            if self == .hardware && bundle == "gmem_\(port)" {
                out.interface("\(top).\(port)", InterfaceDirectives(bundle: bundle, maxReadBurstLength: 64,
                                                                    numReadOutstanding: 8, maxWidenBitwidth: 512))
            } else {
                out.interface("\(top).\(port)", InterfaceDirectives(bundle: bundle))
            }
        }
        let avg = Swift.max(1, s.seqLen / 2)
        for loop in ["find_max", "exp_sum", "normalize"] {
            out.tripCount("attention.\(loop)", min: 1, max: s.seqLen, avg: avg)
        }
        let rows = GPT2Attention.blockRows(s)
        for loop in ["key_blocks", "value_blocks"] {
            out.tripCount("attention.\(loop)", min: 0, max: (s.seqLen - 1) / rows, avg: avg / rows)
        }
        for loop in ["last_key_block_rows", "last_value_block_rows"] {
            out.tripCount("attention.\(loop)", min: 1, max: rows, avg: (rows + 1) / 2)
        }
        guard self == .hardware else { return out }
        let lanes = Self.lanes
        var products = GPT2Forward.matrices(s).map { (GPT2Forward.productNames[$0.0]!, $0.n) }
        products.append(("mv_cls", s.channels))
        for (name, n) in products {
            switch weights {
            case .q4(let gs) where n / gs < lanes:
                // Few groups per row (gpt2_tiny: two of 32): a row per cycle, as for Q8_0.
                out.pipeline("\(name).rows")
            case .q4(let gs):
                LlamaSchedule.streamQ4(&out, product: name, groups: n / gs, groupSize: gs)
            case .float where n <= Self.rowWidth:
                // A short row (gpt2_tiny: 64 floats) per pipelined iteration, its dot unrolled
                // in `lanes` lanes: the weight port streams whole rows.
                out.lanes("\(name).dot", lanes)
                out.pipeline("\(name).rows")
            case .float:
                // Unrolled by 8 with 4 lanes per add in flight (fadd: 4 cycles).
                out.lanes("\(name).dot", lanes * 4)
                out.pipeline("\(name).dot")
                if n % lanes == 0 { out.unroll("\(name).dot", factor: lanes) }
            case .q8(let gs) where n / gs < lanes:
                // Few groups per row (gpt2_tiny: one): a row per cycle, its groups and their
                // int8 dots unrolled inside the pipelined row loop.
                out.pipeline("\(name).rows")
            case .q8(let gs):
                out.lanes("\(name).groups", lanes)
                out.pipeline("\(name).groups")
                if gs > 1 { out.unroll("\(name).dot", factor: gs) }
            }
        }
        if case .float = weights {
            // The products' inputs: whole (short rows) or 8 at a time.
            for (v, n) in [("xb", s.channels), ("hg", s.hidden)] {
                if n <= Self.rowWidth { out.partition("\(top).\(v)", .complete) }
                else if n % lanes == 0 { out.partition("\(top).\(v)", .cyclic, factor: lanes) }
            }
        }
        if case .q8(let gs) = weights, gs > 1 {
            for (v, n) in [("xq_c", s.channels), ("xq_hidden", s.hidden)] {
                out.partition("\(top).\(v)", n / gs < lanes ? .complete : .cyclic, factor: gs)
            }
        }
        if case .q4(let gs) = weights {
            // The Q4 products' reads per cycle: the quantized values of u groups and u scales,
            // or of a whole short row.
            for (v, n) in [("c", s.channels), ("hidden", s.hidden)] {
                if n / gs < lanes {
                    // A whole row per cycle: every value and scale at once.
                    out.partition("\(top).xq_\(v)", .complete)
                    out.partition("\(top).xs_\(v)", .complete)
                    continue
                }
                let u = LlamaSchedule.q4Groups(n, gs)
                out.partition("\(top).xq_\(v)", .cyclic, factor: gs * u)
                if u > 1 { out.partition("\(top).xs_\(v)", .cyclic, factor: u) }
            }
        }
        // LayerNorm's sums unrolled by 8 with 4 lanes per add in flight (fadd: 4 cycles).
        for r in ["mean_sum", "var_sum"] where s.channels % lanes == 0 {
            out.lanes("layernorm.\(r)", lanes * 4)
            out.unroll("layernorm.\(r)", factor: lanes)
            out.pipeline("layernorm.\(r)")
        }
        out.pipeline("layernorm.normalize")
        if let gs = weights.groupSize {
            // A group every gs/8 cycles, as Llama's quantizers (`QuantizeQ8.groupSchedule`);
            // the vectors they read serve 8 reads a cycle.
            let u = Swift.min(lanes, gs)
            for (q, v, n) in [("quantize_c", "xb", s.channels), ("quantize_hidden", "hg", s.hidden)] {
                out = out.merged(with: QuantizeQ8.groupSchedule(q, groupSize: gs, lanes: lanes))
                if u > 1 && n % u == 0 { out.partition("\(top).\(v)", .cyclic, factor: u) }
            }
        }
        out = out.merged(with: GELU.schedule("gelu", unroll: 1))
        // Attention: cache rows loaded in bursts (16 floats, one 512-bit beat, per cycle); a
        // head's score per cycle from the on-chip row; the value update a beat of a head's
        // row per cycle into independent accumulators; the softmax sums in lanes.
        let beat = 16
        var u = 1
        while u * 2 <= Swift.min(beat, s.headSize) && s.headSize % (u * 2) == 0 { u *= 2 }
        for loop in ["store_key", "store_value", "query_copy", "normalize", "clear", "outputs"] {
            out.pipeline("attention.\(loop)")
        }
        for p in ["", "last_"] {
            out.pipeline("attention.\(p)score_heads")
            out.pipeline("attention.\(p)value_row")
            out.lanes("attention.\(p)qk", Swift.min(lanes, s.headSize))
            for loop in ["key_load", "value_load"] {
                out.pipeline("attention.\(p)\(loop)")
                if (rows * s.channels) % beat == 0 { out.unroll("attention.\(p)\(loop)", factor: beat) }
            }
            if u > 1 { out.unroll("attention.\(p)value_row", factor: u) }
        }
        if u > 1 {
            for b in ["query", "key_block", "value_block", "acc"] { out.partition("attention.\(b)", .cyclic, factor: u) }
        }
        for (loop, l) in [("find_max", 2), ("exp_sum", 4)] {
            out.lanes("attention.\(loop)", l)
            out.pipeline("attention.\(loop)")
        }
        for loop in ["embed", "residual_att", "residual_ffn"] { out.pipeline("\(top).\(loop)") }
        if engines > 1 {
            out = out.merged(with: EngineWeights.interfaces(top, weights: weights, engines: engines))
            let products = GPT2Forward.matrices(s) + [("wte", s.channels, s.paddedVocab)]
            Self.engines(&out, top: top, products: products, outputs: [("qkv", 3 * s.channels), ("xb2", s.channels), ("h", s.hidden)],
                         weights: weights, engines: engines)
            Self.attentionEngines(&out, top: top, s, engines: engines)
        }
        return out
    }

    /// With A = `GPT2Attention.engines` > 1 attention engines: the one-engine attention's
    /// directives replaced by the engines' (`LlamaSchedule.engineAttentionSchedule` with
    /// GPT-2's softmax lanes, 2 for the max and 4 for the sum, as with one engine, so the same
    /// order; `attentionValueWidth` values per cycle), engine a's cache ports on
    /// `gmem_kv_e<a>`, bank a + 2E.
    /// Elements of a head's row each attention engine accumulates per cycle: a 512-bit beat,
    /// the rate its cache port delivers value rows (a whole row per cycle, as Llama's engines
    /// take, would cost the DSPs of hs multiply-adds per engine for no gain).
    static let attentionValueWidth = 16

    static func attentionEngines(_ out: inout Schedule, top: String, _ s: GPT2Shape, engines: Int) {
        let a = GPT2Attention.engines(s, engines: engines)
        guard a > 1 else { return }
        out.loops = out.loops.filter { !$0.key.hasPrefix("attention.") }
        out.buffers = out.buffers.filter { !$0.key.hasPrefix("attention.") }
        for port in ["key_cache", "value_cache"] { out.interfaces["\(top).\(port)"] = nil }
        out = out.merged(with: LlamaSchedule.hardware.engineAttentionSchedule(GPT2Attention.engineShape(s), engines: a, softmaxWidth: 1,
                                                                                      valueWidth: attentionValueWidth))
        out = out.merged(with: LlamaSchedule.cacheInterfaces(top, GPT2Attention.cacheNames(engines: a), engines: engines))
    }

    /// The product wrappers (`MatVecEngines`): the fan-out copies what the engine's pipelined
    /// iteration reads (a short row whole, else a group or 8 floats) per cycle, the gather
    /// writes 8 outputs per cycle (16, a 512-bit beat, into `logits`); the arrays the gather
    /// writes are partitioned to take them.
    /// `products` are (matrix, n, d) of kernel `top`, `outputs` the on-chip arrays (and their
    /// sizes) the gathers write.
    static func engines(_ out: inout Schedule, top: String, products: [(String, n: Int, d: Int)], outputs: [(String, Int)],
                        weights: LlamaWeights, engines e: Int) {
        let gather = LlamaSchedule.gatherWidth
        for (v, n) in outputs {
            let current = out.buffer("\(top).\(v)").partitions.first { $0.dim == 1 }
            if current?.type == .complete { continue }
            let f = MatVecEngines.largestDivisor(of: n, upTo: gather)
            if (current?.factor ?? 1) < f { out.partition("\(top).\(v)", .cyclic, factor: f) }
        }
        for (m, n, d) in products {
            let name = LlamaForward.enginesKernel(GPT2Forward.productNames[m] ?? "mv_cls")
            out = out.merged(with: MatVecEngines.schedule(name, n: n, d: d, engines: e, weights: weights,
                                                          fanoutUnroll: fanoutWidth(n, weights: weights),
                                                          gatherUnroll: m == "wte" ? 16 : gather, bias: m != "wte"))
        }
    }

    /// Inputs a product's pipelined iteration reads (`schedule`): a short row whole, else a
    /// Q8_0 group or 8 floats.
    static func fanoutWidth(_ n: Int, weights: LlamaWeights) -> Int {
        switch weights {
        case .float: return n <= rowWidth ? n : lanes
        case .q8(let gs), .q4(let gs): return n / gs < lanes ? n : gs
        }
    }
}
