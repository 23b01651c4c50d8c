/// SplitMix64 (Steele et al.): a small, fast, seedable generator, identical on every platform,
/// so every random input, model and program is reproducible. The one generator of the project.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform float in [lo, hi).
    public mutating func float(_ lo: Float, _ hi: Float) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }
}

/// Seeded random argument values for a kernel.
public enum RandomInputs {
    /// Values for every parameter of `kernel`: floats uniform in [−1, 1) (or [−range, range)),
    /// integers and fixed point uniform over their raw range, sizes uniform in 1...max.
    /// Output buffers are zero-filled.
    public static func make(for kernel: Kernel, seed: UInt64, floatRange: Float = 1) -> [String: BufferData] {
        var rng = SeededRandom(seed: seed)
        var out: [String: BufferData] = [:]
        for p in kernel.parameters {
            switch p {
            case .buffer(let n):
                guard let b = kernel.buffer(n) else { continue }
                out[n] = b.direction == .output
                    ? .zeros(b.elementType, count: b.count)
                    : values(b.elementType, count: b.count, rng: &rng, floatRange: floatRange)
            case .scalar(let v):
                out[v.name] = values(v.type, count: 1, rng: &rng, floatRange: floatRange)
            case .size(let n, let m):
                out[n] = .raw([Int64(1 + Int(rng.next() % UInt64(m)))])
            }
        }
        return out
    }

    public static func values(_ type: ScalarType, count: Int, rng: inout SeededRandom, floatRange: Float = 1) -> BufferData {
        if type == .float32 { return .float((0..<count).map { _ in rng.float(-floatRange, floatRange) }) }
        return .raw((0..<count).map { _ in type.canonicalRaw(Int64(bitPattern: rng.next())) })
    }
}
