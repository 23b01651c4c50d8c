import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// One accuracy measurement: the float reference and a variant of the same checkpoint, run
/// side by side by the interpreter on the same tokens.
///
/// Sequences: with a tokenizer, each prompt (the built-in ones, or one per line of a prompts
/// file) encoded with BOS as `hlsgen run` does; without one, BOS (token 1) followed by each of
/// the float model's four most likely first tokens (more when the positions exceed four
/// sequences of seq_len: one per seq_len positions). Each sequence is fed prompt first, then
/// the float model's greedy token (its argmax) at every step: both models see exactly the same
/// tokens (teacher forcing). The positions are split evenly over the sequences (each at most
/// seq_len); every position adds to the top-1 agreement and KL, and every position whose next
/// token is a greedy one (not a prompt token) to both perplexities.
enum AccuracyRun {
    static let builtInPrompts = ["Once upon a time", "The little dog", "Lily and Tom went to the park", "One day, a big"]
    static let bos = 1
    static let firstTokens = 4

    struct Result {
        var metrics: AccuracyMetrics
        var sequences: [String]
    }

    /// The prompts as token lists, or nil (no tokenizer: BOS and the float model's first tokens).
    static func prompts(_ tokenizer: Tokenizer?, file: String?) throws(DriverError) -> [[Int]]? {
        guard let tokenizer else { return nil }
        var texts = builtInPrompts
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw DriverError("\(file): cannot be read as UTF-8 text (one prompt per line expected)")
            }
            texts = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
            if texts.isEmpty { throw DriverError("\(file): holds no prompt; expected one prompt per line") }
        }
        var out: [[Int]] = []
        for t in texts {
            do { out.append(try tokenizer.encode(t, bos: true, eos: false)) } catch { throw DriverError("prompt '\(t)': \(error)") }
        }
        return out
    }

    static func engine(_ model: LlamaModel, profile: MathProfile) throws -> LlamaInterpreterEngine {
        try model.checkSizes()
        let design: Design
        do {
            design = try LlamaForward.design(model.shape, weights: model.weights, profile: profile, schedule: .reference, probe: true)
        } catch {
            throw DriverError("the checkpoint's shape has no forward design: \(error.problems.joined(separator: "; "))")
        }
        return try LlamaInterpreterEngine(design: try BoundDesign.binding(design), model: model)
    }

    static func measure(reference: LlamaModel, variant: LlamaModel, profile: MathProfile,
                        prompts: [[Int]]?, positions: Int) throws -> Result {
        try measure(reference: reference, float: try engine(reference, profile: .libm), other: try engine(variant, profile: profile),
                    prompts: prompts, positions: positions)
    }

    /// The measurement with the variant's engine given (the integer profile's, for one).
    static func measure(reference: LlamaModel, float: LlamaInterpreterEngine, other: LlamaLogitsEngine,
                        prompts: [[Int]]?, positions: Int) throws -> Result {
        try measure(float: float, other: other, layers: reference.shape.layers, seqLen: reference.shape.seqLen, bos: bos,
                    prompts: prompts, positions: positions)
    }

    /// The measurement for any model family: `bos` starts the sequences without prompts (GPT-2:
    /// <|endoftext|>), `vocab` (when given) the logits' real rows (GPT-2 pads its vocabulary).
    static func measure(float: LlamaLogitsEngine, other: LlamaLogitsEngine, layers: Int, seqLen: Int, bos: Int, vocab: Int? = nil,
                        prompts: [[Int]]?, positions: Int) throws -> Result {
        let forwardFloat = { (t: Int, p: Int) throws(DriverError) -> [Float] in
            let y = try float.forward(token: t, pos: p)
            return vocab.map { Array(y.prefix($0)) } ?? y
        }
        let forwardOther = { (t: Int, p: Int) throws(DriverError) -> [Float] in
            let y = try other.forward(token: t, pos: p)
            return vocab.map { Array(y.prefix($0)) } ?? y
        }
        var starts: [[Int]]
        if let prompts {
            starts = prompts.map { Array($0.prefix(seqLen)) }.filter { !$0.isEmpty }
        } else {
            let first = try forwardFloat(bos, 0)
            let ranked = first.indices.sorted { first[$0] > first[$1] || (first[$0] == first[$1] && $0 < $1) }
            // Enough sequences for the positions: at least four, more when they exceed 4 · seq_len.
            let count = Swift.max(firstTokens, (positions + seqLen - 1) / seqLen)
            starts = ranked.prefix(Swift.min(count, first.count)).map { [bos, $0] }
        }
        var metrics = AccuracyMetrics()
        var described: [String] = []
        for (s, start) in starts.enumerated() {
            let share = positions / starts.count + (s < positions % starts.count ? 1 : 0)
            let length = Swift.min(share, seqLen)
            guard length > 0 else { continue }
            var tokens = start
            for pos in 0..<length {
                let r = try forwardFloat(tokens[pos], pos)
                let v = try forwardOther(tokens[pos], pos)
                let greedy = AccuracyMetrics.argmax(r)
                let fromPrompt = pos + 1 < start.count
                metrics.add(reference: r, variant: v, target: fromPrompt ? nil : greedy)
                if let a = float.floats(LlamaForward.probeOutput), let b = other.floats(LlamaForward.probeOutput) {
                    metrics.addResiduals(reference: a, variant: b, layers: layers)
                }
                if !fromPrompt { tokens.append(greedy) }
            }
            described.append("[" + start.map(String.init).joined(separator: " ") + "] \(length) positions")
        }
        return Result(metrics: metrics, sequences: described)
    }
}
