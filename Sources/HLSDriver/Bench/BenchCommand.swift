import Foundation
import HLSIR
import HLSInterpreter
import HLSLayers

/// `hlsgen bench`: the interpreter's time per call next to the compiled C simulation's, for
/// the kernels that carry a transformer's work. Both run single-threaded on the same inputs,
/// and the outputs are checked to be bit-identical before any figure is printed.
enum BenchCommand {
    struct Case {
        let label: String
        let design: Design
        let iterations: Int
    }

    static func cases(scale: Int) throws -> [Case] {
        let q8 = Design(top: "bench_matvec_q8",
                        kernels: try MatVecQ8.kernels("bench_matvec_q8", n: 768, d: 2048, groupSize: 64),
                        schedule: MatVecQ8.schedule("bench_matvec_q8", groupSize: 64, lanes: 1, unroll: 16))
        let rms = Design(top: "bench_rmsnorm", kernels: [try RMSNorm.kernel("bench_rmsnorm", size: 768)],
                         schedule: RMSNorm.schedule("bench_rmsnorm", lanes: 8))
        let rms1 = Design(top: "bench_rmsnorm_k1", kernels: [try RMSNorm.kernel("bench_rmsnorm_k1", size: 768)],
                          schedule: RMSNorm.schedule("bench_rmsnorm_k1", lanes: 1))
        return [
            Case(label: "Q8_0 matvec 768x2048 (GS 64)", design: q8, iterations: 200 * scale),
            Case(label: "RMSNorm 768 (8 lanes)", design: rms, iterations: 100_000 * scale),
            Case(label: "RMSNorm 768 (1 lane)", design: rms1, iterations: 100_000 * scale),
        ]
    }

    /// Kernel figures, then whole-model tokens/s (`LlamaBench`, `GPT2Bench`) with models from `models`.
    static func run(iterations scale: Int, models: String, steps: Int, output print: (String) -> Void) throws -> Int32 {
        let headers = try APTypesHeaders.locate()
        let compiler = CSimCompiler(headers: headers)
        let work = NSTemporaryDirectory() + "hlsgen-bench-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        #if DEBUG
        print("note: this is a debug build; run `swift run -c release hlsgen bench` for meaningful figures")
        #endif
        print("kernel                          interpreter      C simulation     ratio")
        for c in try cases(scale: Swift.max(1, scale)) {
            let bound = try BoundDesign.binding(c.design)
            // C simulation: the generated kernel and self-checking testbench, checked against
            // the interpreter's golden outputs, then run N times in one process.
            let seed: UInt64 = 7
            let folders = try Generator.write(try Generator.emit([bound], seed: seed), to: work + "/src")
            let folder = folders[c.design.top]!
            let exe = "\(work)/\(c.design.top)_csim"
            try compiler.compile(["\(folder)/\(c.design.top).cpp", "\(folder)/\(c.design.top)_tb.cpp"], output: exe, includes: [folder])
            let r = try CommandRunner.run(exe, [folder, "\(c.iterations)"])
            let verdict = Verdict.testbench(design: c.design.top, status: r.status, output: r.output)
            guard verdict.passed else { throw DriverError("benchmark outputs differ: \(verdict)") }
            guard let csimNs = parseNanoseconds(r.output) else {
                throw DriverError("benchmark testbench for \(c.design.top) failed: \(r.output.prefix(200))")
            }

            // Interpreter: compiled once, executed N times on bound storage.
            let prepared = try Interpreter(bound).prepare(TestbenchData.inputs(for: c.design, seed: seed))
            try prepared.execute()
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<c.iterations { try prepared.execute() }
            let interpNs = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(c.iterations)
            print(c.label.padding(toLength: 31, withPad: " ", startingAt: 0)
                + String(format: " %10.2f us    %10.2f us    %5.2fx", interpNs / 1000, csimNs / 1000, interpNs / csimNs))
        }
        try LlamaBench.run(models: models, steps: steps, work: work + "/llama", output: print)
        try ForwardCallBench.run(models: models, calls: 200 * Swift.max(1, scale), work: work + "/calls", output: print)
        try GPT2Bench.run(models: models, steps: steps, work: work + "/gpt2", output: print)
        return 0
    }

    /// Reads `ns_per_call=<x>` from the testbench's output.
    static func parseNanoseconds(_ s: String) -> Double? {
        guard let r = s.range(of: "ns_per_call=") else { return nil }
        return Double(s[r.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}
