/// The typing rules of the IR: what type an operation produces from its operands. Both
/// readers (interpreter and emitter) rely on these types; docs/numerics.md states them.
public enum ExprTyping {
    /// Result type of `op` applied to operands of types `a` and `b`, or a message.
    ///
    /// - float × float → float.
    /// - int × int of the *same* type → that type, wrapping (like Swift's `&+`).
    /// - fixed × fixed follows `ap_fixed`: `*` gives ⟨W1+W2, I1+I2⟩, `+`/`−` give
    ///   I = max(I1 + [S2∧¬S1], I2 + [S1∧¬S2]) + 1, F = max(F1, F2); `−` is always signed.
    ///   Results carry the default modes (AP_TRN, AP_WRAP) and are exact. `min`/`max` need
    ///   identical formats.
    /// - bool × bool for logical and/or.
    public static func binary(_ op: BinaryOp, _ a: ScalarType, _ b: ScalarType) -> Result<ScalarType, TypeError> {
        switch (a, b) {
        case (.float32, .float32):
            switch op {
            case .add, .sub, .mul, .div, .min, .max: return .success(.float32)
            default: return .failure(TypeError("\(op.rawValue) is not defined on float32"))
            }
        case (.int(let x), .int(let y)):
            guard x == y else {
                return .failure(TypeError("\(op.rawValue) needs operands of one integer type, got \(a) and \(b); cast one"))
            }
            switch op {
            case .add, .sub, .mul, .min, .max, .and, .or, .xor, .shl, .shr: return .success(a)
            default: return .failure(TypeError("\(op.rawValue) is not defined on integers"))
            }
        case (.fixed(let x), .fixed(let y)):
            switch op {
            case .mul:
                return checked(FixedType(width: x.width + y.width, integerBits: x.integerBits + y.integerBits,
                                         signed: x.signed || y.signed))
            case .add, .sub:
                let i = Swift.max(x.integerBits + (y.signed && !x.signed ? 1 : 0),
                                  y.integerBits + (x.signed && !y.signed ? 1 : 0)) + 1
                let f = Swift.max(x.fractionBits, y.fractionBits)
                return checked(FixedType(width: i + f, integerBits: i, signed: op == .sub ? true : (x.signed || y.signed)))
            case .min, .max:
                guard x == y else {
                    return .failure(TypeError("\(op.rawValue) needs operands of one fixed-point type, got \(a) and \(b)"))
                }
                return .success(a)
            default:
                return .failure(TypeError("\(op.rawValue) is not defined on fixed point"))
            }
        case (.bool, .bool):
            switch op {
            case .logicalAnd, .logicalOr: return .success(.bool)
            default: return .failure(TypeError("\(op.rawValue) is not defined on bool"))
            }
        default:
            return .failure(TypeError("\(op.rawValue) needs operands of one kind, got \(a) and \(b); cast one"))
        }
    }

    /// Result type of a unary operation. Negating `ap_fixed<W,I>` gives a signed ⟨W+1, I+1⟩.
    public static func unary(_ op: UnaryOp, _ a: ScalarType) -> Result<ScalarType, TypeError> {
        switch (op, a) {
        case (.neg, .float32), (.abs, .float32): return .success(.float32)
        case (.neg, .int), (.not, .int): return .success(a)
        case (.neg, .fixed(let x)):
            return checked(FixedType(width: x.width + 1, integerBits: x.integerBits + 1, signed: true))
        case (.logicalNot, .bool): return .success(.bool)
        default: return .failure(TypeError("\(op.rawValue) is not defined on \(a)"))
        }
    }

    /// Comparisons need operands of one kind (fixed formats may differ: compared exactly).
    public static func compare(_ a: ScalarType, _ b: ScalarType) -> TypeError? {
        switch (a, b) {
        case (.float32, .float32), (.fixed, .fixed): return nil
        case (.int(let x), .int(let y)) where x == y: return nil
        default: return TypeError("comparison needs operands of one kind (and one integer type), got \(a) and \(b)")
        }
    }

    /// Whether `from` converts to `to` with `cast`. bool converts only to and from int.
    public static func castAllowed(from: ScalarType, to: ScalarType) -> Bool {
        switch (from, to) {
        case (.bool, .int), (.int, .bool): return true
        case (.bool, _), (_, .bool): return from == to
        default: return true
        }
    }

    private static func checked(_ t: FixedType) -> Result<ScalarType, TypeError> {
        if t.width > 64 {
            return .failure(TypeError("fixed-point result \(t) is wider than 64 bits; quantize an operand first"))
        }
        return .success(.fixed(t))
    }
}

/// A typing error of a DSL expression.
public struct TypeError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
