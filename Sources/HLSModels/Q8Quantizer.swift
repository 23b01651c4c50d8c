/// runq.c's Q8_0 `quantize`, applied to weights: for each group of `groupSize` values,
/// `scale = max|x| / 127` and `q = round(x / scale)` rounded half away from zero (C's
/// `round`), all in float32. An all-zero group gets scale 0 and values 0 (runq.c would
/// divide 0 by 0 there).
public enum Q8Quantizer {
    /// Quantizes `values` with `groupSize`. Throws `ModelFileError.invalidGroupSize` if the
    /// group size is not positive or does not divide the count, and
    /// `ModelFileError.nonFiniteWeight` for a NaN or infinite value (named `tensor`).
    public static func quantize(_ values: [Float], groupSize: Int, tensor: String = "tensor") throws -> QuantizedTensor {
        if groupSize <= 0 {
            throw ModelFileError.invalidGroupSize(file: tensor, groupSize: groupSize, reason: "is not positive")
        }
        if values.count % groupSize != 0 {
            throw ModelFileError.invalidGroupSize(
                file: tensor, groupSize: groupSize, reason: "does not divide the element count \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ModelFileError.nonFiniteWeight(tensor: tensor, index: bad)
        }
        let groups = values.count / groupSize
        var quantized = [Int8](repeating: 0, count: values.count)
        var scales = [Float](repeating: 0, count: groups)
        let qMax: Float = 127
        values.withUnsafeBufferPointer { x in
            for group in 0..<groups {
                let base = group * groupSize
                var wmax: Float = 0
                for i in 0..<groupSize {
                    let magnitude = abs(x[base + i])
                    if magnitude > wmax { wmax = magnitude }
                }
                let scale = wmax / qMax
                scales[group] = scale
                guard scale != 0 else { continue }
                for i in 0..<groupSize {
                    let q = (x[base + i] / scale).rounded(.toNearestOrAwayFromZero)
                    // |x| <= wmax keeps q within ±127 up to rounding; clamp so no input can trap.
                    quantized[base + i] = Int8(max(-127, min(127, q)))
                }
            }
        }
        return QuantizedTensor(values: quantized, scales: scales, groupSize: groupSize)
    }
}

extension Q8Checkpoint {
    /// Quantizes a float checkpoint to Q8_0 as export.py's version-2 export does (RMSNorm
    /// weights stay float; the classifier stays shared if it was). `groupSize` defaults to
    /// `defaultGroupSize(config)`. Throws `ModelFileError.invalidGroupSize` if it does not
    /// divide `dim` and `hidden_dim`, `ModelFileError.nonFiniteWeight` for NaN or infinity.
    public init(quantizing checkpoint: FloatCheckpoint, groupSize: Int? = nil) throws {
        let config = checkpoint.config
        let groupSize = groupSize ?? defaultGroupSize(config)
        try Q8GroupSize.check(groupSize, config: config, file: "quantizer")
        let w = checkpoint.weights
        func q(_ values: [Float], _ name: String) throws -> QuantizedTensor {
            try Q8Quantizer.quantize(values, groupSize: groupSize, tensor: name)
        }
        let weights = Q8Weights(
            rmsAtt: w.rmsAtt, rmsFFN: w.rmsFFN, rmsFinal: w.rmsFinal,
            tokens: try q(w.tokenEmbedding, "token_embedding_table"),
            wq: try q(w.wq, "wq"), wk: try q(w.wk, "wk"), wv: try q(w.wv, "wv"), wo: try q(w.wo, "wo"),
            w1: try q(w.w1, "w1"), w2: try q(w.w2, "w2"), w3: try q(w.w3, "w3"),
            wcls: try w.wcls.map { try q($0, "wcls") })
        try self.init(config: config, groupSize: groupSize, weights: weights)
    }
}
