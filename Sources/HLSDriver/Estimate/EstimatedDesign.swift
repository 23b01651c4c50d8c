import HLSEstimator
import HLSIR

/// One design's estimate as the estimate and report commands show it: what was estimated,
/// the estimator's figures, the generated pragmas of every loop and function (`LoopPragmas`),
/// and for a whole model its token throughput against the board's memory roofline. Codable:
/// `--json` writes it as is.
struct EstimatedDesign: Codable, Sendable {
    /// Stem of file names (`stories110m-q80-hardware`, `matvec_q8`).
    var name: String
    /// One line saying what was estimated (`stories110m shape (dim 768, …), Q8_0 weights
    /// (group 64), hardware schedule, libm profile`).
    var summary: String
    var estimate: DesignEstimate
    /// The `#pragma HLS` lines of each loop in the generated C++, by the loop estimate's name
    /// (`LoopEstimate.pragmas` holds the estimator's own summary, with its notes).
    var loopPragmas: [String: [String]]
    /// Pragmas of each function (DATAFLOW, INLINE, ARRAY_PARTITION, BIND_STORAGE) by name.
    var functionPragmas: [String: [String]]
    /// Whole models only: one call of the top function per token.
    var throughput: ModelThroughput?
}

/// Token throughput of a whole-model design, with the figures the roofline needs.
struct ModelThroughput: Codable, Sendable, Hashable {
    var cyclesPerToken: Double
    /// Clock ÷ cycles per token.
    var scheduleTokensPerSecond: Double
    /// The modeled rate: the lower of the schedule's and the bundles'.
    var tokensPerSecond: Double
    var bytesPerToken: Double
    /// Peak bytes per second of all the board's memory banks.
    var memoryBytesPerSecond: Double
    var rooflineTokensPerSecond: Double
    /// Modeled ÷ roofline tokens per second.
    var ratio: Double
    /// Tokens per second if every m_axi bundle moved its bytes at the bandwidth its access
    /// pattern sustains, all at once: 1 ÷ the slowest bundle's seconds per token, at most the
    /// roofline (`Estimator.throughput`). Beside the schedule's rate it tells whether the
    /// access patterns (bursts, widths) or the computation hold the design back. Nil without
    /// bundles.
    var bundleBoundTokensPerSecond: Double?
    /// The bundle that sets `bundleBoundTokensPerSecond`.
    var slowestBundle: String?
    /// Tokens per call of the top function: 1, or the block of a prefill design (the
    /// figures above are then per token: a call's cycles and bytes divided by it).
    var tokensPerCall = 1

    init(_ t: ThroughputEstimate, device: Device, bundles: [BundleEstimate], tokensPerCall: Int = 1) {
        self.tokensPerCall = tokensPerCall
        cyclesPerToken = t.cyclesPerToken
        scheduleTokensPerSecond = t.scheduleTokensPerSecond
        tokensPerSecond = t.tokensPerSecond
        bytesPerToken = t.bytesPerToken
        memoryBytesPerSecond = device.memoryBytesPerSecond
        rooflineTokensPerSecond = t.rooflineTokensPerSecond
        ratio = t.ratio
        bundleBoundTokensPerSecond = t.bundleBoundTokensPerSecond
        slowestBundle = t.slowestBundle
    }
}

/// Everything one `hlsgen estimate` run computed: the board, the clock and each design.
struct EstimateRun: Codable, Sendable {
    var board: Device
    var clockMHz: Double
    var designs: [EstimatedDesign]
}
