import Foundation
import HLSLayers

/// Model shapes for `--shape`: a known name (`stories110m`) or explicit dimensions
/// (`dim=768,hidden=2048,layers=12,heads=12,kv_heads=12,vocab=32000,seq=1024`). A shape is
/// all the estimator needs; no weights are read.
enum NamedShapes {
    /// Known names, in the order `hlsgen` lists them, with llama2.c's dimensions.
    static let known: [(name: String, shape: LlamaShape)] = [
        ("stories260k", LlamaShape(dim: 64, hidden: 172, layers: 5, heads: 8, kvHeads: 4, vocab: 512, seqLen: 512)),
        ("stories15m", LlamaShape(dim: 288, hidden: 768, layers: 6, heads: 6, kvHeads: 6, vocab: 32000, seqLen: 256)),
        ("stories42m", LlamaShape(dim: 512, hidden: 1376, layers: 8, heads: 8, kvHeads: 8, vocab: 32000, seqLen: 1024)),
        ("stories110m", LlamaShape(dim: 768, hidden: 2048, layers: 12, heads: 12, kvHeads: 12, vocab: 32000, seqLen: 1024)),
        ("llama2-110m", LlamaShape(dim: 768, hidden: 2048, layers: 12, heads: 12, kvHeads: 12, vocab: 32000, seqLen: 1024)),
        ("llama2-7b", LlamaShape(dim: 4096, hidden: 11008, layers: 32, heads: 32, kvHeads: 32, vocab: 32000, seqLen: 4096)),
    ]

    /// GPT-2 shapes (llm.c's dimensions: padded vocabulary 50304, max_seq_len 1024).
    static let gpt2: [(name: String, shape: GPT2Shape)] = [
        ("gpt2-124m", GPT2Shape(channels: 768, layers: 12, heads: 12, vocab: 50257, paddedVocab: 50304, seqLen: 1024)),
        ("gpt2-350m", GPT2Shape(channels: 1024, layers: 24, heads: 16, vocab: 50257, paddedVocab: 50304, seqLen: 1024)),
        ("gpt2-774m", GPT2Shape(channels: 1280, layers: 36, heads: 20, vocab: 50257, paddedVocab: 50304, seqLen: 1024)),
        ("gpt2-1.5b", GPT2Shape(channels: 1600, layers: 48, heads: 25, vocab: 50257, paddedVocab: 50304, seqLen: 1024)),
    ]

    /// The GPT-2 shape `text` names, if it names one (case-insensitive).
    static func gpt2Shape(_ text: String) -> (name: String, shape: GPT2Shape)? {
        gpt2.first { $0.name == text.lowercased() }
    }

    /// The keys of an explicit shape, in the order they are listed.
    static let keys = ["dim", "hidden", "layers", "heads", "kv_heads", "vocab", "seq"]

    static var knownNames: String { (known.map(\.name) + gpt2.map(\.name)).joined(separator: ", ") }

    /// The shape `text` names or spells out, checked (divisibility, and every array indexable
    /// by the generated C++'s `int`). Names are case-insensitive.
    static func parse(_ text: String) throws(DriverError) -> (name: String, shape: LlamaShape) {
        let lowered = text.lowercased()
        let shape: LlamaShape
        let name: String
        if let hit = known.first(where: { $0.name == lowered }) {
            (name, shape) = hit
        } else if text.contains("=") {
            shape = try explicit(text)
            name = "llama-\(shape.dim)x\(shape.layers)"
        } else {
            throw DriverError("--shape \(text) is not a known shape; expected one of \(knownNames), or \(keys.map { "\($0)=N" }.joined(separator: ","))")
        }
        if let problem = shape.problems.first { throw DriverError("--shape \(text): \(problem)") }
        try checkIndexable(shape, text)
        return (name, shape)
    }

    /// `key=value` pairs separated by commas; every key exactly once, each value a positive integer.
    static func explicit(_ text: String) throws(DriverError) -> LlamaShape {
        var values: [String: Int] = [:]
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair[0].trimmingCharacters(in: .whitespaces)
            guard keys.contains(key) else {
                throw DriverError("--shape: unknown key '\(key)'; expected \(keys.joined(separator: ", "))")
            }
            guard values[key] == nil else { throw DriverError("--shape: key '\(key)' is given twice") }
            let raw = pair.count == 2 ? pair[1].trimmingCharacters(in: .whitespaces) : ""
            guard let v = Int(raw), v > 0 else {
                throw DriverError("--shape: key '\(key)' is '\(raw)'; expected a positive integer")
            }
            values[key] = v
        }
        for key in keys where values[key] == nil { throw DriverError("--shape: key '\(key)' is missing") }
        let v = { (key: String) in values[key]! }
        return LlamaShape(dim: v("dim"), hidden: v("hidden"), layers: v("layers"), heads: v("heads"),
                          kvHeads: v("kv_heads"), vocab: v("vocab"), seqLen: v("seq"))
    }

    /// The generated C++ indexes arrays with `int`: the KV cache and the weight tensors must
    /// stay below 2^31 elements.
    static func checkIndexable(_ s: LlamaShape, _ text: String) throws(DriverError) {
        let limit = Int(Int32.max)
        let sizes: [(String, Int, Int, Int)] = [
            ("KV cache (layers × seq × kv_dim)", s.layers, s.seqLen, s.kvDim),
            ("FFN weights (layers × hidden × dim)", s.layers, s.hidden, s.dim),
            ("embedding (vocab × dim)", 1, s.vocab, s.dim),
        ]
        for (what, a, b, c) in sizes {
            let (ab, o1) = a.multipliedReportingOverflow(by: b)
            let (abc, o2) = ab.multipliedReportingOverflow(by: c)
            if o1 || o2 || abc > limit {
                throw DriverError("--shape \(text): the \(what) would exceed \(limit) elements")
            }
        }
    }
}
