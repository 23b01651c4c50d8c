/// The Q4 quantizer: for each group of `groupSize` values (even), `scale = max|x| / 7` and
/// `q = round(x / scale)` rounded half away from zero and clamped to −7…7, all in float32 —
/// Q8_0's rule with 7 in place of 127, so the range is symmetric and −8 is never written. An
/// all-zero group gets scale 0 and values 0. Values are then packed two per byte (`Q4Tensor`).
public enum Q4Quantizer {
    public static let qMax: Float = 7

    /// Quantizes `values`. Throws `ModelFileError.invalidGroupSize` if the group size is not
    /// a positive even number dividing the count, `ModelFileError.nonFiniteWeight` for NaN or
    /// infinity (named `tensor`).
    public static func quantize(_ values: [Float], groupSize: Int, tensor: String = "tensor") throws -> Q4Tensor {
        if groupSize <= 0 || groupSize % 2 != 0 {
            throw ModelFileError.invalidGroupSize(file: tensor, groupSize: groupSize, reason: "is not a positive even number (two Q4 values per byte)")
        }
        if values.count % groupSize != 0 {
            throw ModelFileError.invalidGroupSize(
                file: tensor, groupSize: groupSize, reason: "does not divide the element count \(values.count)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ModelFileError.nonFiniteWeight(tensor: tensor, index: bad)
        }
        let groups = values.count / groupSize
        var q = [Int8](repeating: 0, count: values.count)
        var scales = [Float](repeating: 0, count: groups)
        for group in 0..<groups {
            let base = group * groupSize
            var wmax: Float = 0
            for i in 0..<groupSize where abs(values[base + i]) > wmax { wmax = abs(values[base + i]) }
            let scale = wmax / qMax
            scales[group] = scale
            guard scale != 0 else { continue }
            for i in 0..<groupSize {
                let r = (values[base + i] / scale).rounded(.toNearestOrAwayFromZero)
                q[base + i] = Int8(Swift.max(-qMax, Swift.min(qMax, r)))
            }
        }
        var packed = [UInt8](repeating: 0, count: values.count / 2)
        for j in 0..<packed.count { packed[j] = Q4Packing.pack(low: q[2 * j], high: q[2 * j + 1]) }
        return Q4Tensor(packed: packed, scales: scales, groupSize: groupSize)
    }
}
