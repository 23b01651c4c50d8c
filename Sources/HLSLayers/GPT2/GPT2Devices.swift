import HLSIR

/// GPT-2 on N devices, as `LlamaDevices` splits Llama: each device holds a slice of every
/// matrix by output rows — attention by heads (its rows of q, k and v in `qkvw`, with their
/// biases and its part of the KV cache), the attention projection and `fcprojw` by rows of the
/// model dimension, `fcw` by hidden units, the tied classifier by rows of the padded
/// vocabulary — and the host all-gathers between stages, so every dot product (bias first)
/// stays whole and the result is bit-identical to one device.
///
/// One kernel per device, `device(stage, layer, token, pos, input, output, x, …)`, run once
/// per `DeviceStage`: `embed` (x = wte row + wpe row), `attention` (x += input unless layer 0;
/// LayerNorm 1; its heads' q, k, v; attention → its heads' outputs), `projection` (its rows of
/// attprojw · xb + bias), `up` (x += input; LayerNorm 2; its rows of fcw · xb + bias; GELU),
/// `down` (its rows of fcprojw · h + bias), `final` (x += input; the final LayerNorm; its rows
/// of the classifier).
public enum GPT2Devices {
    public static let top = "device"

    /// What device e holds: ranges of heads, of the model dimension's rows, of hidden units
    /// and of padded-vocabulary rows.
    public struct Slice: Hashable, Sendable {
        public var heads: Range<Int>
        public var dimRows: Range<Int>
        public var hiddenRows: Range<Int>
        public var vocabRows: Range<Int>

        /// Its rows of q (then k, then v: add C, 2C) in `qkvw`.
        public func headRows(_ s: GPT2Shape) -> Range<Int> { heads.lowerBound * s.headSize ..< heads.upperBound * s.headSize }
        /// The shape its attention sees: its heads only.
        public func attentionShape(_ s: GPT2Shape) -> GPT2Shape {
            GPT2Shape(channels: heads.count * s.headSize, layers: s.layers, heads: heads.count, vocab: s.vocab,
                      paddedVocab: s.paddedVocab, seqLen: s.seqLen)
        }
        /// Output words of each stage.
        public func outputCount(_ stage: DeviceStage, _ s: GPT2Shape) -> Int {
            switch stage {
            case .embed: return 0
            case .attention: return headRows(s).count
            case .projection, .down: return dimRows.count
            case .up: return hiddenRows.count
            case .final: return vocabRows.count
            }
        }
    }

    public static let maxDevices = 8

    public static func problems(_ s: GPT2Shape, devices n: Int) -> [String] {
        guard n >= 1, n <= maxDevices else { return ["devices is \(n); expected 1 ... \(maxDevices)"] }
        if s.heads < n { return ["devices \(n) is more than num_heads \(s.heads) (each device holds whole heads)"] }
        return []
    }

    public static func slices(_ s: GPT2Shape, devices n: Int) -> [Slice] {
        let heads = evenSplit(s.heads, n), dim = evenSplit(s.channels, n, unit: LlamaDevices.rowUnit)
        let hidden = evenSplit(s.hidden, n, unit: LlamaDevices.rowUnit), vocab = evenSplit(s.paddedVocab, n, unit: LlamaDevices.rowUnit)
        return (0..<n).map { Slice(heads: heads[$0], dimRows: dim[$0], hiddenRows: hidden[$0], vocabRows: vocab[$0]) }
    }

    /// The rows of each matrix a device holds, in the order its argument stores them (qkvw:
    /// its q rows, then its k rows, then its v rows); the classifier is wte's rows.
    public static func matrixRows(_ s: GPT2Shape, _ slice: Slice) -> [(String, n: Int, rows: [Range<Int>])] {
        let C = s.channels, h = slice.headRows(s)
        return [("qkvw", C, [h, C + h.lowerBound ..< C + h.upperBound, 2 * C + h.lowerBound ..< 2 * C + h.upperBound]),
                ("attprojw", C, [slice.dimRows]), ("fcw", C, [slice.hiddenRows]), ("fcprojw", s.hidden, [slice.dimRows]),
                ("wte", C, [slice.vocabRows])]
    }

    /// The engine ports of a device with `engines` engines: its rows of every matrix, as its
    /// one-engine design names them (`qkvw` … `fcprojw`; the classifier `wcls`, or for Q8_0
    /// `wte_q`/`wte_s`), split over the engines (`EngineWeights`).
    static func engineWeights(_ s: GPT2Shape, _ slice: Slice, weights: LlamaWeights, engines: Int) -> EngineWeights {
        let classifier = weights == .float ? "wcls" : "wte"
        return EngineWeights(matrixRows(s, slice).map { m in
            EngineWeights.Matrix(m.0 == "wte" ? classifier : m.0, n: m.n, d: m.rows.reduce(0) { $0 + $1.count }, perLayer: m.0 != "wte")
        }, layers: s.layers, engines: engines, weights: weights)
    }

    /// Why `engines` engines per device do not fit, one line each: every device's rows of
    /// every matrix must split evenly.
    public static func engineProblems(_ s: GPT2Shape, devices n: Int, engines: Int, schedule style: GPT2Schedule) -> [String] {
        let layouts = problems(s, devices: n).isEmpty ? slices(s, devices: n).map { engineWeights(s, $0, weights: .float, engines: engines) } : []
        return EngineWeights.deviceProblems(engines: engines, schedule: style.rawValue, hardware: style == .hardware, devices: layouts)
    }

    /// Device `device`'s design among `devices`, with the one-device schedule style's
    /// directives carried over (products and shared sub-kernels keep their lanes). With
    /// `engines` E > 1 (hardware schedule) the device's products, biases fanned out, run on
    /// E engines (`MatVecEngines`), its weights in engine ports (`EngineWeights`, packed from
    /// the device's tensors by `packing`), and its heads run on as many attention engines as
    /// divide them, up to E (`GPT2Attention.engines`: 7 heads on 8 engines are 7 engines of
    /// one head), each with its part of the cache on a bank of its own.
    public static func design(_ s: GPT2Shape, weights: LlamaWeights, profile: MathProfile, schedule style: GPT2Schedule = .reference,
                              devices n: Int, device e: Int, engines: Int = 1) throws(DesignError) -> Design {
        var problems = s.problems + Self.problems(s, devices: n) + engineProblems(s, devices: n, engines: engines, schedule: style)
        if case .q8(let gs) = weights, gs < 1 || s.channels % gs != 0 { problems.append("group size \(gs) does not divide channels \(s.channels)") }
        if case .q4 = weights { problems.append("the GPT-2 device designs take float or Q8_0 weights (Q4: not yet)") }
        if e < 0 || e >= n { problems.append("device \(e) is not one of 0 ..< \(n)") }
        if !problems.isEmpty { throw DesignError(problems) }
        let slice = slices(s, devices: n)[e]
        let kernels = try Self.kernels(s, weights: weights, profile: profile, slice: slice, engines: engines)
        let unscheduled = Design(top: top, kernels: kernels, schedule: Schedule(), profile: profile)
        let targets = unscheduled.scheduleTargets
        var schedule = Schedule()
        let forward = style.schedule(s, weights: weights), own = style.schedule(slice.attentionShape(s), weights: weights, engines: engines)
        func carry(_ from: Schedule, _ keep: (String) -> Bool) {
            for (k, v) in from.loops where keep(k) && targets[k] != nil { schedule.loops[k] = v }
            for (k, v) in from.buffers where keep(k) && targets[k]?.isOnChipArray == true { schedule.buffers[k] = v }
        }
        // Products and norms keep the one-device directives (their lanes depend on the
        // inputs only); attention takes those of its own heads' shape.
        carry(forward) { !$0.hasPrefix("attention.") && !$0.hasPrefix("\(GPT2Forward.top).") }
        carry(own) { $0.hasPrefix("attention.") }
        carryLocals(forward, from: GPT2Forward.top, to: top, targets: targets, kernels: kernels, into: &schedule)
        for (k, v) in forward.interfaces {
            let name = k.replacingOccurrences(of: "\(GPT2Forward.top).", with: "\(top).")
            if targets[name] != nil { schedule.interfaces[name] = v }
        }
        if style == .hardware, case .q8(let gs) = weights, gs > 1, s.hidden % Swift.min(GPT2Schedule.lanes, gs) == 0 {
            // The gathered hidden vector feeds quantize_hidden as `hg` does on one device.
            schedule.partition("\(top).gathered", .cyclic, factor: Swift.min(GPT2Schedule.lanes, gs))
        }
        if style == .hardware {
            deviceStageSchedule(top, loops: [("input_dim", s.channels, ["xb"]), ("input_hidden", s.hidden, ["gathered"]),
                                             ("residual_ffn", s.channels, []), ("residual_att", s.channels, []), ("residual_final", s.channels, [])],
                                into: &schedule)
        }
        var deviceRoles = roles(s, weights: weights, slice: slice, engines: engines)
        if engines > 1 {
            let ports = engineWeights(s, slice, weights: weights, engines: engines)
            deviceRoles.engines(ports.packing())
            schedule = schedule.merged(with: EngineWeights.interfaces(top, weights: weights, engines: engines))
            let a = slice.attentionShape(s)
            schedule = schedule.merged(with: LlamaSchedule.cacheInterfaces(top, GPT2Attention.cacheNames(engines: GPT2Attention.engines(a, engines: engines)),
                                                                           engines: engines))
            GPT2Schedule.engines(&schedule, top: top, products: matrixRows(s, slice).map { ($0.0, $0.n, $0.rows.reduce(0) { $0 + $1.count }) },
                                 outputs: [("qkv", 3 * a.channels), ("h", slice.hiddenRows.count)], weights: weights, engines: engines)
        }
        let d = deviceRoles.design(top: top, kernels: kernels, schedule: schedule, profile: profile, family: .gpt2)
        try KernelValidator.validate(d)
        return d
    }

    /// The device kernel's argument roles: its rows of every matrix and bias (`matrixRows`),
    /// the classifier's rows of wte (`wcls`, or `wte_q`/`wte_s` for Q8_0), wte (the embedding),
    /// wpe and the LayerNorm parameters whole, its heads' part of the KV cache (one part per
    /// attention engine with `engines`; the engine ports are `DeviceRoles.engines`).
    static func roles(_ s: GPT2Shape, weights: LlamaWeights, slice: Slice, engines: Int = 1) -> DeviceRoles {
        let caches = GPT2Attention.cacheNames(engines: engines > 1 ? GPT2Attention.engines(slice.attentionShape(s), engines: engines) : 1)
        var r = DeviceRoles(outputWords: DeviceStage.allCases.map { slice.outputCount($0, s) }, layers: s.layers, positions: s.seqLen,
                            heads: slice.heads.count, headSize: s.headSize, caches: caches)
        r.whole(GPT2Roles.embedding(s))
        let biases = Set(matrixRows(s, slice).map { String($0.0.dropLast()) + "b" })
        for t in GPT2Roles.vectors(s) where !biases.contains(t.key) { r.whole(t) }
        for (name, _, rows) in matrixRows(s, slice) {
            let tensors = name == "wte" && weights.groupSize == nil ? [GPT2Roles.embedding(s)] : GPT2Roles.matrix(name, s, weights: weights)
            for t in tensors { r.slice(t, rows: rows, as: t.key == "wte" ? "wcls" : nil) }
            if let bias = GPT2Roles.vectors(s).first(where: { $0.key == String(name.dropLast()) + "b" }) { r.slice(bias, rows: rows) }
        }
        return r
    }

    static func kernels(_ s: GPT2Shape, weights: LlamaWeights, profile: MathProfile, slice: Slice, engines: Int) throws(DesignError) -> [Kernel] {
        let format = try FloatOrQ8(weights)
        let C = s.channels, L = s.layers, a = slice.attentionShape(s)
        let rows = Dictionary(uniqueKeysWithValues: matrixRows(s, slice).map { ($0.0, ($0.n, $0.rows.reduce(0) { $0 + $1.count })) })
        var (subs, product, quantizers) = try GPT2Forward.productKernels(s, weights: weights, profile: profile, rows: rows.mapValues { $0.1 },
                                                                         engines: engines)
        let classifier = product["wte"]!
        let norm = try LayerNorm.kernel("layernorm", size: C, profile: profile)
        let attentionEngines = engines > 1 ? GPT2Attention.engines(a, engines: engines) : 1
        let attention = try GPT2Attention.kernel("attention", shape: a, profile: profile, engines: attentionEngines)
        let gelu = try GELU.kernel("gelu", size: Swift.max(1, slice.hiddenRows.count), profile: profile)
        subs += [norm, attention, gelu]

        let k = KernelBuilder(top)
        let stage = k.size("stage", max: DeviceStage.allCases.count - 1)
        let layer = k.size("layer", max: L - 1)
        let token = k.size("token", max: s.vocab - 1)
        let pos = k.size("pos", max: s.seqLen - 1)
        let input = k.input("input", .float32, count: s.hidden)
        let outputs = DeviceStage.allCases.map { slice.outputCount($0, s) }.max() ?? 1
        let output = k.output("output", .float32, count: Swift.max(1, outputs))
        let x = k.inputOutput("x", .float32, count: C)
        let (_, _, cacheArguments) = GPT2Forward.caches(k, a, engines: attentionEngines)
        let wte = k.input("wte", .float32, count: s.paddedVocab * C)
        let wpe = k.input("wpe", .float32, count: s.seqLen * C)
        var (matrix, vector) = GPT2Forward.layerArguments(k, s, weights: weights, rows: rows.mapValues { $0.1 }, matrices: engines == 1)
        let ln1w = vector["ln1w"]!, ln1b = vector["ln1b"]!, ln2w = vector["ln2w"]!, ln2b = vector["ln2b"]!
        var bias: [String: (Index) -> CallArgument] = [:]
        for m in ["qkvw", "attprojw", "fcw", "fcprojw"] { bias[m] = vector[String(m.dropLast()) + "b"]! }
        let lnfw = k.input("lnfw", .float32, count: C), lnfb = k.input("lnfb", .float32, count: C)
        var classifierWeights: [CallArgument]
        switch format {
        case _ where engines > 1:
            matrix = engineWeights(s, slice, weights: weights, engines: engines).declare(k)
            classifierWeights = (matrix["wcls"] ?? matrix["wte"]!)(0)
        case .float: classifierWeights = [k.input("wcls", .float32, count: slice.vocabRows.count * C).from()]
        case .q8(let gs):
            classifierWeights = [k.input("wte_q", .int8, count: slice.vocabRows.count * C).from(),
                                 k.input("wte_s", .float32, count: slice.vocabRows.count * C / gs).from()]
        }
        let xb = k.local("xb", .float32, shape: [C])
        let qkv = k.local("qkv", .float32, shape: [3 * a.channels])
        let h = k.local("h", .float32, shape: [Swift.max(1, slice.hiddenRows.count)])
        // The gathered input of `down` on chip (the products read their vector many times).
        let gathered = k.local("gathered", .float32, shape: [s.hidden])
        var prepared: [Int: (BufferHandle, BufferHandle)] = [:]
        if case .q8(let gs) = format {
            for (n, label) in [(C, "c"), (s.hidden, "hidden")] {
                prepared[n] = (k.local("xq_\(label)", .int8, shape: [n]), k.local("xs_\(label)", .float32, shape: [n / gs]))
            }
        }
        func prepare(_ v: BufferHandle, _ n: Int) -> [CallArgument] {
            guard let (vq, vs) = prepared[n], let q = quantizers[n] else { return [v.from()] }
            k.call(q, [v.from(), vq.from(), vs.from()])
            return [vq.from(), vs.from()]
        }
        func residual(_ label: String) { k.loop(label, C) { i in x[i] = x[i] + input[i] } }
        func when(_ st: DeviceStage, _ body: () -> Void, otherwise: @escaping () -> Void) {
            k.branch(stage.index.value().eq(Double(st.rawValue)), then: body, otherwise: otherwise)
        }
        let l = layer.index
        when(.embed, {
            k.loop("embed", C) { i in x[i] = wte[token.index * C + i] + wpe[pos.index * C + i] }
        }, otherwise: {
            when(.attention, {
                k.branch(l.value() > .constant(0, .int32), then: { residual("residual_ffn") })
                k.call(norm, [xb.from(), x.from(), ln1w(l), ln1b(l)])
                k.call(product["qkvw"]!, [qkv.from()] + prepare(xb, C) + matrix["qkvw"]!(l) + [bias["qkvw"]!(l)])
                k.call(attention, [output.from()] + cacheArguments(qkv, l, pos.index))
            }, otherwise: {
                when(.projection, {
                    k.loop("input_dim", C) { i in xb[i] = input[i] }
                    k.call(product["attprojw"]!, [output.from()] + prepare(xb, C) + matrix["attprojw"]!(l) + [bias["attprojw"]!(l)])
                }, otherwise: {
                    when(.up, {
                        residual("residual_att")
                        k.call(norm, [xb.from(), x.from(), ln2w(l), ln2b(l)])
                        k.call(product["fcw"]!, [h.from()] + prepare(xb, C) + matrix["fcw"]!(l) + [bias["fcw"]!(l)])
                        k.call(gelu, [output.from(), h.from()])
                    }, otherwise: {
                        when(.down, {
                            k.loop("input_hidden", s.hidden) { i in gathered[i] = input[i] }
                            k.call(product["fcprojw"]!, [output.from()] + prepare(gathered, s.hidden) + matrix["fcprojw"]!(l) + [bias["fcprojw"]!(l)])
                        }, otherwise: {
                            residual("residual_final")
                            k.call(norm, [xb.from(), x.from(), lnfw.from(), lnfb.from()])
                            k.call(classifier, [output.from()] + prepare(xb, C) + classifierWeights)
                        })
                    })
                })
            })
        })
        return subs + [try k.build()]
    }
}
