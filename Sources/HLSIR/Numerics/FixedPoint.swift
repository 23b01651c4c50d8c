/// Fixed-point arithmetic and conversions with the semantics of Xilinx's `ap_fixed` headers
/// (`ap_fixed_base.h`). Raw values are canonical `Int64`s (see `BufferData`): the W-bit two's
/// complement raw sign-extended (signed types) or zero-extended (unsigned; 64-bit unsigned as
/// its bit pattern). Exact intermediate values are `Int128`.
///
/// Where the headers differ from the mathematical ideal, the headers win:
/// - `to_ap_int_base` of a signed format with no integer bits (I = 0) returns −1 for every
///   negative value (the header adds its "toward zero" correction to a 1-bit signed integer,
///   which wraps from 0 to −1); the ideal would be 0.
/// - AP_SAT_SYM maps the most negative representable value to −(2^(W−1)−1) on every
///   conversion from a signed source, even when that value is in range.
public enum FixedPoint {
    /// The exact value of a canonical raw of a format with the given signedness.
    @inline(__always)
    public static func wide(_ raw: Int64, signed: Bool) -> Int128 {
        signed ? Int128(raw) : Int128(UInt64(bitPattern: raw))
    }

    /// Smallest and largest raw value of a W-bit format.
    @inline(__always)
    public static func range(width w: Int, signed: Bool) -> (min: Int128, max: Int128) {
        signed ? (-(Int128(1) << (w - 1)), (Int128(1) << (w - 1)) - 1) : (0, (Int128(1) << w) - 1)
    }

    /// The canonical raw of the low W bits of `v`.
    @inline(__always)
    public static func lowBits(_ v: Int128, width w: Int, signed: Bool) -> Int64 {
        IntegerArithmetic.wrap(Int64(truncatingIfNeeded: v), width: w, signed: signed)
    }

    /// Rounds the exact value `v · 2^-shift` (shift > 0) to an integer by `mode`.
    @inline(__always)
    public static func roundShift(_ v: Int128, by shift: Int, mode: Quantization) -> Int128 {
        // Beyond 100 bits every |v| < 2^27 behaves like a value strictly between −1/2 and 1/2.
        let s = Swift.min(shift, 100)
        let floor = v >> s
        if mode == .trn { return floor }
        let rem = v - (floor << s)  // in [0, 2^s)
        if rem == 0 { return floor }
        let half = Int128(1) << (s - 1)
        let up: Bool
        switch mode {
        case .trn: up = false
        case .trnZero: up = v < 0
        case .rnd: up = rem >= half
        case .rndZero: up = rem > half || (rem == half && v < 0)
        case .rndMinInf: up = rem > half
        case .rndInf: up = rem > half || (rem == half && v >= 0)
        case .rndConv: up = rem > half || (rem == half && (floor & 1) != 0)
        }
        return up ? floor + 1 : floor
    }

    /// Fits an exact integer raw value (in units of the target's LSB) to the target format
    /// by its overflow mode. Values beyond ±2^99 stand for out-of-range values whose low 64
    /// bits are those of `q`.
    @inline(__always)
    public static func fit(_ q: Int128, into t: FixedType) -> Int64 {
        let (lo, hi) = range(width: t.width, signed: t.signed)
        if q >= lo && q <= hi {
            if t.overflow == .satSym && t.signed && q == lo && t.width > 1 { return Int64(truncatingIfNeeded: lo + 1) }
            return Int64(truncatingIfNeeded: q)
        }
        switch t.overflow {
        case .wrap: return lowBits(q, width: t.width, signed: t.signed)
        case .satZero: return 0
        case .sat: return Int64(truncatingIfNeeded: q > hi ? hi : lo)
        case .satSym:
            if q > hi { return Int64(truncatingIfNeeded: hi) }
            return t.signed ? Int64(truncatingIfNeeded: t.width > 1 ? lo + 1 : lo) : 0
        }
    }

    /// Quantizes the exact value `v · 2^-fraction` into `t` (rounding, then overflow).
    public static func quantize(_ v: Int128, fraction f1: Int, into t: FixedType) -> Int64 {
        let f = t.fractionBits
        if f1 == f { return fit(v, into: t) }
        if f1 > f { return fit(roundShift(v, by: f1 - f, mode: t.quantization), into: t) }
        let s = f - f1
        // A left shift that leaves 2^126 is out of every 64-bit range: keep its low bits.
        if v.magnitude >> (126 - s) != 0 {
            let low = Int128(UInt64(truncatingIfNeeded: v &<< s))
            return fit(v < 0 ? low - (Int128(1) << 100) : low + (Int128(1) << 100), into: t)
        }
        return fit(v << s, into: t)
    }

    /// Converts a raw of format `from` to format `to` (the headers' `operator=`).
    @inline(__always)
    public static func convert(_ raw: Int64, from s: FixedType, to t: FixedType) -> Int64 {
        quantize(wide(raw, signed: s.signed), fraction: s.fractionBits, into: t)
    }

    /// Converts an integer value (canonical raw of `from`) to `to`.
    public static func fromInteger(_ v: Int64, from s: IntType, to t: FixedType) -> Int64 {
        quantize(wide(v, signed: s.signed), fraction: 0, into: t)
    }

    /// The headers' `ap_fixed(double)` applied to a float: the exact value quantized once.
    /// NaN is outside the contract and gives 0; infinities saturate or wrap to 0 like huge values.
    public static func fromFloat(_ x: Float, to t: FixedType) -> Int64 {
        if x == 0 || x.isNaN { return fit(0, into: t) }
        let f = t.fractionBits
        if x.isInfinite { return fit(x < 0 ? -(Int128(1) << 100) : Int128(1) << 100, into: t) }
        // x = m · 2^e with an integer significand m.
        let m = Int128(x.significandBitPattern | (x.isNormal ? 1 << 23 : 0))
        let e = Int(x.exponentBitPattern == 0 ? -149 : Int(x.exponentBitPattern) - 150)
        let signed = x.sign == .minus ? -m : m
        let scale = e + f
        if scale >= 64 {
            // |x| · 2^F ≥ 2^64 and its low 64 bits are zero.
            return fit(signed < 0 ? -(Int128(1) << 100) : Int128(1) << 100, into: t)
        }
        if scale >= 0 { return fit(signed << scale, into: t) }
        return fit(roundShift(signed, by: -scale, mode: t.quantization), into: t)
    }

    /// The headers' `to_float`: the exact value rounded once to nearest even.
    @inline(__always)
    public static func toFloat(_ raw: Int64, _ t: FixedType) -> Float {
        let whole = t.signed ? Float(raw) : Float(UInt64(bitPattern: raw))
        return whole * Float(sign: .plus, exponent: -t.fractionBits, significand: 1)
    }

    /// The headers' `to_ap_int_base`: truncation toward zero, as an exact integer (the
    /// caller keeps the low W bits of its target). See the type's note on I = 0.
    @inline(__always)
    public static func toInteger(_ raw: Int64, _ t: FixedType) -> Int64 {
        if t.integerBits == 0 { return t.signed && raw < 0 ? -1 : 0 }
        let f = t.fractionBits
        if f == 0 { return raw }
        let v = wide(raw, signed: t.signed)
        var q = v >> f
        if v < 0 && (v & ((Int128(1) << f) - 1)) != 0 { q += 1 }
        return Int64(truncatingIfNeeded: q)
    }

    /// Compares the exact values of two raws of possibly different formats: −1, 0 or 1.
    public static func compare(_ a: Int64, _ ta: FixedType, _ b: Int64, _ tb: FixedType) -> Int {
        let wa = wide(a, signed: ta.signed), wb = wide(b, signed: tb.signed)
        let fa = ta.fractionBits, fb = tb.fractionBits
        // Integer parts first (floor), then the fractions aligned to the finer format.
        let ia = wa >> fa, ib = wb >> fb
        if ia != ib { return ia < ib ? -1 : 1 }
        let f = Swift.max(fa, fb)
        let ra = (wa - (ia << fa)) << (f - fa), rb = (wb - (ib << fb)) << (f - fb)
        return ra == rb ? 0 : (ra < rb ? -1 : 1)
    }
}

extension FixedType {
    /// A fixed-point format holding every value of `x` and of `y` exactly (where mixed formats
    /// are compared: docs/numerics.md, "Fixed point").
    public static func common(_ x: FixedType, _ y: FixedType) -> FixedType {
        let i = Swift.max(x.integerBits + (y.signed && !x.signed ? 1 : 0), y.integerBits + (x.signed && !y.signed ? 1 : 0))
        let f = Swift.max(x.fractionBits, y.fractionBits)
        return FixedType(width: i + f, integerBits: i, signed: x.signed || y.signed)
    }
}
