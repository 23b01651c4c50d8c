import Foundation
import HLSEstimator
import HLSIR

/// One design's estimate as the estimate and report commands show it: what was estimated,
/// the estimator's figures, the generated pragmas of every loop and function, and for a whole model its
/// token throughput against the board's memory roofline. Codable: `--json` writes it as is.
struct EstimatedDesign: Codable, Sendable {
    /// Stem of file names (`stories110m-q80-hardware`, `matvec_q8`).
    var name: String
    /// One line saying what was estimated (`stories110m shape (dim 768, …), Q8_0 group 64, hardware schedule, libm`).
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
    /// The pragmas the generated C++ carries, spelled as the emitter writes them
    /// (`PragmaText`), placed beside the loop estimate they act in: a loop's own pragmas; for
    /// a loop the estimator reports flattened (`kernel.outer_inner` with the note
    /// `flattened: outer`) those of every loop of the nest; and those of loops the estimate
    /// does not list (unrolled into a pipeline) on their nearest listed enclosing loop, or on
    /// the function. Pragmas of another loop than the row's carry `// label`.
    static func generatedPragmas(_ estimate: DesignEstimate, _ bound: BoundDesign) -> (loops: [String: [String]], functions: [String: [String]]) {
        var loops: [String: [String]] = [:]
        var functions: [String: [String]] = [:]
        for f in estimate.functions {
            guard let kernel = bound.kernel(f.name) else { continue }
            var covered: [String: [BoundLoop]] = [:]
            var owner: [String: String] = [:]
            func visit(_ l: LoopEstimate) {
                let nest = self.nest(l, in: kernel)
                covered[l.name] = nest
                for b in nest { owner[b.label] = l.name }
                l.children.forEach(visit)
            }
            f.loops.forEach(visit)
            var absorbed: [String: [BoundLoop]] = [:]
            var unlisted: [BoundLoop] = []
            StmtVisitor.forEachLoop(in: kernel.kernel.body) { info in
                guard owner[info.label] == nil, let b = kernel.loops[info.label] else { return }
                if let host = b.enclosing.reversed().compactMap({ owner[$0] }).first {
                    absorbed[host, default: []].append(b)
                } else {
                    unlisted.append(b)
                }
            }
            for (name, nest) in covered {
                let own = nest.last?.label
                loops[name] = (nest + absorbed[name, default: []]).flatMap { b in
                    PragmaText.loop(b).map { b.label == own ? $0 : "\($0) // \(b.label)" }
                }
            }
            functions[f.name] = PragmaText.function(kernel) + unlisted.flatMap { b in PragmaText.loop(b).map { "\($0) // \(b.label)" } }
        }
        return (loops, functions)
    }
    /// The bound loops a loop estimate covers: itself, or the loops of a flattened nest.
    static func nest(_ l: LoopEstimate, in kernel: BoundKernel) -> [BoundLoop] {
        let label = l.name.hasPrefix(kernel.name + ".") ? String(l.name.dropFirst(kernel.name.count + 1)) : l.name
        if let direct = kernel.loops[label] { return [direct] }
        let prefix = "flattened: "
        guard let note = l.pragmas.first(where: { $0.hasPrefix(prefix) }) else { return [] }
        let outers = note.dropFirst(prefix.count).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let joined = outers.joined(separator: "_") + "_"
        guard label.hasPrefix(joined) else { return [] }
        return (outers + [String(label.dropFirst(joined.count))]).compactMap { kernel.loops[$0] }
    }

    /// The estimator's notes on a loop that are not among its generated pragmas (automatic
    /// pipelining, lanes, flattening), for display beside them.
    static func notes(_ l: LoopEstimate, generated: [String]) -> [String] {
        l.pragmas.filter { !generated.contains("#pragma HLS " + $0) }
    }
}
