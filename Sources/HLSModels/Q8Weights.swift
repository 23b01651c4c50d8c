/// The weights of a llama2.c Q8_0 "version 2" checkpoint (runq.c): float RMSNorm weights
/// and Q8_0 matrices, each flat in the same (out, in) row-major layout as `FloatWeights`.
public struct Q8Weights: Sendable, Equatable {
    /// (n_layers, dim).
    public var rmsAtt: [Float]
    /// (n_layers, dim).
    public var rmsFFN: [Float]
    /// (dim).
    public var rmsFinal: [Float]
    /// (vocab_size, dim): runq.c's `q_tokens`; it dequantizes it for the embedding lookup.
    public var tokens: QuantizedTensor
    public var wq: QuantizedTensor
    public var wk: QuantizedTensor
    public var wv: QuantizedTensor
    public var wo: QuantizedTensor
    public var w1: QuantizedTensor
    public var w2: QuantizedTensor
    public var w3: QuantizedTensor
    /// (vocab_size, dim) when not shared; nil when the classifier is `tokens`.
    public var wcls: QuantizedTensor?

    public init(rmsAtt: [Float], rmsFFN: [Float], rmsFinal: [Float], tokens: QuantizedTensor,
                wq: QuantizedTensor, wk: QuantizedTensor, wv: QuantizedTensor, wo: QuantizedTensor,
                w1: QuantizedTensor, w2: QuantizedTensor, w3: QuantizedTensor, wcls: QuantizedTensor?) {
        self.rmsAtt = rmsAtt
        self.rmsFFN = rmsFFN
        self.rmsFinal = rmsFinal
        self.tokens = tokens
        self.wq = wq
        self.wk = wk
        self.wv = wv
        self.wo = wo
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
        self.wcls = wcls
    }

    /// The classifier: `wcls`, or `tokens` when shared.
    public var classifier: QuantizedTensor { wcls ?? tokens }

    /// Throws `ModelFileError.inconsistentWeights` if a tensor does not match `config` and
    /// `groupSize` (element counts, one scale per group, the tensor's own group size).
    public func check(against config: LlamaConfig, groupSize: Int) throws {
        let s = try LlamaTensorSizes(config, file: "config")
        let floats: [(String, Int, Int)] = [
            ("rms_att_weight", s.rmsNorm, rmsAtt.count), ("rms_ffn_weight", s.rmsNorm, rmsFFN.count),
            ("rms_final_weight", config.dim, rmsFinal.count),
        ]
        for (name, want, have) in floats where want != have {
            throw ModelFileError.inconsistentWeights(tensor: name, expected: want, actual: have)
        }
        if config.sharedClassifier != (wcls == nil) {
            throw ModelFileError.inconsistentWeights(
                tensor: "wcls", expected: config.sharedClassifier ? 0 : s.tokenEmbedding, actual: wcls?.values.count ?? 0)
        }
        var expected: [(String, QuantizedTensor, Int)] = [
            ("q_tokens", tokens, s.tokenEmbedding), ("wq", wq, s.wq), ("wk", wk, s.wk), ("wv", wv, s.wk),
            ("wo", wo, s.wq), ("w1", w1, s.ffn), ("w2", w2, s.ffn), ("w3", w3, s.ffn),
        ]
        if let wcls { expected.append(("wcls", wcls, s.tokenEmbedding)) }
        for (name, tensor, count) in expected {
            if tensor.values.count != count {
                throw ModelFileError.inconsistentWeights(tensor: name, expected: count, actual: tensor.values.count)
            }
            if tensor.groupSize != groupSize {
                throw ModelFileError.inconsistentWeights(tensor: "\(name) group size", expected: groupSize, actual: tensor.groupSize)
            }
            if tensor.scales.count != count / groupSize {
                throw ModelFileError.inconsistentWeights(tensor: "\(name) scales", expected: count / groupSize, actual: tensor.scales.count)
            }
        }
    }
}
