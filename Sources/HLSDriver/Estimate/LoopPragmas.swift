import Foundation
import HLSEmitter
import HLSEstimator
import HLSIR

/// Which `#pragma HLS` lines of the generated C++ belong beside which loop estimate.
enum LoopPragmas {
    /// The pragmas the generated C++ carries, spelled as the emitter writes them
    /// (`EmittedPragmas`), placed beside the loop estimate they act in: a loop's own pragmas; for
    /// a loop the estimator reports flattened (`kernel.outer_inner` with the note
    /// `flattened: outer`) those of every loop of the nest; and those of loops the estimate
    /// does not list (unrolled into a pipeline) on their nearest listed enclosing loop, or on
    /// the function. Pragmas of another loop than the row's carry `// label`.
    static func of(_ estimate: DesignEstimate, _ bound: BoundDesign) -> (loops: [String: [String]], functions: [String: [String]]) {
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
                    EmittedPragmas.loop(b).map { b.label == own ? $0 : "\($0) // \(b.label)" }
                }
            }
            functions[f.name] = EmittedPragmas.function(kernel) + unlisted.flatMap { b in EmittedPragmas.loop(b).map { "\($0) // \(b.label)" } }
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
