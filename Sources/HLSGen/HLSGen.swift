import Foundation
import HLSConfig
import HLSDriver
import HLSEmitter
import HLSEstimator
import HLSInterpreter

/// Generate, verify, interpret and estimate designs written with the HLSGen DSL.
///
/// ```swift
/// import HLSGen
///
/// let design = Design(top: "my_layer", kernels: [try myLayer()], schedule: mySchedule())
/// let checks = try HLSGen.verify([design], into: "Generated/mine")   // g++ C simulation vs interpreter
/// print(checks[0])                                                     // PASS my_layer (… bit-exact)
/// print(try HLSGen.estimate(design).text.joined(separator: "\n"))      // II, latency, resources
/// ```
///
/// Every function validates its designs first (`BoundDesign.bind`: kernels, schedule and
/// every buffer access proved in bounds) and throws `HLSGenError`, one line per problem.
public enum HLSGen {
    /// The boards `board:` accepts: `f1`, `u250`, `u280`, `u55c`.
    public static var boards: [String] { Device.boards.map(\.name).sorted() }

    /// Validates `design` once and resolves its schedule: the form every reader accepts.
    public static func bind(_ design: Design) throws(HLSGenError) -> BoundDesign {
        do { return try BoundDesign.binding(design) } catch { throw HLSGenError(error.message) }
    }

    /// `designs` with the `schedule` of the config file at `path` merged into each one's own
    /// schedule (docs/config.md: the same keys as for the built-in designs, addressed by
    /// `kernel.label`, `kernel.array`, `kernel.argument`, `kernel`). Every entry must match a
    /// loop, array, argument or kernel of the designs; `parameters`, `profile` and `designs`
    /// apply to HLSGen's built-in designs only and are rejected here.
    public static func configure(_ designs: [Design], config path: String) throws(HLSGenError) -> [Design] {
        do { return try Configuration.load(path: path).applySchedule(to: designs) } catch { throw HLSGenError(error.lines) }
    }

    /// Writes each design's kernel (`<top>.cpp`, `<top>.h`), C-simulation testbench and HLS
    /// build files (naming `board`'s part at `clockMHz`) into `folder/<top>/`, all or
    /// nothing. Returns the folder of each design by top name.
    @discardableResult
    public static func generate(_ designs: [Design], into folder: String, board: String = "u250",
                                clockMHz: Double = 300) throws(HLSGenError) -> [String: String] {
        do {
            let target = try BuildTarget.board(board, clockMHz: clockMHz)
            let bound = try designs.map { (d) throws(DriverError) in try BoundDesign.binding(d) }
            return try Generator.write(try Generator.emit(bound, target: target), to: folder)
        } catch { throw HLSGenError(error.message) }
    }

    /// Generates as `generate` does, then compiles each C simulation with g++ and compares
    /// every output word with the interpreter on seeded random inputs (`randomInputs`).
    ///
    /// Needs `g++` and Xilinx's ap_types headers, found as `hlsgen` finds them
    /// (`$XILINX_HLS/include`, `$HLSGEN_AP_TYPES`, else the cache, fetched from PyPI once;
    /// see `apTypesHeaders()`). A mismatch is a failed `Verification`, not an error.
    public static func verify(_ designs: [Design], into folder: String, seed: UInt64 = 1, board: String = "u250",
                              clockMHz: Double = 300) throws(HLSGenError) -> [Verification] {
        do {
            let target = try BuildTarget.board(board, clockMHz: clockMHz)
            let verdicts = try Workflow.generateAndVerify(designs, into: folder, seed: seed, target: target)
            return verdicts.map { Verification(design: $0.design, words: $0.words, mismatch: $0.mismatch) }
        } catch { throw HLSGenError(error.message) }
    }

    /// The seeded random inputs `verify` gives `design` for `seed`: floats in [−1, 1), ints
    /// and fixed point over their whole range, sizes in 1...max; outputs zero-filled.
    public static func randomInputs(for design: Design, seed: UInt64 = 1) -> [String: BufferData] {
        Verifier.inputs(for: design, seed: seed)
    }

    /// Runs `design` on `inputs` (by parameter name; missing ones are zero) with the
    /// interpreter, bit-exactly as the generated C++ computes (docs/numerics.md). Returns
    /// every output and inout array by name.
    public static func interpret(_ design: Design, inputs: [String: BufferData]) throws(HLSGenError) -> [String: BufferData] {
        let bound = try bind(design)
        do { return try Interpreter(bound).run(inputs) } catch { throw HLSGenError("design \(design.top): interpreter: \(error.message)") }
    }

    /// Predicts what Vitis HLS C synthesis reports for `design` on `board` at `clockMHz`
    /// (50–1000): latency, II per loop and what limits it, resources (docs/estimator.md).
    public static func estimate(_ design: Design, board: String = "u280", clockMHz: Double = 300) throws(HLSGenError) -> Estimate {
        let estimates: DesignEstimates
        do { estimates = try DesignEstimates([design], board: board, clockMHz: clockMHz) } catch { throw HLSGenError(error.message) }
        guard let e = estimates.estimates.first else { throw HLSGenError("design \(design.top): the estimator returned nothing") }
        var loops: [Estimate.Loop] = []
        func add(_ l: LoopEstimate) {
            loops.append(Estimate.Loop(name: l.name, trips: l.trips.max, ii: l.ii, iiTarget: l.iiTarget,
                                       limit: l.limit.description, latency: l.latency.max))
            l.children.forEach(add)
        }
        for f in e.functions { f.loops.forEach(add) }
        return Estimate(design: e.top, part: e.part, clockMHz: e.clockMHz, minLatency: e.latency.min, maxLatency: e.latency.max,
                        dsp: e.total.dsp, bram18k: e.total.bram18k, uram: e.total.uram, ff: e.total.ff, lut: e.total.lut,
                        loops: loops, warnings: e.warnings, text: estimates.lines)
    }

    /// The folder of Xilinx's ap_types headers the C simulation compiles with:
    /// `$XILINX_HLS/include`, else `$HLSGEN_AP_TYPES`, else `~/.cache/hlsgen/ap_types`
    /// (`$HLSGEN_CACHE`), fetched there from the hls4ml 1.3.0 wheel on PyPI when `fetch`.
    public static func apTypesHeaders(fetch: Bool = true) throws(HLSGenError) -> String {
        do { return try APTypesHeaders.locate(fetch: fetch) } catch { throw HLSGenError(error.message) }
    }

    /// Nil when `verify` can run here (g++ on PATH and the ap_types headers found, fetched
    /// into the cache if `fetch`); otherwise why not, in one line. Tests use it to skip, or
    /// to fail when the C simulation is required (`HLSGEN_REQUIRE_CSIM=1`).
    public static func cSimulationUnavailable(fetch: Bool = true) -> String? {
        guard CommandRunner.available("g++") else { return "g++ is not installed (not on PATH)" }
        do { _ = try APTypesHeaders.locate(fetch: fetch) } catch { return error.message }
        return nil
    }
}
