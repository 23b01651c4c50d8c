import HLSIR

/// Seeded random-weight models for tests and benchmarks. Weights are uniform so that
/// activations stay in a realistic range: matrices in ±1/√in, the embedding in ±1,
/// RMSNorm weights in [0.5, 1.5). The same config and seed always give the same bits.
public enum RandomModel {
    /// A float checkpoint for `config` (validated first; throws `ModelFileError`).
    public static func floatCheckpoint(config: LlamaConfig, seed: UInt64) throws -> FloatCheckpoint {
        try config.validate(file: "config")
        let s = try LlamaTensorSizes(config, file: "config")
        var rng = SeededRandom(seed: seed)
        func uniform(_ count: Int, scale: Float) -> [Float] {
            (0..<count).map { _ in rng.nextSignedUnitFloat() * scale }
        }
        func norm(_ count: Int) -> [Float] {
            (0..<count).map { _ in 1 + 0.5 * rng.nextSignedUnitFloat() }
        }
        let dimScale = 1 / Float(config.dim).squareRoot()
        let hiddenScale = 1 / Float(config.hiddenDim).squareRoot()
        let weights = FloatWeights(
            tokenEmbedding: uniform(s.tokenEmbedding, scale: 1),
            rmsAtt: norm(s.rmsNorm),
            wq: uniform(s.wq, scale: dimScale),
            wk: uniform(s.wk, scale: dimScale),
            wv: uniform(s.wk, scale: dimScale),
            wo: uniform(s.wq, scale: dimScale),
            rmsFFN: norm(s.rmsNorm),
            w1: uniform(s.ffn, scale: dimScale),
            w2: uniform(s.ffn, scale: hiddenScale),
            w3: uniform(s.ffn, scale: dimScale),
            rmsFinal: norm(config.dim),
            wcls: config.sharedClassifier ? nil : uniform(s.tokenEmbedding, scale: dimScale))
        return try FloatCheckpoint(config: config, weights: weights)
    }

    /// The same random model quantized to Q8_0 (`groupSize` defaults to
    /// `defaultGroupSize(config)`).
    public static func q8Checkpoint(config: LlamaConfig, seed: UInt64, groupSize: Int? = nil) throws -> Q8Checkpoint {
        try Q8Checkpoint(quantizing: try floatCheckpoint(config: config, seed: seed), groupSize: groupSize)
    }
}

extension LlamaConfig {
    /// stories260K's shape (karpathy/tinyllamas): dim 64, hidden 172, 5 layers, 8 heads,
    /// 4 KV heads, vocab 512, seq 512, shared classifier.
    public static let stories260K = LlamaConfig(
        dim: 64, hiddenDim: 172, nLayers: 5, nHeads: 8, nKVHeads: 4, vocabSize: 512, seqLen: 512)

    /// stories15M's shape: dim 288, hidden 768, 6 layers, 6 heads, 6 KV heads, vocab 32000,
    /// seq 256, shared classifier.
    public static let stories15M = LlamaConfig(
        dim: 288, hiddenDim: 768, nLayers: 6, nHeads: 6, nKVHeads: 6, vocabSize: 32000, seqLen: 256)
}
