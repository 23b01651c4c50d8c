/// Host-side contents of an array (or of a scalar argument, as one element).
///
/// Floats are kept as `Float`. Every other type is kept as its raw value in an `Int64`:
/// integers sign-extended (signed) or zero-extended (unsigned; uint64 as its bit pattern),
/// fixed point as the W-bit raw integer (value = raw · 2^-F), bool as 0 or 1.
/// Equality compares bits: NaN equals the same NaN, and 0 differs from −0.
public enum BufferData: Hashable, Sendable {
    case float([Float])
    case raw([Int64])

    public static func == (a: BufferData, b: BufferData) -> Bool {
        switch (a, b) {
        case (.float(let x), .float(let y)): return x.count == y.count && a.firstMismatch(b) == nil
        case (.raw(let x), .raw(let y)): return x == y
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .float(let v):
            h.combine(0)
            for x in v { h.combine(x.bitPattern) }
        case .raw(let v):
            h.combine(1)
            h.combine(v)
        }
    }

    public var count: Int {
        switch self {
        case .float(let v): return v.count
        case .raw(let v): return v.count
        }
    }

    /// The values of float data; nil for raw data.
    public var floatValues: [Float]? {
        if case .float(let v) = self { return v }
        return nil
    }

    /// The raw values of int, fixed-point or bool data (and of sizes); nil for float data.
    public var rawValues: [Int64]? {
        if case .raw(let v) = self { return v }
        return nil
    }

    /// Zero-filled data for `count` elements of `type`.
    public static func zeros(_ type: ScalarType, count: Int) -> BufferData {
        type == .float32 ? .float(Array(repeating: 0, count: count)) : .raw(Array(repeating: 0, count: count))
    }

    /// The first index at which two buffers differ bit for bit, or nil if they are identical.
    public func firstMismatch(_ other: BufferData) -> Int? {
        switch (self, other) {
        case (.float(let a), .float(let b)):
            for i in 0..<Swift.min(a.count, b.count) where a[i].bitPattern != b[i].bitPattern { return i }
            return a.count == b.count ? nil : Swift.min(a.count, b.count)
        case (.raw(let a), .raw(let b)):
            for i in 0..<Swift.min(a.count, b.count) where a[i] != b[i] { return i }
            return a.count == b.count ? nil : Swift.min(a.count, b.count)
        default:
            return 0
        }
    }

    /// Element `i` printed for a person: float with its bits, fixed point with its value.
    public func describe(_ i: Int, as type: ScalarType) -> String {
        switch self {
        case .float(let v):
            guard i < v.count else { return "<missing>" }
            let bits = String(v[i].bitPattern, radix: 16)
            return "\(v[i]) (0x\(String(repeating: "0", count: 8 - bits.count))\(bits))"
        case .raw(let v):
            guard i < v.count else { return "<missing>" }
            if case .fixed(let t) = type {
                let value = Double(v[i]) * Double(sign: .plus, exponent: -t.fractionBits, significand: 1)
                return "\(value) (raw \(v[i]))"
            }
            return "\(v[i])"
        }
    }
}

extension ScalarType {
    /// Normalises a raw bit pattern to the canonical `BufferData.raw` form of this type:
    /// keeps the low W bits, then sign- or zero-extends.
    public func canonicalRaw(_ bits: Int64) -> Int64 {
        let (w, s): (Int, Bool)
        switch self {
        case .int(let t): (w, s) = (t.width, t.signed)
        case .fixed(let t): (w, s) = (t.width, t.signed)
        case .bool: return bits & 1
        case .float32: return bits
        }
        return IntegerArithmetic.wrap(bits, width: w, signed: s)
    }
}
