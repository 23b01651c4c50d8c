import HLSIR

/// Llama 2 on N devices (DFX-style): each device holds a slice of every matrix by output rows
/// — attention by key/value heads (with their query heads and their part of the KV cache),
/// the FFN by hidden units, `wo`, `w2` and the classifier by output rows — and the host
/// all-gathers the slices between stages, so every dot product stays whole and the result is
/// bit-identical to one device.
///
/// Each device runs one kernel, `device(stage, layer, token, pos, input, output, x, …)`,
/// once per stage; the residual stream `x` lives on every device (each applies the same adds
/// to it). Per token: `embed`, then per layer `attention` (x += input unless layer 0; RMSNorm;
/// its heads' q, k, v; RoPE; attention → its heads' outputs), `projection` (its rows of
/// `wo · xb`), `up` (x += input; RMSNorm; its rows of w1 and w3; SwiGLU), `down` (its rows of
/// `w2 · hb`), and at the end `final` (x += input; RMSNorm; its rows of the classifier). The
/// host gathers the outputs of every stage but `embed` (docs/llama.md, "Several devices").
public enum LlamaDevices {
    public static let top = "device"

    /// The stages of the device kernel, in the order a token runs them.
    public typealias Stage = DeviceStage

    /// What device e holds: ranges of key/value heads, of the model dimension's rows (for
    /// `wo`, `w2`), of hidden units (w1, w3) and of vocabulary rows (the classifier).
    public struct Slice: Hashable, Sendable {
        public var kvHeads: Range<Int>
        public var dimRows: Range<Int>
        public var hiddenRows: Range<Int>
        public var vocabRows: Range<Int>

        /// The query heads that use its key/value heads.
        public func heads(_ s: LlamaShape) -> Range<Int> { kvHeads.lowerBound * s.kvMul ..< kvHeads.upperBound * s.kvMul }
        /// Rows of wq (its query heads' elements) and of wk, wv (its key/value heads').
        public func queryRows(_ s: LlamaShape) -> Range<Int> { heads(s).lowerBound * s.headSize ..< heads(s).upperBound * s.headSize }
        public func keyRows(_ s: LlamaShape) -> Range<Int> { kvHeads.lowerBound * s.headSize ..< kvHeads.upperBound * s.headSize }
        /// The shape its attention, RoPE and cache see: its heads only.
        public func attentionShape(_ s: LlamaShape) -> LlamaShape {
            let h = heads(s).count
            return LlamaShape(dim: h * s.headSize, hidden: s.hidden, layers: s.layers, heads: h, kvHeads: kvHeads.count,
                              vocab: s.vocab, seqLen: s.seqLen)
        }
        /// Output words of each stage that has outputs.
        public func outputCount(_ stage: Stage, _ s: LlamaShape) -> Int {
            switch stage {
            case .embed: return 0
            case .attention: return queryRows(s).count
            case .projection, .down: return dimRows.count
            case .up: return hiddenRows.count
            case .final: return vocabRows.count
            }
        }
    }

    /// `total` items over `n` parts as evenly as possible (`evenSplit`).
    public static func split(_ total: Int, _ n: Int, unit: Int = 1) -> [Range<Int>] { evenSplit(total, n, unit: unit) }

    /// Rows are split in units of this many (a beat-aligned slice for the matrices' widths).
    public static let rowUnit = 16

    public static let maxDevices = 8

    /// Why `devices` does not fit the shape, one line each.
    public static func problems(_ s: LlamaShape, devices n: Int) -> [String] {
        guard n >= 1, n <= maxDevices else { return ["devices is \(n); expected 1 ... \(maxDevices)"] }
        if s.kvHeads < n { return ["devices \(n) is more than n_kv_heads \(s.kvHeads) (each device holds whole key/value heads)"] }
        return []
    }

    public static func slices(_ s: LlamaShape, devices n: Int) -> [Slice] {
        let kv = split(s.kvHeads, n), dim = split(s.dim, n, unit: rowUnit), hidden = split(s.hidden, n, unit: rowUnit)
        let vocab = split(s.vocab, n, unit: rowUnit)
        return (0..<n).map { Slice(kvHeads: kv[$0], dimRows: dim[$0], hiddenRows: hidden[$0], vocabRows: vocab[$0]) }
    }

    /// The matrices of a device: (name, inputs n, its rows), in argument order.
    public static func matrixRows(_ s: LlamaShape, _ slice: Slice) -> [(String, n: Int, rows: Range<Int>)] {
        [("wq", s.dim, slice.queryRows(s)), ("wk", s.dim, slice.keyRows(s)), ("wv", s.dim, slice.keyRows(s)),
         ("wo", s.dim, slice.dimRows), ("w1", s.dim, slice.hiddenRows), ("w2", s.hidden, slice.dimRows),
         ("w3", s.dim, slice.hiddenRows), ("wcls", s.dim, slice.vocabRows)]
    }

    /// Sub-kernel names of a device's products: (name, inputs n, rows d), and which one each
    /// matrix uses; each takes the schedule of the one-device product with the same inputs
    /// (its lanes, so the same order).
    static func products(_ s: LlamaShape, _ slice: Slice) -> [(String, n: Int, d: Int, twin: String)] {
        [("mv_q", s.dim, slice.queryRows(s).count, "mv_q"), ("mv_kv", s.dim, slice.keyRows(s).count, "mv_kv"),
         ("mv_o", s.dim, slice.dimRows.count, "mv_q"), ("mv_up", s.dim, slice.hiddenRows.count, "mv_up"),
         ("mv_down", s.hidden, slice.dimRows.count, "mv_down"), ("mv_cls", s.dim, slice.vocabRows.count, "mv_cls")]
    }
    static let productOf = ["wq": "mv_q", "wk": "mv_kv", "wv": "mv_kv", "wo": "mv_o", "w1": "mv_up", "w2": "mv_down",
                            "w3": "mv_up", "wcls": "mv_cls"]

    /// The engine ports of a device with `engines` engines: its rows of every matrix
    /// (`matrixRows`, the device's tensors as its one-engine design names them) split over the
    /// engines (`EngineWeights`).
    static func engineWeights(_ s: LlamaShape, _ slice: Slice, weights: LlamaWeights, engines: Int) -> EngineWeights {
        EngineWeights(matrixRows(s, slice).map { EngineWeights.Matrix($0.0, n: $0.n, d: $0.rows.count, perLayer: $0.0 != "wcls") },
                      layers: s.layers, engines: engines, weights: weights)
    }

    /// The attention engines of a device whose products run on `engines` engines: the largest
    /// count up to it that divides the device's key/value heads (`a`, its attention shape) —
    /// not necessarily `engines` too, as on one device: a device holds few heads (3 of the
    /// 110M shape's 12 on 4 devices), which rarely share a factor with E.
    public static func attentionEngines(_ a: LlamaShape, engines: Int) -> Int {
        var n = Swift.max(1, Swift.min(engines, a.kvHeads))
        while a.kvHeads % n != 0 { n -= 1 }
        return n
    }

    /// Why `engines` engines per device do not fit, one line each: every device's rows of
    /// every matrix must split evenly.
    public static func engineProblems(_ s: LlamaShape, devices n: Int, engines: Int, schedule style: LlamaSchedule) -> [String] {
        let layouts = problems(s, devices: n).isEmpty ? slices(s, devices: n).map { engineWeights(s, $0, weights: .float, engines: engines) } : []
        return EngineWeights.deviceProblems(engines: engines, schedule: style.rawValue, hardware: style == .hardware, devices: layouts)
    }

    /// Device `device`'s kernel design among `devices`, with the one-device design's schedule
    /// style carried over (`LlamaSchedule`). With `engines` E > 1 (hardware schedule) the
    /// device's products run on E engines (`MatVecEngines`), its weights in engine ports
    /// (`EngineWeights`, packed from the device's tensors by `packing`), its attention on as
    /// many attention engines as divide E and its key/value heads (`Attention.engineKernel`),
    /// each with its cache part — the one-device forward's engines on the device's slice.
    public static func design(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile, schedule style: LlamaSchedule = .reference,
                              devices n: Int, device e: Int, engines: Int = 1) throws(DesignError) -> Design {
        var problems = s.problems + Self.problems(s, devices: n) + engineProblems(s, devices: n, engines: engines, schedule: style)
        if case .q8(let gs) = weights, gs < 1 || s.dim % gs != 0 || s.hidden % gs != 0 {
            problems.append("group size \(gs) does not divide dim \(s.dim) and hidden_dim \(s.hidden)")
        }
        if style == .hlstransform { problems.append("the device designs have the reference and hardware schedules") }
        if case .q4 = weights { problems.append("the device designs take float or Q8_0 weights (Q4: not yet)") }
        if e < 0 || e >= n { problems.append("device \(e) is not one of 0 ..< \(n)") }
        if !problems.isEmpty { throw DesignError(problems) }
        let slice = slices(s, devices: n)[e]
        let kernels = try Self.kernels(s, weights: weights, profile: profile, slice: slice, engines: engines)
        let unscheduled = Design(top: top, kernels: kernels, schedule: Schedule(), profile: profile)
        var schedule = carried(style.schedule(s, weights: weights), slice: slice, s, targets: unscheduled.scheduleTargets)
        // Attention and RoPE see the device's heads: their directives for that shape (the
        // same lanes: they depend on the head size only), with its attention engines.
        let a = slice.attentionShape(s)
        var own = style.schedule(a, weights: weights)
        own.loops = own.loops.filter { !$0.key.hasPrefix("attention.") }
        own.buffers = own.buffers.filter { !$0.key.hasPrefix("attention.") }
        own = own.merged(with: style.attentionSchedule(a, engines: attentionEngines(a, engines: engines)))
        for kernel in ["attention", "rope"] {
            for (k, v) in own.loops where k.hasPrefix(kernel + ".") { schedule.loops[k] = v }
            for (k, v) in own.buffers where k.hasPrefix(kernel + ".") { schedule.buffers[k] = v }
        }
        if style == .hardware {
            // The gate runs over the device's hidden units.
            let u = MatVecEngines.largestDivisor(of: slice.hiddenRows.count, upTo: LlamaSchedule.lanes)
            schedule.loops["\(top).gate"]?.unroll = u > 1 ? .factor(u) : nil
            for v in ["hb", "hb2"] {
                schedule.buffers["\(top).\(v)"] = nil
                if u > 1 { schedule.partition("\(top).\(v)", .cyclic, factor: u) }
            }
            deviceStageSchedule(top, loops: [("input_dim", s.dim, ["xb"]), ("input_hidden", s.hidden, ["gathered"]),
                                             ("residual_ffn", s.dim, []), ("residual_att", s.dim, []), ("residual_final", s.dim, [])],
                                into: &schedule)
        }
        var deviceRoles = roles(s, weights: weights, slice: slice, engines: engines)
        if engines > 1 {
            deviceRoles.engines(engineWeights(s, slice, weights: weights, engines: engines).packing())
            enginesSchedule(&schedule, s, slice, weights: weights, engines: engines)
        }
        let d = deviceRoles.design(top: top, kernels: kernels, schedule: schedule, profile: profile, family: .llama2c)
        try KernelValidator.validate(d)
        return d
    }

    /// A device's engine directives: its engine ports and attention engines' caches on banks
    /// of their own, the wrappers' fan-out and gather (`MatVecEngines.schedule`), and the
    /// on-chip outputs partitioned for the gathers (the `output` argument takes a beat).
    static func enginesSchedule(_ out: inout Schedule, _ s: LlamaShape, _ slice: Slice, weights: LlamaWeights, engines: Int) {
        let a = slice.attentionShape(s)
        out = out.merged(with: EngineWeights.interfaces(top, weights: weights, engines: engines))
        out = out.merged(with: LlamaSchedule.cacheInterfaces(top, LlamaForward.cacheNames(attentionEngines: attentionEngines(a, engines: engines)),
                                                             engines: engines))
        let locals: [String: (String, Int)] = ["mv_q": ("q", a.dim), "mv_kv": ("key", a.kvDim), "mv_up": ("hb", slice.hiddenRows.count)]
        var factors: [String: Int] = [:]
        for (v, n) in Array(locals.values) + [("value", a.kvDim), ("hb2", slice.hiddenRows.count)] {
            let current = out.buffer("\(top).\(v)").partitions.first { $0.dim == 1 }?.factor ?? 1
            let f = MatVecEngines.largestDivisor(of: n, upTo: LlamaSchedule.gatherWidth)
            if current < f { out.partition("\(top).\(v)", .cyclic, factor: f) }
            factors[v] = Swift.max(current, f)
        }
        for (name, n, d, _) in products(s, slice) {
            let gather = locals[name].map { factors[$0.0] ?? 1 } ?? 16
            out = out.merged(with: MatVecEngines.schedule(LlamaForward.enginesKernel(name), n: n, d: d, engines: engines, weights: weights,
                                                          fanoutUnroll: LlamaSchedule.fanoutWidth(n, weights: weights), gatherUnroll: gather))
        }
    }

    /// The device kernel's argument roles: its slice of every matrix (`matrixRows`), the
    /// embedding and the norms whole, its heads' part of the KV cache (one part per attention
    /// engine with `engines`; the engine ports are `DeviceRoles.engines`).
    static func roles(_ s: LlamaShape, weights: LlamaWeights, slice: Slice, engines: Int = 1) -> DeviceRoles {
        let caches = LlamaForward.cacheNames(attentionEngines: attentionEngines(slice.attentionShape(s), engines: engines))
        var r = DeviceRoles(outputWords: Stage.allCases.map { slice.outputCount($0, s) }, layers: s.layers, positions: s.seqLen,
                            heads: slice.kvHeads.count, headSize: s.headSize, caches: caches)
        for t in LlamaRoles.vectors(s).values { r.whole(t) }
        for (name, _, rows) in matrixRows(s, slice) {
            for t in LlamaRoles.matrix(name, s, weights: weights) { r.slice(t, rows: [rows]) }
        }
        return r
    }

    /// The one-device schedule on a device design: shared sub-kernels' directives as they are,
    /// each product's from its one-device twin, the top's on `device`; names it lacks dropped.
    static func carried(_ forward: Schedule, slice: Slice, _ s: LlamaShape, targets: [String: ScheduleTarget]) -> Schedule {
        var out = Schedule()
        var twins: [String: [String]] = [LlamaForward.top: [top]]
        for (name, _, _, twin) in products(s, slice) { twins[twin, default: []].append(name) }
        func mapped(_ key: String) -> [String] {
            var parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            let names = twins[parts[0]] ?? [parts[0]]
            return names.compactMap { n in
                parts[0] = n
                let name = parts.joined(separator: ".")
                return targets[name] == nil ? nil : name
            }
        }
        for (k, v) in forward.loops where !k.hasPrefix("attention.") && !k.hasPrefix("rope.") { for n in mapped(k) { out.loops[n] = v } }
        // On-chip arrays only: the one-device top's locals `x` is an argument here.
        for (k, v) in forward.buffers where !k.hasPrefix("attention.") && !k.hasPrefix("rope.") {
            for n in mapped(k) where targets[n]?.isOnChipArray == true { out.buffers[n] = v }
        }
        for (k, v) in forward.interfaces { for n in mapped(k) { out.interfaces[n] = v } }
        for (k, v) in forward.functions { for n in mapped(k) { out.functions[n] = v } }
        return out
    }

    static func kernels(_ s: LlamaShape, weights: LlamaWeights, profile: MathProfile, slice: Slice, engines: Int) throws(DesignError) -> [Kernel] {
        let format = try FloatOrQ8(weights)
        var subs: [Kernel] = []
        var product: [String: Kernel] = [:]
        var quantizers: [String: Kernel] = [:]
        for (name, n, d, _) in products(s, slice) {
            let kernel: Kernel
            switch format {
            case .float:
                kernel = try MatVec.kernel(name, n: n, d: d / engines)
            case .q8(let gs):
                let qname = LlamaForward.quantizer(n, s)
                if quantizers[qname] == nil {
                    let q = try QuantizeQ8.kernel(qname, n: n, groupSize: gs, profile: profile)
                    quantizers[qname] = q
                    subs.append(q)
                }
                kernel = try MatVecQ8.quantized(name, n: n, d: d / engines, groupSize: gs)
            }
            subs.append(kernel)
            product[name] = kernel
            if engines > 1 {
                product[name] = try MatVecEngines.kernel(LlamaForward.enginesKernel(name), engine: kernel, n: n, d: d, engines: engines, weights: weights)
                subs.append(product[name]!)
            }
        }
        let a = slice.attentionShape(s)
        let attentionEngines = Self.attentionEngines(a, engines: engines)
        let norm = try RMSNorm.kernel("rmsnorm_dim", size: s.dim, profile: profile)
        let rope = try RoPE.kernel("rope", shape: a, profile: profile)
        let attention = try Attention.kernel("attention", shape: a, profile: profile, engines: attentionEngines)
        subs += [norm, rope, attention]

        let k = KernelBuilder(top)
        let stage = k.size("stage", max: Stage.allCases.count - 1)
        let layer = k.size("layer", max: s.layers - 1)
        let token = k.size("token", max: s.vocab - 1)
        let pos = k.size("pos", max: s.seqLen - 1)
        let input = k.input("input", .float32, count: Swift.max(s.dim, s.hidden))
        let outputs = Stage.allCases.map { slice.outputCount($0, s) }.max() ?? 1
        let output = k.output("output", .float32, count: Swift.max(1, outputs))
        let x = k.inputOutput("x", .float32, count: s.dim)
        let cacheNames = LlamaForward.cacheNames(attentionEngines: attentionEngines)
        let layerCache = s.seqLen * a.kvDim / attentionEngines
        let keyCaches = cacheNames.keys.map { k.inputOutput($0, .float32, count: s.layers * layerCache) }
        let valueCaches = cacheNames.values.map { k.inputOutput($0, .float32, count: s.layers * layerCache) }
        let embedding = k.input("token_embedding", .float32, count: s.vocab * s.dim)
        let rmsAtt = k.input("rms_att", .float32, count: s.layers * s.dim)
        let rmsFFN = k.input("rms_ffn", .float32, count: s.layers * s.dim)
        let rmsFinal = k.input("rms_final", .float32, count: s.dim)
        var matrix: [String: (Index) -> [CallArgument]] = [:]
        if engines > 1 { matrix = engineWeights(s, slice, weights: weights, engines: engines).declare(k) }
        for (name, n, rows) in matrixRows(s, slice) where engines == 1 {
            let per = n * rows.count
            let layers = name == "wcls" ? 1 : s.layers
            switch format {
            case .float:
                let w = k.input(name, .float32, count: layers * per)
                matrix[name] = { l in [w.from(l * per)] }
            case .q8(let gs):
                let wq = k.input("\(name)_q", .int8, count: layers * per)
                let ws = k.input("\(name)_s", .float32, count: layers * per / gs)
                matrix[name] = { l in [wq.from(l * per), ws.from(l * (per / gs))] }
            }
        }
        let xb = k.local("xb", .float32, shape: [s.dim])
        let q = k.local("q", .float32, shape: [a.dim])
        let key = k.local("key", .float32, shape: [a.kvDim])
        let value = k.local("value", .float32, shape: [a.kvDim])
        let hb = k.local("hb", .float32, shape: [Swift.max(1, slice.hiddenRows.count)])
        let hb2 = k.local("hb2", .float32, shape: [Swift.max(1, slice.hiddenRows.count)])
        // The gathered input of `down` on chip (the products read their vector many times).
        let gathered = k.local("gathered", .float32, shape: [s.hidden])
        let math = ProfileMath(profile)
        var prepared: [String: (BufferHandle, BufferHandle)] = [:]
        if case .q8(let gs) = format {
            for (n, name) in [(s.dim, "dim"), (s.hidden, "hidden")] where prepared[LlamaForward.quantizer(n, s)] == nil {
                prepared[LlamaForward.quantizer(n, s)] = (k.local("xq_\(name)", .int8, shape: [n]), k.local("xs_\(name)", .float32, shape: [n / gs]))
            }
        }
        /// The products' activation: the vector, or its Q8_0 quantization (once per stage).
        func prepare(_ v: BufferHandle, _ n: Int) -> [CallArgument] {
            guard let (vq, vs) = prepared[LlamaForward.quantizer(n, s)], let qk = quantizers[LlamaForward.quantizer(n, s)] else { return [v.from()] }
            k.call(qk, [v.from(), vq.from(), vs.from()])
            return [vq.from(), vs.from()]
        }
        /// x += input (the gathered output of the stage before), as the one-device residual.
        func residual(_ label: String) {
            k.loop(label, s.dim) { i in x[i] = x[i] + input[i] }
        }
        func when(_ st: Stage, _ body: () -> Void, otherwise: @escaping () -> Void) {
            k.branch(stage.index.value().eq(Double(st.rawValue)), then: body, otherwise: otherwise)
        }
        let l = layer.index
        let rows = Attention.blockRows(a, engines: attentionEngines)
        when(.embed, {
            k.loop("embed", s.dim) { i in x[i] = embedding[token.index * s.dim + i] }
        }, otherwise: {
            when(.attention, {
                k.branch(l.value() > .constant(0, .int32), then: { residual("residual_ffn") })
                k.call(norm, [xb.from(), x.from(), rmsAtt.from(l * s.dim)])
                let att = prepare(xb, s.dim)
                k.call(product["mv_q"]!, [q.from()] + att + matrix["wq"]!(l))
                k.call(product["mv_kv"]!, [key.from()] + att + matrix["wk"]!(l))
                k.call(product["mv_kv"]!, [value.from()] + att + matrix["wv"]!(l))
                k.call(rope, [q.from(), key.from(), .index(pos.index)])
                k.call(attention, [output.from(), q.from(), key.from(), value.from()] + keyCaches.map { $0.from(l * layerCache) }
                                   + valueCaches.map { $0.from(l * layerCache) } + [.index(pos.index), .index(pos.index / rows)])
            }, otherwise: {
                when(.projection, {
                    k.loop("input_dim", s.dim) { i in xb[i] = input[i] }
                    k.call(product["mv_o"]!, [output.from()] + prepare(xb, s.dim) + matrix["wo"]!(l))
                }, otherwise: {
                    when(.up, {
                        residual("residual_att")
                        k.call(norm, [xb.from(), x.from(), rmsFFN.from(l * s.dim)])
                        let ffn = prepare(xb, s.dim)
                        k.call(product["mv_up"]!, [hb.from()] + ffn + matrix["w1"]!(l))
                        k.call(product["mv_up"]!, [hb2.from()] + ffn + matrix["w3"]!(l))
                        k.loop("gate", slice.hiddenRows.count) { i in
                            let v = k.bind("v", hb[i])
                            let e = math.exp(k, -v, name: "e")
                            let silu = k.bind("silu", v * (1.0 / (1.0 + e)))
                            output[i] = silu * hb2[i]
                        }
                    }, otherwise: {
                        when(.down, {
                            k.loop("input_hidden", s.hidden) { i in gathered[i] = input[i] }
                            k.call(product["mv_down"]!, [output.from()] + prepare(gathered, s.hidden) + matrix["w2"]!(l))
                        }, otherwise: {
                            residual("residual_final")
                            k.call(norm, [xb.from(), x.from(), rmsFinal.from()])
                            k.call(product["mv_cls"]!, [output.from()] + prepare(xb, s.dim) + matrix["wcls"]!(0))
                        })
                    })
                })
            })
        })
        return subs + [try k.build()]
    }
}
