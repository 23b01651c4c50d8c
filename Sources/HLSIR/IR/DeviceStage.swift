/// The stages of a model split over several devices by output rows (`LlamaDevices`,
/// `GPT2Devices`), in the order a token runs them: `embed` once, then per layer `attention`,
/// `projection`, `up`, `down`, then `final`. Each is one call of every device's kernel; the
/// host all-gathers the outputs of every stage but `embed`.
public enum DeviceStage: Int, CaseIterable, Sendable {
    case embed = 0, attention, projection, up, down, final

    /// Calls per token of a model with `layers` layers.
    public func calls(layers: Int) -> Int { self == .embed || self == .final ? 1 : layers }

    /// Whether the stage runs once per layer (else once per token).
    public var perLayer: Bool { self != .embed && self != .final }

    /// Whether the call at `layer` reads the input (the previous call's gathered outputs):
    /// every call but `embed` and the first layer's `attention` (nothing precedes it but the
    /// embedding, which each device computes on its own).
    public func takesInput(layer: Int) -> Bool { self != .embed && !(self == .attention && layer == 0) }

    /// The calls of one token, in order: what the interpreter's device engine runs and what
    /// the emitted multi-device host's stage plan lists. The last call's gathered outputs are
    /// the logits.
    public static func sequence(layers: Int) -> [DeviceCall] {
        var out = [DeviceCall(.embed, layer: 0)]
        for l in 0..<layers { for stage in allCases where stage.perLayer { out.append(DeviceCall(stage, layer: l)) } }
        out.append(DeviceCall(.final, layer: 0))
        return out
    }
}

/// One call of every device's kernel: a stage at a layer, and whether it takes the previous
/// call's gathered outputs as its input.
public struct DeviceCall: Hashable, Sendable {
    public let stage: DeviceStage
    public let layer: Int
    public var input: Bool { stage.takesInput(layer: layer) }

    public init(_ stage: DeviceStage, layer: Int) {
        self.stage = stage
        self.layer = layer
    }
}
