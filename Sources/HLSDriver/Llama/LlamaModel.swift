import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// A llama2.c checkpoint made ready for the forward design (`LlamaForward`): its dimensions
/// as a `LlamaShape`, its weight format as `LlamaWeights`, and its tensors as the design's
/// input buffers.
/// An on-the-fly quantization of a float checkpoint (`--quantize q8|q4`).
public enum LlamaQuantization: String, Sendable, CaseIterable {
    case q8, q4
}

public struct LlamaModel: Sendable {
    /// The checkpoint's file name without its extension (`stories260K`), used to name folders.
    public let name: String
    /// The checkpoint as the design uses it (already quantized when `--quantize` was asked).
    public let checkpoint: Checkpoint

    public init(checkpoint: Checkpoint, name: String) {
        self.checkpoint = checkpoint
        self.name = name
    }

    /// Reads a checkpoint in either llama2.c format; with `quantize`, a float checkpoint is
    /// quantized to Q8_0 with `groupSize` (default `defaultGroupSize`). Every problem — a
    /// missing, truncated or impossible file, a group size given without `quantize` or one
    /// that does not divide — is a one-line `DriverError`.
    public static func load(checkpoint path: String, quantize: Bool = false, groupSize: Int? = nil) throws(DriverError) -> LlamaModel {
        try load(checkpoint: path, quantization: quantize ? .q8 : nil, groupSize: groupSize)
    }

    /// Reads a checkpoint in either llama2.c format; with `quantization`, a float checkpoint
    /// is quantized on the fly to Q8_0 (default group size `defaultGroupSize`) or Q4
    /// (`defaultQ4GroupSize`).
    public static func load(checkpoint path: String, quantization: LlamaQuantization?, groupSize: Int? = nil) throws(DriverError) -> LlamaModel {
        if groupSize != nil && quantization == nil {
            throw DriverError("option --group-size needs --quantize (it sets the group size of the on-the-fly quantization)")
        }
        let quantize = quantization != nil
        let read: Checkpoint
        do { read = try Checkpoint(contentsOf: URL(fileURLWithPath: path)) } catch { throw DriverError("\(error)") }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard quantize else { return LlamaModel(checkpoint: read, name: name) }
        guard case .float(let float) = read else {
            throw DriverError("\(path): is already a Q8_0 checkpoint; --quantize expects a float (version 0) checkpoint")
        }
        if quantization == .q4 { return LlamaModel(checkpoint: .q4(try quantizedQ4(float, groupSize: groupSize)), name: name) }
        return LlamaModel(checkpoint: .q8(try quantized(float, groupSize: groupSize)), name: name)
    }

    /// `float` quantized to Q4 with `groupSize` (default `defaultQ4GroupSize`).
    public static func quantizedQ4(_ float: FloatCheckpoint, groupSize: Int?) throws(DriverError) -> Q4Checkpoint {
        let c = float.config
        if let gs = groupSize, gs < 2 || gs % 2 != 0 || c.dim % gs != 0 || c.hiddenDim % gs != 0 {
            throw DriverError("option --group-size is \(gs); expected an even divisor of dim \(c.dim) and hidden_dim \(c.hiddenDim) for q4")
        }
        do { return try Q4Checkpoint(quantizing: float, groupSize: groupSize) } catch { throw DriverError("\(error)") }
    }

    /// `float` quantized to Q8_0 with `groupSize` (default `defaultGroupSize`).
    public static func quantized(_ float: FloatCheckpoint, groupSize: Int?) throws(DriverError) -> Q8Checkpoint {
        let c = float.config
        if let gs = groupSize, gs < 1 || c.dim % gs != 0 || c.hiddenDim % gs != 0 {
            throw DriverError("option --group-size is \(gs); expected a positive divisor of dim \(c.dim) and hidden_dim \(c.hiddenDim)")
        }
        do { return try Q8Checkpoint(quantizing: float, groupSize: groupSize) } catch { throw DriverError("\(error)") }
    }

    public var config: LlamaConfig { checkpoint.config }

    public var shape: LlamaShape {
        let c = config
        return LlamaShape(dim: c.dim, hidden: c.hiddenDim, layers: c.nLayers, heads: c.nHeads,
                          kvHeads: c.nKVHeads, vocab: c.vocabSize, seqLen: c.seqLen)
    }

    public var weights: LlamaWeights {
        switch checkpoint {
        case .float: return .float
        case .q8(let q): return .q8(groupSize: q.groupSize)
        case .q4(let q): return .q4(groupSize: q.groupSize)
        }
    }

    /// `float`, `q80` or `q4`, as in the generated folder names.
    public var variant: String { weights.variant }

    /// The forward design for this checkpoint's dimensions and weight format. Throws when a
    /// size is out of reach: an array the generated C++ cannot index with an `int`, or a KV
    /// cache larger than half this machine's memory (a header can claim any seq_len: the
    /// Q8_0 file length does not depend on it).
    public func design(profile: MathProfile, schedule: LlamaSchedule, engines: Int = 1) throws(DriverError) -> Design {
        try checkSizes()
        do {
            return try LlamaForward.design(shape, weights: weights, profile: profile, schedule: schedule, engines: engines)
        } catch {
            throw DriverError("the checkpoint's shape has no forward design: \(error.problems.joined(separator: "; "))")
        }
    }

    /// The prefill design (`LlamaPrefill`) for blocks of up to `block` prompt tokens.
    /// `forward`: the schedule of the forward design it runs beside, if not the style's own.
    public func prefillDesign(profile: MathProfile, schedule: LlamaSchedule, block: Int, forward: Schedule? = nil) throws(DriverError) -> Design {
        try checkSizes()
        do {
            return try LlamaPrefill.design(shape, weights: weights, profile: profile, schedule: schedule, block: block, forward: forward)
        } catch {
            throw DriverError("the checkpoint's shape has no prefill design: \(error.problems.joined(separator: "; "))")
        }
    }

    /// The embedding rows of `tokens` (float; Q8_0 dequantized as `tensors()` gives the
    /// table), token after token, zero-padded to `block` rows: the prefill design's `embedded`.
    public func embedded(_ tokens: [Int], block: Int) -> [Float] {
        let dim = shape.dim
        var out = [Float](repeating: 0, count: block * dim)
        let table: [Float]
        switch checkpoint {
        case .float(let f): table = f.weights.tokenEmbedding
        case .q8(let q): table = q.weights.tokens.dequantized()
        case .q4(let q): table = q.tokens.dequantized()
        }
        for (b, t) in tokens.prefix(block).enumerated() {
            out.replaceSubrange(b * dim ..< (b + 1) * dim, with: table[t * dim ..< (t + 1) * dim])
        }
        return out
    }

    func checkSizes() throws(DriverError) {
        let s = shape
        let (cache, o1) = s.layers.multipliedReportingOverflow(by: s.seqLen)
        let (elements, o2) = cache.multipliedReportingOverflow(by: s.kvDim)
        let largest = Swift.max(s.vocab * s.dim, s.layers * s.hidden * s.dim)
        if o1 || o2 || elements > Int(Int32.max) || largest > Int(Int32.max) {
            throw DriverError("the model is too large for the forward design: an array would exceed \(Int32.max) elements (n_layers \(s.layers) × seq_len \(s.seqLen) × kv_dim \(s.kvDim) for the KV cache)")
        }
        // Keys and values, each held twice while the interpreter binds them.
        let bytes = 4 * elements * MemoryLayout<Float>.size
        let memory = ProcessInfo.processInfo.physicalMemory
        if UInt64(bytes) > memory / 2 {
            throw DriverError("the KV cache (n_layers \(s.layers) × seq_len \(s.seqLen) × kv_dim \(s.kvDim)) needs about \(bytes) bytes, more than half this machine's memory (\(memory) bytes)")
        }
    }

    /// The checkpoint's tensors by the keys the designs' roles give them (`WeightTensor.key`):
    /// `token_embedding` (float; Q8_0 dequantized, as runq.c keeps it), `rms_att`, `rms_ffn`,
    /// `rms_final`, and each matrix `wq` … `w3`, `wcls` as float values or as `<name>_q`
    /// (int8 raw) and `<name>_s` (scales); the classifier is the token table when shared.
    public func tensors() -> [String: BufferData] {
        var out: [String: BufferData] = [:]
        switch checkpoint {
        case .float(let f):
            let w = f.weights
            out["token_embedding"] = .float(w.tokenEmbedding)
            out["rms_att"] = .float(w.rmsAtt)
            out["rms_ffn"] = .float(w.rmsFFN)
            out["rms_final"] = .float(w.rmsFinal)
            let matrices = [("wq", w.wq), ("wk", w.wk), ("wv", w.wv), ("wo", w.wo), ("w1", w.w1), ("w2", w.w2),
                            ("w3", w.w3), ("wcls", w.classifier)]
            for (name, values) in matrices { out[name] = .float(values) }
        case .q8(let q):
            let w = q.weights
            out["token_embedding"] = .float(w.tokens.dequantized())
            out["rms_att"] = .float(w.rmsAtt)
            out["rms_ffn"] = .float(w.rmsFFN)
            out["rms_final"] = .float(w.rmsFinal)
            let matrices = [("wq", w.wq), ("wk", w.wk), ("wv", w.wv), ("wo", w.wo), ("w1", w.w1), ("w2", w.w2),
                            ("w3", w.w3), ("wcls", w.classifier)]
            for (name, tensor) in matrices {
                out["\(name)_q"] = .raw(tensor.values.map { Int64($0) })
                out["\(name)_s"] = .float(tensor.scales)
            }
        case .q4(let q):
            out["token_embedding"] = .float(q.tokens.dequantized())
            out["rms_att"] = .float(q.rmsAtt)
            out["rms_ffn"] = .float(q.rmsFFN)
            out["rms_final"] = .float(q.rmsFinal)
            let matrices = [("wq", q.wq), ("wk", q.wk), ("wv", q.wv), ("wo", q.wo), ("w1", q.w1), ("w2", q.w2),
                            ("w3", q.w3), ("wcls", q.classifier)]
            for (name, tensor) in matrices {
                out["\(name)_q4"] = .raw(tensor.signedBytes.map { Int64($0) })
                out["\(name)_s"] = .float(tensor.scales)
            }
        }
        return out
    }

    /// Every input of the validated `bound` design, filled by the roles of its arguments
    /// (`Design.roles`, checked when it was bound): sizes 0,
    /// the KV cache parts and gathered rows zeroed, each weight argument its tensor, each
    /// packed argument its segments (`Design.packing`). Throws when the design states no role
    /// for an argument or needs a tensor of another weight format than the checkpoint's.
    public func inputs(for bound: BoundDesign) throws(DriverError) -> [String: BufferData] {
        try RoleInputs.fill(bound.design, tensors: tensors(), variant: "\(variant) checkpoint")
    }

    /// Writes the checkpoint (in its own format) to `path`, for programs that read files.
    public func write(to path: String) throws(DriverError) {
        do {
            switch checkpoint {
            case .float(let f): try f.write(to: URL(fileURLWithPath: path))
            case .q8(let q): try q.write(to: URL(fileURLWithPath: path))
            case .q4: throw ModelWriteRefusal()
            }
        } catch is ModelWriteRefusal {
            throw DriverError("Q4 weights have no file format (they are quantized in memory from a float checkpoint)")
        } catch {
            throw DriverError("\(error)")
        }
    }

    private struct ModelWriteRefusal: Error {}

    /// Reads the tokenizer and checks its vocabulary against the model's.
    public func tokenizer(_ path: String) throws(DriverError) -> Tokenizer {
        do { return try Tokenizer(contentsOf: URL(fileURLWithPath: path), vocabSize: config.vocabSize) } catch {
            throw DriverError("\(error)")
        }
    }
}
