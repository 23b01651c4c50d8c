import HLSIR

/// The parameters of the built-in design set. A config file's `parameters` object sets them.
public struct DesignParameters: Hashable, Sendable {
    /// Model dimension (RMSNorm size, matrix-vector input, FFN input/output).
    public var dim: Int = 128
    /// FFN hidden dimension (matrix-vector output rows).
    public var hidden: Int = 352
    /// Q8_0 group size: divides `dim` (and `dim · hidden`).
    public var groupSize: Int = 32
    /// Largest softmax length (the runtime length is 1...maxSequence).
    public var maxSequence: Int = 256
    /// Partial sums of the float reductions in the default schedules.
    public var lanes: Int = 8
    public var profile: MathProfile = .libm

    public init() {}

    /// Problems with these values, one line each, naming the parameter.
    public var problems: [String] {
        var out: [String] = []
        for (key, v) in [("dim", dim), ("hidden", hidden), ("group_size", groupSize),
                         ("max_sequence", maxSequence), ("lanes", lanes)] where v < 1 {
            out.append("parameter \(key) is \(v); expected a positive integer")
        }
        if out.isEmpty && dim % groupSize != 0 {
            out.append("parameter group_size \(groupSize) does not divide dim \(dim)")
        }
        return out
    }
}

/// The built-in design set: one design per layer, each with a default hardware schedule.
public enum DesignCatalog {
    /// Names of the designs, in generation order.
    public static let names = ["rmsnorm", "softmax", "matvec", "matvec_q8", "swiglu_ffn", "residual"]

    /// Builds every design for `p`.
    public static func designs(_ p: DesignParameters) throws(DesignError) -> [Design] {
        let problems = p.problems
        if !problems.isEmpty { throw DesignError(problems) }
        let unrollDim = largestPowerOfTwoDivisor(of: p.dim, atMost: 8)
        let unrollHidden = largestPowerOfTwoDivisor(of: p.hidden, atMost: 8)
        let unrollGroup = largestPowerOfTwoDivisor(of: p.groupSize, atMost: 16)
        let lanesDim = largestDivisor(of: p.dim, atMost: p.lanes)
        var out: [Design] = []
        out.append(Design(top: "rmsnorm", kernels: [try RMSNorm.kernel(size: p.dim, profile: p.profile)],
                          schedule: RMSNorm.schedule(lanes: lanesDim), profile: p.profile))
        out.append(Design(top: "softmax", kernels: [try Softmax.kernel(maxSize: p.maxSequence, profile: p.profile)],
                          schedule: Softmax.schedule(maxSize: p.maxSequence, lanes: p.lanes), profile: p.profile))
        out.append(Design(top: "matvec", kernels: [try MatVec.kernel(n: p.dim, d: p.hidden)],
                          schedule: MatVec.schedule(lanes: lanesDim, unroll: unrollDim), profile: p.profile))
        out.append(Design(top: "matvec_q8", kernels: try MatVecQ8.kernels(n: p.dim, d: p.hidden, groupSize: p.groupSize, profile: p.profile),
                          schedule: MatVecQ8.schedule(groupSize: p.groupSize, lanes: 1, unroll: unrollGroup),
                          profile: p.profile))
        out.append(Design(top: "swiglu_ffn",
                          kernels: try SwiGLU.kernels(dim: p.dim, hidden: p.hidden, profile: p.profile),
                          schedule: SwiGLU.schedule(lanes: Swift.min(lanesDim, largestDivisor(of: p.hidden, atMost: p.lanes)),
                                                    unroll: Swift.min(unrollDim, unrollHidden)),
                          profile: p.profile))
        out.append(Design(top: "residual", kernels: [try Residual.kernel(size: p.dim)],
                          schedule: Residual.schedule(unroll: unrollDim), profile: p.profile))
        for d in out { try KernelValidator.validate(d) }
        return out
    }

    static func largestPowerOfTwoDivisor(of n: Int, atMost cap: Int) -> Int {
        var f = 1
        while f * 2 <= cap && n % (f * 2) == 0 { f *= 2 }
        return f
    }
    static func largestDivisor(of n: Int, atMost cap: Int) -> Int {
        stride(from: Swift.max(1, Swift.min(cap, n)), through: 1, by: -1).first { n % $0 == 0 } ?? 1
    }
}
