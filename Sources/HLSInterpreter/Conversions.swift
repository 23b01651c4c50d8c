import HLSIR

/// A compiled scalar expression: a closure producing a `Float`, a canonical raw (`Int64`, for
/// ints and fixed point) or a `Bool`.
enum Code {
    case float(() -> Float)
    case int(() -> Int64)
    case bool(() -> Bool)

    /// The float closure (the validated IR guarantees the kind; a mismatch yields 0).
    var f: () -> Float { if case .float(let c) = self { return c } else { return { 0 } } }
    var i: () -> Int64 { if case .int(let c) = self { return c } else { return { 0 } } }
    var b: () -> Bool { if case .bool(let c) = self { return c } else { return { false } } }
}

/// `cast` between every pair of kinds, as in docs/numerics.md "Conversions".
enum Conversions {
    /// Wraps `value` (an exact integer) into integer type `t`.
    static func wrapped(_ t: IntType) -> (Int64) -> Int64 {
        let s = Int64(64 - t.width)
        if t.signed { return { ($0 &<< s) &>> s } }
        return { Int64(bitPattern: (UInt64(bitPattern: $0) &<< UInt64(s)) &>> UInt64(s)) }
    }

    static func cast(_ c: Code, from: ScalarType, to: ScalarType) -> Code {
        if from == to { return c }
        switch (from, to) {
        case (.int, .int(let t)):
            let x = c.i
            let sh = Int64(64 - t.width)
            if t.signed { return .int { (x() &<< sh) &>> sh } }
            return .int { Int64(bitPattern: (UInt64(bitPattern: x()) &<< UInt64(sh)) &>> UInt64(sh)) }
        case (.int(let s), .float32):
            let x = c.i
            return s.signed || s.width < 64 ? .float { Float(x()) } : .float { Float(UInt64(bitPattern: x())) }
        case (.float32, .int(let t)):
            let x = c.f
            let w = wrapped(t)
            return .int { w(IntegerArithmetic.truncate(x())) }
        case (.float32, .fixed(let t)):
            let x = c.f
            return .int { FixedPoint.fromFloat(x(), to: t) }
        case (.fixed(let s), .float32):
            let x = c.i
            let scale = Float(sign: .plus, exponent: -s.fractionBits, significand: 1)
            return s.signed ? .float { Float(x()) * scale } : .float { Float(UInt64(bitPattern: x())) * scale }
        case (.fixed(let s), .fixed(let t)):
            let x = c.i
            // Same fraction bits, target at least as wide and as signed: the value is kept.
            if s.fractionBits == t.fractionBits && t.overflow == .wrap
                && (t.signed == s.signed ? t.width >= s.width : (t.signed && t.width > s.width)) {
                return .int { x() }
            }
            return .int { FixedPoint.convert(x(), from: s, to: t) }
        case (.fixed(let s), .int(let t)):
            let x = c.i
            let w = wrapped(t)
            return .int { w(FixedPoint.toInteger(x(), s)) }
        case (.int(let s), .fixed(let t)):
            let x = c.i
            return .int { FixedPoint.fromInteger(x(), from: s, to: t) }
        case (.bool, .int):
            let x = c.b
            return .int { x() ? 1 : 0 }
        case (.int, .bool):
            let x = c.i
            return .bool { x() != 0 }
        default:
            // Not produced by the DSL (ExprTyping.castAllowed); the validator rejects it.
            return c
        }
    }

    /// Reinterprets float32 bits as int32/uint32 or back.
    static func bitcast(_ c: Code, from: ScalarType, to: ScalarType) -> Code {
        switch (from, to) {
        case (.float32, .int(let t)):
            let x = c.f
            return t.signed ? .int { Int64(Int32(bitPattern: x().bitPattern)) } : .int { Int64(x().bitPattern) }
        case (.int, .float32):
            let x = c.i
            return .float { Float(bitPattern: UInt32(truncatingIfNeeded: x())) }
        default:
            return c
        }
    }
}
