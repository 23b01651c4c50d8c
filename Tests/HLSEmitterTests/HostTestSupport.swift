import Foundation
import HLSEmitter
import HLSIR
import HLSLayers
import HLSModels
import XCTest

/// Building and running the generated host program's C-simulation variant.
enum HostTestSupport {
    /// A small model shape with grouped-query attention, for random models and synthetic tokenizers.
    static let smallConfig = LlamaConfig(dim: 16, hiddenDim: 32, nLayers: 2, nHeads: 4, nKVHeads: 2, vocabSize: 300, seqLen: 32)
    static let stories260K = LlamaShape(dim: 64, hidden: 172, layers: 5, heads: 8, kvHeads: 4, vocab: 512, seqLen: 512)

    static func shape(_ c: LlamaConfig) -> LlamaShape {
        LlamaShape(dim: c.dim, hidden: c.hiddenDim, layers: c.nLayers, heads: c.nHeads, kvHeads: c.nKVHeads,
                   vocab: c.vocabSize, seqLen: c.seqLen)
    }

    static let modelsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/models")

    /// A built C-simulation host: its folder and binary.
    struct Host {
        let folder: URL
        var binary: String { folder.appendingPathComponent("forward_csim_host").path }

        func run(_ arguments: [String]) throws -> CompileSupport.Result {
            try CompileSupport.run(binary, arguments, in: folder)
        }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var built: [String: Host] = [:]

    /// Emits the kernel and host files of `design` and builds the C-simulation host as system.mk's
    /// csim-host target does (kernel as C++14, host as C++17 with -DHLSGEN_CSIM); built once per key.
    static func csimHost(_ design: Design, key: String) throws -> Host {
        lock.lock()
        defer { lock.unlock() }
        if let host = built[key] { return host }
        let (gxx, apTypes) = try CompileSupport.toolchain()
        let folder = try CompileSupport.temporaryFolder("host-\(key)")
        try CompileSupport.write(try Emitter.emit(try BoundDesign.bind(design)) + (try HostEmitter.emit(try BoundDesign.bind(design))), to: folder)
        let common = ["-O2", "-ffp-contract=off", "-Wall", "-isystem", apTypes]
        let kernel = try CompileSupport.run(gxx, ["-std=c++14"] + common + ["-c", "-o", "forward_kernel.o", "forward.cpp"], in: folder)
        guard kernel.status == 0 else { throw HostTestError("kernel compilation failed:\n\(kernel.stderr)") }
        let host = try CompileSupport.run(gxx, ["-std=c++17"] + common + ["-DHLSGEN_CSIM", "-o", "forward_csim_host", "host.cpp",
                                                                          "forward_kernel.o", "-lm"], in: folder)
        guard host.status == 0 else { throw HostTestError("host compilation failed:\n\(host.stderr)") }
        let warnings = host.stderr.split(separator: "\n").filter { $0.contains("warning:") }
        guard warnings.isEmpty else { throw HostTestError("host.cpp compiles with warnings:\n\(host.stderr)") }
        let result = Host(folder: folder)
        built[key] = result
        return result
    }

    /// The design of a float or Q8_0 model (by default the reference schedule and libm profile).
    static func design(_ shape: LlamaShape, groupSize: Int? = nil, schedule: LlamaSchedule = .reference,
                       profile: MathProfile = .libm) throws -> Design {
        try LlamaForward.design(shape, weights: groupSize.map { .q8(groupSize: $0) } ?? .float, profile: profile, schedule: schedule)
    }

    /// What llama2.c's generate loop prints on stdout for the logits the host recorded with -l:
    /// the prompt's tokens forced, then the Swift reference sampler; also the number of steps run.
    static func expectedOutput(logits: [[Float]], prompt: [Int], temperature: Float, topp: Float, seed: UInt64,
                               steps: Int, tokenizer: Tokenizer) throws -> (text: [UInt8], steps: Int) {
        var sampler = Sampler(temperature: temperature, topp: topp, seed: seed)
        var token = prompt[0]
        var pos = 0
        var text: [UInt8] = []
        while pos < steps {
            guard pos < logits.count else { throw HostTestError("the logits file has only \(logits.count) steps") }
            let next = pos < prompt.count - 1 ? prompt[pos + 1] : sampler.sample(logits[pos])
            pos += 1
            if next == Tokenizer.bos { break }
            text += Tokenizer.printable(try tokenizer.decode(previous: token, token: next))
            token = next
        }
        return (text + [0x0A], pos)
    }

    /// The little-endian float32 logits file, split into steps of `vocab` values.
    static func readLogits(_ url: URL, vocab: Int) throws -> [[Float]] {
        let bytes = [UInt8](try Data(contentsOf: url))
        guard bytes.count % (4 * vocab) == 0 else { throw HostTestError("logits file has \(bytes.count) bytes") }
        var values: [Float] = []
        for i in stride(from: 0, to: bytes.count, by: 4) {
            let bits = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            values.append(Float(bitPattern: bits))
        }
        return stride(from: 0, to: values.count, by: vocab).map { Array(values[$0..<($0 + vocab)]) }
    }
}

struct HostTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
