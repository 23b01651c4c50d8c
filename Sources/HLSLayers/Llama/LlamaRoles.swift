import HLSIR

/// The argument roles of the Llama 2 designs (`LlamaForward`, `LlamaPrefill`): which
/// checkpoint tensor every weight argument holds and how, the KV cache parts, the scalars and
/// the logits. The host program and the interpreter's inputs read these, never the names.
public enum LlamaRoles {
    /// The tensors of a checkpoint that are not matrices: the embedding table (float, as
    /// runq.c dequantizes it for Q8_0) and the RMSNorm weights.
    static func vectors(_ s: LlamaShape) -> [String: WeightTensor] {
        ["token_embedding": embedding(s),
         "rms_att": WeightTensor("rms_att", layers: s.layers, columns: s.dim),
         "rms_ffn": WeightTensor("rms_ffn", layers: s.layers, columns: s.dim),
         "rms_final": WeightTensor("rms_final", columns: s.dim)]
    }

    static func embedding(_ s: LlamaShape) -> WeightTensor { WeightTensor("token_embedding", rows: s.vocab, columns: s.dim) }

    /// Matrix `m` (`wq` … `w3`, `wcls`) in `weights`' format: the float values, or the Q8_0
    /// values and scales.
    public static func matrix(_ m: String, _ s: LlamaShape, weights: LlamaWeights) -> [WeightTensor] {
        let (layers, n, d): (Int, Int, Int)
        if m == "wcls" {
            (layers, n, d) = (1, s.dim, s.vocab)
        } else {
            guard let shape = LlamaForward.matrixShapes(s).first(where: { $0.0 == m }) else { return [] }
            (layers, n, d) = (s.layers, shape.n, shape.d)
        }
        switch weights {
        case .float: return [WeightTensor(m, layers: layers, rows: d, columns: n)]
        case .q8(let gs):
            return [WeightTensor(m, format: .q8Values, layers: layers, rows: d, columns: n),
                    WeightTensor(m, format: .q8Scales(groupSize: gs), layers: layers, rows: d, columns: n)]
        case .q4(let gs):
            return [WeightTensor(m, format: .q4Values, layers: layers, rows: d, columns: n),
                    WeightTensor(m, format: .q8Scales(groupSize: gs), layers: layers, rows: d, columns: n)]
        }
    }

    /// The roles every Llama design shares: logits, the KV cache (one pair, or one pair per
    /// attention engine), the norms and, unless packed, one argument per matrix tensor.
    static func common(_ s: LlamaShape, weights: LlamaWeights, attentionEngines a: Int, packing: [String: ArgumentPacking]) -> [String: ArgumentRole] {
        var out: [String: ArgumentRole] = ["logits": .logits]
        let names = LlamaForward.cacheNames(s, engines: a)
        for (kind, list) in [(CacheSlice.Kind.key, names.keys), (.value, names.values)] {
            for (p, name) in list.enumerated() {
                out[name] = .cache(CacheSlice(kind, part: p, of: list.count, layers: s.layers, positions: s.seqLen,
                                              heads: s.kvHeads / list.count, headSize: s.headSize))
            }
        }
        for name in ["rms_att", "rms_ffn", "rms_final"] { out[name] = .weights(vectors(s)[name]!) }
        let tensors = LlamaForward.matrices.flatMap { matrix($0, s, weights: weights) }
        if packing.isEmpty {
            for t in tensors { out[t.key] = .weights(t) }
        } else {
            for (port, p) in packing { out[port] = .packed(tensors.filter { p.sources.contains($0.key) }) }
        }
        return out
    }

    /// `forward(token, pos, logits, caches, token_embedding, norms, matrices or engine ports)`.
    public static func forward(_ s: LlamaShape, weights: LlamaWeights, engines: Int, packing: [String: ArgumentPacking]) -> ArgumentRoles {
        var r = common(s, weights: weights, attentionEngines: engines, packing: packing)
        r["token"] = .token
        r["pos"] = .position
        r["token_embedding"] = .weights(embedding(s))
        return ArgumentRoles(family: .llama2c, r)
    }

    /// `prefill(last, pos, logits, key_cache, value_cache, embedded, norms, matrices)`:
    /// `embedded` holds the block's rows of the embedding table.
    public static func prefill(_ s: LlamaShape, weights: LlamaWeights, block: Int) -> ArgumentRoles {
        var r = common(s, weights: weights, attentionEngines: 1, packing: [:])
        r["last"] = .blockLast
        r["pos"] = .position
        r["embedded"] = .gathered(embedding(s), rows: block)
        return ArgumentRoles(family: .llama2c, r)
    }
}
