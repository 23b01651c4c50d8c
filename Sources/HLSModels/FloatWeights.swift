/// The float32 weights of a llama2.c checkpoint, each tensor flat in llama2.c's order and
/// layout. Matrices are row-major (out, in) per layer, layers concatenated, so layer `l`,
/// row `i` of `wk` starts at `l * kvDim * dim + i * dim` and llama2.c's `matmul` computes
/// `out[i] = Σ_j w[i * in + j] * x[j]`.
public struct FloatWeights: Sendable, Equatable {
    /// (vocab_size, dim): row `t` is the embedding of token `t`.
    public var tokenEmbedding: [Float]
    /// (n_layers, dim): RMSNorm weights before attention.
    public var rmsAtt: [Float]
    /// (n_layers, n_heads * head_size out, dim in).
    public var wq: [Float]
    /// (n_layers, kv_dim out, dim in).
    public var wk: [Float]
    /// (n_layers, kv_dim out, dim in).
    public var wv: [Float]
    /// (n_layers, dim out, n_heads * head_size in).
    public var wo: [Float]
    /// (n_layers, dim): RMSNorm weights before the feed-forward block.
    public var rmsFFN: [Float]
    /// (n_layers, hidden_dim out, dim in).
    public var w1: [Float]
    /// (n_layers, dim out, hidden_dim in).
    public var w2: [Float]
    /// (n_layers, hidden_dim out, dim in).
    public var w3: [Float]
    /// (dim): final RMSNorm weights.
    public var rmsFinal: [Float]
    /// (vocab_size, dim) when the classifier is not shared; nil when it is the embedding.
    public var wcls: [Float]?
    /// The legacy freq_cis_real then freq_cis_imag tables (2 × seq_len * head_size / 2
    /// floats) that version-0 files carry but llama2.c ignores. Kept so that reading and
    /// writing a file is byte-identical; nil makes the writer compute llama2.c's RoPE tables.
    public var legacyRopeTables: [Float]?

    public init(tokenEmbedding: [Float], rmsAtt: [Float], wq: [Float], wk: [Float], wv: [Float],
                wo: [Float], rmsFFN: [Float], w1: [Float], w2: [Float], w3: [Float],
                rmsFinal: [Float], wcls: [Float]?, legacyRopeTables: [Float]? = nil) {
        self.tokenEmbedding = tokenEmbedding
        self.rmsAtt = rmsAtt
        self.wq = wq
        self.wk = wk
        self.wv = wv
        self.wo = wo
        self.rmsFFN = rmsFFN
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
        self.rmsFinal = rmsFinal
        self.wcls = wcls
        self.legacyRopeTables = legacyRopeTables
    }

    /// The classifier matrix (vocab_size, dim): `wcls`, or the embedding when shared.
    public var classifier: [Float] { wcls ?? tokenEmbedding }

    /// Throws `ModelFileError.inconsistentWeights` if a tensor's element count does not
    /// match `config`, or if `wcls` is present for a shared classifier (or absent otherwise).
    public func check(against config: LlamaConfig) throws {
        let s = try LlamaTensorSizes(config, file: "config")
        let expected: [(String, Int, Int)] = [
            ("token_embedding_table", s.tokenEmbedding, tokenEmbedding.count),
            ("rms_att_weight", s.rmsNorm, rmsAtt.count),
            ("wq", s.wq, wq.count), ("wk", s.wk, wk.count), ("wv", s.wk, wv.count), ("wo", s.wq, wo.count),
            ("rms_ffn_weight", s.rmsNorm, rmsFFN.count),
            ("w1", s.ffn, w1.count), ("w2", s.ffn, w2.count), ("w3", s.ffn, w3.count),
            ("rms_final_weight", config.dim, rmsFinal.count),
            ("wcls", config.sharedClassifier ? 0 : s.tokenEmbedding, wcls?.count ?? 0),
            ("freq_cis tables", legacyRopeTables == nil ? 0 : 2 * s.legacyRopeTable, legacyRopeTables?.count ?? 0),
        ]
        for (name, want, have) in expected where want != have {
            throw ModelFileError.inconsistentWeights(tensor: name, expected: want, actual: have)
        }
        if config.sharedClassifier != (wcls == nil) {
            throw ModelFileError.inconsistentWeights(
                tensor: "wcls", expected: config.sharedClassifier ? 0 : s.tokenEmbedding, actual: wcls?.count ?? 0)
        }
    }
}
