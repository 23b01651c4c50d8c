// Operators and functions that build typed expressions. A type error yields an `.invalid`
// node; `KernelBuilder.build()` reports it with the kernel name.

extension Expr {
    static func makeBinary(_ op: BinaryOp, _ a: Expr, _ b: Expr) -> Expr {
        switch ExprTyping.binary(op, a.type, b.type) {
        case .success(let t): return Expr(node: .binary(op, a, b), type: t)
        case .failure(let e): return invalid(e.message)
        }
    }
    static func makeUnary(_ op: UnaryOp, _ a: Expr) -> Expr {
        switch ExprTyping.unary(op, a.type) {
        case .success(let t): return Expr(node: .unary(op, a), type: t)
        case .failure(let e): return invalid(e.message)
        }
    }
    static func makeCompare(_ op: CompareOp, _ a: Expr, _ b: Expr) -> Expr {
        if let e = ExprTyping.compare(a.type, b.type) { return invalid(e.message, .bool) }
        return Expr(node: .compare(op, a, b), type: .bool)
    }

    public static func + (a: Expr, b: Expr) -> Expr { makeBinary(.add, a, b) }
    public static func - (a: Expr, b: Expr) -> Expr { makeBinary(.sub, a, b) }
    public static func * (a: Expr, b: Expr) -> Expr { makeBinary(.mul, a, b) }
    public static func / (a: Expr, b: Expr) -> Expr { makeBinary(.div, a, b) }
    public static func & (a: Expr, b: Expr) -> Expr { makeBinary(.and, a, b) }
    public static func | (a: Expr, b: Expr) -> Expr { makeBinary(.or, a, b) }
    public static func ^ (a: Expr, b: Expr) -> Expr { makeBinary(.xor, a, b) }
    public static func << (a: Expr, s: Int) -> Expr { makeBinary(.shl, a, .constant(Double(s), a.type)) }
    public static func >> (a: Expr, s: Int) -> Expr { makeBinary(.shr, a, .constant(Double(s), a.type)) }
    public static prefix func - (a: Expr) -> Expr { makeUnary(.neg, a) }
    public static prefix func ~ (a: Expr) -> Expr { makeUnary(.not, a) }
    public static prefix func ! (a: Expr) -> Expr { makeUnary(.logicalNot, a) }
    public static func && (a: Expr, b: Expr) -> Expr { makeBinary(.logicalAnd, a, b) }
    public static func || (a: Expr, b: Expr) -> Expr { makeBinary(.logicalOr, a, b) }

    // A Double operand becomes a constant of the other operand's type.
    public static func + (a: Expr, b: Double) -> Expr { a + .constant(b, a.type) }
    public static func - (a: Expr, b: Double) -> Expr { a - .constant(b, a.type) }
    public static func * (a: Expr, b: Double) -> Expr { a * .constant(b, a.type) }
    public static func / (a: Expr, b: Double) -> Expr { a / .constant(b, a.type) }
    public static func + (a: Double, b: Expr) -> Expr { .constant(a, b.type) + b }
    public static func - (a: Double, b: Expr) -> Expr { .constant(a, b.type) - b }
    public static func * (a: Double, b: Expr) -> Expr { .constant(a, b.type) * b }
    public static func / (a: Double, b: Expr) -> Expr { .constant(a, b.type) / b }

    public static func < (a: Expr, b: Expr) -> Expr { makeCompare(.lt, a, b) }
    public static func <= (a: Expr, b: Expr) -> Expr { makeCompare(.le, a, b) }
    public static func > (a: Expr, b: Expr) -> Expr { makeCompare(.gt, a, b) }
    public static func >= (a: Expr, b: Expr) -> Expr { makeCompare(.ge, a, b) }
    public static func < (a: Expr, b: Double) -> Expr { a < .constant(b, a.type) }
    public static func > (a: Expr, b: Double) -> Expr { a > .constant(b, a.type) }
    public static func <= (a: Expr, b: Double) -> Expr { a <= .constant(b, a.type) }
    public static func >= (a: Expr, b: Double) -> Expr { a >= .constant(b, a.type) }
    /// Equality comparison (`==` is taken by Hashable).
    public func eq(_ b: Expr) -> Expr { Expr.makeCompare(.eq, self, b) }
    public func eq(_ b: Double) -> Expr { Expr.makeCompare(.eq, self, .constant(b, type)) }
    public func ne(_ b: Expr) -> Expr { Expr.makeCompare(.ne, self, b) }
    public func ne(_ b: Double) -> Expr { Expr.makeCompare(.ne, self, .constant(b, type)) }

    /// Conversion to another type (see docs/numerics.md for the rules of each pair).
    public func cast(_ to: ScalarType) -> Expr {
        if to == type { return self }
        guard ExprTyping.castAllowed(from: type, to: to) else {
            return .invalid("cannot cast \(type) to \(to)", to)
        }
        return Expr(node: .cast(self), type: to)
    }
    /// Reinterprets float32 bits as int32/uint32 or back.
    public func bitcast(_ to: ScalarType) -> Expr {
        let ok: Bool
        switch (type, to) {
        case (.float32, .int(let t)), (.int(let t), .float32): ok = t.width == 32
        default: ok = false
        }
        return ok ? Expr(node: .bitcast(self), type: to) : .invalid("cannot bitcast \(type) to \(to)", to)
    }
}

/// `c ? a : b`; `a` and `b` must have one type.
public func select(_ c: Expr, _ a: Expr, _ b: Expr) -> Expr {
    guard c.type == .bool else { return .invalid("select condition must be bool, got \(c.type)", a.type) }
    guard a.type == b.type else { return .invalid("select branches differ in type: \(a.type) and \(b.type)", a.type) }
    return Expr(node: .select(c, a, b), type: a.type)
}
/// `b < a ? b : a`.
public func min(_ a: Expr, _ b: Expr) -> Expr { Expr.makeBinary(.min, a, b) }
/// `b > a ? b : a`.
public func max(_ a: Expr, _ b: Expr) -> Expr { Expr.makeBinary(.max, a, b) }
/// `fabsf` (float only).
public func abs(_ a: Expr) -> Expr { Expr.makeUnary(.abs, a) }

/// A C library call (libm profile only).
public func math(_ f: MathFunction, _ args: Expr...) -> Expr {
    guard args.count == f.arity, args.allSatisfy({ $0.type == .float32 }) else {
        return .invalid("\(f.rawValue) takes \(f.arity) float32 argument(s)")
    }
    return Expr(node: .math(f, args), type: .float32)
}
public func sqrt(_ a: Expr) -> Expr { math(.sqrtf, a) }
public func exp(_ a: Expr) -> Expr { math(.expf, a) }
public func round(_ a: Expr) -> Expr { math(.roundf, a) }
/// `tanhf` (libm profile only; GPT-2's GELU).
public func tanh(_ a: Expr) -> Expr { math(.tanhf, a) }

extension Index {
    /// The index value converted to an int or float type.
    public func value(_ type: ScalarType = .int32) -> Expr {
        switch type {
        case .int, .float32: return Expr(node: .index(self), type: type)
        default: return .invalid("an index converts only to int or float32, not \(type)", type)
        }
    }
}
