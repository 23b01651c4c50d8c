import Foundation
import HLSEmitter
import HLSIR

/// The generated host program built in its C-simulation variant: the forward kernel linked
/// in-process instead of XRT. It takes llama2.c's command line
/// (`<checkpoint> -z <tokenizer> -t -p -s -n -i`, plus `-l <file>` to append every step's
/// logits as little-endian floats), prints run.c's standard output and reports tokens/s on
/// standard error.
public struct LlamaHostProgram: Sendable {
    public let executable: String

    public init(executable: String) { self.executable = executable }

    /// Writes the design's kernel and host files into `directory` and compiles them with g++:
    /// `forward.cpp` as C++14 (the kernel's contract, docs/numerics.md), `host.cpp` as C++17
    /// with `-DHLSGEN_CSIM`, both `-O2 -ffp-contract=off`; the two compile in parallel.
    public static func build(_ design: BoundDesign, in directory: String, headers: String, compiler: String = "g++") throws(DriverError) -> LlamaHostProgram {
        guard CommandRunner.available(compiler) else {
            throw DriverError("\(compiler) is not installed; install g++ (Debian: apt-get install g++) to run the C simulation")
        }
        try SimulationFiles.write(try LlamaFiles.emit(design, testbenchSeed: nil), into: directory)
        let top = design.top
        let object = "\(directory)/\(top).o"
        let executable = "\(directory)/host_csim"
        let common = ["-O2", "-ffp-contract=off", "-isystem", headers, "-I", directory]
        let kernelArgs = ["-std=c++14"] + common + ["-c", "\(directory)/\(top).cpp", "-o", object]
        let hostObject = "\(directory)/host.o"
        let hostArgs = ["-std=c++17", "-DHLSGEN_CSIM"] + common + ["-c", "\(directory)/host.cpp", "-o", hostObject]
        let results = CompileResults()
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            results.set(i, Result { () throws(DriverError) -> CommandResult in
                try CommandRunner.run(compiler, i == 0 ? kernelArgs : hostArgs)
            })
        }
        for (i, file) in ["\(top).cpp", "host.cpp"].enumerated() {
            let r = try results.get(i)
            guard r.status == 0 else { throw DriverError("\(compiler) failed on \(file): \(firstError(r.output))") }
        }
        let link = try CommandRunner.run(compiler, [hostObject, object, "-o", executable, "-lm"])
        guard link.status == 0 else { throw DriverError("\(compiler) failed to link the host: \(firstError(link.output))") }
        return LlamaHostProgram(executable: executable)
    }

    static func firstError(_ output: String) -> String {
        let lines = output.split(separator: "\n")
        return String(lines.first { $0.contains("error") } ?? lines.first ?? "no output")
    }

    /// llama2.c's arguments for a run.
    public static func arguments(checkpoint: String, tokenizer: String, options o: LlamaGenerationOptions,
                                 steps: Int, logits: String? = nil) -> [String] {
        // %.17g gives the float's exact value, which the host's atof reads back unchanged.
        var args = [checkpoint, "-z", tokenizer,
                    "-t", String(format: "%.17g", Double(o.temperature)),
                    "-p", String(format: "%.17g", Double(o.topp)),
                    "-s", "\(o.seed)", "-n", "\(steps)"]
        if !o.prompt.isEmpty { args += ["-i", o.prompt] }
        if let logits { args += ["-l", logits] }
        return args
    }

    /// Runs the host, passing its standard output on as it arrives; returns its standard
    /// error lines. A non-zero exit is a `DriverError` with the host's first error line.
    public func run(_ arguments: [String], standardOutput: ([UInt8]) -> Void) throws(DriverError) -> [String] {
        let r = try StreamingProcess.run(executable, arguments, standardOutput: standardOutput)
        let lines = r.standardError.split(separator: "\n").map(String.init)
        guard r.status == 0 else {
            throw DriverError("the C-simulation host exited with status \(r.status): \(lines.first ?? "no message")")
        }
        return lines
    }
}

/// The two compile jobs' results.
private final class CompileResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<CommandResult, DriverError>?] = [nil, nil]
    func set(_ i: Int, _ r: Result<CommandResult, DriverError>) {
        lock.lock()
        slots[i] = r
        lock.unlock()
    }
    func get(_ i: Int) throws(DriverError) -> CommandResult {
        lock.lock()
        let r = slots[i]
        lock.unlock()
        guard let r else { throw DriverError("a compile job did not finish") }
        return try r.get()
    }
}
