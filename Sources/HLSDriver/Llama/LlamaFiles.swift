import HLSEmitter
import HLSIR

/// Every file of a forward design: the kernel, header, self-checking testbench and HLS build
/// files (`Emitter`), the testbench's golden logits (`TestbenchData`), plus the host program,
/// its v++ makefile and the connectivity files (`HostEmitter`). The HLS build files name
/// `target`'s part and clock.
public enum LlamaFiles {
    /// Positions the testbench runs, one call each, the KV cache carried from call to call.
    public static let testbenchPositions = 4
    /// Designs with at most this many array words in their arguments (weights, KV cache,
    /// logits) co-simulate by default in run_hls.tcl; larger ones only with HLSGEN_COSIM=1.
    public static let cosimWords = 1 << 20

    /// `host` false leaves out the host program and its build files. `testbenchSeed` nil leaves out the testbench's data (and the interpreter run that
    /// computes it), for programs that only need the kernel and host.
    ///
    /// `prefill`, a bound `LlamaPrefill` design of the same model, joins the accelerator: its
    /// kernel source and header (`prefill.cpp`, `prefill.h`) sit beside the forward kernel's,
    /// and the host, the system build and the connectivity files name both kernels (one
    /// xclbin; the kernel-only HLS flow and testbench files are the forward design's).
    public static func emit(_ design: BoundDesign, prefill: BoundDesign? = nil, target: BuildTarget = .standard,
                            testbenchSeed: UInt64? = 1, host withHost: Bool = true) throws(DriverError) -> [EmittedFile] {
        let plan = try testbenchPlan(design.design, seed: testbenchSeed ?? 1)
        var kernel: [EmittedFile]
        let host: [EmittedFile]
        do { kernel = try Emitter.emit(design, target: target, testbench: plan) } catch { throw DriverError("emitter: \(design.top): \(error)") }
        if let seed = testbenchSeed { kernel += try TestbenchData.files(design, plan: plan, seed: seed) }
        // Llama Q4 weights have no checkpoint file for a host to read: the folder holds the
        // kernel, its testbench and the HLS build files only. (GPT-2's host quantizes llm.c's
        // float checkpoint to Q4 on the fly, as it does to Q8_0.)
        guard withHost, !(hasQ4Weights(design.design) && design.design.roles.family != .gpt2) else { return kernel }
        if let prefill {
            let sources: Set<String> = ["\(prefill.top).cpp", "\(prefill.top).h"]
            do { kernel += try Emitter.emit(prefill, target: target).filter { sources.contains($0.path) } } catch {
                throw DriverError("emitter: \(prefill.top): \(error)")
            }
        }
        do { host = try HostEmitter.emit(design, prefill: prefill) } catch { throw DriverError("host emitter: \(design.top): \(error)") }
        let names = Set(kernel.map(\.path))
        if let clash = host.first(where: { names.contains($0.path) }) {
            throw DriverError("host emitter: \(clash.path) is also a kernel file")
        }
        return kernel + host
    }

    /// True when the forward design (Llama or GPT-2) takes Q4 weights (`<matrix>_q4` or
    /// `w_q4_e<e>` ports).
    public static func hasQ4Weights(_ d: Design) -> Bool {
        d.topKernel.parameters.contains { $0.name.hasSuffix("_q4") || $0.name.hasPrefix("w_q4_e") }
    }

    /// The forward design's testbench: weights and every other input generated from the seed
    /// in the testbench itself (nothing but the golden logits is stored), then
    /// `testbenchPositions` calls at positions 0, 1, … with seeded tokens, the logits of
    /// each compared with the interpreter's.
    public static func testbenchPlan(_ d: Design, seed: UInt64) throws(DriverError) -> TestbenchPlan {
        let top = d.topKernel
        var vocab = 0, seqLen = 0
        for case .size(let n, let max) in top.parameters {
            if n == "token" { vocab = max + 1 }
            if n == "pos" { seqLen = max + 1 }
        }
        guard vocab > 0, seqLen > 0, top.buffer("logits") != nil else {
            throw DriverError("design \(d.top) is not a forward design (no token, pos and logits arguments)")
        }
        let designSeed = TestbenchData.designSeed(d, seed: seed)
        var tokens = SeededRandom(seed: ~designSeed)
        let calls: [[String: Int64]] = (0..<Swift.min(testbenchPositions, seqLen)).map { position in
            ["token": Int64(tokens.next() % UInt64(vocab)), "pos": Int64(position)]
        }
        let words = top.argumentBuffers.reduce(0) { $0 + $1.count }
        return TestbenchPlan(inputs: .seeded(seed: designSeed, floatRange: 1), calls: calls, checked: ["logits"],
                             cosim: words <= cosimWords)
    }

    /// The integer profile's files: kernel, header, testbench and HLS build files, and the
    /// golden logits of `testbenchPositions` calls at positions 0, 1, … on seeded inputs (the
    /// embedding row, weights and scales drawn over their integer ranges). There is no host
    /// program: the generated host converts float rows, and this design takes integers.
    public static func emitInteger(_ design: BoundDesign, target: BuildTarget = .standard, seed: UInt64) throws(DriverError) -> [EmittedFile] {
        let d = design.design
        let designSeed = TestbenchData.designSeed(d, seed: seed)
        let words = d.topKernel.argumentBuffers.reduce(0) { $0 + $1.count }
        let plan = TestbenchPlan(inputs: .seeded(seed: designSeed, floatRange: 1),
                                 calls: (0..<testbenchPositions).map { ["pos": Int64($0)] }, checked: ["logits"], cosim: words <= cosimWords)
        do {
            return try Emitter.emit(design, target: target, testbench: plan) + TestbenchData.files(design, plan: plan, seed: seed)
        } catch let e as DriverError {
            throw e
        } catch {
            throw DriverError("emitter: \(design.top): \(error)")
        }
    }
}
