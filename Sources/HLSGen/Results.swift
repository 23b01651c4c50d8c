/// The outcome of verifying one design: the interpreter and the g++-compiled C simulation
/// ran on the same seeded random inputs and every output word was compared bit for bit.
public struct Verification: Sendable, CustomStringConvertible {
    /// The design's top function.
    public let design: String
    /// Output words compared (all of them when `passed`).
    public let words: Int
    /// Nil when every output word matched; otherwise the first mismatch
    /// (`y[3]: interpreter 0.25 (0x3e800000), C simulation ...`).
    public let mismatch: String?

    /// True when every output word matched.
    public var passed: Bool { mismatch == nil }
    /// `PASS top (N output words bit-exact)` or `FAIL top: mismatch`, as `hlsgen verify` prints.
    public var description: String {
        if let m = mismatch { return "FAIL \(design): \(m)" }
        return "PASS \(design) (\(words) output words bit-exact)"
    }
}

/// What the estimator predicts Vitis HLS C synthesis reports for one design.
public struct Estimate: Sendable {
    /// One loop or reduction (`kernel.label`) as the synthesis report would list it.
    public struct Loop: Sendable {
        /// `kernel.label`.
        public let name: String
        /// Trip count (the maximum for a runtime bound).
        public let trips: Int
        /// Achieved initiation interval; nil when the loop is not pipelined.
        public let ii: Int?
        /// Requested initiation interval; nil when the loop is not pipelined.
        public let iiTarget: Int?
        /// What keeps the II above its target (`-` when nothing does).
        public let limit: String
        /// Cycles of the whole loop (the maximum for a runtime bound).
        public let latency: Int
    }

    /// The design's top function.
    public let design: String
    /// The board's part and the clock the estimate is for.
    public let part: String
    public let clockMHz: Double
    /// Cycles of one call of the top function: best and worst case (runtime trip counts).
    public let minLatency: Int
    public let maxLatency: Int
    /// Resources of the whole design.
    public let dsp: Int
    public let bram18k: Int
    public let uram: Int
    public let ff: Int
    public let lut: Int
    /// Every loop of every function, outer loops before the loops nested in them.
    public let loops: [Loop]
    /// Costly choices the design makes (fewer banks than parallel accesses, ...).
    public let warnings: [String]
    /// The tables `hlsgen estimate` prints for this design, one line each.
    public let text: [String]

    /// The loop named `kernel.label`, if the design has it.
    public func loop(_ name: String) -> Loop? { loops.first { $0.name == name } }
}
