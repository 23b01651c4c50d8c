import HLSIR

/// The dimensions of a GPT-2 model (llm.c's `GPT2Config`), independent of file formats.
public struct GPT2Shape: Hashable, Sendable {
    /// Residual stream width C.
    public var channels: Int
    public var layers: Int
    public var heads: Int
    /// The real vocabulary V (sampling and greedy look at 0 ..< V).
    public var vocab: Int
    /// Rows of the tied classifier Vp ≥ V (llm.c's padded_vocab_size).
    public var paddedVocab: Int
    /// Positions (max_seq_len T).
    public var seqLen: Int

    public init(channels: Int, layers: Int, heads: Int, vocab: Int, paddedVocab: Int, seqLen: Int) {
        self.channels = channels
        self.layers = layers
        self.heads = heads
        self.vocab = vocab
        self.paddedVocab = paddedVocab
        self.seqLen = seqLen
    }

    public var headSize: Int { channels / heads }
    /// The MLP's hidden width, 4C.
    public var hidden: Int { 4 * channels }

    public var problems: [String] {
        var out: [String] = []
        for (k, v) in [("channels", channels), ("num_layers", layers), ("num_heads", heads), ("vocab_size", vocab),
                       ("padded_vocab_size", paddedVocab), ("max_seq_len", seqLen)] where v < 1 {
            out.append("\(k) is \(v); expected a positive integer")
        }
        if !out.isEmpty { return out }
        if channels % heads != 0 { out.append("channels \(channels) is not divisible by num_heads \(heads)") }
        if paddedVocab < vocab { out.append("padded_vocab_size \(paddedVocab) is smaller than vocab_size \(vocab)") }
        if seqLen < 2 { out.append("max_seq_len \(seqLen); expected 2 or more") }
        return out
    }
}
