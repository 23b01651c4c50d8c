import HLSIR

/// A compiled scalar expression: a closure producing a `Float`, a canonical raw (`Int64`, for
/// ints and fixed point) or a `Bool`.
enum Code {
    case float(() -> Float)
    case int(() -> Int64)
    case bool(() -> Bool)

    /// The float closure (the bound design guarantees the kind).
    var f: () -> Float { if case .float(let c) = self { return c } else { Code.excluded("a non-float value where a float is typed") } }
    var i: () -> Int64 { if case .int(let c) = self { return c } else { Code.excluded("a non-integer value where an integer is typed") } }
    var b: () -> Bool { if case .bool(let c) = self { return c } else { Code.excluded("a non-bool value where a bool is typed") } }

    /// A case `BoundDesign.bind` rejects (the kernel validator's typing rules): reaching one
    /// while compiling is a bug in the validator or here, never a silent zero.
    static func excluded(_ what: String) -> Never {
        preconditionFailure("interpreter: the validated IR excludes \(what)")
    }
}

/// `cast` between every pair of kinds, as in docs/numerics.md "Conversions".
enum Conversions {
    /// Wraps `value` (an exact integer) into integer type `t`.
    static func wrapped(_ t: IntType) -> (Int64) -> Int64 {
        let width = t.width, signed = t.signed
        return { IntegerArithmetic.wrap($0, width: width, signed: signed) }
    }

    static func cast(_ c: Code, from: ScalarType, to: ScalarType) -> Code {
        if from == to { return c }
        switch (from, to) {
        case (.int, .int(let t)):
            let x = c.i
            let width = t.width, signed = t.signed
            return .int { IntegerArithmetic.wrap(x(), width: width, signed: signed) }
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
