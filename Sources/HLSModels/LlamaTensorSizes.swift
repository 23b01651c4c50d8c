/// Element counts of every tensor of a llama2.c checkpoint, computed with overflow checks.
/// Matrices are stored row-major as (out, in) — PyTorch's `nn.Linear` layout — so that
/// llama2.c's `matmul` computes `out[i] = Σ_j w[i * in + j] * x[j]`.
public struct LlamaTensorSizes: Sendable, Equatable {
    /// `vocab_size * dim`: token embedding table, rows of `dim`.
    public let tokenEmbedding: Int
    /// `n_layers * dim`: each of rms_att_weight and rms_ffn_weight.
    public let rmsNorm: Int
    /// `dim * (n_heads * head_size)` per layer: wq and wo.
    public let wqPerLayer: Int
    /// `dim * kv_dim` per layer: wk and wv.
    public let wkPerLayer: Int
    /// `dim * hidden_dim` per layer: w1, w2, w3.
    public let ffnPerLayer: Int
    /// `seq_len * head_size / 2`: each of the legacy freq_cis_real / freq_cis_imag tables.
    public let legacyRopeTable: Int

    public let nLayers: Int

    public var wq: Int { wqPerLayer * nLayers }
    public var wk: Int { wkPerLayer * nLayers }
    public var ffn: Int { ffnPerLayer * nLayers }

    /// Throws `ModelFileError.sizeOverflow` naming `file` if any count overflows `Int`.
    /// Assumes positive fields (call `LlamaConfig.validate(file:)` for the full check).
    public init(_ config: LlamaConfig, file: String) throws {
        let attentionWidth = try CheckedSize.product(config.nHeads, config.headSize, file: file)
        let kvDim = try CheckedSize.product(config.nKVHeads, config.headSize, file: file)
        tokenEmbedding = try CheckedSize.product(config.vocabSize, config.dim, file: file)
        rmsNorm = try CheckedSize.product(config.nLayers, config.dim, file: file)
        wqPerLayer = try CheckedSize.product(config.dim, attentionWidth, file: file)
        wkPerLayer = try CheckedSize.product(config.dim, kvDim, file: file)
        ffnPerLayer = try CheckedSize.product(config.dim, config.hiddenDim, file: file)
        legacyRopeTable = try CheckedSize.product(config.seqLen, config.headSize, file: file) / 2
        nLayers = config.nLayers
        // Whole-model counts must fit as well (and as byte counts, times 4).
        for perLayer in [wqPerLayer, wkPerLayer, ffnPerLayer] {
            _ = try CheckedSize.product(perLayer, config.nLayers, 4, file: file)
        }
        _ = try CheckedSize.product(tokenEmbedding, 4, file: file)
    }

    /// Bytes of a float "version 0" file (run.c) for `config`.
    public static func floatFileBytes(_ config: LlamaConfig, file: String) throws -> Int {
        let s = try LlamaTensorSizes(config, file: file)
        let floats = try CheckedSize.sum([
            s.tokenEmbedding, s.rmsNorm, s.wq, s.wk, s.wk, s.wq, s.rmsNorm, s.ffn, s.ffn, s.ffn,
            config.dim, s.legacyRopeTable, s.legacyRopeTable,
            config.sharedClassifier ? 0 : s.tokenEmbedding,
        ], file: file)
        return try CheckedSize.sum([FloatCheckpoint.headerBytes, try CheckedSize.product(floats, 4, file: file)], file: file)
    }

    /// Bytes of a Q8_0 "version 2" file (runq.c) for `config` and `groupSize` (> 0).
    public static func q8FileBytes(_ config: LlamaConfig, groupSize: Int, file: String) throws -> Int {
        let s = try LlamaTensorSizes(config, file: file)
        // int8 values plus one float scale per group.
        func quantized(_ count: Int) throws -> Int {
            try CheckedSize.sum([count, try CheckedSize.product(count / groupSize, 4, file: file)], file: file)
        }
        let norms = try CheckedSize.product(try CheckedSize.sum([s.rmsNorm, s.rmsNorm, config.dim], file: file), 4, file: file)
        return try CheckedSize.sum([
            Q8Checkpoint.headerBytes, norms,
            try quantized(s.tokenEmbedding), try quantized(s.wq), try quantized(s.wk), try quantized(s.wk),
            try quantized(s.wq), try quantized(s.ffn), try quantized(s.ffn), try quantized(s.ffn),
            config.sharedClassifier ? 0 : try quantized(s.tokenEmbedding),
        ], file: file)
    }
}
