import HLSIR

/// Schedules of the forward design.
public enum LlamaSchedule: String, Hashable, Sendable, CaseIterable {
    /// Lane count 1 everywhere and no unrolling: the sequential order of llama2.c, so the
    /// results equal run.c / runq.c bit for bit.
    case reference
    /// A hardware schedule that streams the weights at memory speed: every weight port (for
    /// Q8_0 the int8 values and the scales separately) on an m_axi bundle of its own with
    /// 512-bit widening, long bursts and many outstanding reads; Q8_0 products consume one
    /// group (gs int8 = one 512-bit beat for gs = 64) per cycle with the int8 dot fully
    /// unrolled and the float accumulation over groups split into lanes; float dot products
    /// at 16 weights per cycle in 64 lanes; pipelined inner loops.
    case hardware
    /// A comparison design: HLSTransform's hand-written kernel (Llama 2 on an AWS F1 VU9P) as
    /// /work/shared/guide/anchors.md describes it — every weight on one m_axi bundle, one
    /// UNROLL factor (16) on the int8 dot, pipelined loops, no float lanes. See
    /// `hlsTransform(_:_:weights:)`.
    case hlstransform

    /// The lanes of every float accumulation that must not wait on its adder: more than the
    /// fadd latency at 300 MHz (4 cycles on UltraScale+, 4–7 by the guide).
    static let lanes = 8

    public func schedule(_ s: LlamaShape, weights: LlamaWeights, engines: Int = 1) -> Schedule {
        var out = Schedule()
        if engines > 1 {
            let caches = LlamaForward.cacheNames(s, engines: engines)
            for (port, bundle) in bundles(weights).filter({ !Self.isMatrixPort($0.port) }) {
                if caches.keys.count > 1 && (port == "key_cache" || port == "value_cache") { continue }
                out.interface("\(LlamaForward.top).\(port)", interface(port: port, bundle: bundle))
            }
            out = out.merged(with: Self.cacheInterfaces(LlamaForward.top, s, engines: engines))
            // Engine e's weight values on bank e, its scales on bank e + E and its KV cache on
            // bank e + 2E, modulo the board's banks: on DDR (4 banks, 4 engines) an engine's
            // ports share its bank, on HBM each gets a pseudo-channel of its own.
            out = out.merged(with: EngineWeights.interfaces(LlamaForward.top, weights: weights, engines: engines))
        } else {
            for (port, bundle) in bundles(weights) {
                out.interface("\(LlamaForward.top).\(port)", interface(port: port, bundle: bundle))
            }
        }
        out = out.merged(with: attentionSchedule(s, engines: LlamaForward.attentionEngines(s, engines: engines)))
        if self == .hlstransform { return Self.hlsTransform(out, s, weights: weights) }
        guard self == .hardware else { return out }
        // RoPE reads and writes a pair per iteration: two banks give it II 1.
        out.partition("\(LlamaForward.top).q", .cyclic, factor: 2)
        out.partition("\(LlamaForward.top).key", .cyclic, factor: 2)
        let lanes = Self.lanes
        for (name, n, _) in LlamaForward.products(s) {
            switch weights {
            case .float:
                Self.streamFloat(&out, product: name, inputs: n)
            case .q8(let gs):
                Self.streamQ8(&out, product: name, groups: n / gs, groupSize: gs)
            case .q4(let gs):
                Self.streamQ4(&out, product: name, groups: n / gs, groupSize: gs)
            }
        }
        if let gs = weights.groupSize, gs > 1 { Self.quantizeQ8(&out, s, groupSize: gs) }

        if case .float = weights {
            // The products' inputs, read `floatUnroll` at a time.
            for (v, n) in [("xb", s.dim), ("hb", s.hidden)] {
                if let u = Self.floatUnroll(n) { out.partition("\(LlamaForward.top).\(v)", .cyclic, factor: u) }
            }
        }
        if engines > 1 { Self.engines(&out, s, weights: weights, engines: engines) }
        if case .q4(let gs) = weights { Self.partitionQ4(&out, s, groupSize: gs, engines: engines) }
        // Unrolled by 8 with one lane per add in flight: 8 × (fadd latency 4) lanes.
        out.lanes("rmsnorm_dim.sum_sq", lanes * 4)
        out.pipeline("rmsnorm_dim.sum_sq")
        if s.dim % lanes == 0 {
            out.unroll("rmsnorm_dim.sum_sq", factor: lanes)
            out.partition("\(LlamaForward.top).x", .cyclic, factor: lanes)
        }
        Self.elementwise(&out, s)
        return out
    }

    /// The elementwise loops (residuals, the SwiGLU gate, RMSNorm's `normalize`) pipelined at
    /// up to `lanes` elements per cycle, the arrays they touch partitioned to serve them.
    /// Each element's operations are unchanged (no reduction), so the results are too.
    static func elementwise(_ out: inout Schedule, _ s: LlamaShape) {
        elementwise(&out, loops: [
            ("forward.residual_att", s.dim, ["x", "xb2"]), ("forward.residual_ffn", s.dim, ["x", "xb"]),
            ("forward.gate", s.hidden, ["hb", "hb2"]), ("rmsnorm_dim.normalize", s.dim, ["x", "xb"]),
        ])
    }

    /// Each loop (dotted name, trip count, the top kernel's arrays it touches) pipelined and
    /// unrolled by the largest divisor of its trip count up to `lanes`, its arrays partitioned
    /// cyclically by that factor unless a partition already serves it.
    static func elementwise(_ out: inout Schedule, loops: [(String, Int, [String])]) {
        for (loop, n, arrays) in loops {
            out.pipeline(loop)
            let u = MatVecEngines.largestDivisor(of: n, upTo: lanes)
            guard u > 1 else { continue }
            out.unroll(loop, factor: u)
            for v in arrays {
                let current = out.buffer("\(LlamaForward.top).\(v)").partitions.first { $0.dim == 1 }?.factor ?? 1
                if current < u || current % u != 0 { out.partition("\(LlamaForward.top).\(v)", .cyclic, factor: u) }
            }
        }
    }

    /// With several attention engines (`LlamaForward.cacheNames`), engine e's key and value
    /// cache ports of kernel `top` on bundle `gmem_kv_e<e>` (its keys and values share it: their
    /// loops never overlap), bank e + 2E; nothing with one attention engine.
    static func cacheInterfaces(_ top: String, _ s: LlamaShape, engines: Int) -> Schedule {
        cacheInterfaces(top, LlamaForward.cacheNames(s, engines: engines), engines: engines)
    }

    /// The cache ports `caches` (one key and one value port per attention engine) of kernel
    /// `top` as above, for a design with `engines` product engines.
    static func cacheInterfaces(_ top: String, _ caches: (keys: [String], values: [String]), engines: Int) -> Schedule {
        var out = Schedule()
        guard caches.keys.count > 1 else { return out }
        for (e, (key, value)) in zip(caches.keys, caches.values).enumerated() {
            for port in [key, value] { out.interface("\(top).\(port)", InterfaceDirectives(bundle: "gmem_kv_e\(e)", bank: e + 2 * engines)) }
        }
        return out
    }

    /// Inputs the fan-out of an engine wrapper copies per cycle: what the engine's unrolled
    /// dot reads (a Q8_0 group, the Q4 groups of a beat, a float beat).
    static func fanoutWidth(_ n: Int, weights: LlamaWeights) -> Int {
        switch weights {
        case .float: return floatUnroll(n) ?? 1
        case .q8(let gs): return gs
        case .q4(let gs): return gs * q4Groups(n, gs)
        }
    }

    /// True for the per-matrix weight ports of the one-engine design.
    static func isMatrixPort(_ port: String) -> Bool {
        LlamaForward.matrices.contains(port)
            || LlamaForward.matrices.contains { port == "\($0)_q" || port == "\($0)_q4" || port == "\($0)_s" }
    }

    /// Elements per cycle the engines' gather writes into the products' outputs (on-chip
    /// arrays, partitioned to take them; fewer where the size is not a multiple) and into
    /// `logits` (16 floats, one 512-bit beat).
    static let gatherWidth = 8

    /// The product wrappers of a design with several engines (`MatVecEngines`): the fan-out
    /// copies one group (Q8_0) or one float beat per cycle into every engine's copy,
    /// partitioned for the engine's unrolled dot; the gather writes up to `gatherWidth`
    /// outputs per cycle, so the product outputs are partitioned cyclically to match (RoPE's
    /// pairs, the quantizers' and residuals' lanes included).
    static func engines(_ out: inout Schedule, _ s: LlamaShape, weights: LlamaWeights, engines e: Int) {
        let outputs: [String: [(String, Int)]] = [
            "mv_q": [("q", s.dim), ("xb2", s.dim)], "mv_kv": [("key", s.kvDim), ("value", s.kvDim)],
            "mv_up": [("hb", s.hidden), ("hb2", s.hidden)], "mv_down": [("xb", s.dim)],
        ]
        var factors: [String: Int] = [:]
        for (v, n) in outputs.values.flatMap({ $0 }) {
            let current = out.buffer("\(LlamaForward.top).\(v)").partitions.first { $0.dim == 1 }?.factor ?? 1
            let f = MatVecEngines.largestDivisor(of: n, upTo: gatherWidth)
            if current < f { out.partition("\(LlamaForward.top).\(v)", .cyclic, factor: f) }
            factors[v] = Swift.max(current, f)
        }
        for (name, n, d) in LlamaForward.products(s) {
            let copy = fanoutWidth(n, weights: weights)
            let gather = outputs[name].map { $0.map { factors[$0.0] ?? 1 }.min() ?? 1 } ?? 16
            out = out.merged(with: MatVecEngines.schedule(LlamaForward.enginesKernel(name), n: n, d: d, engines: e,
                                                          weights: weights, fanoutUnroll: copy,
                                                          gatherUnroll: gather))
        }
    }

    /// A Q8_0 product that takes one group per cycle: `groups` pipelined at II 1 with
    /// `lanes` float partial sums (each comes back every `lanes` iterations, longer than the
    /// fadd) and the int8 `dot` fully unrolled into an int32 adder tree (integer adds wrap, so
    /// their order is free). The quantized activation it reads (`forward.xq_dim` /
    /// `xq_hidden`) is partitioned cyclically by gs so the gs parallel reads hit gs banks.
    static func streamQ8(_ out: inout Schedule, product name: String, groups: Int, groupSize gs: Int) {
        out.pipeline("\(name).groups")
        out.lanes("\(name).groups", Swift.min(lanes, groups))
        if gs > 1 { out.unroll("\(name).dot", factor: gs) }
    }

    /// A Q4 product that takes a 512-bit beat of packed weights (128 weights) per cycle: the
    /// byte-pair `dot` fully unrolled (gs/2 bytes), `groups` pipelined at II 1 and unrolled by
    /// u = 128/gs groups where that divides the group count (else the largest power of two
    /// that does), in `lanes` · u float partial sums (at most one per group), so each lane
    /// comes back every `lanes` cycles, past the fadd.
    static func streamQ4(_ out: inout Schedule, product name: String, groups: Int, groupSize gs: Int) {
        let u = q4Groups(groups * gs, gs)
        out.pipeline("\(name).groups")
        out.lanes("\(name).groups", Swift.min(lanes * u, groups))
        if u > 1 { out.unroll("\(name).groups", factor: u) }
        if gs > 2 { out.unroll("\(name).dot", factor: gs / 2) }
    }

    /// Q4 weights in one 512-bit beat: 64 bytes, two weights each.
    static let q4BeatWeights = 128

    /// The quantized activations (`xq_dim`, `xq_hidden`) and their scales (`xs_dim`,
    /// `xs_hidden`) partitioned for the Q4 products' reads per cycle: gs values and one scale
    /// per group unrolled (`streamQ4`); with several engines each engine's copies alike.
    static func partitionQ4(_ out: inout Schedule, _ s: LlamaShape, groupSize gs: Int, engines e: Int) {
        for (v, n) in [("dim", s.dim), ("hidden", s.hidden)] {
            let u = q4Groups(n, gs)
            out.partition("\(LlamaForward.top).xq_\(v)", .cyclic, factor: gs * u)
            if u > 1 { out.partition("\(LlamaForward.top).xs_\(v)", .cyclic, factor: u) }
        }
        guard e > 1 else { return }
        for (name, n, _) in LlamaForward.products(s) where q4Groups(n, gs) > 1 {
            for i in 0..<e { out.partition("\(LlamaForward.enginesKernel(name)).xs_\(i)", .cyclic, factor: q4Groups(n, gs)) }
        }
    }

    /// The groups a Q4 product over `n` inputs takes per cycle (`streamQ4`).
    static func q4Groups(_ n: Int, _ gs: Int) -> Int {
        MatVecEngines.largestDivisor(of: n / gs, upTo: Swift.max(1, q4BeatWeights / gs))
    }

    /// A float product at up to 16 weights (one 512-bit beat) per cycle: `dot` pipelined and
    /// unrolled by the largest of 16, 8, 4, 2 dividing n, with 4 lanes per unrolled add (the
    /// fadd's 4 cycles at 300 MHz), so each lane comes back after its add is done: II 1.
    /// Its input vector (`forward.xb` / `hb`) is partitioned cyclically by the same factor.
    static func streamFloat(_ out: inout Schedule, product name: String, inputs n: Int) {
        out.pipeline("\(name).dot")
        guard let u = floatUnroll(n) else {
            out.lanes("\(name).dot", Swift.min(lanes, n))
            return
        }
        out.unroll("\(name).dot", factor: u)
        out.lanes("\(name).dot", u * 4)
    }

    /// The unroll factor of a float product over `n` inputs, if any.
    static func floatUnroll(_ n: Int) -> Int? { [16, 8, 4, 2].first { n % $0 == 0 && $0 * 4 <= n } }

    /// The activation quantizers: `groups` pipelined at II gs/`lanes` (at least 1), so each
    /// group's `absmax` and `values` unroll into it and `lanes` of its divisions, roundings and
    /// compares work per cycle, shared over the II (a group per cycle would unroll gs float
    /// divisions: an eighth of the device's LUTs per quantizer); `absmax` in `lanes` partial
    /// maxima (a max is exact, and the IR fixes the order anyway). The vectors they read (`xb`,
    /// `hb`) are partitioned to serve `lanes` reads a cycle, the quantized vectors (`xq_dim`,
    /// `xq_hidden`) cyclically by gs for the products' unrolled dots.
    static func quantizeQ8(_ out: inout Schedule, _ s: LlamaShape, groupSize gs: Int) {
        let u = Swift.min(lanes, gs)
        for (q, v) in [("quantize_dim", "xb"), ("quantize_hidden", "hb")] {
            out = out.merged(with: QuantizeQ8.groupSchedule(q, groupSize: gs, lanes: lanes))
            if u > 1 { out.partition("\(LlamaForward.top).\(v)", .cyclic, factor: u) }
        }
        for v in Set([s.dim, s.hidden].map { $0 == s.dim ? "xq_dim" : "xq_hidden" }).sorted() {
            out.partition("\(LlamaForward.top).\(v)", .cyclic, factor: gs)
        }
    }

    /// The m_axi bundle of every array argument of the top. The reference schedule groups
    /// the weights by class (attention, FFN, classifier) as llama2.c's buffers are; the
    /// hardware schedule gives every weight port a bundle of its own (`gmem_<port>`), so no
    /// two ports share a read channel in one loop and every one bursts; the HLSTransform
    /// comparison puts every weight on `gmem_weights`.
    func bundles(_ weights: LlamaWeights) -> [(port: String, bundle: String)] {
        func ports(_ n: String) -> [String] {
            if let suffix = weights.valuesSuffix, LlamaForward.matrices.contains(n) { return ["\(n)\(suffix)", "\(n)_s"] }
            return [n]
        }
        let groups: [(String, [String])] = [
            ("gmem_attn", ["wq", "wk", "wv", "wo"]), ("gmem_ffn", ["w1", "w2", "w3"]),
            ("gmem_cls", ["wcls", "token_embedding", "logits"]), ("gmem_kv", ["key_cache", "value_cache"]),
            ("gmem_norm", ["rms_att", "rms_ffn", "rms_final"]),
        ]
        var out: [(String, String)] = []
        for (bundle, names) in groups {
            for n in names {
                for p in ports(n) {
                    switch self {
                    case .reference: out.append((p, bundle))
                    case .hardware: out.append((p, LlamaForward.matrices.contains(n) ? "gmem_\(p)" : bundle))
                    case .hlstransform: out.append((p, Self.hlsTransformBundle(n, bundle)))
                    }
                }
            }
        }
        return out
    }

    /// The INTERFACE options of one port. Weight ports of the hardware schedule ask for
    /// 512-bit widening, bursts of 64 beats (4 KB, the AXI 4 KB boundary at 512-bit beats) and
    /// 8 bursts in flight: 512 beats cover the 74-cycle round trip (m_axi_latency 64 + the
    /// adapter) almost 7 times over, for DDR page misses and refresh, and the read FIFO UG1399
    /// sizes as outstanding × burst length (8 × 64 × 512 bits) stays within one 512-deep
    /// RAM_18K column, the size of the default 16 × 16 one (32 outstanding would take 4×).
    /// Every other port keeps the tool's defaults.
    func interface(port: String, bundle: String) -> InterfaceDirectives {
        guard self == .hardware, bundle == "gmem_\(port)" else { return InterfaceDirectives(bundle: bundle) }
        return InterfaceDirectives(bundle: bundle, maxReadBurstLength: 64, numReadOutstanding: 8, maxWidenBitwidth: 512)
    }

    /// The attention loops that run over positions 0...pos (average trip count seq_len/2).
    static let attentionPositionLoops = ["att_find_max", "att_exp_sum", "att_normalize"]

    /// The directives of the `attention` kernel (see `Attention`). Both styles give the loops
    /// over positions and blocks their trip counts (average position seq_len/2: that many
    /// rows in full blocks, and on average half a block in the last). The reference style adds
    /// nothing else: one lane, llama2.c's order. The hardware style
    /// - pipelines the cache writes and the block loads, the latter unrolled by 16 floats
    ///   (one 512-bit beat per cycle: sequential, constant trip count, so they burst and widen);
    /// - makes each score one pipelined iteration whose head-size dot product is unrolled into
    ///   8 lanes (the lanes define its order), reading `query` and `key_block` partitioned
    ///   cyclically by head size (at least 16, the load's width);
    /// - pipelines the value accumulation with the head's elements unrolled by up to 16: per
    ///   cycle up to 16 independent accumulators of `acc` (partitioned alike) each get one add;
    /// - runs the softmax passes 4 positions per cycle (unrolled by 4 over `att`, partitioned
    ///   cyclically by 4), the max in 8 lanes and the sum in 16 (both defined orders).
    ///
    /// With `engines` > 1 the attention engines' directives (`engineAttentionSchedule`).
    public func attentionSchedule(_ s: LlamaShape, engines a: Int = 1) -> Schedule {
        if a > 1 { return engineAttentionSchedule(s, engines: a) }
        var out = Schedule()
        let avg = Swift.max(1, s.seqLen / 2), rows = Attention.blockRows(s)
        for loop in Self.attentionPositionLoops {
            out.tripCount("attention.\(loop)", min: 1, max: s.seqLen, avg: avg)
        }
        for loop in ["key_blocks", "value_blocks"] {
            out.tripCount("attention.\(loop)", min: 0, max: (s.seqLen - 1) / rows, avg: avg / rows)
        }
        for loop in ["last_scores", "last_values"] {
            out.tripCount("attention.\(loop)", min: 1, max: rows, avg: (rows + 1) / 2)
        }
        guard self == .hardware else { return out }
        let hs = s.headSize, beat = 16
        var pipelined = ["store_key", "store_value", "query_copy", "att_find_max", "att_exp_sum", "att_normalize",
                         "clear", "outputs"]
        var u = 1
        while u * 2 <= Swift.min(beat, hs) && hs % (u * 2) == 0 { u *= 2 }
        for p in ["", "last_"] {
            pipelined += ["\(p)key_load", "\(p)scores", "\(p)value_load", "\(p)value_row"]
            if (rows * s.kvDim) % beat == 0 {
                out.unroll("attention.\(p)key_load", factor: beat)
                out.unroll("attention.\(p)value_load", factor: beat)
            }
            if u > 1 { out.unroll("attention.\(p)value_row", factor: u) }
            out.lanes("attention.\(p)qk", Swift.min(8, hs))
        }
        for loop in pipelined { out.pipeline("attention.\(loop)") }
        // Softmax passes 4 positions per cycle: the max in 8 lanes (each back every other
        // cycle, past its compare-select), the sum in 16 (past the 4-cycle fadd).
        let softmaxWidth = 4
        out.lanes("attention.att_find_max", 2 * softmaxWidth)
        out.lanes("attention.att_exp_sum", 4 * softmaxWidth)
        for loop in Self.attentionPositionLoops { out.unroll("attention.\(loop)", factor: softmaxWidth) }
        out.partition("attention.att", .cyclic, factor: softmaxWidth)
        // Cyclic by a beat or a head (a divisor of the array when it is smaller: a device's
        // few heads).
        for (buffer, size) in [("query", s.dim), ("key_block", rows * s.kvDim), ("value_block", rows * s.kvDim), ("acc", s.dim)] {
            out.partition("attention.\(buffer)", .cyclic, factor: MatVecEngines.largestDivisor(of: size, upTo: Swift.max(beat, hs)))
        }
        return out
    }

    /// The directives of the attention engines (`Attention.engineKernel`), the hardware
    /// schedule's choices per engine: the copies and stores at a 512-bit beat per cycle, the
    /// block loads one beat of every engine's port per cycle, `scores` one score per engine
    /// per cycle (each `qk_<e>` in 8 lanes), `value_heads` a head's row (head size elements)
    /// of every engine's accumulator per cycle, the softmax passes as with one engine, per
    /// engine.
    /// `softmaxWidth` positions per cycle in the softmax passes, the max in 2 × that many
    /// lanes and the sum in 4 × (GPT-2's engines take 1: its one-engine lanes, 2 and 4).
    /// `valueWidth` (nil: a whole head row) elements of every engine's accumulator per cycle.
    func engineAttentionSchedule(_ s: LlamaShape, engines a: Int, softmaxWidth: Int = 4, valueWidth: Int? = nil) -> Schedule {
        var out = Schedule()
        let avg = Swift.max(1, s.seqLen / 2), rows = Attention.engineBlockRows(s)
        let engines = 0..<a
        let softmax = engines.flatMap { e in Self.attentionPositionLoops.map { "att_\(e)_" + $0.dropFirst(4) } }
        for loop in softmax { out.tripCount("attention.\(loop)", min: 1, max: s.seqLen, avg: avg) }
        for loop in ["key_blocks", "value_blocks"] {
            out.tripCount("attention.\(loop)", min: 1, max: (s.seqLen - 1) / rows + 1, avg: avg / rows + 1)
        }
        guard self == .hardware else { return out }
        let hs = s.headSize, beat = 16, width = s.kvDim / a, share = s.dim / a
        var pipelined = softmax
        for e in engines {
            for (loop, n) in [("store_key_\(e)", width), ("store_value_\(e)", width), ("query_copy_\(e)", share),
                              ("clear_\(e)", share), ("outputs_\(e)", share)] {
                pipelined.append(loop)
                let f = MatVecEngines.largestDivisor(of: n, upTo: Self.gatherWidth)
                if f > 1 { out.unroll("attention.\(loop)", factor: f) }
            }
        }
        // A head's row of every engine's accumulator per cycle: value_row fully unrolled into
        // the pipelined value_heads.
        pipelined += ["key_load", "scores", "value_load"]
        if let w = valueWidth, w < hs {
            pipelined.append("value_row")
            let u = MatVecEngines.largestDivisor(of: hs, upTo: w)
            if u > 1 { out.unroll("attention.value_row", factor: u) }
        } else {
            pipelined.append("value_heads")
        }
        if (rows * width) % beat == 0 {
            out.unroll("attention.key_load", factor: beat)
            out.unroll("attention.value_load", factor: beat)
        }
        for e in engines { out.lanes("attention.qk_\(e)", Swift.min(8, hs)) }
        for loop in pipelined { out.pipeline("attention.\(loop)") }
        for e in engines {
            out.lanes("attention.att_\(e)_find_max", 2 * softmaxWidth)
            out.lanes("attention.att_\(e)_exp_sum", 4 * softmaxWidth)
            if softmaxWidth > 1 {
                for loop in Self.attentionPositionLoops {
                    out.unroll("attention.att_\(e)_" + loop.dropFirst(4), factor: softmaxWidth)
                }
                out.partition("attention.att_\(e)", .cyclic, factor: softmaxWidth)
            }
            for (buffer, size) in [("query", share), ("acc", share), ("key_block", rows * width), ("value_block", rows * width)] {
                let f = MatVecEngines.largestDivisor(of: size, upTo: Swift.max(beat, hs))
                if f > 1 { out.partition("attention.\(buffer)_\(e)", .cyclic, factor: f) }
            }
        }
        return out
    }
}
