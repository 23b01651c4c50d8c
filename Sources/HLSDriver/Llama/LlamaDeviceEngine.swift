import HLSIR
import HLSInterpreter
import HLSLayers

/// The forward pass on N devices (`LlamaDevices`) run by the interpreter: one compiled
/// device design per device, each bound to its slices of the weights, and the host's part —
/// running every stage on every device and all-gathering their outputs — here in Swift, as
/// the generated multi-device host does it over PCIe.
public final class LlamaDeviceEngine {
    public let devices: [BoundDesign]
    public let slices: [LlamaDevices.Slice]
    private let runs: [PreparedRun]
    private let shape: LlamaShape
    private let inputCount: Int

    /// `designs[e]` must be `LlamaDevices.design(…, devices: designs.count, device: e)` of
    /// `model`'s shape.
    public init(designs: [BoundDesign], model: LlamaModel) throws(DriverError) {
        devices = designs
        shape = model.shape
        slices = LlamaDevices.slices(model.shape, devices: designs.count)
        var prepared: [PreparedRun] = []
        do {
            for (e, d) in designs.enumerated() {
                prepared.append(try Interpreter(d).prepare(model.deviceInputs(slices[e], design: d.design)))
            }
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        runs = prepared
        inputCount = Swift.max(model.shape.dim, model.shape.hidden)
    }

    /// Runs `stage` on every device with `input`, returning the outputs concatenated in
    /// device order (the all-gather).
    private func stage(_ stage: LlamaDevices.Stage, layer: Int, input: [Float]?) throws(DriverError) -> [Float] {
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
                let n = slices[e].outputCount(stage, shape)
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
        for l in 0..<shape.layers {
            let heads = try stage(.attention, layer: l, input: l == 0 ? nil : delta)
            let projected = try stage(.projection, layer: l, input: heads)
            let hidden = try stage(.up, layer: l, input: projected)
            delta = try stage(.down, layer: l, input: hidden)
        }
        return try stage(.final, layer: 0, input: delta)
    }
}
