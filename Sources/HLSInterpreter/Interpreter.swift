import HLSIR

/// Why a design cannot be interpreted or a run failed: one line naming what and why.
public struct InterpreterError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Executes a design bit-exactly as docs/numerics.md defines it, which is what its C
/// simulation computes.
///
/// The bound design (validated once by `BoundDesign.bind`) is compiled once, in `init`: every statement and expression
/// becomes a closure over typed storage (floats as `Float`, integers and fixed point in their
/// natural width), and the hot loop shapes — int8 dot products, float sums with K lanes,
/// elementwise float maps, the Q8_0 group loop of llama2.c's matmul, its activation
/// quantization (libm profile, QuantizeGroups.swift), and row loops that store
/// one dot product per row (matrix-vector products, attention scores and weighted sums),
/// and attention's block value accumulation (rows × heads × elements, BlockAccumulation.swift) —
/// run as specialised routines that keep the documented order (`specialisedLoops` lists
/// which ones did).
/// Every buffer access was proved in bounds when the design was bound (`BoundsAnalysis`), so
/// compiled code has no per-access checks; sizes and runtime trip counts above their declared
/// maximum stop a run with an `InterpreterError`.
///
/// For repeated runs on the same inputs (benchmarks), use `prepare(_:)` once and call
/// `PreparedRun.execute()` in the loop. An interpreter runs one thing at a time: it is not
/// safe to execute two runs of the same interpreter concurrently.
public final class Interpreter {
    /// The validated design this interpreter runs.
    public let bound: BoundDesign
    public var design: Design { bound.design }
    let arena = Arena()
    let state = RunState()
    let kernels: [String: CompiledKernel]
    let top: CompiledKernel
    /// Every local array of every kernel: (address, bytes).
    let locals: [(UnsafeMutableRawPointer, Int)]

    /// Compiles a bound design (validated, every access proved in bounds by
    /// `BoundDesign.bind`).
    public convenience init(_ design: BoundDesign) {
        self.init(design, specialise: true)
    }

    /// With `specialise` false every loop runs the general compiled closures (tests compare
    /// the specialised routines with them).
    init(_ design: BoundDesign, specialise: Bool) {
        self.bound = design
        var compiled: [String: CompiledKernel] = [:]
        for k in design.kernels {
            compiled[k.name] = KernelCompiler(kernel: k, design: design.design, arena: arena, state: state, callees: compiled,
                                              specialise: specialise).compile()
        }
        kernels = compiled
        locals = design.kernels.flatMap { compiled[$0.name]?.locals ?? [] }
        top = compiled[design.top]!
    }

    /// The loops and reductions that run a specialised routine instead of compiled closures,
    /// by dotted name (`kernel.label`), with the routine's name. A reduction nested in a
    /// specialised reduction is part of it and not listed; a row loop fused with its
    /// reduction (`fused float rows`, `fused grouped int8 rows`) is listed together with the
    /// routine the reduction has on its own, which runs when a fused loop falls back.
    public var specialisedLoops: [String: String] {
        kernels.values.reduce(into: [:]) { r, k in r.merge(k.specialised) { a, _ in a } }
    }

    /// Runs the top kernel. `inputs` has one entry per top-kernel parameter, keyed by name:
    /// array arguments as `BufferData` of their count, scalar arguments as 1-element
    /// `BufferData`, size parameters as 1-element `.raw`. Output buffers may be omitted
    /// (zero-filled). Returns the final contents of every array argument.
    public func run(_ inputs: [String: BufferData]) throws(InterpreterError) -> [String: BufferData] {
        let r = try prepare(inputs)
        try r.execute()
        return r.outputs()
    }

    /// Checks and copies `inputs` (as for `run`) into storage of their own, ready to execute.
    public func prepare(_ inputs: [String: BufferData]) throws(InterpreterError) -> PreparedRun {
        try PreparedRun(interpreter: self, inputs: inputs)
    }

    /// Zeroes local arrays, runs the top kernel's body on the bound storage and reports a
    /// failed runtime check.
    func execute() throws(InterpreterError) {
        for (p, n) in locals { p.initializeMemory(as: UInt8.self, repeating: 0, count: n) }
        state.failure = nil
        top.body()
        if let f = state.failure { throw InterpreterError(f) }
    }
}
