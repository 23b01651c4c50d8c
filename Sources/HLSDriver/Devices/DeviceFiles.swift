import Foundation
import HLSEmitter
import HLSIR
import HLSLayers

/// `hlsgen generate --checkpoint C --devices N`: the device kernels of the model split over N
/// devices (`LlamaDevices`, `GPT2Devices`), one folder per distinct device design (a device
/// role: devices whose slices have the same shape run the same kernel), each with its kernel,
/// self-checking testbench (seeded inputs: a stage, layer, token and position from the seed)
/// and HLS build files: `<folder>/device<e>[-<last>]/`.
enum DeviceFiles {
    /// The device designs of the request's model, by role: (devices that run it, design).
    /// `--engines E` (or the config's `engines`) is each device's engine count.
    static func roles(_ request: LlamaDesignRequest, devices n: Int) throws -> (name: String, [(ClosedRange<Int>, Design)]) {
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
        // Consecutive devices with the same design share a role (splits give the larger
        // slices first, so equal designs are neighbours).
        var roles: [(ClosedRange<Int>, Design)] = []
        for (e, d) in designs.enumerated() {
            if let last = roles.last, last.1 == d { roles[roles.count - 1].0 = last.0.lowerBound ... e } else { roles.append((e ... e, d)) }
        }
        return ("\(name)-d\(n)" + (engines > 1 ? "-e\(engines)" : ""), roles)
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

    /// The folder name of a role: `device0`, or `device0-3` for devices 0 … 3.
    static func folder(_ devices: ClosedRange<Int>) -> String {
        devices.count == 1 ? "device\(devices.lowerBound)" : "device\(devices.lowerBound)-\(devices.upperBound)"
    }

    /// Every role's files under `<root>/<role folder>/`.
    static func emit(_ roles: [(ClosedRange<Int>, Design)], target: BuildTarget, seed: UInt64) throws -> [(String, [EmittedFile])] {
        var out: [(String, [EmittedFile])] = []
        for (devices, design) in roles {
            let bound = try BoundDesign.binding(design)
            for (_, files) in try Generator.emit([bound], target: target, seed: seed) { out.append((folder(devices), files)) }
        }
        return out
    }
}
