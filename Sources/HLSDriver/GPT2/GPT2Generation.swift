import Foundation
import HLSModels

/// llm.c's generation loop (train_gpt2.c): the sequence starts with <|endoftext|>, then the
/// prompt ids; position t − 1's logits give the token at t (forced during the prompt, else
/// sampled); a run of `steps` positions feeds steps − 1 of them to the model and generates
/// steps − 1 − (prompt length) ids. Generation does not stop at <|endoftext|> (llm.c does not).
public enum GPT2TextGenerator {
    /// `forward(token, pos)` returns the logits (padded vocabulary); `emit` sees each
    /// generated id as it is chosen. Returns the generated ids and the tok/s figure
    /// (positions after the first over the time since the first ended, as run.c's report).
    /// `prefill(tokens)`, if given, runs the sequence's forced positions (<|endoftext|> and the
    /// prompt, as many as the steps allow) as blocks from position 0 and returns the last
    /// one's logits (bit-identical to the forward calls it replaces, so the ids are the same);
    /// the rate then counts the blocks' time too.
    public static func generate(endOfText: Int, prompt: [Int], steps: Int, sampler: GPT2Sampler,
                                forward: (Int, Int) throws(DriverError) -> [Float],
                                prefill: (([Int]) throws(DriverError) -> [Float])? = nil,
                                emit: (Int) throws(DriverError) -> Void = { _ in }) throws(DriverError) -> (ids: [Int], tokensPerSecond: Double?) {
        var sampler = sampler
        let sequence = [endOfText] + prompt
        var token = endOfText
        var generated: [Int] = []
        var start: UInt64?
        var ran = 0
        let prefilled = prefill == nil ? 0 : Swift.min(sequence.count, Swift.max(0, steps - 1))
        if prefilled > 0 { start = DispatchTime.now().uptimeNanoseconds }
        let prefillLogits = try prefilled > 0 ? prefill?(Array(sequence.prefix(prefilled))) ?? [] : []
        for t in 1..<Swift.max(1, steps) {
            let logits = t - 1 < prefilled ? (t == prefilled ? prefillLogits : []) : try forward(token, t - 1)
            ran += 1
            if t < sequence.count {
                token = sequence[t]
            } else {
                token = sampler.sample(logits)
                generated.append(token)
                try emit(token)
            }
            if start == nil { start = DispatchTime.now().uptimeNanoseconds }
        }
        var rate: Double?
        if ran > 1, let start {
            rate = Double(ran - 1) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (generated, rate)
    }
}
