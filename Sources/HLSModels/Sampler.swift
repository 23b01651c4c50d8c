/// llama2.c's sampler: greedy argmax at temperature 0; otherwise logits divided by the
/// temperature, softmax, one `random_f32` coin, then `sample_mult` when topp is outside
/// (0, 1) or `sample_topp` inside it. Seeded with llama2.c's `--seed`, it picks the same
/// tokens as run.c for the same logits.
public struct Sampler: Sendable {
    public let temperature: Float
    public let topp: Float
    public private(set) var random: XorShiftRandom

    /// Applies llama2.c main's argument clamps: a negative temperature becomes 0 and a topp
    /// outside [0, 1] becomes 0.9. The seed is used as is (llama2.c substitutes the time
    /// for a seed of 0 or less; choosing a seed is the caller's job).
    public init(temperature: Float, topp: Float, seed: UInt64) {
        self.temperature = temperature < 0 ? 0 : temperature
        self.topp = (topp < 0 || 1 < topp) ? 0.9 : topp
        self.random = XorShiftRandom(seed: seed)
    }

    /// The next token for `logits` (one per vocabulary entry). Draws one random number
    /// unless the temperature is 0, exactly when llama2.c does.
    public mutating func sample(_ logits: [Float]) -> Int {
        if temperature == 0 { return SamplingFunctions.argmax(logits) }
        var probabilities = logits
        for i in probabilities.indices { probabilities[i] /= temperature }
        SamplingFunctions.softmax(&probabilities)
        let coin = random.nextF32()
        if topp <= 0 || topp >= 1 {
            return SamplingFunctions.sampleMult(probabilities, coin: coin)
        }
        return SamplingFunctions.sampleTopP(probabilities, topp: topp, coin: coin)
    }
}
