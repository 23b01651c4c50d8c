import Foundation

/// A llama2.c Q8_0 "version 2" checkpoint (the format runq.c reads and export.py's
/// `version2_export` writes). Layout: a 256-byte header — uint32 magic 0x616b3432, int32
/// version 2, the 7 int32 config fields (vocab_size positive), uint8 shared_classifier,
/// int32 group_size, zero padding — then float rms_att, rms_ffn, rms_final, then each
/// quantized tensor layer by layer as int8 values followed by that layer's float scales,
/// in the order q_tokens, wq, wk, wv, wo, w1, w2, w3, and wcls when not shared.
public struct Q8Checkpoint: Sendable, Equatable {
    /// llama2.c's version-2 magic number ("ak42" in little-endian ASCII).
    public static let magic: UInt32 = 0x616b_3432
    public static let version: Int32 = 2
    public static let headerBytes = 256

    public var config: LlamaConfig
    /// Values per Q8_0 group (one float scale per group).
    public var groupSize: Int
    public var weights: Q8Weights

    /// Pairs `config` and `groupSize` with `weights`, checking every count.
    public init(config: LlamaConfig, groupSize: Int, weights: Q8Weights) throws {
        try config.validate(file: "config")
        try Q8GroupSize.check(groupSize, config: config, file: "config")
        try weights.check(against: config, groupSize: groupSize)
        self.config = config
        self.groupSize = groupSize
        self.weights = weights
    }

    /// Reads a version-2 file. Throws `ModelFileError` for a missing, truncated or
    /// impossible file, a wrong magic or version, a group size that does not divide, or a
    /// length that disagrees with the header.
    public init(contentsOf url: URL) throws {
        try self.init(data: try ModelFileData.read(url), file: url.path)
    }

    /// Parses version-2 bytes; `file` names the source in error messages.
    public init(data: Data, file: String) throws {
        var reader = ByteReader(data, file: file)
        let magic = try reader.uint32("the magic number")
        if magic != Self.magic { throw ModelFileError.wrongMagic(file: file, found: magic) }
        let version = try reader.int32("the version")
        if version != Self.version { throw ModelFileError.unsupportedVersion(file: file, found: version) }
        if reader.count < Self.headerBytes {
            throw ModelFileError.truncated(file: file, what: "the 256-byte header", needed: Self.headerBytes, available: reader.count)
        }
        var header: [Int] = []
        for name in ["dim", "hidden_dim", "n_layers", "n_heads", "n_kv_heads", "vocab_size", "seq_len"] {
            header.append(Int(try reader.int32(name)))
        }
        let shared = try reader.uint8("shared_classifier")
        if shared > 1 {
            throw ModelFileError.invalidHeader(file: file, reason: "shared_classifier byte is \(shared), expected 0 or 1")
        }
        let groupSize = Int(try reader.int32("group_size"))
        let config = LlamaConfig(
            dim: header[0], hiddenDim: header[1], nLayers: header[2], nHeads: header[3], nKVHeads: header[4],
            vocabSize: header[5], seqLen: header[6], sharedClassifier: shared == 1)
        try config.validate(file: file)
        try Q8GroupSize.check(groupSize, config: config, file: file)
        let expected = try LlamaTensorSizes.q8FileBytes(config, groupSize: groupSize, file: file)
        if reader.count != expected {
            throw ModelFileError.lengthMismatch(file: file, expected: expected, actual: reader.count)
        }
        try reader.seek(to: Self.headerBytes, "the weights")
        let s = try LlamaTensorSizes(config, file: file)
        let rmsAtt = try reader.float32s(s.rmsNorm, "rms_att_weight")
        let rmsFFN = try reader.float32s(s.rmsNorm, "rms_ffn_weight")
        let rmsFinal = try reader.float32s(config.dim, "rms_final_weight")
        func tensor(_ name: String, layers: Int, perLayer: Int) throws -> QuantizedTensor {
            var values: [Int8] = []
            var scales: [Float] = []
            values.reserveCapacity(layers * perLayer)
            scales.reserveCapacity(layers * (perLayer / groupSize))
            for layer in 0..<layers {
                values += try reader.int8s(perLayer, "\(name) layer \(layer) values")
                scales += try reader.float32s(perLayer / groupSize, "\(name) layer \(layer) scales")
            }
            return QuantizedTensor(values: values, scales: scales, groupSize: groupSize)
        }
        let n = config.nLayers
        let tokens = try tensor("q_tokens", layers: 1, perLayer: s.tokenEmbedding)
        let wq = try tensor("wq", layers: n, perLayer: s.wqPerLayer)
        let wk = try tensor("wk", layers: n, perLayer: s.wkPerLayer)
        let wv = try tensor("wv", layers: n, perLayer: s.wkPerLayer)
        let wo = try tensor("wo", layers: n, perLayer: s.wqPerLayer)
        let w1 = try tensor("w1", layers: n, perLayer: s.ffnPerLayer)
        let w2 = try tensor("w2", layers: n, perLayer: s.ffnPerLayer)
        let w3 = try tensor("w3", layers: n, perLayer: s.ffnPerLayer)
        let wcls = config.sharedClassifier ? nil : try tensor("wcls", layers: 1, perLayer: s.tokenEmbedding)
        self.config = config
        self.groupSize = groupSize
        self.weights = Q8Weights(
            rmsAtt: rmsAtt, rmsFFN: rmsFFN, rmsFinal: rmsFinal, tokens: tokens, wq: wq, wk: wk, wv: wv,
            wo: wo, w1: w1, w2: w2, w3: w3, wcls: wcls)
    }

    /// The version-2 file bytes. Throws `ModelFileError` if the weights do not match the
    /// config and group size, or a size exceeds the int32 header.
    public func serialized() throws -> Data {
        try config.validate(file: "config")
        try Q8GroupSize.check(groupSize, config: config, file: "config")
        try weights.check(against: config, groupSize: groupSize)
        var writer = ByteWriter(reservingCapacity: try LlamaTensorSizes.q8FileBytes(config, groupSize: groupSize, file: "config"))
        writer.uint32(Self.magic)
        writer.int32(Self.version)
        let fields = [config.dim, config.hiddenDim, config.nLayers, config.nHeads, config.nKVHeads,
                      config.vocabSize, config.seqLen, groupSize]
        var int32Fields: [Int32] = []
        for value in fields {
            guard let field = Int32(exactly: value) else {
                throw ModelFileError.invalidHeader(file: "config", reason: "\(value) does not fit the int32 header")
            }
            int32Fields.append(field)
        }
        for field in int32Fields.prefix(7) { writer.int32(field) }
        writer.uint8(config.sharedClassifier ? 1 : 0)
        writer.int32(int32Fields[7])
        writer.zeros(Self.headerBytes - writer.data.count)
        let w = weights
        writer.float32s(w.rmsAtt)
        writer.float32s(w.rmsFFN)
        writer.float32s(w.rmsFinal)
        func emit(_ tensor: QuantizedTensor, layers: Int) {
            let perLayer = tensor.values.count / layers
            let scalesPerLayer = perLayer / groupSize
            for layer in 0..<layers {
                writer.int8s(tensor.values[(layer * perLayer)..<((layer + 1) * perLayer)])
                writer.float32s(tensor.scales[(layer * scalesPerLayer)..<((layer + 1) * scalesPerLayer)])
            }
        }
        let n = config.nLayers
        emit(w.tokens, layers: 1)
        for tensor in [w.wq, w.wk, w.wv, w.wo, w.w1, w.w2, w.w3] { emit(tensor, layers: n) }
        if let wcls = w.wcls { emit(wcls, layers: 1) }
        return writer.data
    }

    /// Writes the version-2 file to `url`.
    public func write(to url: URL) throws {
        try ModelFileData.write(try serialized(), to: url)
    }
}
