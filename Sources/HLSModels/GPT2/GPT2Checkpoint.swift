import Foundation

/// llm.c's GPT-2 checkpoint (`gpt2_124M.bin` layout, train_gpt2.c `gpt2_build_from_checkpoint`):
/// a header of 256 int32 — [0] magic 20240326, [1] version 3 (float32; version 5 is bf16,
/// not supported), [2] max_seq_len, [3] vocab_size, [4] num_layers, [5] num_heads,
/// [6] channels, [7] padded_vocab_size, the rest 0 — then the float32 tensors of
/// `GPT2TensorSizes.names` in that order. Matrices are row-major (out × in).
public struct GPT2Checkpoint: Sendable, Equatable {
    public static let magic: Int32 = 20240326
    public static let version: Int32 = 3
    public static let headerBytes = 256 * 4

    public var config: GPT2Config
    /// Every tensor by name (`GPT2TensorSizes.names`).
    public var tensors: [String: [Float]]

    /// Pairs `config` with `tensors`, throwing `ModelFileError.inconsistentWeights` if a
    /// tensor is missing or has the wrong element count.
    public init(config: GPT2Config, tensors: [String: [Float]]) throws {
        try config.validate(file: "config")
        for (name, count) in try GPT2TensorSizes(config, file: "config").tensors {
            let actual = tensors[name]?.count ?? 0
            if actual != count { throw ModelFileError.inconsistentWeights(tensor: name, expected: count, actual: actual) }
        }
        self.config = config
        self.tensors = tensors
    }

    public func tensor(_ name: String) -> [Float] { tensors[name] ?? [] }

    /// True when `data` starts with the GPT-2 magic (any version).
    public static func hasMagic(_ data: Data) -> Bool {
        var reader = ByteReader(data, file: "")
        guard reader.count >= 4, let m = try? reader.int32("magic") else { return false }
        return m == magic
    }

    public init(contentsOf url: URL) throws {
        try self.init(data: try ModelFileData.read(url), file: url.path)
    }

    /// Parses the bytes; `file` names the source in error messages. A wrong magic, another
    /// version, an impossible header, a truncated or over-long file are one-line
    /// `ModelFileError`s.
    public init(data: Data, file: String) throws {
        var reader = ByteReader(data, file: file)
        if reader.count < Self.headerBytes {
            throw ModelFileError.truncated(file: file, what: "the 256-int32 GPT-2 header", needed: Self.headerBytes, available: reader.count)
        }
        let magic = try reader.int32("magic")
        if magic != Self.magic {
            throw ModelFileError.invalidHeader(file: file, reason: "magic is \(magic), expected \(Self.magic) (an llm.c GPT-2 checkpoint)")
        }
        let version = try reader.int32("version")
        if version != Self.version {
            let kind = version == 5 ? " (bf16)" : ""
            throw ModelFileError.invalidHeader(
                file: file, reason: "GPT-2 checkpoint version is \(version)\(kind), expected 3 (llm.c float32)")
        }
        var h: [Int] = []
        for name in ["max_seq_len", "vocab_size", "num_layers", "num_heads", "channels", "padded_vocab_size"] {
            h.append(Int(try reader.int32(name)))
        }
        let config = GPT2Config(maxSeqLen: h[0], vocabSize: h[1], nLayers: h[2], nHeads: h[3], channels: h[4], paddedVocabSize: h[5])
        try config.validate(file: file)
        let sizes = try GPT2TensorSizes(config, file: file)
        if reader.count != sizes.fileBytes {
            throw ModelFileError.lengthMismatch(file: file, expected: sizes.fileBytes, actual: reader.count)
        }
        try reader.seek(to: Self.headerBytes, "tensors")
        var tensors: [String: [Float]] = [:]
        for (name, count) in sizes.tensors { tensors[name] = try reader.float32s(count, name) }
        self.config = config
        self.tensors = tensors
    }

    /// The file bytes.
    public func serialized() throws -> Data {
        let sizes = try GPT2TensorSizes(config, file: "config")
        var writer = ByteWriter(reservingCapacity: sizes.fileBytes)
        let c = config
        let fields = [Int(Self.magic), Int(Self.version), c.maxSeqLen, c.vocabSize, c.nLayers, c.nHeads, c.channels, c.paddedVocabSize]
        for value in fields {
            guard let field = Int32(exactly: value) else {
                throw ModelFileError.invalidHeader(file: "config", reason: "\(value) does not fit the int32 header")
            }
            writer.int32(field)
        }
        writer.zeros(Self.headerBytes - 4 * fields.count)
        for (name, count) in sizes.tensors {
            let t = tensor(name)
            if t.count != count { throw ModelFileError.inconsistentWeights(tensor: name, expected: count, actual: t.count) }
            writer.float32s(t)
        }
        return writer.data
    }

    public func write(to url: URL) throws {
        try ModelFileData.write(try serialized(), to: url)
    }
}
