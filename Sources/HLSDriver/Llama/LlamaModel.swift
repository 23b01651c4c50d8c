import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// A llama2.c checkpoint made ready for the forward design (`LlamaForward`): its dimensions
/// as a `LlamaShape`, its weight format as `LlamaWeights`, and its tensors as the design's
/// input buffers.
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
        if groupSize != nil && !quantize {
            throw DriverError("option --group-size needs --quantize (it sets the group size of the on-the-fly quantization)")
        }
        let read: Checkpoint
        do { read = try Checkpoint(contentsOf: URL(fileURLWithPath: path)) } catch { throw DriverError("\(error)") }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard quantize else { return LlamaModel(checkpoint: read, name: name) }
        guard case .float(let float) = read else {
            throw DriverError("\(path): is already a Q8_0 checkpoint; --quantize expects a float (version 0) checkpoint")
        }
        return LlamaModel(checkpoint: .q8(try quantized(float, groupSize: groupSize)), name: name)
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
        }
    }

    /// `float` or `q80`, as in the generated folder names.
    public var variant: String {
        if case .q8 = checkpoint { return "q80" }
        return "float"
    }

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

    /// The embedding rows of `tokens` (float; Q8_0 dequantized as `inputs()` gives the
    /// table), token after token, zero-padded to `block` rows: the prefill design's `embedded`.
    public func embedded(_ tokens: [Int], block: Int) -> [Float] {
        let dim = shape.dim
        var out = [Float](repeating: 0, count: block * dim)
        let table: [Float]
        switch checkpoint {
        case .float(let f): table = f.weights.tokenEmbedding
        case .q8(let q): table = q.weights.tokens.dequantized()
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

    /// Every input of the forward design: `token` and `pos` 0, empty KV caches, and the
    /// weights as `LlamaForward` orders them. Q8_0: the embedding dequantized to float (as
    /// runq.c keeps it), each matrix as `<name>_q` (int8 raw) and `<name>_s` (scales), and the
    /// classifier `wcls` — the quantized token table when it is shared.
    public func inputs() -> [String: BufferData] {
        let s = shape
        let cache = s.layers * s.seqLen * s.kvDim
        var out: [String: BufferData] = [
            "token": .raw([0]), "pos": .raw([0]),
            "key_cache": .float([Float](repeating: 0, count: cache)),
            "value_cache": .float([Float](repeating: 0, count: cache)),
        ]
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
        }
        return out
    }

    /// The inputs of `design`: `inputs()`, with the arguments the design packs from several
    /// tensors (`Design.packing`: the engine ports of a design with several engines) built
    /// from them, a KV cache split over attention engines zeroed, and the tensors that are not
    /// arguments of their own left out. The prefill design's `embedded` starts zeroed and its
    /// sizes at 0.
    public func inputs(for design: Design) -> [String: BufferData] {
        var out = inputs()
        // A KV cache split over attention engines: every part starts zeroed.
        for b in design.topKernel.buffers where b.isArgument && b.direction != .output && out[b.name] == nil {
            out[b.name] = .zeros(b.elementType, count: b.count)
        }
        for case .size(let n, _) in design.topKernel.parameters where out[n] == nil { out[n] = .raw([0]) }
        let arguments = Set(design.topKernel.parameters.map(\.name))
        guard !design.packing.isEmpty || out.keys.contains(where: { !arguments.contains($0) }) else { return out }
        let tensors = out
        for (name, packing) in design.packing {
            if let v = packing.pack({ name -> [Float]? in if case .float(let x)? = tensors[name] { return x } else { return nil } }) {
                out[name] = .float(v)
            } else if let v = packing.pack({ name -> [Int64]? in if case .raw(let x)? = tensors[name] { return x } else { return nil } }) {
                out[name] = .raw(v)
            }
        }
        for name in Array(out.keys) where !arguments.contains(name) { out[name] = nil }
        return out
    }

    /// The inputs of device `slice`'s design (`LlamaDevices`): the shared tensors whole, each
    /// matrix's rows of the slice (every layer's, back to back; Q8_0 values and scales),
    /// zeroed caches and residual, sizes 0.
    public func deviceInputs(_ slice: LlamaDevices.Slice, design: Design) -> [String: BufferData] {
        let full = inputs()
        var out: [String: BufferData] = [:]
        for name in ["token_embedding", "rms_att", "rms_ffn", "rms_final"] { out[name] = full[name] }
        let s = shape
        var gs = 1
        if case .q8(let g) = weights { gs = g }
        for (name, n, rows) in LlamaDevices.matrixRows(s, slice) {
            let layers = name == "wcls" ? 1 : s.layers
            let d = name == "wcls" ? s.vocab : LlamaForward.rows(of: name, s)
            func take<T>(_ values: [T], divisor: Int) -> [T] {
                var part: [T] = []
                part.reserveCapacity(layers * rows.count * n / divisor)
                for l in 0..<layers {
                    let base = l * d * n / divisor
                    part += values[(base + rows.lowerBound * n / divisor) ..< (base + rows.upperBound * n / divisor)]
                }
                return part
            }
            switch full[name] ?? full["\(name)_q"] {
            case .float(let v)?: out[name] = .float(take(v, divisor: 1))
            case .raw(let v)?:
                out["\(name)_q"] = .raw(take(v, divisor: 1))
                if case .float(let sc)? = full["\(name)_s"] { out["\(name)_s"] = .float(take(sc, divisor: gs)) }
            default: break
            }
        }
        for b in design.topKernel.buffers where b.isArgument && b.direction != .output && out[b.name] == nil {
            out[b.name] = .zeros(b.elementType, count: b.count)
        }
        for case .size(let n, _) in design.topKernel.parameters { out[n] = .raw([0]) }
        return out
    }

    /// Writes the checkpoint (in its own format) to `path`, for programs that read files.
    public func write(to path: String) throws(DriverError) {
        do {
            switch checkpoint {
            case .float(let f): try f.write(to: URL(fileURLWithPath: path))
            case .q8(let q): try q.write(to: URL(fileURLWithPath: path))
            }
        } catch {
            throw DriverError("\(error)")
        }
    }

    /// Reads the tokenizer and checks its vocabulary against the model's.
    public func tokenizer(_ path: String) throws(DriverError) -> Tokenizer {
        do { return try Tokenizer(contentsOf: URL(fileURLWithPath: path), vocabSize: config.vocabSize) } catch {
            throw DriverError("\(error)")
        }
    }
}
