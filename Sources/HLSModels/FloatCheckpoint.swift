import Foundation

/// A llama2.c float "version 0" checkpoint (the format run.c reads): a 7 × int32 header
/// `dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len` — vocab_size
/// negated when the classifier is not shared — then the float32 weights in `FloatWeights`
/// order, the legacy RoPE tables, and `wcls` last when unshared.
public struct FloatCheckpoint: Sendable, Equatable {
    /// Size of the version-0 header in bytes.
    public static let headerBytes = 28

    public var config: LlamaConfig
    public var weights: FloatWeights

    /// Pairs `config` with `weights`, throwing `ModelFileError.inconsistentWeights` if any
    /// tensor has the wrong element count.
    public init(config: LlamaConfig, weights: FloatWeights) throws {
        try config.validate(file: "config")
        try weights.check(against: config)
        self.config = config
        self.weights = weights
    }

    /// Reads a version-0 file. Throws `ModelFileError` for a missing, truncated or
    /// impossible file, or one whose length disagrees with its header.
    public init(contentsOf url: URL) throws {
        try self.init(data: try ModelFileData.read(url), file: url.path)
    }

    /// Parses version-0 bytes; `file` names the source in error messages.
    public init(data: Data, file: String) throws {
        var reader = ByteReader(data, file: file)
        if reader.count >= 4, try reader.uint32("magic") == Q8Checkpoint.magic {
            throw ModelFileError.notVersion0(file: file)
        }
        try reader.seek(to: 0, "header")
        if reader.count < Self.headerBytes {
            throw ModelFileError.truncated(file: file, what: "the 7-int32 header", needed: Self.headerBytes, available: reader.count)
        }
        var header: [Int] = []
        for name in ["dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"] {
            header.append(Int(try reader.int32(name)))
        }
        // llama2.c: a negative vocab_size marks an unshared classifier.
        let config = LlamaConfig(
            dim: header[0], hiddenDim: header[1], nLayers: header[2], nHeads: header[3], nKVHeads: header[4],
            vocabSize: abs(header[5]), seqLen: header[6], sharedClassifier: header[5] > 0)
        try config.validate(file: file)
        let expected = try LlamaTensorSizes.floatFileBytes(config, file: file)
        if reader.count != expected {
            throw ModelFileError.lengthMismatch(file: file, expected: expected, actual: reader.count)
        }
        let s = try LlamaTensorSizes(config, file: file)
        let tokenEmbedding = try reader.float32s(s.tokenEmbedding, "token_embedding_table")
        let rmsAtt = try reader.float32s(s.rmsNorm, "rms_att_weight")
        let wq = try reader.float32s(s.wq, "wq")
        let wk = try reader.float32s(s.wk, "wk")
        let wv = try reader.float32s(s.wk, "wv")
        let wo = try reader.float32s(s.wq, "wo")
        let rmsFFN = try reader.float32s(s.rmsNorm, "rms_ffn_weight")
        let w1 = try reader.float32s(s.ffn, "w1")
        let w2 = try reader.float32s(s.ffn, "w2")
        let w3 = try reader.float32s(s.ffn, "w3")
        let rmsFinal = try reader.float32s(config.dim, "rms_final_weight")
        let rope = try reader.float32s(2 * s.legacyRopeTable, "freq_cis_real and freq_cis_imag")
        let wcls = config.sharedClassifier ? nil : try reader.float32s(s.tokenEmbedding, "wcls")
        self.config = config
        self.weights = FloatWeights(
            tokenEmbedding: tokenEmbedding, rmsAtt: rmsAtt, wq: wq, wk: wk, wv: wv, wo: wo, rmsFFN: rmsFFN,
            w1: w1, w2: w2, w3: w3, rmsFinal: rmsFinal, wcls: wcls, legacyRopeTables: rope)
    }

    /// The version-0 file bytes. Throws `ModelFileError` if the weights do not match the
    /// config or a size exceeds what the int32 header can hold.
    public func serialized() throws -> Data {
        try config.validate(file: "config")
        try weights.check(against: config)
        let fields = [config.dim, config.hiddenDim, config.nLayers, config.nHeads, config.nKVHeads,
                      config.sharedClassifier ? config.vocabSize : -config.vocabSize, config.seqLen]
        var writer = ByteWriter(reservingCapacity: try LlamaTensorSizes.floatFileBytes(config, file: "config"))
        for value in fields {
            guard let field = Int32(exactly: value) else {
                throw ModelFileError.invalidHeader(file: "config", reason: "\(value) does not fit the int32 header")
            }
            writer.int32(field)
        }
        let w = weights
        for tensor in [w.tokenEmbedding, w.rmsAtt, w.wq, w.wk, w.wv, w.wo, w.rmsFFN, w.w1, w.w2, w.w3, w.rmsFinal] {
            writer.float32s(tensor)
        }
        writer.float32s(w.legacyRopeTables ?? LegacyRopeTables.compute(config))
        if let wcls = w.wcls { writer.float32s(wcls) }
        return writer.data
    }

    /// Writes the version-0 file to `url`.
    public func write(to url: URL) throws {
        try ModelFileData.write(try serialized(), to: url)
    }
}
