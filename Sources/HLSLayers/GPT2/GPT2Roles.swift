import HLSIR

/// The argument roles of the GPT-2 forward design (`GPT2Forward`): which llm.c checkpoint
/// tensor every weight argument holds and how, the KV cache, the scalars and the logits. The
/// host program and the interpreter's inputs read these, never the names.
///
/// For Q8_0 the token embedding appears twice: `wte` (float — the embedding lookup reads it
/// dequantized, as runq.c does for Llama) and `wte_q`/`wte_s` (the tied classifier's Q8_0
/// values and scales; for Q4 `wte_q4`/`wte_s`). Biases, LayerNorm parameters and wpe stay float.
public enum GPT2Roles {
    /// The float tensors that are never quantized: (name, layers, columns), rows 1, and wpe.
    static func vectors(_ s: GPT2Shape) -> [WeightTensor] {
        let C = s.channels, L = s.layers
        return [WeightTensor("wpe", rows: s.seqLen, columns: C),
                WeightTensor("ln1w", layers: L, columns: C), WeightTensor("ln1b", layers: L, columns: C),
                WeightTensor("qkvb", layers: L, columns: 3 * C), WeightTensor("attprojb", layers: L, columns: C),
                WeightTensor("ln2w", layers: L, columns: C), WeightTensor("ln2b", layers: L, columns: C),
                WeightTensor("fcb", layers: L, columns: 4 * C), WeightTensor("fcprojb", layers: L, columns: C),
                WeightTensor("lnfw", columns: C), WeightTensor("lnfb", columns: C)]
    }

    /// The token embedding as the embedding lookup reads it: float, Vp rows of C.
    static func embedding(_ s: GPT2Shape) -> WeightTensor { WeightTensor("wte", rows: s.paddedVocab, columns: s.channels) }

    /// Matrix `m` (`qkvw`, `attprojw`, `fcw`, `fcprojw`, or `wte` as the classifier) in
    /// `weights`' format: the float values, or the Q8_0 (Q4) values and scales.
    public static func matrix(_ m: String, _ s: GPT2Shape, weights: LlamaWeights) -> [WeightTensor] {
        let (layers, n, d): (Int, Int, Int)
        if m == "wte" {
            (layers, n, d) = (1, s.channels, s.paddedVocab)
        } else {
            guard let shape = GPT2Forward.matrices(s).first(where: { $0.0 == m }) else { return [] }
            (layers, n, d) = (s.layers, shape.n, shape.d)
        }
        switch weights {
        case .q8(let gs):
            return [WeightTensor(m, format: .q8Values, layers: layers, rows: d, columns: n),
                    WeightTensor(m, format: .q8Scales(groupSize: gs), layers: layers, rows: d, columns: n)]
        case .q4(let gs):
            return [WeightTensor(m, format: .q4Values, layers: layers, rows: d, columns: n),
                    WeightTensor(m, format: .q8Scales(groupSize: gs), layers: layers, rows: d, columns: n)]
        case .float:
            return [WeightTensor(m, layers: layers, rows: d, columns: n)]
        }
    }

    /// `forward(token, pos, logits, key_cache, value_cache, wte, wpe, per-layer tensors, lnfw,
    /// lnfb[, wte_q or wte_q4, wte_s])`. The cache holds n_heads heads of C / n_heads per position.
    /// With engine ports (`packing`, `GPT2Forward.engineWeights`) the matrices and the
    /// classifier's tensors are packed into them instead.
    /// With A `attentionEngines` the cache is A parts (`key_cache_e<a>`, …), each n_heads/A heads.
    public static func forward(_ s: GPT2Shape, weights: LlamaWeights, packing: [String: ArgumentPacking] = [:],
                               attentionEngines a: Int = 1) -> ArgumentRoles {
        var r: [String: ArgumentRole] = ["token": .token, "pos": .position, "logits": .logits]
        let names = GPT2Attention.cacheNames(engines: a)
        for (kind, list) in [(CacheSlice.Kind.key, names.keys), (.value, names.values)] {
            for (p, name) in list.enumerated() {
                r[name] = .cache(CacheSlice(kind, part: p, of: a, layers: s.layers, positions: s.seqLen, heads: s.heads / a, headSize: s.headSize))
            }
        }
        r["wte"] = .weights(embedding(s))
        for t in vectors(s) { r[t.key] = .weights(t) }
        var tensors = GPT2Forward.matrices(s).flatMap { matrix($0.0, s, weights: weights) }
        if packing.isEmpty {
            if weights != .float { tensors += matrix("wte", s, weights: weights) }
            for t in tensors { r[t.key] = .weights(t) }
        } else {
            tensors += matrix("wte", s, weights: weights)
            for (port, p) in packing { r[port] = .packed(tensors.filter { p.sources.contains($0.key) }) }
        }
        return ArgumentRoles(family: .gpt2, r)
    }

    /// `prefill(last, pos, logits, key_cache, value_cache, embedded, wpe, per-layer tensors,
    /// lnfw, lnfb, wte | wte_q, wte_s)` (`GPT2Prefill`): `embedded` holds the block's rows of
    /// wte (float, dequantized for Q8_0, as the forward's embedding lookup reads it); the
    /// classifier is wte as in the forward design.
    public static func prefill(_ s: GPT2Shape, weights: LlamaWeights, block: Int) -> ArgumentRoles {
        var r = forward(s, weights: weights).byArgument
        r["token"] = nil
        if case .q8 = weights { r["wte"] = nil }
        r["last"] = .blockLast
        r["embedded"] = .gathered(embedding(s), rows: block)
        return ArgumentRoles(family: .gpt2, r)
    }
}
