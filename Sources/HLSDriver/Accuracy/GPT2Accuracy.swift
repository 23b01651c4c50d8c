import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// `hlsgen accuracy` on an llm.c GPT-2 checkpoint: the variant (`--profile integer`, or
/// `--quantize [q8]` and/or `--profile exact`) against the float libm reference, both on the
/// interpreter, teacher-forced as for Llama (`AccuracyRun`). Sequences: without prompts,
/// <|endoftext|> followed by each of the float model's four most likely first tokens; with
/// `--tiktoken F` (GPT-2's BPE ranks) the built-in prompts, or one per line of `--prompts`,
/// each encoded after <|endoftext|>. Metrics over the real vocabulary (padding rows dropped).
enum GPT2Accuracy {
    static func measure(_ a: Arguments, path: String, progress: (String) -> Void) throws -> AccuracyCommand.Measured {
        if a.value("--tokenizer") != nil {
            throw DriverError("option --tokenizer is for llama2.c checkpoints; GPT-2 prompts are encoded with --tiktoken FILE (gpt2.tiktoken)")
        }
        if a.value("--prompts") != nil && a.value("--tiktoken") == nil {
            throw DriverError("option --prompts needs --tiktoken (the prompts are text)")
        }
        let quantization = try LlamaDesignRequest.quantization(a)
        let integer = a.value("--profile") == IntegerProfile.name
        if integer { try IntegerProfile.rejectOptions(a, quantization: quantization) }
        let profile = integer ? .exact : try LlamaDesignRequest.choice(a, "--profile", default: MathProfile.libm)
        let groupSize = a.value("--group-size") == nil ? nil : try a.positiveInt("--group-size", default: 1)
        let positions = try a.positiveInt("--positions", default: AccuracyCommand.defaultPositions)
        let reference = try GPT2Model.load(checkpoint: path)
        let s = reference.shape
        let endOfText = Swift.min(GPT2Decoder.defaultEndOfText, s.vocab - 1)
        let prompts = try Self.prompts(a.value("--tiktoken"), file: a.value("--prompts"), endOfText: endOfText, vocab: s.vocab)
        let float = try GPT2InterpreterEngine(design: try BoundDesign.binding(try reference.design(profile: .libm, schedule: .reference)),
                                              model: reference)
        let other: LlamaLogitsEngine, variant: String
        if integer {
            progress("accuracy: calibrating the integer scales on \(IntegerGPT2Model.calibrationPositions) positions of the float model")
            let m = try IntegerGPT2Model(model: reference, groupSize: groupSize)
            other = try IntegerGPT2Engine(m)
            variant = "\(AccuracyCommand.describe(.q8(groupSize: m.groupSize))), \(IntegerProfile.name) profile"
        } else {
            let model = try GPT2Model.load(checkpoint: path, quantization: quantization, groupSize: groupSize)
            other = try GPT2InterpreterEngine(design: try BoundDesign.binding(try model.design(profile: profile, schedule: .reference)), model: model)
            variant = "\(AccuracyCommand.describe(model.weights)), \(profile.rawValue) profile"
        }
        progress("accuracy: \(positions) positions, \(variant) against float libm, with the interpreter")
        let result = try AccuracyRun.measure(float: float, other: other, layers: s.layers, seqLen: s.seqLen, bos: endOfText, vocab: s.vocab,
                                             prompts: prompts, positions: positions)
        return AccuracyCommand.Measured(result: result, name: reference.name, variant: variant)
    }

    /// The prompts as ids after <|endoftext|>, or nil without `--tiktoken`.
    static func prompts(_ tiktoken: String?, file: String?, endOfText: Int, vocab: Int) throws(DriverError) -> [[Int]]? {
        guard let tiktoken else { return nil }
        var texts = AccuracyRun.builtInPrompts
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw DriverError("\(file): cannot be read as UTF-8 text (one prompt per line expected)")
            }
            texts = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            if texts.isEmpty { throw DriverError("\(file): holds no prompt; expected one prompt per line") }
        }
        let encoder: GPT2BPEEncoder
        do { encoder = try GPT2BPEEncoder(tiktokenFile: tiktoken) } catch { throw DriverError("\(error)") }
        var out: [[Int]] = []
        for t in texts {
            let ids = encoder.encode(t)
            if let bad = ids.first(where: { $0 >= vocab }) {
                throw DriverError("prompt '\(t)' encodes to id \(bad), outside the model's vocabulary 0..<\(vocab)")
            }
            out.append([endOfText] + ids)
        }
        return out
    }
}
