import HLSEstimator
import HLSIR
import HLSLayers

/// `hlsgen estimate … --devices N`: the model split over N devices (`LlamaDevices`). Each
/// distinct device design is estimated once per stage (its size `stage` fixed, so only that
/// stage's branch counts) and once whole (its resources: every stage's hardware); a token
/// costs per stage the slowest device plus the host's call and PCIe all-gather
/// (`HostLink`, `MultiDeviceEstimate`).
struct DeviceEstimation {
    struct Device: Sendable {
        /// What it holds (`3 kv`, `192/512/8000`).
        var heads: String
        var rows: String
        var estimate: DesignEstimate
        /// Bytes its m_axi bundles move per token: each stage's, times its calls.
        var bytesPerToken: Double
    }

    /// A model split over devices, as the estimate needs it.
    struct Split {
        var name: String
        var devices: Int
        /// Engines per device.
        var engines = 1
        var layers: Int
        /// Elements of the model dimension and of the hidden layer (the gathered inputs).
        var dim: Int
        var hidden: Int
        /// Devices with equal keys have equal designs (estimated once).
        var key: (Int) -> String
        var design: (Int) throws(DriverError) -> Design
        var outputCount: (DeviceStage, Int) -> Int
        var heads: (Int) -> String
        var rows: (Int) -> String
    }

    var model: String
    var board: HLSEstimator.Device
    var devices: [Device]
    var multi: MultiDeviceEstimate

    static func run(_ selection: DesignSelection, devices n: Int, _ target: TargetOptions, progress: (String) -> Void) throws -> DeviceEstimation {
        try run(try split(selection, devices: n), target, progress: progress)
    }

    /// The Llama or GPT-2 split of a selection.
    static func split(_ selection: DesignSelection, devices n: Int) throws -> Split {
        let engines = selection.deviceEngines
        if case .gpt2Shape(let name, let shape, let weights, let schedule, let profile, _) = selection.source {
            let problems = GPT2Devices.problems(shape, devices: n)
            if !problems.isEmpty { throw DriverError("option --devices: \(problems.joined(separator: "; "))") }
            let engineProblems = GPT2Devices.engineProblems(shape, devices: n, engines: engines, schedule: schedule)
            if !engineProblems.isEmpty { throw DriverError("option --engines: \(engineProblems.joined(separator: "; "))") }
            let slices = GPT2Devices.slices(shape, devices: n)
            return Split(name: "\(name)-\(weights.variant)", devices: n, engines: engines, layers: shape.layers, dim: shape.channels, hidden: shape.hidden,
                         key: { e in "\(slices[e].heads.count),\(slices[e].dimRows.count),\(slices[e].hiddenRows.count),\(slices[e].vocabRows.count)" },
                         design: { (e: Int) throws(DriverError) -> Design in
                             do { return try GPT2Devices.design(shape, weights: weights, profile: profile, schedule: schedule, devices: n, device: e, engines: engines) } catch {
                                 throw DriverError("the model has no design on \(n) devices: \((error as? DesignError)?.problems.joined(separator: "; ") ?? "\(error)")")
                             }
                         },
                         outputCount: { stage, e in slices[e].outputCount(stage, shape) },
                         heads: { e in "\(slices[e].heads.count)" },
                         rows: { e in "\(slices[e].dimRows.count)/\(slices[e].hiddenRows.count)/\(slices[e].vocabRows.count)" })
        }
        guard let (name, shape, weights, profile, schedule) = try selection.modelParameters() else {
            throw DriverError("option --devices needs --checkpoint or --shape")
        }
        let problems = LlamaDevices.problems(shape, devices: n)
        if !problems.isEmpty { throw DriverError("option --devices: \(problems.joined(separator: "; "))") }
        let engineProblems = LlamaDevices.engineProblems(shape, devices: n, engines: engines, schedule: schedule)
        if !engineProblems.isEmpty { throw DriverError("option --engines: \(engineProblems.joined(separator: "; "))") }
        let slices = LlamaDevices.slices(shape, devices: n)
        return Split(name: name, devices: n, engines: engines, layers: shape.layers, dim: shape.dim, hidden: shape.hidden,
                     key: { e in "\(slices[e].kvHeads.count),\(slices[e].dimRows.count),\(slices[e].hiddenRows.count),\(slices[e].vocabRows.count)" },
                     design: { (e: Int) throws(DriverError) -> Design in
                         do { return try LlamaDevices.design(shape, weights: weights, profile: profile, schedule: schedule, devices: n, device: e, engines: engines) } catch {
                             throw DriverError("the model has no design on \(n) devices: \((error as? DesignError)?.problems.joined(separator: "; ") ?? "\(error)")")
                         }
                     },
                     outputCount: { stage, e in slices[e].outputCount(stage, shape) },
                     heads: { e in "\(slices[e].kvHeads.count) kv" },
                     rows: { e in "\(slices[e].dimRows.count)/\(slices[e].hiddenRows.count)/\(slices[e].vocabRows.count)" })
    }

    static func run(_ split: Split, _ target: TargetOptions, progress: (String) -> Void) throws -> DeviceEstimation {
        let n = split.devices
        var byKey: [String: (DesignEstimate, [DeviceStage: Double], Double)] = [:]
        var out: [Device] = []
        var cycles: [DeviceStage: [Double]] = [:]
        for e in 0..<n {
            let key = split.key(e)
            if byKey[key] == nil {
                progress("estimating device \(e) of \(n) (\(split.heads(e)) heads, rows \(split.rows(e))) on \(target.device.name)…")
                let design = try split.design(e)
                let bound: BoundDesign
                do { bound = try BoundDesign.bind(design) } catch {
                    throw DriverError("device \(e)'s design does not validate: \(error.problems.joined(separator: "; "))")
                }
                let whole = Estimator.estimate(bound, device: target.device, clockMHz: target.clockMHz)
                var perStage: [DeviceStage: Double] = [:]
                var bytes = 0.0
                for stage in DeviceStage.allCases {
                    // Layer 1: the attention stage then includes the residual add of layers > 0.
                    let sizes = ["stage": stage.rawValue, "layer": Swift.min(1, split.layers - 1)]
                    let one = Estimator.estimate(bound, device: target.device, clockMHz: target.clockMHz, sizes: sizes)
                    perStage[stage] = Double(one.latency.avg)
                    bytes += Double(stage.calls(layers: split.layers)) * one.bundles.reduce(0.0) { $0 + Double($1.bytesRead + $1.bytesWritten) }
                }
                byKey[key] = (whole, perStage, bytes)
            }
            let (whole, perStage, bytes) = byKey[key]!
            out.append(Device(heads: split.heads(e), rows: split.rows(e), estimate: whole, bytesPerToken: bytes))
            for (stage, c) in perStage { cycles[stage, default: []].append(c) }
        }
        let f = 4  // bytes per float
        let stages: [StageCost] = DeviceStage.allCases.map { stage in
            let input: Int
            switch stage {
            case .embed: input = 0
            case .down: input = split.hidden * f
            default: input = split.dim * f
            }
            let largest = (0..<n).map { split.outputCount(stage, $0) }.max() ?? 0
            return StageCost(name: "\(stage)", callsPerToken: stage.calls(layers: split.layers), cycles: cycles[stage] ?? [],
                             outputBytes: largest * f, inputBytes: input)
        }
        let multi = MultiDeviceEstimate(devices: n, clockMHz: target.clockMHz, link: HostLink(), stages: stages)
        return DeviceEstimation(model: split.name + (split.engines > 1 ? " with \(split.engines) engines per device" : ""), board: target.device, devices: out, multi: multi)
    }

    /// The busiest device's bytes per token at its board's peak bandwidth, in ms.
    var rooflineMs: Double {
        let bytes = devices.map(\.bytesPerToken).max() ?? 0
        return board.memoryBytesPerSecond > 0 ? bytes / board.memoryBytesPerSecond * 1e3 : 0
    }

    /// The text: per stage the slowest device and the host's share, per device its
    /// resources, ending with `modeled: X ms/token decode on N devices`.
    func lines() -> [String] {
        let m = multi
        var out = ["\(model) on \(m.devices) × \(board.name) at \(Quantities.megahertz(m.clockMHz)) MHz, split by output rows (docs/llama.md, \"Several devices\")", ""]
        var t = TextTable([.init("stage", .left), .init("calls/token"), .init("slowest device cycles"), .init("device ms/token"),
                           .init("host µs/call"), .init("gathered bytes")])
        for s in m.stages {
            let slowest = s.cycles.max() ?? 0
            let host = m.link.stageOverhead(outputBytes: s.outputBytes, inputBytes: s.inputBytes)
            t.add([s.name, "\(s.callsPerToken)", Quantities.significant(slowest, 4),
                   Quantities.significant(Double(s.callsPerToken) * slowest / (m.clockMHz * 1e3), 3),
                   Quantities.significant(host * 1e6, 3), "\(s.outputBytes * m.devices)"])
        }
        out += t.render()
        out.append("")
        var r = TextTable([.init("device", .left), .init("heads"), .init("rows (dim/hidden/vocab)"), .init("DSP"), .init("BRAM18K"),
                           .init("URAM"), .init("LUT"), .init("bytes/token")])
        for (e, d) in devices.enumerated() {
            let x = d.estimate.total, a = d.estimate.available
            r.add(["\(e)", d.heads, d.rows,
                   EstimateText.resource(x.dsp, a.dsp), EstimateText.resource(x.bram18k, a.bram18k), EstimateText.resource(x.uram, a.uram),
                   EstimateText.resource(x.lut, a.lut), Quantities.bytes(d.bytesPerToken)])
        }
        out += r.render()
        out += ["", "host link (assumed): \(Quantities.significant(m.link.callMicroseconds, 3)) µs per kernel call, "
                + "\(Quantities.significant(m.link.transferMicroseconds, 3)) µs per DMA transfer, PCIe \(Quantities.significant(m.link.bytesPerSecond / 1e9, 3)) GB/s per card and direction",
                "memory roofline: \(Quantities.significant(rooflineMs, 3)) ms/token (the busiest device's bytes ÷ its board's bandwidth)",
                "per token: devices \(Quantities.significant(m.deviceSeconds * 1e3, 3)) ms, host \(Quantities.significant(m.hostSeconds * 1e3, 3)) ms",
                "modeled: \(Quantities.significant(m.msPerToken, 3)) ms/token decode on \(m.devices) devices"]
        return out
    }
}
