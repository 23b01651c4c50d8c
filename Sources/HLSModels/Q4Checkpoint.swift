/// A model with Q4 weights, made in memory from a float checkpoint (there is no Q4 file
/// format): float RMSNorm weights and every matrix — the token table and the classifier
/// included, as Q8_0 does — as a `Q4Tensor` in `FloatWeights`' (out, in) row-major layout.
public struct Q4Checkpoint: Sendable, Equatable {
    public var config: LlamaConfig
    /// Values per group (even; one float scale per group).
    public var groupSize: Int
    public var rmsAtt: [Float]
    public var rmsFFN: [Float]
    public var rmsFinal: [Float]
    /// (vocab_size, dim); the forward design gets it dequantized to float.
    public var tokens: Q4Tensor
    public var wq: Q4Tensor
    public var wk: Q4Tensor
    public var wv: Q4Tensor
    public var wo: Q4Tensor
    public var w1: Q4Tensor
    public var w2: Q4Tensor
    public var w3: Q4Tensor
    /// nil when the classifier is `tokens`.
    public var wcls: Q4Tensor?

    /// The classifier: `wcls`, or `tokens` when shared.
    public var classifier: Q4Tensor { wcls ?? tokens }

    /// Quantizes a float checkpoint with `groupSize` (default `defaultQ4GroupSize`).
    /// Throws `ModelFileError.invalidGroupSize` if it is not even or does not divide `dim`
    /// and `hidden_dim`, `ModelFileError.nonFiniteWeight` for NaN or infinity.
    public init(quantizing checkpoint: FloatCheckpoint, groupSize: Int? = nil) throws {
        let config = checkpoint.config
        let gs = try groupSize ?? defaultQ4GroupSize(config)
        try Q8GroupSize.check(gs, config: config, file: "Q4 quantizer")
        if gs % 2 != 0 {
            throw ModelFileError.invalidGroupSize(file: "Q4 quantizer", groupSize: gs, reason: "is odd (two Q4 values per byte)")
        }
        let w = checkpoint.weights
        func q(_ values: [Float], _ name: String) throws -> Q4Tensor { try Q4Quantizer.quantize(values, groupSize: gs, tensor: name) }
        self.config = config
        self.groupSize = gs
        rmsAtt = w.rmsAtt
        rmsFFN = w.rmsFFN
        rmsFinal = w.rmsFinal
        tokens = try q(w.tokenEmbedding, "token_embedding_table")
        wq = try q(w.wq, "wq")
        wk = try q(w.wk, "wk")
        wv = try q(w.wv, "wv")
        wo = try q(w.wo, "wo")
        w1 = try q(w.w1, "w1")
        w2 = try q(w.w2, "w2")
        w3 = try q(w.w3, "w3")
        wcls = try w.wcls.map { try q($0, "wcls") }
    }
}

/// HLSGen's default Q4 group size: 32, or else the largest of 16, 8, 4, 2 dividing both `dim`
/// and `hidden_dim` (stories260K, hidden_dim 172: 4). Throws `ModelFileError.invalidGroupSize`
/// when no even size divides both.
public func defaultQ4GroupSize(_ config: LlamaConfig) throws -> Int {
    for candidate in [32, 16, 8, 4, 2] where config.dim % candidate == 0 && config.hiddenDim % candidate == 0 {
        return candidate
    }
    throw ModelFileError.invalidGroupSize(file: "Q4 quantizer", groupSize: 1,
                                          reason: "is the only divisor of dim \(config.dim) and hidden_dim \(config.hiddenDim); Q4 needs an even group size")
}
