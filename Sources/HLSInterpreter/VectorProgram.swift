import HLSIR

/// The body of an elementwise loop or reduction compiled to run statement by statement over
/// chunks of iterations (FloatMap.swift, FloatMapReduction.swift): each statement runs for
/// every iteration of the chunk before the next statement starts, one node of an expression
/// at a time, as plain pointer loops. Closure calls are paid per chunk, not per element.
///
/// This equals the iteration-by-iteration order when no iteration reads or writes an element
/// another iteration writes. That is proved when compiling for accesses through the same
/// buffer name (every access of a stored buffer advances by the same nonzero stride c and
/// their offsets lie within a window narrower than |c|), and checked at loop entry for
/// different names, which may alias through sub-function arguments (`bindAccesses`); when
/// the check fails the loop runs element by element.
final class VectorProgram {
    /// One load or store of the body: where its base address goes at loop entry.
    struct Access {
        let name: String
        let slot: UnsafeMutablePointer<UnsafeMutableRawPointer>
        let base: () -> Int
        let coefficient: Int
        let bytes: Int
        let isStore: Bool
        /// The linear index, to prove same-name accesses disjoint across iterations.
        let linear: Index
        let cell: UnsafeMutablePointer<UnsafeMutableRawPointer>
    }

    /// A statement over the chunk `[start, start + count)`.
    typealias Step = (_ start: Int, _ count: Int) -> Void

    let variable: String
    let counter: UnsafeMutablePointer<Int>
    var accesses: [Access] = []
    var steps: [Step] = []
    /// Variables bound in the body: their node for the current chunk.
    var bound: [String: VectorNode] = [:]

    init(variable: String, counter: UnsafeMutablePointer<Int>) {
        self.variable = variable
        self.counter = counter
    }

    /// True when the same-name accesses of every stored buffer are disjoint across
    /// iterations (see the type's description).
    var sameNameAccessesAreDisjoint: Bool {
        let stored = Set(accesses.filter(\.isStore).map(\.name))
        for name in stored {
            let group = accesses.filter { $0.name == name }
            let c = group[0].coefficient
            guard c != 0, group.allSatisfy({ $0.coefficient == c }) else { return false }
            var offsets: [Int] = []
            for a in group {
                guard let d = AffineIndex(a.linear - group[0].linear), d.coefficients.isEmpty else { return false }
                offsets.append(d.constant)
            }
            guard let lo = offsets.min(), let hi = offsets.max(), hi - lo < Swift.abs(c) else { return false }
        }
        return true
    }

    /// The program ready to run: steps and bindings composed into single closures, so a run
    /// pays no array traversal, reference counting or exclusivity checks.
    func compiled(arena: Arena) -> VectorRun {
        var bind: (UnsafeMutablePointer<UnsafeMutableRawPointer>, Int) -> Void = { _, _ in }
        for (i, a) in accesses.enumerated() {
            let previous = bind
            let slot = a.slot, base = a.base, k = a.coefficient, bytes = a.bytes, cell = a.cell
            bind = { ranges, n in
                previous(ranges, n)
                let p = slot.pointee + base() &* bytes
                cell.pointee = p
                let span = k &* (n &- 1) &* bytes
                ranges[2 &* i] = p + Swift.min(0, span)
                ranges[2 &* i &+ 1] = p + Swift.max(0, span) + bytes
            }
        }
        var pairs: [Int] = []
        for (i, a) in accesses.enumerated() where a.isStore {
            for (j, b) in accesses.enumerated() where b.name != a.name { pairs += [i, j] }
        }
        var run: Step = { _, _ in }
        for (i, s) in steps.enumerated() {
            let previous = run
            run = i == 0 ? s : { a, c in previous(a, c); s(a, c) }
        }
        let pairCells = arena.allocate(Int.self, count: pairs.count)
        pairCells.initialize(from: pairs, count: pairs.count)
        return VectorRun(counter: counter, bind: bind, ranges: arena.allocate(UnsafeMutableRawPointer.self, count: 2 * accesses.count),
                         pairs: pairCells, pairCount: pairs.count / 2, steps: run)
    }

    /// Iterations per chunk: the temporaries of one body stay in L1.
    static let chunk = 512
}

/// A compiled `VectorProgram`.
final class VectorRun {
    let counter: UnsafeMutablePointer<Int>
    let bind: (UnsafeMutablePointer<UnsafeMutableRawPointer>, Int) -> Void
    /// Per access: lowest and one-past-highest byte touched by the current run.
    let ranges: UnsafeMutablePointer<UnsafeMutableRawPointer>
    /// Access pairs (store, access through another name) that must not overlap.
    let pairs: UnsafeMutablePointer<Int>
    let pairCount: Int
    let steps: VectorProgram.Step

    init(counter: UnsafeMutablePointer<Int>, bind: @escaping (UnsafeMutablePointer<UnsafeMutableRawPointer>, Int) -> Void,
         ranges: UnsafeMutablePointer<UnsafeMutableRawPointer>, pairs: UnsafeMutablePointer<Int>, pairCount: Int,
         steps: @escaping VectorProgram.Step) {
        self.counter = counter
        self.bind = bind
        self.ranges = ranges
        self.pairs = pairs
        self.pairCount = pairCount
        self.steps = steps
    }

    /// Sets every access's base address for a run of `n` iterations (the counter is set to 0
    /// so base closures give the index at iteration 0) and reports whether accesses through
    /// different names are disjoint wherever one of them stores.
    @inline(__always)
    func bindAccesses(_ n: Int) -> Bool {
        counter.pointee = 0
        bind(ranges, n)
        guard n > 0 else { return true }
        for q in 0..<pairCount {
            let i = pairs[2 &* q], j = pairs[2 &* q &+ 1]
            if ranges[2 &* i] < ranges[2 &* j &+ 1] && ranges[2 &* j] < ranges[2 &* i &+ 1] { return false }
        }
        return true
    }

    /// Runs the steps over `n` iterations in chunks, then `after` for each chunk.
    @inline(__always)
    func run(_ n: Int, after: VectorProgram.Step? = nil) {
        var start = 0
        let chunk = VectorProgram.chunk
        while start < n {
            let c = Swift.min(chunk, n &- start)
            steps(start, c)
            if let after { after(start, c) }
            start &+= c
        }
    }
}

/// A node of a vector program for the current chunk.
enum VectorNode {
    /// A float per iteration of the chunk.
    case vector((_ start: Int, _ count: Int) -> UnsafePointer<Float>)
    /// A loop-invariant float.
    case scalar(() -> Float)
    /// A bool per iteration of the chunk.
    case mask((_ start: Int, _ count: Int) -> UnsafePointer<Bool>)
    /// A loop-invariant bool.
    case flag(() -> Bool)
}
