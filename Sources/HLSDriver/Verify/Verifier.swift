import Foundation
import HLSEmitter
import HLSIR

/// Differential verification through the self-checking testbench: the interpreter's golden
/// outputs for seeded inputs are written beside each design (`TestbenchData`), the generated
/// testbench is compiled with g++ and run on them exactly as `make csim` runs it, and its
/// PASS or FAIL line and exit status are the verdict.
public struct Verifier: Sendable {
    public let compiler: CSimCompiler
    public let seed: UInt64

    public init(compiler: CSimCompiler, seed: UInt64 = 1) {
        self.compiler = compiler
        self.seed = seed
    }

    /// Seeded inputs of a design; the seed mixes in the design name so designs differ.
    public func inputs(for d: Design) -> [String: BufferData] { Self.inputs(for: d, seed: seed) }

    /// The inputs `verify` and the generated testbench use for `d` with `seed`.
    public static func inputs(for d: Design, seed: UInt64) -> [String: BufferData] { TestbenchData.inputs(for: d, seed: seed) }

    /// Compiles each design's kernel and testbench from `folders[top]` (written by `hlsgen
    /// generate`, data files included) into `work`, runs it on that folder and reads its verdict.
    public func verify(_ designs: [BoundDesign], folders: [String: String], work: String) throws(DriverError) -> [Verdict] {
        try SimulationFiles.makeDirectory(work)
        let results = Results(count: designs.count)
        DispatchQueue.concurrentPerform(iterations: designs.count) { i in
            let d = designs[i]
            results.set(i, Result { () throws(DriverError) -> Verdict in
                guard let folder = folders[d.top] else { throw DriverError("no generated files for \(d.top)") }
                let exe = "\(work)/\(d.top)_csim"
                try compiler.compile(["\(folder)/\(d.top).cpp", "\(folder)/\(d.top)_tb.cpp"], output: exe, includes: [folder])
                let run = try CommandRunner.run(exe, [folder])
                return Verdict.testbench(design: d.top, status: run.status, output: run.output)
            })
        }
        return try results.collect()
    }

    /// Compiles every design into one translation unit (fast for hundreds of small kernels),
    /// writes each design's input and golden files into `work/<top>/`, runs it once and reads
    /// each design's verdict.
    public func verifyBatch(_ designs: [BoundDesign], work: String) throws(DriverError) -> [Verdict] {
        try SimulationFiles.makeDirectory(work)
        let source: String
        do { source = try Emitter.batchSimulation(designs) } catch { throw DriverError("emitter: \(error)") }
        let cpp = "\(work)/batch.cpp"
        let exe = "\(work)/batch"
        try SimulationFiles.write([EmittedFile(path: "batch.cpp", contents: source)], into: work)
        for d in designs {
            try SimulationFiles.write(try TestbenchData.files(d, plan: .files(for: d.design), seed: seed), into: "\(work)/\(d.top)")
        }
        try compiler.compile([cpp], output: exe)
        let run = try CommandRunner.run(exe, [work])
        return designs.map { Verdict.testbench(design: $0.top, status: nil, output: run.output) }
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
