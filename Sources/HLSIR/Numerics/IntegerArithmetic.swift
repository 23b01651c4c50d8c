/// Two's complement integers of 1–64 bits held as canonical `Int64`s (sign-extended for
/// signed types, zero-extended for unsigned; uint64 as its bit pattern). Every operation
/// wraps modulo 2^W (docs/numerics.md, "Integers").
public enum IntegerArithmetic {
    /// Keeps the low W bits of `v`, then sign- or zero-extends: the wrap rule of every
    /// integer and fixed-point raw value (the one copy every reader calls).
    @inlinable @inline(__always)
    public static func wrap(_ v: Int64, width: Int, signed: Bool) -> Int64 {
        let s = Int64(64 - width)
        return signed ? (v &<< s) &>> s : Int64(bitPattern: (UInt64(bitPattern: v) &<< UInt64(s)) &>> UInt64(s))
    }

    /// Keeps the low W bits of `v`, then sign- or zero-extends.
    @inlinable @inline(__always)
    public static func wrap(_ v: Int64, _ t: IntType) -> Int64 { wrap(v, width: t.width, signed: t.signed) }

    /// `a < b` on the values of type `t`.
    @inlinable @inline(__always)
    public static func less(_ a: Int64, _ b: Int64, _ t: IntType) -> Bool {
        t.signed || t.width < 64 ? a < b : UInt64(bitPattern: a) < UInt64(bitPattern: b)
    }

    /// Right shift by `s` (arithmetic for signed types, logical for unsigned).
    @inlinable @inline(__always)
    public static func shiftRight(_ a: Int64, _ s: Int64, _ t: IntType) -> Int64 {
        t.signed ? a >> s : Int64(bitPattern: UInt64(bitPattern: a) >> UInt64(s))
    }

    /// The value as a float, rounded once to nearest even.
    @inlinable @inline(__always)
    public static func toFloat(_ v: Int64, _ t: IntType) -> Float {
        t.signed ? Float(v) : Float(UInt64(bitPattern: v))
    }

    /// C's `(int64_t)x`: truncation toward zero. Outside |x| < 2^63 (and for NaN) C is
    /// undefined; this returns x86's "integer indefinite" value, Int64.min, instead of trapping.
    @inlinable @inline(__always)
    public static func truncate(_ x: Float) -> Int64 {
        let limit = Float(sign: .plus, exponent: 63, significand: 1)
        guard x >= -limit, x < limit else { return Int64.min }
        return Int64(x)
    }
}
