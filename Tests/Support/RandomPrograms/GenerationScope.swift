import HLSIR

/// A loop counter visible at some point of a generated kernel, with the largest value it
/// can take (the loop's maximum trip count minus one).
struct LoopCounter: Hashable {
    let name: String
    let maxValue: Int
}

/// A size parameter of the kernel being generated: an index value in `0...max`.
struct SizeParameter: Hashable {
    let name: String
    let max: Int
}

/// What is visible at one point of the kernel being generated: enclosing loop counters,
/// scalar variables (arguments, bindings, mutable locals, reduction results) and which of
/// them may be assigned. Blocks get a copy, so names bound inside a block stay inside it,
/// as in the IR's scoping rules.
struct GenerationScope {
    var loops: [LoopCounter] = []
    var values: [Variable] = []
    var mutables: [Variable] = []
    /// Variables whose value depends on an argument of the kernel at run time (see
    /// `ExpressionGenerator.anchor`); only they may feed a libm call.
    var runtimeValues: [Variable] = []

    var depth: Int { loops.count }

    func entering(_ counter: LoopCounter) -> GenerationScope {
        var s = self
        s.loops.append(counter)
        return s
    }
}
