import HLSIR

/// What a design's self-checking testbench feeds its top function and what it compares; the
/// driver chooses it and computes the golden data with the interpreter (docs/testbench.md).
/// The emitter only renders the testbench and names the data files: it never sees the data.
public struct TestbenchPlan: Hashable, Sendable {
    /// Where the values of the top function's arguments come from.
    public enum Inputs: Hashable, Sendable {
        /// Every argument the kernel reads from `<argument>.bin` (arrays it only writes start
        /// at zero).
        case files
        /// Every argument generated in the testbench exactly as `RandomInputs.make(for:seed:floatRange:)`
        /// does in Swift (SplitMix64, parameter after parameter), so no input file is stored.
        case seeded(seed: UInt64, floatRange: Float)
    }

    public var inputs: Inputs
    /// One entry per call of the top function, in order: the scalar or size arguments set
    /// before that call (the others keep their values). Arrays carry over from call to call,
    /// so a whole model's KV cache is the one the previous positions wrote.
    public var calls: [[String: Int64]]
    /// Arrays compared bit for bit after every call with `<array>.golden.bin`, which holds
    /// `calls.count × count` elements, call after call.
    public var checked: [String]
    /// Whether run_hls.tcl runs C/RTL co-simulation unless told otherwise (`HLSGEN_COSIM`).
    public var cosim: Bool
    /// Input arrays given anew before every call (a whole model's embedding row of the
    /// position's token): `<array>.calls.bin` holds `calls.count × count` elements, call after
    /// call, and the testbench copies call i's part into the array before call i.
    public var perCall: [String]

    public init(inputs: Inputs, calls: [[String: Int64]], checked: [String], cosim: Bool, perCall: [String] = []) {
        self.inputs = inputs
        self.calls = calls
        self.checked = checked
        self.cosim = cosim
        self.perCall = perCall
    }

    /// The plan of a layer design: inputs from files, one call, every array the top kernel
    /// writes compared, co-simulation on.
    public static func files(for design: Design) -> TestbenchPlan {
        let top = design.topKernel
        return TestbenchPlan(inputs: .files, calls: [[:]],
                             checked: top.argumentBuffers.filter { $0.direction?.isWritten == true }.map(\.name), cosim: true)
    }

    /// The input file of an argument.
    public static func inputFile(_ argument: String) -> String { "\(argument).bin" }
    /// The file of an array given per call.
    public static func perCallFile(_ array: String) -> String { "\(array).calls.bin" }
    /// The golden file of a checked array.
    public static func goldenFile(_ array: String) -> String { "\(array).golden.bin" }

    /// The parameters read from input files: every parameter except arrays the kernel only
    /// writes (none with seeded inputs).
    public func inputParameters(of kernel: Kernel) -> [Parameter] {
        guard inputs == .files else { return [] }
        return kernel.parameters.filter { p in
            if case .buffer(let n) = p { return kernel.buffer(n)?.direction != .output }
            return true
        }
    }

    /// Every data file the testbench reads, inputs first, in parameter order.
    public func dataFiles(of kernel: Kernel) -> [String] {
        inputParameters(of: kernel).map { Self.inputFile($0.name) } + perCall.map(Self.perCallFile) + checked.map(Self.goldenFile)
    }
}
