import HLSIR

extension SeededRandom {
    /// A float uniform in [-1, 1) built from 24 random bits, so the sequence does not
    /// depend on the standard library's float sampling (random models and tokenizers).
    public mutating func nextSignedUnitFloat() -> Float {
        Float(next() >> 40) / 8_388_608 - 1
    }
}
