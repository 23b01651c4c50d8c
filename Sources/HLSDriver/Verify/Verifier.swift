import Foundation
import HLSEmitter
import HLSIR
import HLSInterpreter

/// Differential verification: the interpreter and the compiled C simulation run the same
/// design on the same seeded random inputs, and every output word is compared bit for bit.
public struct Verifier: Sendable {
    public let compiler: CSimCompiler
    public let seed: UInt64

    public init(compiler: CSimCompiler, seed: UInt64 = 1) {
        self.compiler = compiler
        self.seed = seed
    }

    /// Seeded inputs of a design; the seed mixes in the design name so designs differ.
    public func inputs(for d: Design) -> [String: BufferData] { Self.inputs(for: d, seed: seed) }

    /// The inputs `verify` uses for `d` with `seed`.
    public static func inputs(for d: Design, seed: UInt64) -> [String: BufferData] {
        RandomInputs.make(for: d.topKernel, seed: seed &+ fnv1a(d.top))
    }

    /// Compiles each design's emitted kernel and testbench (`folders[top]` holds the files
    /// written by `hlsgen generate`), runs them in `work`, and compares with the interpreter.
    public func verify(_ designs: [BoundDesign], folders: [String: String], work: String) throws(DriverError) -> [Verdict] {
        try SimulationFiles.makeDirectory(work)
        let results = Results(count: designs.count)
        DispatchQueue.concurrentPerform(iterations: designs.count) { i in
            let d = designs[i]
            results.set(i, Result { () throws(DriverError) -> Verdict in
                guard let folder = folders[d.top] else { throw DriverError("no generated files for \(d.top)") }
                let dir = "\(work)/\(d.top)"
                let exe = "\(dir)/csim"
                try SimulationFiles.makeDirectory(dir)
                try compiler.compile(["\(folder)/\(d.top).cpp", "\(folder)/\(d.top)_tb.cpp"], output: exe, includes: [folder])
                return try runAndCompare(d, executable: exe, dir: dir)
            })
        }
        return try results.collect()
    }

    /// Compiles every design into one translation unit (fast for hundreds of small kernels),
    /// runs it once, and compares each design with the interpreter.
    public func verifyBatch(_ designs: [BoundDesign], work: String) throws(DriverError) -> [Verdict] {
        try SimulationFiles.makeDirectory(work)
        let source: String
        do { source = try Emitter.batchSimulation(designs) } catch { throw DriverError("emitter: \(error)") }
        let cpp = "\(work)/batch.cpp"
        let exe = "\(work)/batch"
        do { try source.write(toFile: cpp, atomically: true, encoding: .utf8) } catch {
            throw DriverError("cannot write \(cpp): \(error.localizedDescription)")
        }
        var expected: [(BoundDesign, [String: BufferData])] = []
        for d in designs {
            let inputs = inputs(for: d.design)
            try SimulationFiles.writeInputs(inputs, for: d.design.topKernel, into: "\(work)/\(d.top)")
            expected.append((d, inputs))
        }
        try compiler.compile([cpp], output: exe)
        let run = try CommandRunner.run(exe, [work])
        guard run.status == 0 else { throw DriverError("the batch C simulation failed: \(run.output.prefix(300))") }
        var verdicts: [Verdict] = []
        for (d, inputs) in expected {
            verdicts.append(try compare(d, inputs: inputs, dir: "\(work)/\(d.top)"))
        }
        return verdicts
    }

    func runAndCompare(_ d: BoundDesign, executable: String, dir: String) throws(DriverError) -> Verdict {
        let inputs = inputs(for: d.design)
        try SimulationFiles.writeInputs(inputs, for: d.design.topKernel, into: dir)
        let run = try CommandRunner.run(executable, [dir])
        guard run.status == 0 else {
            return Verdict(design: d.top, mismatch: "the C simulation exited with status \(run.status): \(run.output.prefix(200))", words: 0)
        }
        return try compare(d, inputs: inputs, dir: dir)
    }

    func compare(_ d: BoundDesign, inputs: [String: BufferData], dir: String) throws(DriverError) -> Verdict {
        let simulated = try SimulationFiles.readOutputs(for: d.design.topKernel, from: dir)
        let interpreted: [String: BufferData]
        do {
            interpreted = try Interpreter(d).run(inputs)
        } catch {
            return Verdict(design: d.top, mismatch: "interpreter: \(error)", words: 0)
        }
        return Verdict.compare(design: d.top, kernel: d.design.topKernel, interpreter: interpreted, simulation: simulated)
    }

    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

/// Results gathered from concurrent work, in order.
final class Results: @unchecked Sendable {
    private var slots: [Result<Verdict, DriverError>?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<Verdict, DriverError>) {
        lock.lock()
        slots[i] = r
        lock.unlock()
    }
    func collect() throws(DriverError) -> [Verdict] {
        var out: [Verdict] = []
        for s in slots {
            switch s {
            case .success(let v)?: out.append(v)
            case .failure(let e)?: throw e
            case nil: throw DriverError("a verification job did not finish")
            }
        }
        return out
    }
}
