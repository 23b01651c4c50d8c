/// The hyper-parameters of a Llama 2 model as llama2.c's `Config` stores them, plus whether
/// the classifier shares the token-embedding table.
public struct LlamaConfig: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// Transformer width (the residual stream size).
    public var dim: Int
    /// Width of the feed-forward hidden layer.
    public var hiddenDim: Int
    public var nLayers: Int
    /// Number of query heads.
    public var nHeads: Int
    /// Number of key/value heads (grouped-query attention when smaller than `nHeads`).
    public var nKVHeads: Int
    public var vocabSize: Int
    /// Maximum sequence length (positions of the KV cache).
    public var seqLen: Int
    /// True when the classifier is the token-embedding table (llama2.c: positive vocab_size
    /// in a version-0 header, shared_classifier byte 1 in a version-2 header).
    public var sharedClassifier: Bool

    public init(dim: Int, hiddenDim: Int, nLayers: Int, nHeads: Int, nKVHeads: Int,
                vocabSize: Int, seqLen: Int, sharedClassifier: Bool = true) {
        self.dim = dim
        self.hiddenDim = hiddenDim
        self.nLayers = nLayers
        self.nHeads = nHeads
        self.nKVHeads = nKVHeads
        self.vocabSize = vocabSize
        self.seqLen = seqLen
        self.sharedClassifier = sharedClassifier
    }

    /// Size of one attention head, `dim / nHeads` (0 if `nHeads` is not positive).
    public var headSize: Int { nHeads > 0 ? dim / nHeads : 0 }

    /// Width of the key and value vectors, `nKVHeads * headSize`.
    public var kvDim: Int { nKVHeads * headSize }

    /// Query heads that share one key/value head, `nHeads / nKVHeads`.
    public var kvGroupSize: Int { nKVHeads > 0 ? nHeads / nKVHeads : 0 }

    public var description: String {
        "dim \(dim), hidden_dim \(hiddenDim), n_layers \(nLayers), n_heads \(nHeads), n_kv_heads \(nKVHeads), "
            + "vocab_size \(vocabSize), seq_len \(seqLen), \(sharedClassifier ? "shared" : "unshared") classifier"
    }

    /// Throws `ModelFileError.invalidHeader` (naming `file`) for zero or negative sizes, a
    /// `dim` not divisible by `nHeads`, or an `nHeads` not divisible by `nKVHeads`; and
    /// `ModelFileError.sizeOverflow` when the weights' element counts overflow `Int`.
    public func validate(file: String) throws {
        let fields: [(String, Int)] = [
            ("dim", dim), ("hidden_dim", hiddenDim), ("n_layers", nLayers), ("n_heads", nHeads),
            ("n_kv_heads", nKVHeads), ("vocab_size", vocabSize), ("seq_len", seqLen),
        ]
        for (name, value) in fields where value <= 0 {
            throw ModelFileError.invalidHeader(file: file, reason: "\(name) is \(value), expected a positive size")
        }
        if dim % nHeads != 0 {
            throw ModelFileError.invalidHeader(
                file: file, reason: "dim \(dim) is not divisible by n_heads \(nHeads)")
        }
        if nHeads % nKVHeads != 0 {
            throw ModelFileError.invalidHeader(
                file: file, reason: "n_heads \(nHeads) is not divisible by n_kv_heads \(nKVHeads)")
        }
        _ = try LlamaTensorSizes(self, file: file)
    }
}
