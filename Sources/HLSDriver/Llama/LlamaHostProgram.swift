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
    /// each kernel (`forward.cpp`, and `prefill.cpp` with a prefill design) as C++14 (the
    /// kernel's contract, docs/numerics.md) with only its top function left global (the
    /// kernels share sub-function names; `objcopy --keep-global-symbol`, as system.mk does),
    /// `host.cpp` as C++17 with `-DHLSGEN_CSIM`, all `-O2 -ffp-contract=off`, side by side.
    public static func build(_ design: BoundDesign, prefill: BoundDesign? = nil, in directory: String, headers: String,
                             compiler: String = "g++") throws(DriverError) -> LlamaHostProgram {
        guard CommandRunner.available(compiler) else {
            throw DriverError("\(compiler) is not installed; install g++ (Debian: apt-get install g++) to run the C simulation")
        }
        try SimulationFiles.write(try LlamaFiles.emit(design, prefill: prefill, testbenchSeed: nil), into: directory)
        let tops = [design.top] + (prefill.map { [$0.top] } ?? [])
        let executable = "\(directory)/host_csim"
        let common = ["-O2", "-ffp-contract=off", "-isystem", headers, "-I", directory]
        var jobs: [(file: String, args: [String])] = tops.map { top in
            ("\(top).cpp", ["-std=c++14"] + common + ["-c", "\(directory)/\(top).cpp", "-o", "\(directory)/\(top).o"])
        }
        let hostObject = "\(directory)/host.o"
        jobs.append(("host.cpp", ["-std=c++17", "-DHLSGEN_CSIM"] + common + ["-c", "\(directory)/host.cpp", "-o", hostObject]))
        try compile(jobs, compiler: compiler)
        if tops.count > 1 {
            guard CommandRunner.available("objcopy") else { throw DriverError("objcopy is not installed; install binutils to link two kernels") }
            for top in tops { try objcopy(["--keep-global-symbol=\(top)"], "\(directory)/\(top).o") }
        }
        let link = try CommandRunner.run(compiler, [hostObject] + tops.map { "\(directory)/\($0).o" } + ["-o", executable, "-lm"])
        guard link.status == 0 else { throw DriverError("\(compiler) failed to link the host: \(firstError(link.output))") }
        return LlamaHostProgram(executable: executable)
    }

    /// Runs the compile jobs (compiler arguments per source file) side by side; the first
    /// failure is a `DriverError` with the compiler's first error line.
    static func compile(_ jobs: [(file: String, args: [String])], compiler: String) throws(DriverError) {
        let results = CompileResults(jobs.count)
        let commands = jobs.map(\.args)
        DispatchQueue.concurrentPerform(iterations: commands.count) { i in
            results.set(i, Result { () throws(DriverError) -> CommandResult in try CommandRunner.run(compiler, commands[i]) })
        }
        for (i, job) in jobs.enumerated() {
            let r = try results.get(i)
            guard r.status == 0 else { throw DriverError("\(compiler) failed on \(job.file): \(firstError(r.output))") }
        }
    }

    /// `objcopy <options> <object>` in place.
    static func objcopy(_ options: [String], _ object: String) throws(DriverError) {
        let r = try CommandRunner.run("objcopy", options + [object])
        guard r.status == 0 else { throw DriverError("objcopy failed on \((object as NSString).lastPathComponent): \(firstError(r.output))") }
    }

    static func firstError(_ output: String) -> String {
        let lines = output.split(separator: "\n")
        return String(lines.first { $0.contains("error") } ?? lines.first ?? "no output")
    }

    /// llama2.c's arguments for a run.
    public static func arguments(checkpoint: String, tokenizer: String, options o: LlamaGenerationOptions,
                                 steps: Int, logits: String? = nil, block: Int? = nil) -> [String] {
        // %.17g gives the float's exact value, which the host's atof reads back unchanged.
        var args = [checkpoint, "-z", tokenizer,
                    "-t", String(format: "%.17g", Double(o.temperature)),
                    "-p", String(format: "%.17g", Double(o.topp)),
                    "-s", "\(o.seed)", "-n", "\(steps)"]
        if !o.prompt.isEmpty { args += ["-i", o.prompt] }
        if let logits { args += ["-l", logits] }
        if let block { args += ["-b", "\(block)"] }
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

/// The compile jobs' results.
private final class CompileResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<CommandResult, DriverError>?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
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
