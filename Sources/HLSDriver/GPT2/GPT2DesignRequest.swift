import Foundation
import HLSConfig
import HLSIR
import HLSLayers

/// The design options of `run`, `generate`, `verify` and `estimate` (`LlamaDesignRequest`'s
/// parsing) applied to a GPT-2 checkpoint: `--schedule reference|hardware`, `--profile`,
/// `--quantize [--group-size N]`, `--config F`, `--engines N` (the products on N engines).
extension LlamaDesignRequest {
    /// The GPT-2 schedule of `--schedule` (the Llama-only `hlstransform` is an error).
    func gpt2Schedule() throws(DriverError) -> GPT2Schedule {
        guard let s = GPT2Schedule(rawValue: schedule.rawValue) else {
            throw DriverError("option --schedule is '\(schedule.rawValue)'; a GPT-2 checkpoint has the schedules "
                              + GPT2Schedule.allCases.map(\.rawValue).joined(separator: " or "))
        }
        return s
    }

    /// The GPT-2 model and its forward design with the config's overrides, bound once.
    func loadGPT2() throws -> (GPT2Model, BoundDesign) {
        let model = try GPT2Model.load(checkpoint: checkpoint, quantization: quantization, groupSize: groupSize)
        return (model, try gpt2Design(model))
    }

    /// `model`'s forward design with the config file's overrides, bound.
    func gpt2Design(_ model: GPT2Model) throws -> BoundDesign {
        let configuration = try config.map { path throws(ConfigError) in try Configuration.load(path: path) }
        let e = engines ?? configuration?.engines ?? 1
        let problems = GPT2Forward.engineProblems(model.shape, engines: e, schedule: try gpt2Schedule())
        if !problems.isEmpty { throw DriverError("option --engines: \(problems.joined(separator: "; "))") }
        let chosen = profile ?? configuration?.parameters.profile ?? .libm
        var design = try model.design(profile: chosen, schedule: try gpt2Schedule(), engines: e)
        if let configuration { design = try configuration.apply(to: [design])[0] }
        return try BoundDesign.binding(design)
    }

    /// The prefill design for blocks of `block` tokens beside `forward` (`--prefill B`), bound:
    /// the forward design's directives (with the config's overrides) carried over.
    func gpt2PrefillDesign(_ model: GPT2Model, block: Int, forward: Design) throws(DriverError) -> BoundDesign {
        // The block's last index and its first position are sizes of at least 1.
        guard block >= 2 && block < model.config.maxSeqLen else {
            throw DriverError("option --prefill is '\(block)'; expected a block of 2 ... max_seq_len − 1 (\(model.config.maxSeqLen - 1)) tokens")
        }
        // The prefill design keeps the KV cache in one part per layer; the forward design
        // takes it over, so it must have one engine too.
        let e = EngineWeights.engines(of: forward)
        if e > 1 { throw DriverError("option --prefill needs a one-engine forward design (this one has \(e) engines)") }
        let d = try model.prefillDesign(profile: forward.profile, schedule: try gpt2Schedule(), block: block, forward: forward.schedule)
        do { return try BoundDesign.binding(d) } catch { throw DriverError("\(error)") }
    }

    /// `--profile integer`: the float checkpoint, its matrices quantized to Q8_0 (`--group-size`
    /// or the default), the scales calibrated on the float model (`IntegerGPT2Model`).
    func loadGPT2Integer() throws -> IntegerGPT2Model {
        try IntegerGPT2Model(model: try GPT2Model.load(checkpoint: checkpoint), groupSize: groupSize)
    }

    /// `<checkpoint name>-<float|q80|q4>-<schedule>`, `-e<N>` for N engines, `-exact` for the
    /// exact profile; `<checkpoint name>-q80-integer` for the integer profile.
    func gpt2FolderName(_ model: GPT2Model, _ design: Design) -> String {
        if integer { return "\(model.name)-q80-\(IntegerProfile.name)" }
        let e = EngineWeights.engines(of: design)
        return "\(model.name)-\(model.variant)-\(schedule.rawValue)" + (e > 1 ? "-e\(e)" : "") + (design.profile == .exact ? "-exact" : "")
    }
}
