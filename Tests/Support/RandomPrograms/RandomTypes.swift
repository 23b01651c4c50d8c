import HLSIR

/// Random scalar types and constants for the random program generator.
extension Dice {
    /// Integer widths, weighted toward the native ones and the odd widths that exercise
    /// `ap_int` (1, 5, 13, 33, 63, ...).
    private static let intWidths = [1, 2, 3, 5, 7, 8, 8, 8, 12, 13, 16, 16, 16, 17, 24, 31, 32, 32, 32, 33, 47, 63, 64, 64, 64]

    /// A value type for arrays, scalars and expressions: float32, int or fixed (never bool).
    func valueType() -> ScalarType {
        weighted([(4, ScalarType.float32), (3, .int(intType())), (3, .fixed(fixedType()))])
    }

    /// A random integer type of width 1–64, signed or unsigned.
    func intType() -> IntType {
        IntType(width: pick(Dice.intWidths), signed: chance(0.6))
    }

    /// A random `ap_fixed` / `ap_ufixed` of width 2–`maxWidth` with 0 ≤ I ≤ W and random modes.
    func fixedType(maxWidth: Int = 32) -> FixedType {
        let w = int(2...Swift.max(2, maxWidth))
        let i = int(0...w)
        let q = chance(0.3) ? Quantization.trn : pick(Quantization.allCases)
        let o = chance(0.3) ? Overflow.wrap : pick(Overflow.allCases)
        return FixedType(width: w, integerBits: i, signed: chance(0.6), quantization: q, overflow: o)
    }

    /// A small fixed-point format (W ≤ 16) with default modes: any two of them can be added,
    /// subtracted or multiplied without the result exceeding 64 bits.
    func smallFixedType() -> FixedType {
        let w = int(2...16)
        return FixedType(width: w, integerBits: int(0...w), signed: chance(0.6),
                         quantization: pick(Quantization.allCases), overflow: pick(Overflow.allCases))
    }

    /// An array length: mostly powers of two and small composites, sometimes a prime.
    func arrayLength(max: Int = 64) -> Int {
        let common = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 16, 16, 20, 24, 31, 32, 32, 48, 64]
        let fits = common.filter { $0 <= max }
        return chance(0.8) ? pick(fits) : int(1...max)
    }

    // MARK: Constants

    /// A random constant of `type`.
    func constant(_ type: ScalarType) -> Expr {
        switch type {
        case .float32: return .f32(floatValue())
        case .bool: return .bool(chance(0.5))
        case .int(let t): return .int(intRaw(t), type)
        case .fixed(let t): return .constant(fixedValue(t), type)
        }
    }

    /// A float: mostly small dyadic values, sometimes arbitrary bits in a moderate range and
    /// sometimes a special value (−0, a subnormal, a huge finite value). Never NaN or ∞, whose
    /// spelling as a C++ constant is not a single well-defined bit pattern.
    func floatValue() -> Float {
        switch int(0...9) {
        case 0...4: return Float(int(-40...40)) / 8
        case 5...7:
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: word()))
            return f.isFinite && Swift.abs(f) < 1e6 ? f : Float(int(-1000...1000)) / 64
        default:
            // ±0, two subnormals, huge finite values and inexact decimals.
            return pick([-0.0, Float(bitPattern: 0x0001_16C2), Float(bitPattern: 0x8026_1C8F), 3.0e38, -1.0e20, 65504,
                         0.1, 1.0 / 3.0])
        }
    }

    /// The raw value of an int constant, canonical for `t` (sign- or zero-extended).
    func intRaw(_ t: IntType) -> Int64 {
        if chance(0.5) {
            let lo = t.signed ? t.minValue : 0
            let hi = !t.signed && t.width == 64 ? Int64.max : t.maxValue
            return Swift.min(Swift.max(Int64(int(-8...8)), lo), hi)
        }
        return ScalarType.int(t).canonicalRaw(Int64(bitPattern: word()))
    }

    /// The value of a fixed constant of `t`, exactly representable: arbitrary raw bits for
    /// W ≤ 53 (so a Double holds them), otherwise a small raw value.
    func fixedValue(_ t: FixedType) -> Double {
        var raw: Int64
        if t.width <= 53 && chance(0.7) {
            raw = ScalarType.fixed(t).canonicalRaw(Int64(bitPattern: word()))
        } else {
            let lo: Int64 = t.signed ? -(Int64(1) << Swift.min(t.width - 1, 3)) : 0
            let hi: Int64 = Swift.min(t.signed ? (Int64(1) << Swift.min(t.width - 1, 3)) - 1 : (Int64(1) << Swift.min(t.width, 3)) - 1, 4)
            raw = Int64(int(Int(Swift.max(lo, -4))...Int(hi)))
        }
        return Double(raw) * Double(sign: .plus, exponent: -t.fractionBits, significand: 1)
    }

    /// Values for a constant table of `type`, each exactly representable in it.
    func tableValues(_ type: ScalarType, count: Int) -> [Double] {
        (0..<count).map { _ in
            switch type {
            case .float32: return Double(floatValue())
            case .bool: return chance(0.5) ? 1 : 0
            case .int(let t):
                // Table entries pass through a Double: keep wide ones within 2^38.
                if t.width <= 40 { return Double(intRaw(t)) }
                let magnitude = Double(word() >> 26)
                return t.signed && chance(0.5) ? -magnitude : magnitude
            case .fixed(let t): return fixedValue(t)
            }
        }
    }
}
