/// llama2.c's random number generator (xorshift64*): `random_u32` and `random_f32` over a
/// 64-bit state seeded directly with the user's seed, so sampled sequences match llama2.c's
/// for the same `--seed`.
public struct XorShiftRandom: Sendable, Equatable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// `random_u32`: xorshift 12, 25, 27, then the high 32 bits of state × 0x2545F4914F6CDD1D.
    public mutating func nextU32() -> UInt32 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return UInt32(truncatingIfNeeded: (state &* 0x2545_F491_4F6C_DD1D) >> 32)
    }

    /// `random_f32`: the top 24 bits of `nextU32()` divided by 2^24, a float in [0, 1).
    public mutating func nextF32() -> Float {
        Float(nextU32() >> 8) / 16_777_216.0
    }
}
