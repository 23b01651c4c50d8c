import HLSConfig
import HLSIR
import HLSLayers

/// `--profile fixed`: the Llama design whose activations are held as `ap_fixed` between its
/// sub-kernels (`FixedLlamaForward`), with the formats of the config file's `activations`
/// (or the defaults), the config's math profile (`profile`, default libm) for the float
/// sub-kernels, and the reference or hardware schedule (`FixedLlamaSchedule`). Like the integer profile it is a design of its own rather than a
/// `MathProfile` case: it changes the types of the tensors, not how e^x is computed.
enum FixedProfile {
    static let name = "fixed"

    /// The options the fixed design does not take, one line each.
    static func rejectOptions(_ a: Arguments) throws(DriverError) {
        for name in ["--engines", "--prefill", "--devices"] where a.value(name) != nil {
            throw DriverError("option \(name) cannot be combined with --profile fixed (the fixed design has one engine and no prefill or multi-device variant)")
        }
        if a.value("--schedule") == LlamaSchedule.hlstransform.rawValue {
            throw DriverError("option --schedule is 'hlstransform'; --profile fixed takes the reference or hardware schedule")
        }
    }

    /// The formats of `configuration`'s `activations`, or the defaults.
    static func activations(_ configuration: Configuration?) -> FixedActivations {
        configuration?.activations ?? FixedActivations()
    }

    /// The fixed design of `model` with `configuration`'s formats, math profile and schedule
    /// entries merged over `schedule`.
    static func design(_ model: LlamaModel, _ configuration: Configuration?, schedule: LlamaSchedule = .reference,
                       probe: Bool = false) throws -> Design {
        try model.checkSizes()
        var design: Design
        do {
            design = try FixedLlamaForward.design(model.shape, weights: model.weights, profile: configuration?.parameters.profile ?? .libm,
                                                  activations: activations(configuration), schedule: schedule, probe: probe)
        } catch {
            throw DriverError("the checkpoint's shape has no fixed design: \(error.problems.joined(separator: "; "))")
        }
        if let configuration { design = try configuration.apply(to: [design])[0] }
        return design
    }
}
