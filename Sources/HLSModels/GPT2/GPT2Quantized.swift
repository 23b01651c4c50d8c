/// A GPT-2 checkpoint with its matrices quantized to Q8_0 on the fly (`--quantize`), as
/// llama2.c's export quantizes Llama: every matrix (qkvw, attprojw, fcw, fcprojw) and the
/// token embedding wte (the tied classifier) per group of `groupSize` consecutive values of a
/// row; biases, LayerNorm parameters and wpe stay float. The embedding lookup reads wte
/// dequantized, as runq.c does for Llama.
public struct GPT2Quantized: Sendable {
    public static let matrices = ["wte", "qkvw", "attprojw", "fcw", "fcprojw"]

    public let groupSize: Int
    public let tensors: [String: QuantizedTensor]

    /// Throws `ModelFileError.invalidGroupSize` unless `groupSize` divides channels (every
    /// product's input is C or 4C wide), `ModelFileError.nonFiniteWeight` for NaN/∞.
    public init(_ checkpoint: GPT2Checkpoint, groupSize: Int? = nil) throws {
        let c = checkpoint.config
        let gs = groupSize ?? Self.defaultGroupSize(c)
        if gs <= 0 || c.channels % gs != 0 {
            throw ModelFileError.invalidGroupSize(file: "quantizer", groupSize: gs, reason: "does not divide channels \(c.channels)")
        }
        var out: [String: QuantizedTensor] = [:]
        for name in Self.matrices {
            out[name] = try Q8Quantizer.quantize(checkpoint.tensor(name), groupSize: gs, tensor: name)
        }
        self.groupSize = gs
        self.tensors = out
    }

    /// The largest of 64, 32, …, 1 dividing channels.
    public static func defaultGroupSize(_ c: GPT2Config) -> Int {
        for candidate in [64, 32, 16, 8, 4, 2] where c.channels % candidate == 0 { return candidate }
        return 1
    }
}
