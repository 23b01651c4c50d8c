import HLSIR

/// Predicts what Vitis HLS C synthesis would report for a validated design: per loop the
/// trip counts, iteration latency, achieved II and what limits it, and total latency; per
/// function latency, interval and resources; per m_axi bundle the bytes moved, bursts and
/// bandwidth. The rules and their sources are in docs/estimator.md.
public enum Estimator {
    /// The estimate of `design` on `device` at `clockMHz`.
    ///
    /// Latencies are in cycles of that clock; runtime trip counts give min/avg/max ranges
    /// (from LOOP_TRIPCOUNT or the sizes' declared ranges, as `BoundDesign` resolved them).
    ///
    /// `sizes` fixes size arguments of the top for this estimate: loops bounded by them get
    /// those trip counts and branches whose condition they decide take that branch only (one
    /// stage of a multi-device kernel, `LlamaDevices`).
    public static func estimate(_ design: BoundDesign, device: Device, clockMHz: Double, sizes: [String: Int] = [:]) -> DesignEstimate {
        let clock = clockMHz > 0 ? clockMHz : 100
        let analysis = DesignAnalysis(design: design, device: device, clockMHz: clock)
        let top = analysis.analyzeTop(sizes: sizes)
        let functions = analysis.order.compactMap { name -> FunctionEstimate? in
            guard let r = analysis.results[name] else { return nil }
            return FunctionEstimate(name: name, latency: r.latency, interval: r.interval,
                                    resources: analysis.totalResources(of: name), loops: r.loops,
                                    calls: r.calls.mapValues { Saturating.int($0) }, dataflow: r.dataflow)
        }
        let bundles = BundleModel.bundles(design.topKernel, traffic: top?.traffic ?? [:], clockMHz: clock,
                                          axiLatency: analysis.axiLatency)
        let total = analysis.totalResources(of: design.top)
        return DesignEstimate(top: design.top, device: device.name, part: device.part, clockMHz: clock,
                              functions: functions, bundles: bundles, total: total,
                              available: device.available, latency: top?.latency ?? .zero,
                              warnings: design.warnings + Utilization.warnings(total, device: device))
    }

    /// Tokens per second of a whole-model design whose top function runs once per token (or,
    /// for a prefill design, once per block of `tokensPerCall` tokens), against the board's
    /// memory roofline.
    ///
    /// Cycles per token are the top function's average latency (over positions), which gives
    /// the schedule's rate; each bundle moving its bytes at the bandwidth its access pattern
    /// sustains, but at most one memory bank's peak (a bundle is one AXI master, which the
    /// connectivity file connects to one bank — a DDR channel, or an HBM pseudo-channel's
    /// port, 14.375 GB/s on U280/U55C), gives the bundles' rate; the modeled rate is the lower
    /// of the two. Bytes per token are what all bundles read and write per call; the roofline
    /// is the board's total memory bandwidth divided by those bytes.
    public static func throughput(_ estimate: DesignEstimate, device: Device, tokensPerCall: Int = 1) -> ThroughputEstimate {
        let perCall = Double(Swift.max(1, tokensPerCall))
        let cycles = Double(Swift.max(1, estimate.latency.avg)) / perCall
        let bytes = estimate.bundles.reduce(0.0) { $0 + Double($1.bytesRead + $1.bytesWritten) } / perCall
        let roofline = bytes > 0 ? device.memoryBytesPerSecond / bytes : 0
        // The bank a bundle sits on: the board's main memory (HBM where there is HBM).
        let bank = device.memory.first?.bytesPerSecond ?? .infinity
        // Seconds per token of each bundle at the bandwidth its access pattern sustains.
        let seconds = estimate.bundles.filter { $0.bandwidth > 0 && $0.bytesRead + $0.bytesWritten > 0 }
            .map { ($0.name, Double($0.bytesRead + $0.bytesWritten) / perCall / Swift.min($0.bandwidth, bank)) }
        let slowest = seconds.max { $0.1 < $1.1 }
        let bundleBound = slowest.map { Swift.min(1 / $0.1, roofline) }
        return ThroughputEstimate(cyclesPerToken: cycles, scheduleTokensPerSecond: estimate.clockMHz * 1e6 / cycles,
                                  bundleBoundTokensPerSecond: bundleBound, slowestBundle: slowest?.0,
                                  bytesPerToken: bytes, rooflineTokensPerSecond: roofline)
    }
}
