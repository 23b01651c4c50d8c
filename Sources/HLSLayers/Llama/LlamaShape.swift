import HLSIR

/// The dimensions of a Llama 2 model (llama2.c's `Config`), independent of file formats.
public struct LlamaShape: Hashable, Sendable {
    public var dim: Int
    public var hidden: Int
    public var layers: Int
    public var heads: Int
    public var kvHeads: Int
    public var vocab: Int
    public var seqLen: Int

    public init(dim: Int, hidden: Int, layers: Int, heads: Int, kvHeads: Int, vocab: Int, seqLen: Int) {
        self.dim = dim
        self.hidden = hidden
        self.layers = layers
        self.heads = heads
        self.kvHeads = kvHeads
        self.vocab = vocab
        self.seqLen = seqLen
    }

    public var headSize: Int { dim / heads }
    public var kvDim: Int { dim * kvHeads / heads }
    /// Query heads per key/value head (grouped-query attention).
    public var kvMul: Int { heads / kvHeads }

    /// Problems with the shape, one line each.
    public var problems: [String] {
        var out: [String] = []
        for (k, v) in [("dim", dim), ("hidden_dim", hidden), ("n_layers", layers), ("n_heads", heads),
                       ("n_kv_heads", kvHeads), ("vocab_size", vocab), ("seq_len", seqLen)] where v < 1 {
            out.append("\(k) is \(v); expected a positive integer")
        }
        if !out.isEmpty { return out }
        if dim % heads != 0 { out.append("dim \(dim) is not divisible by n_heads \(heads)") }
        if heads % kvHeads != 0 { out.append("n_heads \(heads) is not divisible by n_kv_heads \(kvHeads)") }
        if headSize % 2 != 0 { out.append("head size \(headSize) is odd; RoPE rotates pairs") }
        return out
    }
}

/// How the weight matrices are stored.
public enum LlamaWeights: Hashable, Sendable {
    /// float32 matrices (llama2.c run.c).
    case float
    /// int8 values with one float scale per group (llama2.c runq.c Q8_0).
    case q8(groupSize: Int)
    /// 4-bit values packed two per byte (low nibble: even index) with one float scale per
    /// group (`MatVecQ4`, docs/numerics.md).
    case q4(groupSize: Int)

    /// The group size of a quantized format, nil for float weights.
    public var groupSize: Int? {
        switch self {
        case .float: return nil
        case .q8(let gs), .q4(let gs): return gs
        }
    }

    /// The suffix of a matrix's values argument (`wq_q`, `wq_q4`), nil for float weights.
    public var valuesSuffix: String? {
        switch self {
        case .float: return nil
        case .q8: return "_q"
        case .q4: return "_q4"
        }
    }

    /// Weights per element of a values argument: 2 for Q4 (packed bytes), else 1.
    public var weightsPerValue: Int {
        if case .q4 = self { return 2 }
        return 1
    }

    /// `float`, `q80` or `q4`, as in generated folder names.
    public var variant: String {
        switch self {
        case .float: return "float"
        case .q8: return "q80"
        case .q4: return "q4"
        }
    }

    /// Why the group size does not suit the shape, or nil.
    public func groupSizeProblem(dim: Int, hidden: Int) -> String? {
        switch self {
        case .float:
            return nil
        case .q8(let gs):
            if gs < 1 || dim % gs != 0 || hidden % gs != 0 {
                return "group size \(gs) does not divide dim \(dim) and hidden_dim \(hidden)"
            }
        case .q4(let gs):
            if gs < 2 || gs % 2 != 0 || dim % gs != 0 || hidden % gs != 0 {
                return "Q4 group size \(gs) is not an even divisor of dim \(dim) and hidden_dim \(hidden) (two weights per byte)"
            }
        }
        return nil
    }
}

/// The weight formats the prefill and multi-device designs build products for: float and
/// Q8_0 (their `design` functions reject Q4 with a problem line first).
enum FloatOrQ8 {
    case float
    case q8(groupSize: Int)

    init(_ w: LlamaWeights) throws(DesignError) {
        switch w {
        case .float: self = .float
        case .q8(let gs): self = .q8(groupSize: gs)
        case .q4: throw DesignError(["Q4 weights are not supported by this design"])
        }
    }
}
