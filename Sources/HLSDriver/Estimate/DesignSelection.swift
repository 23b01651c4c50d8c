import Foundation
import HLSConfig
import HLSIR
import HLSLayers
import HLSModels

/// Which designs `hlsgen estimate` and `hlsgen report` look at: the designs of a config file
/// (or the default config), the whole-model design of a llama2.c checkpoint, or the
/// whole-model design of a shape (`--shape`, no weights needed). Every option is checked when
/// the selection is made; files are read and designs built only by `designs(progress:)`.
struct DesignSelection {
    static let valued: Set<String> = ["--config", "--checkpoint", "--shape", "--weights", "--group-size", "--schedule", "--profile", "--engines", "--prefill", "--devices"]
    static let flags: Set<String> = ["--quantize"]

    enum Source {
        /// A config file, or the default config when nil.
        case config(String?)
        case checkpoint(LlamaDesignRequest)
        case shape(name: String, shape: LlamaShape, weights: LlamaWeights, schedule: LlamaSchedule, profile: MathProfile, engines: Int?)
        /// A GPT-2 shape (`gpt2-124m`, `gpt2-1.5b`): float, Q8_0 or Q4 (`--weights q8|q4`, or
        /// `--quantize` as for a checkpoint), its products on `engines` engines (nil: one).
        case gpt2Shape(name: String, shape: GPT2Shape, weights: LlamaWeights, schedule: GPT2Schedule, profile: MathProfile, engines: Int?)
    }

    private(set) var source: Source
    /// `--prefill B`: the prefill design for blocks of B tokens too, estimated before the
    /// forward design (whose `modeled:` line stays the last).
    var prefillBlock: Int?
    /// `--devices N`: the model split over N devices (`LlamaDevices`), estimated per stage.
    var devices: Int?
    /// With `--devices`: each device's engine count (`--engines`, or the config's); the
    /// source then holds the one-device design with one engine.
    var deviceEngines = 1
    /// `--profile integer` with `--shape`: the integer design with nominal scales.
    var integer = false
    /// `--profile fixed` with `--shape`: the fixed-point activations design, default formats.
    var fixed = false

    /// Whole models get a throughput and progress lines; config designs are single layers.
    var isModel: Bool {
        if case .config = source { return false }
        return true
    }

    init(_ a: Arguments) throws(DriverError) {
        let shape = a.value("--shape")
        if shape != nil {
            for other in ["--checkpoint", "--config"] where a.value(other) != nil {
                throw DriverError("option --shape cannot be combined with \(other): a shape is a model without files")
            }
            if a.flag("--quantize") && NamedShapes.gpt2Shape(shape ?? "") == nil {
                throw DriverError("option --quantize needs --checkpoint; with --shape use --weights q8 or q4")
            }
        } else if a.value("--weights") != nil {
            throw DriverError("option --weights needs --shape (a checkpoint's weights are in its file; --quantize converts them)")
        }
        if let text = shape, let (name, g) = NamedShapes.gpt2Shape(text) {
            source = try Self.gpt2(name, g, a)
            integer = a.value("--profile") == IntegerProfile.name
        } else if let text = shape {
            source = try Self.shape(text, a)
            integer = a.value("--profile") == IntegerProfile.name
            fixed = a.value("--profile") == FixedProfile.name
        } else if a.value("--checkpoint") != nil {
            source = .checkpoint(try LlamaDesignRequest(a, defaultSchedule: .hardware))
        } else {
            for name in ["--quantize", "--group-size", "--schedule", "--profile", "--engines"] where a.flag(name) || a.value(name) != nil {
                throw DriverError("option \(name) needs --checkpoint or --shape (it chooses the forward design of a model)")
            }
            source = .config(a.value("--config"))
        }
        if a.value("--devices") != nil {
            if case .config = source { throw DriverError("option --devices needs --checkpoint or --shape (a whole model split over devices)") }
            devices = try a.positiveInt("--devices", default: 1)
            switch source {
            case .checkpoint(let r):
                do { deviceEngines = try r.deviceEngines() } catch let e as DriverError { throw e } catch { throw DriverError("\(error)") }
                source = .checkpoint(r.withOneEngine())
            case .shape(let name, let shape, let weights, let schedule, let profile, let engines):
                deviceEngines = engines ?? 1
                source = .shape(name: name, shape: shape, weights: weights, schedule: schedule, profile: profile, engines: nil)
            case .gpt2Shape(let name, let shape, let weights, let schedule, let profile, let engines):
                deviceEngines = engines ?? 1
                source = .gpt2Shape(name: name, shape: shape, weights: weights, schedule: schedule, profile: profile, engines: nil)
            case .config:
                break
            }
        }
        if a.value("--prefill") != nil {
            if case .config = source { throw DriverError("option --prefill needs --checkpoint or --shape (a whole model's prompt stage)") }
            prefillBlock = try a.positiveInt("--prefill", default: 1)
        }
        if case .checkpoint(let r) = source, ModelKind.detect(r.checkpoint) == .gpt2 {
            for name in ["--prefill", "--devices"] where a.value(name) != nil {
                throw DriverError("option \(name) is not yet supported for GPT-2 checkpoints (\(r.checkpoint))")
            }
        }
    }

    /// A GPT-2 shape's selection: `--weights float|q8|q4` (or `--quantize [q8|q4]`), `--group-size`,
    /// `--schedule reference|hardware` (default hardware), `--profile libm|exact`.
    static func gpt2(_ name: String, _ shape: GPT2Shape, _ a: Arguments) throws(DriverError) -> Source {
        var kind = a.value("--weights") ?? "float"
        if a.flag("--quantize") {
            if a.value("--weights") != nil { throw DriverError("option --quantize and --weights both choose the weights; give one") }
            kind = a.value("--quantize") ?? "q8"
        }
        let weights: LlamaWeights
        switch kind {
        case "float":
            if a.value("--group-size") != nil { throw DriverError("option --group-size needs --weights q8 or q4") }
            weights = .float
        case "q8":
            let fallback = [64, 32, 16, 8, 4, 2, 1].first { shape.channels % $0 == 0 } ?? 1
            let gs = try a.positiveInt("--group-size", default: fallback)
            if shape.channels % gs != 0 { throw DriverError("option --group-size is \(gs); expected a divisor of channels \(shape.channels)") }
            weights = .q8(groupSize: gs)
        case "q4":
            guard let fallback = [32, 16, 8, 4, 2].first(where: { shape.channels % $0 == 0 }) else {
                throw DriverError("GPT-2 shape \(name): channels \(shape.channels) has no even divisor for a Q4 group size")
            }
            let gs = try a.positiveInt("--group-size", default: fallback)
            if gs % 2 != 0 || shape.channels % gs != 0 {
                throw DriverError("option --group-size is \(gs); expected an even divisor of channels \(shape.channels) for q4")
            }
            weights = .q4(groupSize: gs)
        case let other:
            throw DriverError("GPT-2 shape \(name): weights '\(other)'; expected float, q8 or q4")
        }
        let schedule = try LlamaDesignRequest.choice(a, "--schedule", default: GPT2Schedule.hardware)
        let integer = a.value("--profile") == IntegerProfile.name
        if integer {
            if case .q8 = weights {} else { throw DriverError("option --profile integer needs --weights q8; got --weights \(kind)") }
            try IntegerProfile.rejectOptions(a, quantization: nil)
        }
        let profile = integer ? MathProfile.exact : try LlamaDesignRequest.choice(a, "--profile", default: MathProfile.libm)
        let engines = a.value("--engines") == nil ? nil : try a.positiveInt("--engines", default: 1)
        return .gpt2Shape(name: name, shape: shape, weights: weights, schedule: schedule, profile: profile, engines: engines)
    }

    static func shape(_ text: String, _ a: Arguments) throws(DriverError) -> Source {
        let (name, shape) = try NamedShapes.parse(text)
        let weights: LlamaWeights
        switch a.value("--weights") ?? "float" {
        case "float":
            if a.value("--group-size") != nil { throw DriverError("option --group-size needs --weights q8 or q4") }
            weights = .float
        case "q8":
            let config = LlamaConfig(dim: shape.dim, hiddenDim: shape.hidden, nLayers: shape.layers, nHeads: shape.heads,
                                     nKVHeads: shape.kvHeads, vocabSize: shape.vocab, seqLen: shape.seqLen)
            let gs = try a.positiveInt("--group-size", default: defaultGroupSize(config))
            if shape.dim % gs != 0 || shape.hidden % gs != 0 {
                throw DriverError("option --group-size is \(gs); expected a divisor of dim \(shape.dim) and hidden \(shape.hidden)")
            }
            weights = .q8(groupSize: gs)
        case "q4":
            let config = LlamaConfig(dim: shape.dim, hiddenDim: shape.hidden, nLayers: shape.layers, nHeads: shape.heads,
                                     nKVHeads: shape.kvHeads, vocabSize: shape.vocab, seqLen: shape.seqLen)
            let fallback: Int
            do { fallback = try defaultQ4GroupSize(config) } catch { throw DriverError("--shape \(name): \(error)") }
            let gs = try a.positiveInt("--group-size", default: fallback)
            if gs % 2 != 0 || shape.dim % gs != 0 || shape.hidden % gs != 0 {
                throw DriverError("option --group-size is \(gs); expected an even divisor of dim \(shape.dim) and hidden \(shape.hidden) for q4")
            }
            weights = .q4(groupSize: gs)
        case let other:
            throw DriverError("option --weights is '\(other)'; expected float, q8 or q4")
        }
        let schedule = try LlamaDesignRequest.choice(a, "--schedule", default: LlamaSchedule.hardware)
        let integer = a.value("--profile") == IntegerProfile.name
        if integer {
            if case .q8 = weights {} else { throw DriverError("option --profile integer needs --weights q8; got --weights \(a.value("--weights") ?? "float")") }
            try IntegerProfile.rejectOptions(a, quantization: nil)
        }
        let fixed = a.value("--profile") == FixedProfile.name
        if fixed {
            if case .q4 = weights { throw DriverError("option --profile fixed takes --weights float or q8; got --weights q4") }
            try FixedProfile.rejectOptions(a)
        }
        let profile = integer ? MathProfile.exact : fixed ? .libm : try LlamaDesignRequest.choice(a, "--profile", default: MathProfile.libm)
        let engines = a.value("--engines") == nil ? nil : try a.positiveInt("--engines", default: 1)
        return .shape(name: name, shape: shape, weights: weights, schedule: schedule, profile: profile, engines: engines)
    }

    /// For a whole model on the hardware schedule whose engine count neither `--engines` nor
    /// (for a checkpoint) the config file fixes: the same selection with `engines` engines;
    /// nil otherwise (`explore` then searches the schedule alone).
    func withEngines(_ engines: Int) throws -> DesignSelection? {
        switch source {
        case .config:
            return nil
        case .checkpoint(var request):
            guard request.schedule == .hardware, request.engines == nil, ModelKind.detect(request.checkpoint) == .llama else { return nil }
            if let path = request.config, try Configuration.load(path: path).engines != nil { return nil }
            request.engines = engines
            return DesignSelection(source: .checkpoint(request), prefillBlock: prefillBlock)
        case .shape(let name, let shape, let weights, let schedule, let profile, let fixed):
            guard schedule == .hardware, fixed == nil else { return nil }
            return DesignSelection(source: .shape(name: name, shape: shape, weights: weights, schedule: schedule, profile: profile, engines: engines),
                                   prefillBlock: prefillBlock)
        case .gpt2Shape:
            return nil
        }
    }

    private init(source: Source, prefillBlock: Int?) {
        self.source = source
        self.prefillBlock = prefillBlock
    }

    /// The model of a whole-model selection: its name, shape, weight format, profile and
    /// schedule (a checkpoint is read for them).
    func modelParameters() throws -> (name: String, shape: LlamaShape, weights: LlamaWeights, profile: MathProfile, schedule: LlamaSchedule)? {
        switch source {
        case .config: return nil
        case .checkpoint(let request):
            let (model, configuration) = try request.loadInputs()
            let profile = request.profile ?? configuration?.parameters.profile ?? .libm
            return (model.name + "-" + model.variant, model.shape, model.weights, profile, request.schedule)
        case .shape(let name, let shape, let weights, let schedule, let profile, _):
            return (name + "-" + weights.variant, shape, weights, profile, schedule)
        case .gpt2Shape:
            return nil
        }
    }

    /// The shape of a whole-model selection (read from the checkpoint's header).
    func modelShape() throws -> LlamaShape? {
        switch source {
        case .config: return nil
        case .checkpoint(let request):
            // A GPT-2 checkpoint has no Llama shape (its design has one engine).
            if ModelKind.detect(request.checkpoint) == .gpt2 { return nil }
            return try request.loadInputs().0.shape
        case .shape(_, let shape, _, _, _, _): return shape
        case .gpt2Shape: return nil
        }
    }

    /// Name of the report file's stem: the config's name, or the model design's folder name
    /// as `generate` spells it (`stories110m-q80-hardware`).
    func reportName(_ designNames: [String]) -> String {
        switch source {
        case .config(let path):
            return path.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension } ?? "default"
        case .checkpoint, .shape, .gpt2Shape:
            return designNames.first ?? "design"
        }
    }

    /// Reads the files and builds the designs, validated; `progress` hears about the slow steps.
    func designs(progress: (String) -> Void) throws -> [SelectedDesign] {
        switch source {
        case .config(let path):
            let config = try path.map { p throws(ConfigError) in try Configuration.load(path: p) } ?? .default
            let source = path ?? "the default config"
            return try config.designs().map {
                SelectedDesign(name: $0.top, summary: "\($0.top) from \(source), \($0.profile) profile", design: $0, isModel: false)
            }
        case .checkpoint(let request) where ModelKind.detect(request.checkpoint) == .gpt2 && request.integer:
            progress("calibrating and building the integer design of \(request.checkpoint)…")
            let m = try request.loadGPT2Integer()
            let c = m.model.config
            let summary = "GPT-2 checkpoint \((request.checkpoint as NSString).lastPathComponent) (channels \(c.channels), "
                + "\(c.nLayers) layers, \(c.nHeads) heads, vocab \(c.vocabSize) padded to \(c.paddedVocabSize), seq \(c.maxSeqLen)), "
                + "\(Self.describe(LlamaWeights.q8(groupSize: m.groupSize))), integer profile"
            return [SelectedDesign(name: request.gpt2FolderName(m.model, m.design), summary: summary, design: m.design, isModel: true)]
        case .checkpoint(let request) where ModelKind.detect(request.checkpoint) == .gpt2:
            let model = try GPT2Model.load(checkpoint: request.checkpoint, quantization: request.quantization, groupSize: request.groupSize)
            progress("building the forward design of \(request.checkpoint)…")
            let bound = try request.gpt2Design(model)
            let c = model.config
            let summary = "GPT-2 checkpoint \((request.checkpoint as NSString).lastPathComponent) (channels \(c.channels), "
                + "\(c.nLayers) layers, \(c.nHeads) heads, vocab \(c.vocabSize) padded to \(c.paddedVocabSize), seq \(c.maxSeqLen)), "
                + "\(Self.describe(model.weights)), \(request.schedule.rawValue) schedule, \(bound.profile) profile"
            return [SelectedDesign(name: request.gpt2FolderName(model, bound.design), summary: summary, design: bound.design, isModel: true)]
        case .checkpoint(let request) where request.integer:
            progress("calibrating and building the integer design of \(request.checkpoint)…")
            let m = try request.loadInteger()
            let summary = "checkpoint \((request.checkpoint as NSString).lastPathComponent) (\(Self.describe(m.model.shape))), "
                + "\(Self.describe(m.model.weights)), integer profile"
            return [SelectedDesign(name: request.folderName(m.model, m.design), summary: summary, design: m.design, isModel: true)]
        case .checkpoint(let request):
            let (model, configuration) = try request.loadInputs()
            progress("building the forward design of \(request.checkpoint)…")
            let design = try request.design(model, configuration)
            let weights = Self.describe(model.weights)
            let summary = "checkpoint \((request.checkpoint as NSString).lastPathComponent) (\(Self.describe(model.shape))), "
                + "\(weights), \(request.schedule.rawValue) schedule, \(request.profileName(design)) profile"
                + (request.fixed ? " (\(FixedProfile.activations(configuration).summary); \(design.profile) math)" : "")
            let forward = SelectedDesign(name: request.folderName(model, design), summary: summary, design: design, isModel: true)
            guard let block = prefillBlock else { return [forward] }
            progress("building the prefill design (blocks of \(block))…")
            let prefill = try request.prefillDesign(model, block: block, forward: design)
            return [SelectedDesign(name: forward.name + "-prefill\(block)", summary: summary + ", prefill in blocks of \(block)",
                                   design: prefill, isModel: true, tokensPerCall: block), forward]
        case .gpt2Shape(let name, let shape, let weights, _, _, _) where integer:
            progress("building the integer design of \(name) (nominal scales: a shape has no model to calibrate)…")
            let design: Design
            do {
                design = try IntegerGPT2Forward.design(shape, groupSize: weights.groupSize ?? 1, scales: try IntegerGPT2Scales.nominal(shape))
            } catch {
                throw DriverError("--shape \(name) has no integer design: \(error.problems.joined(separator: "; "))")
            }
            let summary = "\(name) shape (channels \(shape.channels), \(shape.layers) layers, \(shape.heads) heads, vocab \(shape.vocab) "
                + "padded to \(shape.paddedVocab), seq \(shape.seqLen)), \(Self.describe(weights)), integer profile (nominal scales)"
            return [SelectedDesign(name: "\(name)-q80-integer", summary: summary, design: design, isModel: true)]
        case .gpt2Shape(let name, let shape, let weights, let schedule, let profile, let engines):
            progress("building the forward design of \(name)…")
            let design: Design
            let engines = engines ?? 1
            do { design = try GPT2Forward.design(shape, weights: weights, profile: profile, schedule: schedule, engines: engines) } catch {
                throw DriverError("--shape \(name) has no forward design: \(error.problems.joined(separator: "; "))")
            }
            let summary = "\(name) shape (channels \(shape.channels), \(shape.layers) layers, \(shape.heads) heads, vocab \(shape.vocab) "
                + "padded to \(shape.paddedVocab), seq \(shape.seqLen)), \(Self.describe(weights)), \(schedule.rawValue) schedule"
                + (engines > 1 ? " on \(engines) engines" : "") + ", \(profile) profile"
            let folder = "\(name)-\(weights.variant)-\(schedule.rawValue)" + (engines > 1 ? "-e\(engines)" : "") + (profile == .exact ? "-exact" : "")
            let forward = SelectedDesign(name: folder, summary: summary, design: design, isModel: true)
            guard let block = prefillBlock else { return [forward] }
            if engines > 1 { throw DriverError("option --prefill needs a one-engine forward design (--engines is \(engines))") }
            progress("building the prefill design (blocks of \(block))…")
            let prefill: Design
            do { prefill = try GPT2Prefill.design(shape, weights: weights, profile: profile, schedule: schedule, block: block, forward: design.schedule) } catch {
                throw DriverError("--shape \(name) has no prefill design: \(error.problems.joined(separator: "; "))")
            }
            return [SelectedDesign(name: folder + "-prefill\(block)", summary: summary + ", prefill in blocks of \(block)",
                                   design: prefill, isModel: true, tokensPerCall: block), forward]
        case .shape(let name, let shape, let weights, let schedule, let profile, _) where fixed:
            progress("building the fixed design of \(name) (default activation formats: a shape takes no config file)…")
            let design: Design
            let activations = FixedActivations()
            do { design = try FixedLlamaForward.design(shape, weights: weights, profile: profile, activations: activations, schedule: schedule) } catch {
                throw DriverError("--shape \(name) has no fixed design: \(error.problems.joined(separator: "; "))")
            }
            let summary = "\(name) shape (\(Self.describe(shape))), \(Self.describe(weights)), \(schedule.rawValue) schedule, fixed profile (\(activations.summary))"
            return [SelectedDesign(name: "\(name)-\(weights.variant)-\(schedule.rawValue)-fixed", summary: summary, design: design, isModel: true)]
        case .shape(let name, let shape, let weights, _, _, _) where integer:
            progress("building the integer design of \(name) (nominal scales: a shape has no model to calibrate)…")
            let design: Design
            do {
                design = try IntegerLlamaForward.design(shape, groupSize: weights.groupSize ?? 1, scales: try IntegerLlamaScales.nominal(shape))
            } catch {
                throw DriverError("--shape \(name) has no integer design: \(error.problems.joined(separator: "; "))")
            }
            let summary = "\(name) shape (\(Self.describe(shape))), \(Self.describe(weights)), integer profile (nominal scales)"
            return [SelectedDesign(name: "\(name)-q80-integer", summary: summary, design: design, isModel: true)]
        case .shape(let name, let shape, let weights, let schedule, let profile, let engines):
            progress("building the forward design of \(name)…")
            let design: Design
            let engines = engines ?? 1
            do { design = try LlamaForward.design(shape, weights: weights, profile: profile, schedule: schedule, engines: engines) } catch {
                throw DriverError("--shape \(name) has no forward design: \(error.problems.joined(separator: "; "))")
            }
            let variant = weights.variant
            let folder = "\(name)-\(variant)-\(schedule.rawValue)" + (engines > 1 ? "-e\(engines)" : "") + (profile == .exact ? "-exact" : "")
            let summary = "\(name) shape (\(Self.describe(shape))), \(Self.describe(weights)), \(schedule.rawValue) schedule"
                + (engines > 1 ? " on \(engines) engines" : "") + ", \(profile) profile"
            let forward = SelectedDesign(name: folder, summary: summary, design: design, isModel: true)
            guard let block = prefillBlock else { return [forward] }
            if engines > 1 { throw DriverError("option --prefill needs a one-engine forward design (--engines is \(engines))") }
            progress("building the prefill design (blocks of \(block))…")
            let prefill: Design
            do { prefill = try LlamaPrefill.design(shape, weights: weights, profile: profile, schedule: schedule, block: block) } catch {
                throw DriverError("--shape \(name) has no prefill design: \(error.problems.joined(separator: "; "))")
            }
            return [SelectedDesign(name: folder + "-prefill\(block)", summary: summary + ", prefill in blocks of \(block)",
                                   design: prefill, isModel: true, tokensPerCall: block), forward]
        }
    }

    static func describe(_ s: LlamaShape) -> String {
        "dim \(s.dim), hidden \(s.hidden), \(s.layers) layers, \(s.heads) heads, \(s.kvHeads) kv heads, vocab \(s.vocab), seq \(s.seqLen)"
    }

    static func describe(_ w: LlamaWeights) -> String {
        switch w {
        case .float: return "float weights"
        case .q8(let gs): return "Q8_0 weights (group \(gs))"
        case .q4(let gs): return "Q4 weights (group \(gs))"
        }
    }
}

/// One design chosen for estimation, with the name its files and report sections use.
struct SelectedDesign {
    var name: String
    var summary: String
    var design: Design
    var isModel: Bool
    /// Tokens one call of the top function processes: 1, or a prefill design's block.
    var tokensPerCall = 1
}
