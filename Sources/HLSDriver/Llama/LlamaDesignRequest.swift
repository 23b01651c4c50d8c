import Foundation
import HLSConfig
import HLSIR
import HLSLayers

/// The options that choose a checkpoint's forward design, shared by `run`, `generate` and
/// `verify`: `--checkpoint C [--quantize [q8|q4] [--group-size N]] [--schedule reference|hardware|hlstransform]
/// [--profile libm|exact|integer|fixed] [--config F]`.
struct LlamaDesignRequest {
    static let valued: Set<String> = ["--checkpoint", "--group-size", "--schedule", "--profile", "--config", "--engines"]
    static let flags: Set<String> = ["--quantize"]
    /// Flags that may take a value: `--quantize` alone means q8.
    static let optionalValue: Set<String> = ["--quantize"]

    var checkpoint: String
    /// `--quantize` (q8), `--quantize q8|q4`, or nil.
    var quantization: LlamaQuantization?
    var quantize: Bool { quantization != nil }
    var groupSize: Int?
    var schedule: LlamaSchedule
    /// Nil: the config file's profile, else libm.
    var profile: MathProfile?
    var config: String?
    /// Nil: the config file's `engines`, else 1.
    var engines: Int?
    /// `--profile integer`: the integer design (`IntegerLlamaForward`), not a `MathProfile`.
    var integer = false
    /// `--profile fixed`: the fixed-point activations design (`FixedLlamaForward`), formats from `--config`.
    var fixed = false

    /// `defaultSchedule` applies when `--schedule` is not given (`estimate` and `report`
    /// default to the hardware schedule, the others to the reference).
    init(_ a: Arguments, defaultSchedule: LlamaSchedule = .reference) throws(DriverError) {
        guard let c = a.value("--checkpoint") else { throw DriverError("option --checkpoint is required (a llama2.c or llm.c GPT-2 checkpoint file)") }
        checkpoint = c
        quantization = try Self.quantization(a)
        if a.value("--group-size") != nil { groupSize = try a.positiveInt("--group-size", default: 1) }
        schedule = try Self.choice(a, "--schedule", default: defaultSchedule)
        if let p = a.value("--profile"), p == FixedProfile.name, ModelKind.detect(c) == .gpt2 {
            throw DriverError("option --profile \(p) is for llama2.c checkpoints; \(c) is an llm.c GPT-2 checkpoint (its designs take libm, exact or integer)")
        }
        if a.value("--profile") == IntegerProfile.name {
            integer = true
            try IntegerProfile.rejectOptions(a, quantization: quantization)
        } else if a.value("--profile") == FixedProfile.name {
            fixed = true
            try FixedProfile.rejectOptions(a)
        } else {
            profile = a.value("--profile") == nil ? nil : try Self.choice(a, "--profile", default: MathProfile.libm)
        }
        config = a.value("--config")
        if a.value("--engines") != nil { engines = try a.positiveInt("--engines", default: 1) }
    }

    /// `--quantize` alone is q8; `--quantize q8|q4`; nil without the flag.
    static func quantization(_ a: Arguments) throws(DriverError) -> LlamaQuantization? {
        guard a.flag("--quantize") else { return nil }
        guard let s = a.value("--quantize") else { return .q8 }
        guard let q = LlamaQuantization(rawValue: s) else {
            throw DriverError("option --quantize is '\(s)'; expected q8 or q4 (or nothing, meaning q8)")
        }
        return q
    }

    /// Rejects the design options when no checkpoint is given (they would be ignored).
    static func rejectWithoutCheckpoint(_ a: Arguments) throws(DriverError) {
        for name in ["--quantize", "--group-size", "--schedule", "--profile", "--engines", "--prefill"] where a.flag(name) || a.value(name) != nil {
            throw DriverError("option \(name) needs --checkpoint (it chooses the forward design of a checkpoint)")
        }
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ a: Arguments, _ name: String, default fallback: T) throws(DriverError) -> T
    where T.RawValue == String {
        guard let s = a.value(name) else { return fallback }
        guard let v = T(rawValue: s) else {
            throw DriverError("option \(name) is '\(s)'; expected \(T.allCases.map(\.rawValue).joined(separator: " or "))")
        }
        return v
    }

    /// Loads the checkpoint and builds its design, with the config file's schedule overrides
    /// merged in and validated by dotted name.
    /// The model and its forward design with the config's overrides, bound once.
    func load() throws -> (LlamaModel, BoundDesign) {
        if integer {
            let m = try loadInteger()
            return (m.model, try BoundDesign.binding(m.design))
        }
        let (model, configuration) = try loadInputs()
        return (model, try BoundDesign.binding(try design(model, configuration)))
    }

    /// The integer profile's model: a Q8_0 checkpoint as it is, a float one quantized to Q8_0
    /// (`--group-size` or the default), the scales calibrated on the float model.
    func loadInteger() throws -> IntegerLlamaModel {
        let raw = try LlamaModel.load(checkpoint: checkpoint)
        switch raw.checkpoint {
        case .float(let f):
            let q8 = LlamaModel(checkpoint: .q8(try LlamaModel.quantized(f, groupSize: groupSize)), name: raw.name)
            return try IntegerLlamaModel(model: q8, reference: raw)
        default:
            if groupSize != nil || quantization != nil {
                throw DriverError("\(checkpoint): is already a Q8_0 checkpoint; --quantize and --group-size expect a float (version 0) checkpoint")
            }
            return try IntegerLlamaModel(model: raw, reference: raw)
        }
    }

    /// Reads the checkpoint and the config file (the part of `load` that reads files).
    func loadInputs() throws -> (LlamaModel, Configuration?) {
        let model = try LlamaModel.load(checkpoint: checkpoint, quantization: quantization, groupSize: groupSize)
        let configuration = try config.map { path throws(ConfigError) in try Configuration.load(path: path) }
        return (model, configuration)
    }

    /// The model's design with the config file's overrides merged in and validated.
    func design(_ model: LlamaModel, _ configuration: Configuration?) throws -> Design {
        if fixed { return try FixedProfile.design(model, configuration, schedule: schedule) }
        let chosen = profile ?? configuration?.parameters.profile ?? .libm
        var design = try model.design(profile: chosen, schedule: schedule, engines: engines ?? configuration?.engines ?? 1)
        if let configuration { design = try configuration.apply(to: [design])[0] }
        return design
    }

    /// The prefill design for blocks of `block` tokens beside `forward` (this request's
    /// forward design): its profile, and its schedule with the config's overrides carried
    /// over to the names the prefill design shares or mirrors.
    func prefillDesign(_ model: LlamaModel, block: Int, forward: Design) throws(DriverError) -> Design {
        let e = LlamaForward.engines(of: forward)
        if e > 1 { throw DriverError("option --prefill needs a one-engine forward design (this one has \(e) engines)") }
        guard schedule != .hlstransform else { throw DriverError("option --prefill needs the reference or hardware schedule") }
        return try model.prefillDesign(profile: forward.profile, schedule: schedule, block: block, forward: forward.schedule)
    }

    /// The engine count of `--engines` or the config file's `engines` (else 1): with
    /// `--devices`, each device's.
    func deviceEngines() throws -> Int {
        if let engines { return engines }
        return try config.map { path throws(ConfigError) in try Configuration.load(path: path) }?.engines ?? 1
    }

    /// The same request with one engine (the one-device design beside a split over devices,
    /// whose engines are per device).
    func withOneEngine() -> LlamaDesignRequest {
        var r = self
        r.engines = 1
        return r
    }

    /// The profile a design of this request is printed with: `integer`, `fixed`, or the design's math profile.
    func profileName(_ design: Design) -> String {
        integer ? IntegerProfile.name : fixed ? FixedProfile.name : design.profile.rawValue
    }

    /// `<checkpoint name>-<float|q80|q4>-<schedule>`, with `-e<N>` for N engines and `-exact` for
    /// the exact profile; `-fixed` after the schedule for the fixed profile.
    func folderName(_ model: LlamaModel, _ design: Design) -> String {
        if integer { return "\(model.name)-q80-\(IntegerProfile.name)" }
        if fixed { return "\(model.name)-\(model.variant)-\(schedule.rawValue)-\(FixedProfile.name)" + (design.profile == .exact ? "-exact" : "") }
        let e = LlamaForward.engines(of: design)
        return "\(model.name)-\(model.variant)-\(schedule.rawValue)" + (e > 1 ? "-e\(e)" : "") + (design.profile == .exact ? "-exact" : "")
    }
}
