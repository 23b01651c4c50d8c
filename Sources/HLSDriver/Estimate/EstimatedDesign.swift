import HLSEstimator
import HLSIR

/// One design's estimate as the estimate and report commands show it: what was estimated,
/// the estimator's figures (with every loop's pragmas filled in), and for a whole model its
/// token throughput against the board's memory roofline. Codable: `--json` writes it as is.
struct EstimatedDesign: Codable, Sendable {
    /// Stem of file names (`stories110m-q80-hardware`, `matvec_q8`).
    var name: String
    /// One line saying what was estimated (`stories110m shape (dim 768, …), Q8_0 group 64, hardware schedule, libm`).
    var summary: String
    var estimate: DesignEstimate
    /// Pragmas of each function (DATAFLOW, INLINE, ARRAY_PARTITION, BIND_STORAGE) by name.
    var functionPragmas: [String: [String]]
    /// Whole models only: one call of the top function per token.
    var throughput: ModelThroughput?
}

/// Token throughput of a whole-model design, with the figures the roofline needs.
struct ModelThroughput: Codable, Sendable, Hashable {
    var cyclesPerToken: Double
    var tokensPerSecond: Double
    var bytesPerToken: Double
    /// Peak bytes per second of all the board's memory banks.
    var memoryBytesPerSecond: Double
    var rooflineTokensPerSecond: Double
    /// Modeled ÷ roofline tokens per second.
    var ratio: Double

    init(_ t: ThroughputEstimate, device: Device) {
        cyclesPerToken = t.cyclesPerToken
        tokensPerSecond = t.tokensPerSecond
        bytesPerToken = t.bytesPerToken
        memoryBytesPerSecond = device.memoryBytesPerSecond
        rooflineTokensPerSecond = t.rooflineTokensPerSecond
        ratio = t.ratio
    }
}

/// Everything one `hlsgen estimate` run computed: the board, the clock and each design.
struct EstimateRun: Codable, Sendable {
    var board: Device
    var clockMHz: Double
    var designs: [EstimatedDesign]
}

extension EstimatedDesign {
    /// Fills `pragmas` of every loop the estimator left without them, from the bound design's
    /// directives (`PragmaText`), and collects each function's pragmas.
    static func withPragmas(_ estimate: DesignEstimate, _ bound: BoundDesign) -> (DesignEstimate, [String: [String]]) {
        var e = estimate
        var loops: [String: BoundLoop] = [:]
        var functions: [String: [String]] = [:]
        for k in bound.kernels {
            for l in k.loops.values { loops[l.dottedName] = l }
            functions[k.name] = PragmaText.function(k)
        }
        func fill(_ l: inout LoopEstimate, _ function: String) {
            if l.pragmas.isEmpty, let b = loops[l.name] ?? loops["\(function).\(l.name)"] { l.pragmas = PragmaText.loop(b) }
            for i in l.children.indices { fill(&l.children[i], function) }
        }
        for f in e.functions.indices {
            for i in e.functions[f].loops.indices { fill(&e.functions[f].loops[i], e.functions[f].name) }
        }
        return (e, functions)
    }
}
