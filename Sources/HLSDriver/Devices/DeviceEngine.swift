import HLSIR
import HLSInterpreter
import HLSLayers

/// A model split over N devices (`LlamaDevices`, `GPT2Devices`) run by the interpreter: one
/// compiled device design per device, each bound to its slices of the weights, and the host's
/// part — every `DeviceStage` on every device, their outputs all-gathered in device order and
/// written to every device as the next stage's input — here in Swift, as a multi-device host
/// does it over PCIe.
public final class DeviceEngine {
    public let devices: [BoundDesign]
    private let runs: [PreparedRun]
    private let layers: Int
    private let inputCount: Int
    /// Output words of device e in a stage.
    private let outputCount: (DeviceStage, Int) -> Int

    /// `designs[e]` is device e's design, `inputs[e]` its arguments (weights sliced, caches
    /// and residual zeroed).
    public init(designs: [BoundDesign], inputs: [[String: BufferData]], layers: Int, inputCount: Int,
                outputCount: @escaping (DeviceStage, Int) -> Int) throws(DriverError) {
        devices = designs
        self.layers = layers
        self.inputCount = inputCount
        self.outputCount = outputCount
        var prepared: [PreparedRun] = []
        do {
            for (d, i) in zip(designs, inputs) { prepared.append(try Interpreter(d).prepare(i)) }
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        runs = prepared
    }

    /// Runs `stage` on every device with `input`, returning the outputs concatenated in
    /// device order (the all-gather).
    private func stage(_ stage: DeviceStage, layer: Int, input: [Float]?) throws(DriverError) -> [Float] {
        var gathered: [Float] = []
        do {
            for (e, run) in runs.enumerated() {
                try run.setSize("stage", stage.rawValue)
                try run.setSize("layer", layer)
                if let input {
                    var padded = input
                    if padded.count < inputCount { padded += [Float](repeating: 0, count: inputCount - padded.count) }
                    try run.setBuffer("input", .float(padded))
                }
                try run.execute()
                let n = outputCount(stage, e)
                guard n > 0 else { continue }
                guard case .float(let out)? = run.output("output") else { throw DriverError("interpreter: device \(e) has no output") }
                gathered += out.prefix(n)
            }
        } catch let e as DriverError {
            throw e
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        return gathered
    }

    /// The logits after running position `pos` on `token`.
    public func forward(token: Int, pos: Int) throws(DriverError) -> [Float] {
        do {
            for run in runs {
                try run.setSize("token", token)
                try run.setSize("pos", pos)
            }
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        _ = try stage(.embed, layer: 0, input: nil)
        var delta: [Float] = []
        for l in 0..<layers {
            let heads = try stage(.attention, layer: l, input: l == 0 ? nil : delta)
            let projected = try stage(.projection, layer: l, input: heads)
            let hidden = try stage(.up, layer: l, input: projected)
            delta = try stage(.down, layer: l, input: hidden)
        }
        return try stage(.final, layer: 0, input: delta)
    }
}

/// The Llama split (`LlamaDevices`).
public typealias LlamaDeviceEngine = DeviceEngine

extension DeviceEngine {
    /// `designs[e]` must be `LlamaDevices.design(…, devices: designs.count, device: e)` of
    /// `model`'s shape.
    public convenience init(designs: [BoundDesign], model: LlamaModel) throws(DriverError) {
        let s = model.shape
        let slices = LlamaDevices.slices(s, devices: designs.count)
        var inputs: [[String: BufferData]] = []
        for (slice, d) in zip(slices, designs) { inputs.append(try model.deviceInputs(slice, design: d.design)) }
        try self.init(designs: designs, inputs: inputs,
                      layers: s.layers, inputCount: Swift.max(s.dim, s.hidden)) { stage, e in slices[e].outputCount(stage, s) }
    }
}
