/// The host's part of a model run over several devices (`LlamaDevices`): every stage is one
/// kernel call on every device at once, then an all-gather through the host over PCIe — each
/// device's output slice read back, the gathered vector written to every device.
///
/// The figures are assumptions, stated here and in docs/estimator.md, not measurements:
/// - `callMicroseconds`: starting a kernel and seeing it finish through XRT
///   (`run.start()`, `run.wait()`), per call; the devices' calls overlap.
/// - `transferMicroseconds`: the fixed cost of one DMA transfer (`bo.sync`), per direction.
/// - `bytesPerSecond`: PCIe Gen3 ×16 per card and direction, effective (of 15.75 GB/s raw).
/// The devices' transfers run in parallel (one link each); the host's own work (copying the
/// slices into one vector) is taken as free.
public struct HostLink: Codable, Sendable, Hashable {
    public var callMicroseconds: Double = 10
    public var transferMicroseconds: Double = 3
    public var bytesPerSecond: Double = 12e9
    public init() {}

    /// Seconds of host work around one stage: the call, then reading back `outputBytes` (the
    /// largest device's slice) and writing `inputBytes` to every device (none for the first
    /// stage of a token).
    public func stageOverhead(outputBytes: Int, inputBytes: Int) -> Double {
        var t = callMicroseconds * 1e-6
        if outputBytes > 0 { t += transferMicroseconds * 1e-6 + Double(outputBytes) / bytesPerSecond }
        if inputBytes > 0 { t += transferMicroseconds * 1e-6 + Double(inputBytes) / bytesPerSecond }
        return t
    }
}

/// One stage of a multi-device token: how often it runs per token, each device's latency,
/// and the bytes the host moves around it.
public struct StageCost: Codable, Sendable, Hashable {
    public var name: String
    public var callsPerToken: Int
    /// Average cycles of each device's kernel for this stage.
    public var cycles: [Double]
    /// Bytes of the largest device's output slice read back, and of the input written to each.
    public var outputBytes: Int
    public var inputBytes: Int
    public init(name: String, callsPerToken: Int, cycles: [Double], outputBytes: Int, inputBytes: Int) {
        self.name = name
        self.callsPerToken = callsPerToken
        self.cycles = cycles
        self.outputBytes = outputBytes
        self.inputBytes = inputBytes
    }
}

/// A token's time on N devices: per stage the slowest device plus the host's call and
/// transfers, times its calls per token.
public struct MultiDeviceEstimate: Codable, Sendable, Hashable {
    public var devices: Int
    public var clockMHz: Double
    public var link: HostLink
    public var stages: [StageCost]
    /// Seconds per token on the devices (the slowest of each stage) and in the host's work.
    public var deviceSeconds: Double
    public var hostSeconds: Double
    public var msPerToken: Double { (deviceSeconds + hostSeconds) * 1e3 }

    public init(devices: Int, clockMHz: Double, link: HostLink, stages: [StageCost]) {
        self.devices = devices
        self.clockMHz = clockMHz
        self.link = link
        self.stages = stages
        var d = 0.0, h = 0.0
        for s in stages {
            let slowest = (s.cycles.max() ?? 0) / (clockMHz * 1e6)
            d += Double(s.callsPerToken) * slowest
            h += Double(s.callsPerToken) * link.stageOverhead(outputBytes: s.outputBytes, inputBytes: s.inputBytes)
        }
        deviceSeconds = d
        hostSeconds = h
    }
}
