import Foundation
import HLSModels

/// What to generate, with llama2.c's defaults (run.c's `main`).
public struct LlamaGenerationOptions: Sendable, Equatable {
    /// The prompt; empty means none (llama2.c then starts from BOS alone).
    public var prompt: String = ""
    /// Positions to run, counting the prompt; nil means llama2.c's default, 256 clamped to
    /// seq_len.
    public var steps: Int?
    public var temperature: Float = 1.0
    public var topp: Float = 0.9
    public var seed: UInt64 = 1

    public init(prompt: String = "", steps: Int? = nil, temperature: Float = 1.0, topp: Float = 0.9, seed: UInt64 = 1) {
        self.prompt = prompt
        self.steps = steps
        self.temperature = temperature
        self.topp = topp
        self.seed = seed
    }

    /// llama2.c's default number of steps.
    public static let defaultSteps = 256

    /// The steps to run for a model of `seqLen` positions: 0 means seq_len (as llama2.c), the
    /// default is clamped to seq_len, an explicit value beyond it is an error.
    public func resolvedSteps(seqLen: Int) throws(DriverError) -> Int {
        guard let steps else { return Swift.min(Self.defaultSteps, seqLen) }
        if steps == 0 { return seqLen }
        if steps < 0 { throw DriverError("option --steps is \(steps); expected 0 (seq_len) or a positive integer") }
        if steps > seqLen { throw DriverError("option --steps is \(steps); the model's seq_len is \(seqLen)") }
        return steps
    }

    /// The prompt as llama2.c encodes it (with BOS), checked to fit in `seqLen` positions.
    public func promptTokens(_ tokenizer: Tokenizer, seqLen: Int) throws(DriverError) -> [Int] {
        let tokens: [Int]
        do { tokens = try tokenizer.encode(prompt, bos: true) } catch { throw DriverError("prompt: \(error)") }
        if tokens.count > seqLen {
            throw DriverError("the prompt is \(tokens.count) tokens with BOS; the model's seq_len is \(seqLen)")
        }
        return tokens
    }
}

/// What a generation produced.
public struct LlamaGenerationResult: Sendable {
    /// Every token fed to the model, starting with BOS, then the printed ones.
    public var tokens: [Int]
    /// run.c's figure: positions after the first divided by the time since the first one
    /// ended; nil when fewer than two positions ran (run.c then prints nothing).
    public var tokensPerSecond: Double?

    /// The line run.c writes to standard error.
    public var report: String? {
        tokensPerSecond.map { String(format: "achieved tok/s: %f", $0) }
    }
}

/// llama2.c's `generate` loop over any forward function: run position `pos` on the current
/// token; during the prompt force the next prompt token, else sample; stop at BOS or after
/// `steps` positions; print each new token's piece with llama2.c's decode rules and
/// `safe_printf`; end with a newline.
public enum LlamaTextGenerator {
    /// `forward(token, pos)` returns the logits; `text` receives the bytes run.c prints on
    /// standard output; `logits`, if given, sees every step's logits (with `prefill`, only the
    /// prompt's last). `prefill(tokens)`, if given, runs the prompt's positions as blocks
    /// from position 0 and returns the last one's logits (bit-identical to the forward
    /// calls it replaces, so the text is the same).
    public static func generate(tokenizer: Tokenizer, prompt: [Int], steps: Int, sampler: Sampler,
                                forward: (Int, Int) throws(DriverError) -> [Float],
                                prefill: (([Int]) throws(DriverError) -> [Float])? = nil,
                                text: ([UInt8]) -> Void,
                                logits observe: (([Float]) -> Void)? = nil) throws(DriverError) -> LlamaGenerationResult {
        guard let first = prompt.first else { throw DriverError("the prompt has no tokens; expected at least BOS") }
        var sampler = sampler
        var token = first
        var fed = [first]
        var pos = 0
        var start: UInt64?
        // The prompt's positions (as many as the steps allow) in blocks: their logits except
        // the last are never read.
        let prefilled = prefill == nil ? 0 : Swift.min(prompt.count, steps)
        // The rate then counts the block's time too (it has no first position of its own).
        if prefilled > 0 { start = DispatchTime.now().uptimeNanoseconds }
        let prefillLogits = try prefilled > 0 ? prefill?(Array(prompt.prefix(prefilled))) : nil
        while pos < steps {
            let logits: [Float]
            if pos < prefilled {
                logits = pos == prefilled - 1 ? prefillLogits ?? [] : []
            } else {
                logits = try forward(token, pos)
            }
            if !logits.isEmpty { observe?(logits) }
            let next = pos < prompt.count - 1 ? prompt[pos + 1] : sampler.sample(logits)
            pos += 1
            if next == Tokenizer.bos { break }
            let piece: [UInt8]
            do { piece = try tokenizer.decode(previous: token, token: next) } catch { throw DriverError("\(error)") }
            text(Tokenizer.printable(piece))
            token = next
            fed.append(next)
            if start == nil { start = DispatchTime.now().uptimeNanoseconds }
        }
        text([0x0A])
        var rate: Double?
        if pos > 1, let start {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rate = Double(pos - 1) / seconds
        }
        return LlamaGenerationResult(tokens: fed, tokensPerSecond: rate)
    }
}
