/// A tensor in llama2.c's Q8_0 format: int8 values and one float scale per `groupSize`
/// consecutive values, the real value being `Float(values[i]) * scales[i / groupSize]`.
/// Multi-layer tensors concatenate their layers (each layer's size is a multiple of the
/// group size, so no group straddles two layers).
public struct QuantizedTensor: Sendable, Equatable {
    public var values: [Int8]
    public var scales: [Float]
    public var groupSize: Int

    public init(values: [Int8], scales: [Float], groupSize: Int) {
        self.values = values
        self.scales = scales
        self.groupSize = groupSize
    }

    /// runq.c's `dequantize`: `values[i] * scales[i / groupSize]` in float.
    public func dequantized() -> [Float] {
        guard groupSize > 0 else { return [] }
        var out = [Float](repeating: 0, count: values.count)
        for i in 0..<min(values.count, scales.count * groupSize) {
            out[i] = Float(values[i]) * scales[i / groupSize]
        }
        return out
    }
}
