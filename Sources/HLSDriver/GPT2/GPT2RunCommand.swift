import Foundation
import HLSIR
import HLSModels

/// `hlsgen run` for an llm.c GPT-2 checkpoint: llm.c's generation loop on the interpreter,
/// printing the decoded text (or with `--ids` the generated ids on one line) on standard
/// output and `achieved tok/s: X` on standard error.
enum GPT2RunCommand {
    static func run(_ a: Arguments, text: ([UInt8]) -> Void, error: (String) -> Void) throws -> Int32 {
        let request = try LlamaDesignRequest(a)
        let engine = try LlamaDesignRequest.choice(a, "--engine", default: LlamaRunCommand.Engine.interpreter)
        if engine == .csim {
            throw DriverError("option --engine csim is not yet supported for GPT-2 checkpoints (\(request.checkpoint)); use --engine interpreter")
        }
        if let p = a.value("--prompt"), !p.isEmpty {
            throw DriverError("option --prompt is not yet supported for GPT-2 checkpoints (the GPT-2 BPE encoder is not available); run without --prompt")
        }
        let ids = a.flag("--ids")
        let (model, design) = try request.loadGPT2()
        var decoder: GPT2Decoder?
        if let path = a.value("--tokenizer") {
            decoder = try model.decoder(path)
        } else if !ids {
            throw DriverError("option --tokenizer is required (llm.c's gpt2_tokenizer.bin) unless --ids is given")
        }
        let o = try options(a, seqLen: model.config.maxSeqLen)
        let engineRun = try LlamaInterpreterEngine(design: design, inputs: model.inputs())
        // <|endoftext|>: the decoder's (version 2), else 50256 — or V − 1 for a smaller vocabulary.
        let endOfText = decoder?.endOfText ?? Swift.min(GPT2Decoder.defaultEndOfText, model.config.vocabSize - 1)
        if endOfText >= model.config.vocabSize {
            throw DriverError("\(a.value("--tokenizer") ?? "tokenizer"): end-of-text id \(endOfText) is outside the model's vocabulary 0..<\(model.config.vocabSize)")
        }
        let sampler = GPT2Sampler(vocabSize: model.config.vocabSize, temperature: o.temperature, topp: o.topp, seed: o.seed)
        let result = try GPT2TextGenerator.generate(
            endOfText: endOfText, prompt: [], steps: o.steps, sampler: sampler,
            forward: { (token, pos) throws(DriverError) in try engineRun.forward(token: token, pos: pos) },
            emit: { (id) throws(DriverError) in
                guard !ids, let decoder else { return }
                do { text(try decoder.printable(id)) } catch { throw DriverError("\(error)") }
            })
        if ids {
            text(Array((result.ids.map(String.init).joined(separator: " ") + "\n").utf8))
        } else {
            text([0x0A])
        }
        if let rate = result.tokensPerSecond { error(String(format: "achieved tok/s: %f", rate)) }
        return 0
    }

    struct Options {
        var steps: Int
        var temperature: Float
        var topp: Float?
        var seed: UInt64
    }

    /// llm.c's defaults: all max_seq_len positions, temperature 1, no top-p, seed 1337.
    static func options(_ a: Arguments, seqLen: Int) throws(DriverError) -> Options {
        var steps = seqLen
        if let s = a.value("--steps") {
            guard let n = Int(s), n >= 0 else { throw DriverError("option --steps is '\(s)'; expected 0 (max_seq_len) or a positive integer") }
            if n > seqLen { throw DriverError("option --steps is \(n); the model's max_seq_len is \(seqLen)") }
            steps = n == 0 ? seqLen : n
        }
        let temperature = try LlamaRunCommand.float(a, "--temperature", default: 1.0, range: 0...Double.greatestFiniteMagnitude,
                                                    expected: "a number 0 or above")
        let topp: Float? = a.value("--topp") == nil ? nil
            : try LlamaRunCommand.float(a, "--topp", default: 1, range: 0...1, expected: "a number in [0, 1]")
        var seed = GPT2Sampler.defaultSeed
        if let s = a.value("--seed") {
            guard let n = UInt64(s), n >= 1 else { throw DriverError("option --seed is '\(s)'; expected a positive integer") }
            seed = n
        }
        return Options(steps: steps, temperature: temperature, topp: topp, seed: seed)
    }
}
