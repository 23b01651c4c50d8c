import Foundation
import HLSEmitter
import HLSIR
import HLSLayers

/// `hlsgen generate --checkpoint C --devices N`: the device kernels of the model split over N
/// devices (`LlamaDevices`, `GPT2Devices`), one folder per distinct device design (a device
/// role: devices whose slices have the same shape run the same kernel), each with its kernel,
/// self-checking testbench (seeded inputs: a stage, layer, token and position from the seed),
/// HLS build files and connectivity files: `<folder>/device<e>[-<last>]/`; and the
/// multi-device host that drives them at `<folder>/`.
public enum DeviceFiles {
    /// The device designs of the request's model, device 0 first, and the folder name.
    /// `--engines E` (or the config's `engines`) is each device's engine count.
    static func designs(_ request: LlamaDesignRequest, devices n: Int) throws -> (name: String, [Design]) {
        var designs: [Design] = []
        let name: String
        let engines = try request.deviceEngines()
        let oneDevice = request.withOneEngine()
        if ModelKind.detect(request.checkpoint) == .gpt2 {
            let model = try GPT2Model.load(checkpoint: request.checkpoint, quantization: request.quantization, groupSize: request.groupSize)
            let forward = try oneDevice.gpt2Design(model)
            designs = try gpt2Designs(model, profile: forward.profile, schedule: try request.gpt2Schedule(), devices: n, engines: engines)
            name = request.gpt2FolderName(model, forward.design)
        } else {
            let (model, forward) = try oneDevice.load()
            designs = try llamaDesigns(model, profile: forward.profile, schedule: request.schedule, devices: n, engines: engines)
            name = request.folderName(model, forward.design)
        }
        return ("\(name)-d\(n)" + (engines > 1 ? "-e\(engines)" : ""), designs)
    }

    /// The N device designs of a Llama model, `engines` engines each; one-line errors naming
    /// the option.
    static func llamaDesigns(_ model: LlamaModel, profile: MathProfile, schedule: LlamaSchedule, devices n: Int,
                             engines: Int) throws(DriverError) -> [Design] {
        try designs(devices: n, LlamaDevices.problems(model.shape, devices: n),
                    LlamaDevices.engineProblems(model.shape, devices: n, engines: engines, schedule: schedule)) { e throws(DesignError) in
            try LlamaDevices.design(model.shape, weights: model.weights, profile: profile, schedule: schedule, devices: n, device: e, engines: engines)
        }
    }

    /// The N device designs of a GPT-2 model, `engines` engines each.
    static func gpt2Designs(_ model: GPT2Model, profile: MathProfile, schedule: GPT2Schedule, devices n: Int,
                            engines: Int) throws(DriverError) -> [Design] {
        try designs(devices: n, GPT2Devices.problems(model.shape, devices: n),
                    GPT2Devices.engineProblems(model.shape, devices: n, engines: engines, schedule: schedule)) { e throws(DesignError) in
            try GPT2Devices.design(model.shape, weights: model.weights, profile: profile, schedule: schedule, devices: n, device: e, engines: engines)
        }
    }

    /// `build(e)` for every device, after the split's problems (`--devices`) and the engines'
    /// (`--engines`), each a one-line error naming its option.
    static func designs(devices n: Int, _ problems: [String], _ engineProblems: [String],
                        build: (Int) throws(DesignError) -> Design) throws(DriverError) -> [Design] {
        if !problems.isEmpty { throw DriverError("option --devices: \(problems.joined(separator: "; "))") }
        if !engineProblems.isEmpty { throw DriverError("option --engines: \(engineProblems.joined(separator: "; "))") }
        do {
            return try (0..<n).map { e throws(DesignError) in try build(e) }
        } catch { throw DriverError("the model has no design on \(n) devices: \(error.problems.joined(separator: "; "))") }
    }

    /// The whole folder of a split model: every role's kernel, testbench and HLS build files
    /// under `<role folder>/` with its connectivity files, and at the top the multi-device host
    /// (`HostEmitter.emitDevices`: host.cpp, host_runtime.h, the model header, system.mk).
    public static func emit(_ designs: [Design], name: String, target: BuildTarget, seed: UInt64) throws -> [EmittedFile] {
        let devices = try designs.map { d throws in try BoundDesign.binding(d) }
        var out: [EmittedFile] = []
        for role in DeviceRole.roles(of: devices) {
            for (_, files) in try Generator.emit([role.design], target: target, seed: seed) {
                out += files.map { EmittedFile(path: "\(role.folder)/\($0.path)", bytes: $0.bytes) }
            }
        }
        return out + (try HostEmitter.emitDevices(devices, name: name))
    }
}
