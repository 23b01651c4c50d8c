import Foundation

/// llm.c's sampling (train_gpt2.c): greedy is the first maximal logit among the real
/// vocabulary 0 ..< V; otherwise the logits (divided by the temperature, exact when it is 1)
/// go through llm.c's `softmax_forward` over 0 ..< V — maxval from −10000.0f, `expf(l − max)`
/// summed in order, each divided by the sum — then one `random_f32` coin of the xorshift*
/// generator and `sample_mult` (first i with coin < cdf_i, else V − 1), or llama2.c's
/// `sample_topp` when a top-p in (0, 1) is given.
public struct GPT2Sampler: Sendable {
    /// llm.c's seed (`unsigned long long rng_state = 1337;`).
    public static let defaultSeed: UInt64 = 1337

    public let vocabSize: Int
    public let temperature: Float
    /// nil: no top-p (llm.c's sample_mult).
    public let topp: Float?
    public private(set) var random: XorShiftRandom

    public init(vocabSize: Int, temperature: Float = 1, topp: Float? = nil, seed: UInt64 = GPT2Sampler.defaultSeed) {
        self.vocabSize = vocabSize
        self.temperature = Swift.max(0, temperature)
        self.topp = topp
        self.random = XorShiftRandom(seed: seed)
    }

    /// The next token for `logits` (at least V of them; padding beyond V is ignored).
    public mutating func sample(_ logits: [Float]) -> Int {
        let v = Swift.min(vocabSize, logits.count)
        let real = Array(logits[0..<v])
        if temperature == 0 { return SamplingFunctions.argmax(real) }
        var probs = real
        if temperature != 1 { for i in probs.indices { probs[i] /= temperature } }
        Self.softmax(&probs)
        let coin = random.nextF32()
        if let p = topp, p > 0, p < 1 { return SamplingFunctions.sampleTopP(probs, topp: p, coin: coin) }
        return SamplingFunctions.sampleMult(probs, coin: coin)
    }

    /// llm.c's `softmax_forward` for one row over its real vocabulary.
    public static func softmax(_ x: inout [Float]) {
        var maxval: Float = -10000.0
        for value in x where value > maxval { maxval = value }
        var sum: Float = 0
        for i in x.indices {
            x[i] = expf(x[i] - maxval)
            sum += x[i]
        }
        for i in x.indices { x[i] /= sum }
    }
}
