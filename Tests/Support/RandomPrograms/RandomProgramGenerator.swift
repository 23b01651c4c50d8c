import HLSIR

/// Seeded random designs for differential testing: the interpreter and the compiled C
/// simulation must agree bit for bit on every one of them.
///
/// Each design has 1–3 input arrays and 1–2 output arrays (≤ 64 elements, random element
/// types), sometimes a scalar argument and a size parameter, and a body of loop nests
/// (1–3 deep, constant or run-time bounds), reductions, bindings, mutable locals, branches,
/// local arrays, constant tables and sub-function calls, with random expression trees over
/// float32, ints of 1–64 bits and `ap_fixed` formats. Its schedule is random too (PIPELINE,
/// UNROLL, reduction lanes, ARRAY_PARTITION, INLINE) and its profile is `.libm`.
///
/// Every design passes `KernelValidator` and stays inside docs/numerics.md: floats are
/// freed of NaN and clamped before they convert to int or fixed point, no NaN bit pattern
/// reaches an output, libm arguments always depend on run-time data, fixed-point results
/// stay within 64 bits, every array access is in bounds for every iteration, locals are
/// written before they are read and every output element is written.
///
/// ## Reproducing a design
/// A design depends only on the generator's seed and the name it is given, never on
/// earlier calls or on the process: `RandomProgramGenerator(seed: s).design(named: n)`
/// rebuilds it exactly, on any machine. To report a failing case, give the seed and name.
///
/// Generated names start with `rg_` (buffers, variables, loops), so they are valid C
/// identifiers that collide with no keyword or common macro; sub-functions are named
/// `<name>_sub0`, `<name>_sub1`, …, so `name` must itself be a C identifier, and designs
/// with distinct names can share one translation unit.
public struct RandomProgramGenerator: Sendable {
    /// The seed every design of this generator derives from.
    public let seed: UInt64
    /// How many designs this generator has produced.
    public private(set) var designsProduced = 0

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// A valid random design named `name` (the top kernel's name; sub-function names are
    /// derived from it so they are unique across designs), with its schedule, profile .libm.
    public mutating func design(named name: String) -> Design {
        designsProduced += 1
        let dice = Dice(seed: Dice.designSeed(seed, name: name))
        let kernels = KernelGenerator(dice: dice, topName: name)
        let top = kernels.topKernel()
        let all = kernels.callees + [top]
        let schedule = ScheduleGenerator(dice: dice).schedule(for: all, top: name)
        return Design(top: name, kernels: all, schedule: schedule, profile: .libm)
    }
}
