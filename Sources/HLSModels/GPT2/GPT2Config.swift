/// The hyper-parameters of a GPT-2 model as llm.c's checkpoint header stores them
/// (`GPT2Config` in train_gpt2.c).
public struct GPT2Config: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Positions of the learned position embedding (and of the KV cache).
    public var maxSeqLen: Int
    /// Real vocabulary size (50257 for GPT-2).
    public var vocabSize: Int
    public var nLayers: Int
    public var nHeads: Int
    /// Residual stream width C.
    public var channels: Int
    /// Rows of the token embedding, padded for efficiency (50304 for GPT-2); rows
    /// vocabSize ..< paddedVocabSize are padding.
    public var paddedVocabSize: Int

    public init(maxSeqLen: Int, vocabSize: Int, nLayers: Int, nHeads: Int, channels: Int, paddedVocabSize: Int) {
        self.maxSeqLen = maxSeqLen
        self.vocabSize = vocabSize
        self.nLayers = nLayers
        self.nHeads = nHeads
        self.channels = channels
        self.paddedVocabSize = paddedVocabSize
    }

    public var headSize: Int { nHeads > 0 ? channels / nHeads : 0 }

    public var description: String {
        "max_seq_len \(maxSeqLen), vocab_size \(vocabSize), num_layers \(nLayers), num_heads \(nHeads), "
            + "channels \(channels), padded_vocab_size \(paddedVocabSize)"
    }

    /// Throws `ModelFileError.invalidHeader` (naming `file`) for a non-positive size, channels
    /// not divisible by num_heads, a padded vocabulary smaller than the vocabulary, or a
    /// max_seq_len below 2; `ModelFileError.sizeOverflow` when the tensor sizes overflow.
    public func validate(file: String) throws {
        let fields: [(String, Int)] = [
            ("max_seq_len", maxSeqLen), ("vocab_size", vocabSize), ("num_layers", nLayers),
            ("num_heads", nHeads), ("channels", channels), ("padded_vocab_size", paddedVocabSize),
        ]
        for (name, value) in fields where value <= 0 {
            throw ModelFileError.invalidHeader(file: file, reason: "\(name) is \(value), expected a positive size")
        }
        if channels % nHeads != 0 {
            throw ModelFileError.invalidHeader(file: file, reason: "channels \(channels) is not divisible by num_heads \(nHeads)")
        }
        if paddedVocabSize < vocabSize {
            throw ModelFileError.invalidHeader(
                file: file, reason: "padded_vocab_size \(paddedVocabSize) is smaller than vocab_size \(vocabSize)")
        }
        if maxSeqLen < 2 {
            throw ModelFileError.invalidHeader(file: file, reason: "max_seq_len is \(maxSeqLen), expected 2 or more")
        }
        _ = try GPT2TensorSizes(self, file: file).fileBytes
    }
}

extension GPT2Config {
    /// gpt2_tiny's shape (../shared/models/gpt2_tiny.bin): 2 layers, 4 heads, 64 channels,
    /// max_seq_len 128, GPT-2's vocabulary 50257 padded to 50304.
    public static let gpt2Tiny = GPT2Config(maxSeqLen: 128, vocabSize: 50257, nLayers: 2, nHeads: 4,
                                            channels: 64, paddedVocabSize: 50304)
}

/// The element count of every tensor of an llm.c GPT-2 checkpoint, in file order, with
/// overflow-checked arithmetic.
public struct GPT2TensorSizes: Sendable, Equatable {
    public static let names = ["wte", "wpe", "ln1w", "ln1b", "qkvw", "qkvb", "attprojw", "attprojb",
                               "ln2w", "ln2b", "fcw", "fcb", "fcprojw", "fcprojb", "lnfw", "lnfb"]
    /// (name, element count) in file order.
    public let tensors: [(String, Int)]
    /// Header plus tensors, in bytes.
    public let fileBytes: Int

    public init(_ c: GPT2Config, file: String) throws {
        let C = c.channels, L = c.nLayers
        func p(_ f: Int...) throws -> Int { try CheckedSize.product(f, file: file) }
        let counts = [try p(c.paddedVocabSize, C), try p(c.maxSeqLen, C), try p(L, C), try p(L, C),
                      try p(L, 3, C, C), try p(L, 3, C), try p(L, C, C), try p(L, C), try p(L, C), try p(L, C),
                      try p(L, 4, C, C), try p(L, 4, C), try p(L, C, 4, C), try p(L, C), C, C]
        tensors = Array(zip(Self.names, counts))
        let elements = try CheckedSize.sum(counts, file: file)
        fileBytes = try CheckedSize.sum([GPT2Checkpoint.headerBytes, try CheckedSize.product(elements, 4, file: file)], file: file)
    }

    public static func == (a: GPT2TensorSizes, b: GPT2TensorSizes) -> Bool {
        a.fileBytes == b.fileBytes && a.tensors.map(\.1) == b.tensors.map(\.1)
    }
}
