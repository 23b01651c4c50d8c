extension Expr {
    /// A float32 constant.
    public static func f32(_ v: Float) -> Expr { Expr(node: .floatConst(v), type: .float32) }
    /// A bool constant.
    public static func bool(_ v: Bool) -> Expr { Expr(node: .boolConst(v), type: .bool) }

    /// A constant of `type` with the value `v`, which must be exactly representable (ints and
    /// fixed point) — otherwise the expression is invalid and the kernel validator says why.
    /// Floats round to nearest.
    public static func constant(_ v: Double, _ type: ScalarType) -> Expr {
        switch type {
        case .float32:
            return .f32(Float(v))
        case .bool:
            return .bool(v != 0)
        case .int(let t):
            guard v.rounded(.towardZero) == v, v >= Double(t.minValue),
                  t.signed ? v <= Double(t.maxValue) : v < Double(sign: .plus, exponent: t.width, significand: 1)
            else { return invalid("constant \(v) is not a value of \(type)") }
            let raw: Int64 = t.signed || v < 9.2e18 ? Int64(v) : Int64(bitPattern: UInt64(v))
            return Expr(node: .intConst(raw), type: type)
        case .fixed(let t):
            let scaled = v * Double(sign: .plus, exponent: t.fractionBits, significand: 1)
            let lo = t.signed ? -Double(sign: .plus, exponent: t.width - 1, significand: 1) : 0
            let hi = Double(sign: .plus, exponent: t.signed ? t.width - 1 : t.width, significand: 1)
            guard scaled.rounded(.towardZero) == scaled, scaled >= lo, scaled < hi else {
                return invalid("constant \(v) is not exactly representable in \(type)")
            }
            return Expr(node: .fixedConst(raw: Int64(scaled)), type: type)
        }
    }

    /// An integer constant of an integer type (wrapping is not applied: it must fit).
    public static func int(_ v: Int64, _ type: ScalarType = .int32) -> Expr {
        guard let t = type.intType else { return invalid("int constant of non-integer type \(type)") }
        let fits = t.width == 64 || (t.signed ? (v >= t.minValue && v <= t.maxValue) : (v >= 0 && v <= t.maxValue))
        return fits ? Expr(node: .intConst(v), type: type) : invalid("constant \(v) is not a value of \(type)")
    }

    static func invalid(_ message: String, _ type: ScalarType = .float32) -> Expr {
        Expr(node: .invalid(message), type: type)
    }

    /// The value of a constant node as a Double (nil for non-constants).
    public var constantValue: Double? {
        switch (node, type) {
        case (.floatConst(let f), _): return Double(f)
        case (.boolConst(let b), _): return b ? 1 : 0
        case (.intConst(let i), .int(let t)): return t.signed || i >= 0 ? Double(i) : Double(UInt64(bitPattern: i))
        case (.fixedConst(let r), .fixed(let t)):
            return Double(r) * Double(sign: .plus, exponent: -t.fractionBits, significand: 1)
        default: return nil
        }
    }
}
