import HLSEstimator

/// Finds the estimated loop a report's loop row describes. Reports name loops by label and
/// merge a flattened nest into one row `Outer_Inner`; an estimated loop matches a row when
/// its label, or its label joined with enclosing labels (`A_B` for B inside A), or with the
/// labels of a single-child chain below it (`A_B` for A holding B), equals the row's name.
/// Among several matches the pipelined one, then the innermost, is taken.
struct LoopMatcher {
    private struct Candidate {
        let loop: LoopEstimate
        let depth: Int
        let names: Set<String>
    }
    private var candidates: [Candidate] = []

    init(_ estimate: DesignEstimate) {
        for f in estimate.functions {
            for l in f.loops { add(l, ancestors: [], depth: 0) }
        }
    }

    private mutating func add(_ loop: LoopEstimate, ancestors: [String], depth: Int) {
        let label = Self.label(loop.name)
        let chain = ancestors + [label]
        var names = Set((0..<chain.count).map { chain[$0...].joined(separator: "_") })
        var below = [label]
        var node = loop
        while node.children.count == 1 {
            node = node.children[0]
            below.append(Self.label(node.name))
            names.insert(below.joined(separator: "_"))
        }
        candidates.append(Candidate(loop: loop, depth: depth, names: names))
        for c in loop.children { add(c, ancestors: chain, depth: depth + 1) }
    }

    /// The label of `kernel.label` (the name itself when it has no dot).
    static func label(_ name: String) -> String {
        name.split(separator: ".").last.map(String.init) ?? name
    }

    /// The estimated loop for a report row named `name`, or nil. When no name matches, an
    /// estimated loop that flattens further outer loops onto the reported one (named
    /// `Outer_name`) is taken; `LoopMatch.estimatedName` then says so.
    func match(_ name: String) -> LoopMatch? {
        func best(_ c: [Candidate]) -> Candidate? {
            c.max { a, b in
                let ka = (a.loop.ii != nil ? 1 : 0, a.depth), kb = (b.loop.ii != nil ? 1 : 0, b.depth)
                return ka < kb
            }
        }
        if let c = best(candidates.filter { $0.names.contains(name) }) { return LoopMatch(loop: c.loop, estimatedName: nil) }
        let suffix = "_" + name
        guard let c = best(candidates.filter { Self.label($0.loop.name).hasSuffix(suffix) }) else { return nil }
        return LoopMatch(loop: c.loop, estimatedName: Self.label(c.loop.name))
    }
}

/// An estimated loop matched to a report row.
struct LoopMatch {
    let loop: LoopEstimate
    /// The estimated loop's label when it differs from the row's name (a wider flattening).
    let estimatedName: String?
}
