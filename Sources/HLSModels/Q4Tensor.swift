/// A tensor of Q4 weights: 4-bit two's complement values packed two per byte — byte j holds
/// element 2j in its low nibble and element 2j + 1 in its high nibble — and one float scale
/// per `groupSize` consecutive values (an even number), the real value being
/// `Float(value(i)) * scales[i / groupSize]`. The quantizer writes values in −7…7.
/// Multi-layer tensors concatenate their layers, as `QuantizedTensor` does.
public struct Q4Tensor: Sendable, Equatable {
    public var packed: [UInt8]
    public var scales: [Float]
    public var groupSize: Int

    public init(packed: [UInt8], scales: [Float], groupSize: Int) {
        self.packed = packed
        self.scales = scales
        self.groupSize = groupSize
    }

    /// Number of 4-bit values.
    public var count: Int { packed.count * 2 }

    /// Value `i` as a signed integer in −8…7.
    public func value(_ i: Int) -> Int8 {
        Q4Packing.unpack(packed[i / 2], high: i % 2 == 1)
    }

    /// Every value times its group's scale, in float.
    public func dequantized() -> [Float] {
        guard groupSize > 0 else { return [] }
        var out = [Float](repeating: 0, count: count)
        for i in 0..<Swift.min(count, scales.count * groupSize) {
            out[i] = Float(value(i)) * scales[i / groupSize]
        }
        return out
    }

    /// The packed bytes as the design's int8 argument (`<matrix>_q4`) holds them.
    public var signedBytes: [Int8] { packed.map { Int8(bitPattern: $0) } }
}

/// The nibble layout of Q4 bytes.
public enum Q4Packing {
    /// One byte from two values in −8…7: `low` in bits 0–3, `high` in bits 4–7.
    public static func pack(low: Int8, high: Int8) -> UInt8 {
        (UInt8(bitPattern: low) & 0x0F) | ((UInt8(bitPattern: high) & 0x0F) << 4)
    }

    /// The low or high nibble of `byte`, sign-extended from 4 bits.
    public static func unpack(_ byte: UInt8, high: Bool) -> Int8 {
        let s = Int8(bitPattern: byte)
        return high ? s >> 4 : (s << 4) >> 4
    }
}
