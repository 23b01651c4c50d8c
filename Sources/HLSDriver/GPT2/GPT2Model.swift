import Foundation
import HLSIR
import HLSLayers
import HLSModels

/// An llm.c GPT-2 checkpoint made ready for the forward design (`GPT2Forward`): its shape,
/// its weight format (float, or Q8_0 or Q4 quantized on the fly) and its tensors as the
/// design's input buffers.
public struct GPT2Model: Sendable, BlockModel {
    /// The file name without extension (`gpt2_tiny`), used to name folders.
    public let name: String
    public let checkpoint: GPT2Checkpoint
    /// The Q8_0 matrices when `--quantize` (q8) was asked.
    public let quantized: GPT2Quantized?
    /// The Q4 matrices when `--quantize q4` was asked.
    public let quantizedQ4: GPT2QuantizedQ4?

    public init(checkpoint: GPT2Checkpoint, name: String, quantized: GPT2Quantized? = nil, quantizedQ4: GPT2QuantizedQ4? = nil) {
        self.checkpoint = checkpoint
        self.name = name
        self.quantized = quantized
        self.quantizedQ4 = quantizedQ4
    }

    /// Reads the checkpoint; with `quantize` its matrices are quantized to Q8_0 with
    /// `groupSize` (default: the largest of 64 … 1 dividing channels). Every problem is a
    /// one-line `DriverError`.
    public static func load(checkpoint path: String, quantize: Bool = false, groupSize: Int? = nil) throws(DriverError) -> GPT2Model {
        try load(checkpoint: path, quantization: quantize ? .q8 : nil, groupSize: groupSize)
    }

    /// Reads the checkpoint; with `quantization` its matrices are quantized to Q8_0 (default
    /// group size: the largest of 64 … 1 dividing channels) or Q4 (32, or the largest even
    /// size dividing channels).
    public static func load(checkpoint path: String, quantization: LlamaQuantization?, groupSize: Int? = nil) throws(DriverError) -> GPT2Model {
        if groupSize != nil && quantization == nil {
            throw DriverError("option --group-size needs --quantize (it sets the group size of the on-the-fly quantization)")
        }
        let read: GPT2Checkpoint
        do { read = try GPT2Checkpoint(contentsOf: URL(fileURLWithPath: path)) } catch { throw DriverError("\(error)") }
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try GPT2Model(read, name: name, quantization: quantization, groupSize: groupSize)
    }

    public init(_ checkpoint: GPT2Checkpoint, name: String, quantize: Bool, groupSize: Int? = nil) throws(DriverError) {
        try self.init(checkpoint, name: name, quantization: quantize ? .q8 : nil, groupSize: groupSize)
    }

    public init(_ checkpoint: GPT2Checkpoint, name: String, quantization: LlamaQuantization?, groupSize: Int? = nil) throws(DriverError) {
        let c = checkpoint.config.channels
        switch quantization {
        case nil:
            self.init(checkpoint: checkpoint, name: name)
        case .q8:
            if let gs = groupSize, gs < 1 || c % gs != 0 {
                throw DriverError("option --group-size is \(gs); expected a positive divisor of channels \(c)")
            }
            do { self.init(checkpoint: checkpoint, name: name, quantized: try GPT2Quantized(checkpoint, groupSize: groupSize)) } catch {
                throw DriverError("\(error)")
            }
        case .q4:
            if let gs = groupSize, gs < 2 || gs % 2 != 0 || c % gs != 0 {
                throw DriverError("option --group-size is \(gs); expected an even divisor of channels \(c) for q4 (two weights per byte)")
            }
            do { self.init(checkpoint: checkpoint, name: name, quantizedQ4: try GPT2QuantizedQ4(checkpoint, groupSize: groupSize)) } catch {
                throw DriverError("\(error)")
            }
        }
    }

    public var config: GPT2Config { checkpoint.config }

    public var shape: GPT2Shape {
        let c = config
        return GPT2Shape(channels: c.channels, layers: c.nLayers, heads: c.nHeads, vocab: c.vocabSize,
                         paddedVocab: c.paddedVocabSize, seqLen: c.maxSeqLen)
    }

    public var weights: LlamaWeights {
        if let q = quantizedQ4 { return .q4(groupSize: q.groupSize) }
        return quantized.map { .q8(groupSize: $0.groupSize) } ?? .float
    }

    /// `float`, `q80` or `q4`, as in generated folder names.
    public var variant: String { weights.variant }

    /// The forward design; throws when an array would exceed what an `int` indexes.
    public func design(profile: MathProfile, schedule: GPT2Schedule, engines: Int = 1) throws(DriverError) -> Design {
        try checkSizes()
        do {
            return try GPT2Forward.design(shape, weights: weights, profile: profile, schedule: schedule, engines: engines)
        } catch {
            throw DriverError("the checkpoint's shape has no forward design: \(error.problems.joined(separator: "; "))")
        }
    }

    /// Throws when an array of the forward design would exceed what an `int` indexes.
    public func checkSizes() throws(DriverError) {
        let s = shape
        let (cache, o1) = s.layers.multipliedReportingOverflow(by: s.seqLen)
        let (elements, o2) = cache.multipliedReportingOverflow(by: s.channels)
        let largest = Swift.max(s.paddedVocab * s.channels, s.layers * 4 * s.channels * s.channels)
        if o1 || o2 || elements > Int(Int32.max) || largest > Int(Int32.max) {
            throw DriverError("the model is too large for the forward design: an array would exceed \(Int32.max) elements")
        }
    }

    /// The prefill design (`GPT2Prefill`) for blocks of up to `block` prompt tokens beside a
    /// forward design with schedule `forward`.
    public func prefillDesign(profile: MathProfile, schedule: GPT2Schedule, block: Int, forward: Schedule? = nil) throws(DriverError) -> Design {
        try checkSizes()
        do {
            return try GPT2Prefill.design(shape, weights: weights, profile: profile, schedule: schedule, block: block, forward: forward)
        } catch {
            throw DriverError("the checkpoint's shape has no prefill design: \(error.problems.joined(separator: "; "))")
        }
    }

    /// The rows of wte for `tokens` (float; Q8_0 dequantized, as `tensors()` gives the
    /// embedding), token after token, zero-padded to `block` rows: the prefill's `embedded`.
    public func embedded(_ tokens: [Int], block: Int) -> [Float] {
        let C = shape.channels
        let table = quantized.map { $0.tensors["wte"]!.dequantized() } ?? checkpoint.tensors["wte"]!
        var out = [Float](repeating: 0, count: block * C)
        for (b, t) in tokens.prefix(block).enumerated() {
            out.replaceSubrange(b * C ..< (b + 1) * C, with: table[t * C ..< (t + 1) * C])
        }
        return out
    }

    /// Every tensor by the key an argument role names it: each checkpoint tensor under its
    /// name; for Q8_0 the matrices as `<name>_q`/`<name>_s` (no float copy) and wte both
    /// quantized (`wte_q`/`wte_s`, the classifier) and dequantized (`wte`, the embedding lookup);
    /// for Q4 likewise with the packed bytes as `<name>_q4`.
    public func tensors() -> [String: BufferData] {
        var out: [String: BufferData] = [:]
        for (name, values) in checkpoint.tensors { out[name] = .float(values) }
        if let (suffix, matrices, embedding) = quantizedMatrices() {
            for (name, (values, scales)) in matrices {
                out[name + suffix] = .raw(values)
                out["\(name)_s"] = .float(scales)
                out[name] = nil
            }
            out["wte"] = .float(embedding)
        }
        return out
    }

    /// The quantized matrices' values suffix (`_q`, `_q4`), values (int8, or Q4's packed
    /// bytes) and scales by name, and wte dequantized; nil for float weights.
    private func quantizedMatrices() -> (String, [String: ([Int64], [Float])], [Float])? {
        if let q = quantized {
            return ("_q", q.tensors.mapValues { ($0.values.map { Int64($0) }, $0.scales) }, q.tensors["wte"]!.dequantized())
        }
        if let q = quantizedQ4 {
            return ("_q4", q.tensors.mapValues { ($0.signedBytes.map { Int64($0) }, $0.scales) }, q.tensors["wte"]!.dequantized())
        }
        return nil
    }

    /// The design's inputs, filled by argument role (`GPT2Roles`), as the generated host fills
    /// them: token and position 0, the KV caches and gathered rows zeroed, each weight argument its tensor.
    public func inputs(for bound: BoundDesign) throws(DriverError) -> [String: BufferData] {
        try RoleInputs.fill(bound.design, tensors: tensors(), variant: "\(variant) GPT-2 model")
    }

    /// Reads the decoder file and checks its vocabulary against the model's.
    public func decoder(_ path: String) throws(DriverError) -> GPT2Decoder {
        do { return try GPT2Decoder(contentsOf: URL(fileURLWithPath: path), vocabSize: config.vocabSize) } catch {
            throw DriverError("\(error)")
        }
    }
}
