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

    /// `<checkpoint name>-<float|q80|q4>-<schedule>`, `-e<N>` for N engines, `-exact` for the
    /// exact profile.
    func gpt2FolderName(_ model: GPT2Model, _ design: Design) -> String {
        let e = EngineWeights.engines(of: design)
        return "\(model.name)-\(model.variant)-\(schedule.rawValue)" + (e > 1 ? "-e\(e)" : "") + (design.profile == .exact ? "-exact" : "")
    }
}
