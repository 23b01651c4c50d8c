/// A GPT-2 checkpoint with its matrices quantized to Q4 on the fly (`--quantize q4`): the
/// same matrices as `GPT2Quantized` (qkvw, attprojw, fcw, fcprojw and wte, the tied
/// classifier), each group of `groupSize` consecutive values of a row by `Q4Quantizer`;
/// biases, LayerNorm parameters and wpe stay float. The embedding lookup reads wte
/// dequantized, as for Q8_0.
public struct GPT2QuantizedQ4: Sendable {
    public let groupSize: Int
    public let tensors: [String: Q4Tensor]

    /// Throws `ModelFileError.invalidGroupSize` unless `groupSize` is even and divides
    /// channels (every product's input is C or 4C wide), `ModelFileError.nonFiniteWeight` for
    /// NaN/∞.
    public init(_ checkpoint: GPT2Checkpoint, groupSize: Int? = nil) throws {
        let c = checkpoint.config
        let gs = try groupSize ?? Self.defaultGroupSize(c)
        if gs < 2 || gs % 2 != 0 || c.channels % gs != 0 {
            throw ModelFileError.invalidGroupSize(file: "Q4 quantizer", groupSize: gs,
                                                  reason: "is not an even divisor of channels \(c.channels) (two Q4 values per byte)")
        }
        var out: [String: Q4Tensor] = [:]
        for name in GPT2Quantized.matrices {
            out[name] = try Q4Quantizer.quantize(checkpoint.tensor(name), groupSize: gs, tensor: name)
        }
        self.groupSize = gs
        self.tensors = out
    }

    /// 32, or else the largest of 16, 8, 4, 2 dividing channels (as `defaultQ4GroupSize` for
    /// Llama). Throws when channels is odd (no even group size divides it).
    public static func defaultGroupSize(_ c: GPT2Config) throws -> Int {
        for candidate in [32, 16, 8, 4, 2] where c.channels % candidate == 0 { return candidate }
        throw ModelFileError.invalidGroupSize(file: "Q4 quantizer", groupSize: 1,
                                              reason: "is the only divisor of channels \(c.channels); Q4 needs an even group size")
    }
}
