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
    static func designs(_ request: LlamaDesignRequest, devices n: Int) throws -> (name: String, [Design]) {
        var designs: [Design] = []
        let name: String
        if ModelKind.detect(request.checkpoint) == .gpt2 {
            let model = try GPT2Model.load(checkpoint: request.checkpoint, quantize: request.quantize, groupSize: request.groupSize)
            let forward = try request.gpt2Design(model)
            let problems = GPT2Devices.problems(model.shape, devices: n)
            if !problems.isEmpty { throw DriverError("option --devices: \(problems.joined(separator: "; "))") }
            let schedule = try request.gpt2Schedule()
            do {
                designs = try (0..<n).map { e throws(DesignError) in
                    try GPT2Devices.design(model.shape, weights: model.weights, profile: forward.profile, schedule: schedule,
                                           devices: n, device: e)
                }
            } catch { throw DriverError("the model has no design on \(n) devices: \(error.problems.joined(separator: "; "))") }
            name = request.gpt2FolderName(model, forward.design)
        } else {
            let (model, forward) = try request.load()
            if LlamaForward.engines(of: forward.design) > 1 { throw DriverError("option --devices cannot be combined with several engines (each device runs one engine)") }
            let problems = LlamaDevices.problems(model.shape, devices: n)
            if !problems.isEmpty { throw DriverError("option --devices: \(problems.joined(separator: "; "))") }
            do {
                designs = try (0..<n).map { e throws(DesignError) in
                    try LlamaDevices.design(model.shape, weights: model.weights, profile: forward.profile, schedule: request.schedule,
                                            devices: n, device: e)
                }
            } catch { throw DriverError("the model has no design on \(n) devices: \(error.problems.joined(separator: "; "))") }
            name = request.folderName(model, forward.design)
        }
        return ("\(name)-d\(n)", designs)
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
