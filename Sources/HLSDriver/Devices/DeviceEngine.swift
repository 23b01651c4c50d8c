import HLSIR
import HLSInterpreter
import HLSLayers

/// A model split over N devices (`LlamaDevices`, `GPT2Devices`) run by the interpreter: one
/// compiled device design per device, each bound to its slices of the weights (filled by the
/// argument roles, as the multi-device host fills them), and the host's part — the calls of
/// `DeviceStage.sequence` on every device, their outputs all-gathered in device order and
/// written to every device as the next call's input — here in Swift, as the multi-device host
/// does it over PCIe.
public final class DeviceEngine {
    public let devices: [BoundDesign]
    private let runs: [PreparedRun]
    private let calls: [DeviceCall]
    /// Per device: its stage input's elements, and its output words per stage.
    private let inputCounts: [Int]
    private let outputWords: [[Int]]
    private let names: (stage: String, layer: String, token: String, pos: String, input: String, output: String)

    /// `designs[e]` is device e's design, `inputs[e]` its arguments (weights sliced, caches
    /// and residual zeroed: `RoleInputs`).
    public init(designs: [BoundDesign], inputs: [[String: BufferData]]) throws(DriverError) {
        guard let first = designs.first?.design else { throw DriverError("no device designs") }
        func name(_ k: ArgumentRole.Kind) throws(DriverError) -> String {
            guard let n = first.roles.argument(k) else { throw DriverError("design \(first.top): no argument has the device role \(k)") }
            return n
        }
        let names = (stage: try name(.stage), layer: try name(.layer), token: try name(.token), pos: try name(.position),
                     input: try name(.stageInput), output: try name(.stageOutput))
        self.names = names
        var words: [[Int]] = [], counts: [Int] = [], layers = 0
        for d in designs.map(\.design) {
            guard case .stageOutput(let w)? = d.roles[names.output], let input = d.topKernel.buffer(names.input),
                  case .size(_, let maxLayer)? = d.topKernel.parameters.first(where: { $0.name == names.layer }) else {
                throw DriverError("design \(d.top): not a device kernel of the same split")
            }
            words.append(w)
            counts.append(input.count)
            layers = maxLayer + 1
        }
        devices = designs
        outputWords = words
        inputCounts = counts
        calls = DeviceStage.sequence(layers: layers)
        var prepared: [PreparedRun] = []
        do {
            for (d, i) in zip(designs, inputs) { prepared.append(try Interpreter(d).prepare(i)) }
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        runs = prepared
    }

    /// Runs `call` on every device (with `input` when it takes one), returning the outputs
    /// concatenated in device order (the all-gather).
    private func run(_ call: DeviceCall, input: [Float]) throws(DriverError) -> [Float] {
        var gathered: [Float] = []
        do {
            for (e, run) in runs.enumerated() {
                try run.setSize(names.stage, call.stage.rawValue)
                try run.setSize(names.layer, call.layer)
                if call.input {
                    var padded = input
                    if padded.count < inputCounts[e] { padded += [Float](repeating: 0, count: inputCounts[e] - padded.count) }
                    try run.setBuffer(names.input, .float(padded))
                }
                try run.execute()
                let n = outputWords[e][call.stage.rawValue]
                guard n > 0 else { continue }
                guard case .float(let out)? = run.output(names.output) else { throw DriverError("interpreter: device \(e) has no output") }
                gathered += out.prefix(n)
            }
        } catch let e as DriverError {
            throw e
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        return gathered
    }

    /// The logits after running position `pos` on `token`: the last call's gathered outputs.
    public func forward(token: Int, pos: Int) throws(DriverError) -> [Float] {
        do {
            for run in runs {
                try run.setSize(names.token, token)
                try run.setSize(names.pos, pos)
            }
        } catch {
            throw DriverError("interpreter: \(error)")
        }
        var gathered: [Float] = []
        for call in calls { gathered = try run(call, input: gathered) }
        return gathered
    }
}

/// The Llama split (`LlamaDevices`).
public typealias LlamaDeviceEngine = DeviceEngine

extension DeviceEngine {
    /// `designs[e]` must be `LlamaDevices.design(…, devices: designs.count, device: e)` of
    /// `model`'s shape.
    public convenience init(designs: [BoundDesign], model: LlamaModel) throws(DriverError) {
        var inputs: [[String: BufferData]] = []
        for d in designs { inputs.append(try model.inputs(for: d)) }
        try self.init(designs: designs, inputs: inputs)
    }
}
