import HLSIR

/// A lowered expression. `exact` says whether its C++ static type is exactly the C++
/// spelling of the IR type; literals (type `int`) and fixed-point arithmetic (whose headers
/// return `ap_fixed_base<...>`) are not, and get an explicit conversion where the type
/// itself matters (select branches, helper arguments, method calls).
struct Lowered {
    let expr: CppExpr
    let exact: Bool
}

/// Turns IR expressions into C++ expressions that compute exactly what docs/numerics.md says,
/// without undefined behaviour.
struct ExprLowering {
    let kernel: Kernel
    let helpers: HelperUsage

    // MARK: Entry points

    func lower(_ e: Expr) throws(EmitterError) -> Lowered {
        switch e.node {
        case .floatConst(let v):
            return Lowered(expr: Literals.float(v, helpers: helpers), exact: true)
        case .intConst(let v):
            guard let t = e.type.intType else { throw mistyped(e) }
            return Lowered(expr: Literals.int(v, t), exact: false)
        case .fixedConst(let raw):
            guard let t = e.type.fixedType else { throw mistyped(e) }
            return Lowered(expr: Literals.fixed(raw, t, helpers: helpers), exact: true)
        case .boolConst(let b):
            return Lowered(expr: Literals.bool(b), exact: true)
        case .variable(let v):
            return Lowered(expr: .name(v.name), exact: true)
        case .load(let buffer, let indices):
            return Lowered(expr: .element(.name(buffer), indices.map(IndexLowering.lower)), exact: true)
        case .index(let i):
            return Lowered(expr: .cast(CppTypes.type(e.type), IndexLowering.lower(i)), exact: true)
        case .unary(let op, let a):
            return try unary(op, a, e.type)
        case .binary(let op, let a, let b):
            return try binary(op, a, b, e.type)
        case .compare(let op, let a, let b):
            if case .fixed(let x) = a.type, case .fixed(let y) = b.type, x.withDefaultModes != y.withDefaultModes {
                // The headers mis-compare some pairs of formats (e.g. ap_ufixed<19,17> with
                // ap_fixed<23,6>): compare in one format that holds both values exactly.
                let common = CppTypes.type(.fixed(FixedType.common(x, y)))
                return Lowered(expr: .binary(compareOperator(op), .cast(common, try lower(a).expr),
                                             .cast(common, try lower(b).expr)), exact: true)
            }
            return Lowered(expr: .binary(compareOperator(op), try lower(a).expr, try lower(b).expr), exact: true)
        case .select(let c, let a, let b):
            return Lowered(expr: .conditional(try lower(c).expr, try exact(a), try exact(b)), exact: true)
        case .cast(let a):
            return Lowered(expr: try convert(a, to: e.type), exact: true)
        case .bitcast(let a):
            return try bitcast(a, to: e.type)
        case .math(let f, let args):
            return Lowered(expr: .call(f.rawValue, try args.map { (x) throws(EmitterError) in try lower(x).expr }), exact: true)
        case .invalid(let message):
            throw EmitterError("kernel \(kernel.name): invalid expression: \(message)")
        }
    }

    /// The expression with exactly its IR type's C++ type.
    func exact(_ e: Expr) throws(EmitterError) -> CppExpr {
        let l = try lower(e)
        return l.exact ? l.expr : .cast(CppTypes.type(e.type), l.expr)
    }

    /// The value of `e` converted to `to` by the rules of `cast` (docs/numerics.md,
    /// "Conversions"); the result has exactly `to`'s C++ type.
    func convert(_ e: Expr, to: ScalarType) throws(EmitterError) -> CppExpr {
        if e.type == to { return try exact(e) }
        let x = try lower(e)
        let target = CppTypes.type(to)
        switch (e.type, to) {
        case (.int(let from), .int):
            // ap values go through a 64-bit integer into native types; literals and native
            // values convert directly (C++ keeps the low bits, ap constructors likewise).
            if CppTypes.isAPInt(to) || CppTypes.isNativeInt(from) || !x.exact { return .cast(target, x.expr) }
            return .cast(target, .method(x.expr, from.signed ? "to_int64" : "to_uint64", []))
        case (.int(let from), .float32):
            if CppTypes.isNativeInt(from) || !x.exact { return .cast(.float, x.expr) }
            return .cast(.float, .method(x.expr, from.signed ? "to_int64" : "to_uint64", []))
        case (.float32, .int):
            return .cast(target, .cast(CppType("long long"), x.expr))
        case (.float32, .fixed), (.fixed, .fixed), (.int, .fixed), (.bool, .int):
            return .cast(target, x.expr)
        case (.fixed, .float32):
            return .method(x.expr, "to_float", [])
        case (.fixed, .int):
            // to_int64 truncates toward zero (the headers' to_ap_int_base), then the cast keeps the low bits.
            return .cast(target, .method(x.expr, "to_int64", []))
        case (.int, .bool):
            return .binary(.ne, x.expr, .literal("0"))
        default:
            throw EmitterError("kernel \(kernel.name): cannot convert \(e.type) to \(to)")
        }
    }

    // MARK: Operations

    private func unary(_ op: UnaryOp, _ a: Expr, _ type: ScalarType) throws(EmitterError) -> Lowered {
        let t = CppTypes.type(type)
        switch (op, type) {
        case (.neg, .float32):
            return Lowered(expr: .prefix("-", try lower(a).expr), exact: true)
        case (.abs, .float32):
            return Lowered(expr: .call("fabsf", [try lower(a).expr]), exact: true)
        case (.neg, .int(let it)) where CppTypes.isNativeInt(it) && !CppTypes.promotesToInt(it):
            // Negating INT_MIN is undefined: negate the bits as unsigned, then wrap back.
            return Lowered(expr: .cast(t, .prefix("-", .cast(CppTypes.unsignedCarrier(it), try lower(a).expr))), exact: true)
        case (.neg, .int), (.not, .int):
            // Native 8/16-bit operands promote to int (no overflow); ap results are one bit
            // wider. The cast wraps back to W bits.
            let operand = try intOperand(a)
            return Lowered(expr: .cast(t, .prefix(op == .neg ? "-" : "~", operand)), exact: true)
        case (.neg, .fixed):
            return Lowered(expr: .prefix("-", try lower(a).expr), exact: false)
        case (.logicalNot, .bool):
            return Lowered(expr: .prefix("!", try lower(a).expr), exact: true)
        default:
            throw EmitterError("kernel \(kernel.name): \(op.rawValue) is not defined on \(type)")
        }
    }

    private func binary(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ type: ScalarType) throws(EmitterError) -> Lowered {
        if op == .min || op == .max {
            let h: Helper = op == .min ? .min : .max
            helpers.insert(h)
            return Lowered(expr: .call(h.name, [try exact(a), try exact(b)]), exact: true)
        }
        switch type {
        case .float32:
            return Lowered(expr: .binary(try arithmeticOperator(op), try lower(a).expr, try lower(b).expr), exact: true)
        case .bool:
            let o: CppBinaryOperator = op == .logicalAnd ? .logicalAnd : .logicalOr
            return Lowered(expr: .binary(o, try lower(a).expr, try lower(b).expr), exact: true)
        case .fixed:
            return Lowered(expr: .binary(try arithmeticOperator(op), try lower(a).expr, try lower(b).expr), exact: false)
        case .int(let t):
            return Lowered(expr: .cast(CppTypes.type(type), try integer(op, a, b, t)), exact: true)
        }
    }

    /// An integer operation before the final wrap to W bits.
    private func integer(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ t: IntType) throws(EmitterError) -> CppExpr {
        let native = CppTypes.isNativeInt(t)
        let u32 = CppType("uint32_t")
        if native && !CppTypes.promotesToInt(t) {
            return try wideNative(op, a, b, t)
        }
        switch op {
        case .mul where native && !t.signed && t.width == 16:
            // uint16 · uint16 can exceed INT_MAX after promotion to int: multiply as uint32_t.
            return .binary(.mul, .cast(u32, try lower(a).expr), .cast(u32, try lower(b).expr))
        case .shl where native:
            // A left shift of a negative int is undefined in C++14: shift the bits as uint32_t.
            return .binary(.shl, .cast(u32, try lower(a).expr), try lower(b).expr)
        case .shl, .shr:
            return .binary(op == .shl ? .shl : .shr, try intOperand(a), try lower(b).expr)
        case .add, .sub, .mul, .and, .or, .xor:
            return .binary(try arithmeticOperator(op), try intOperand(a), try lower(b).expr)
        default:
            throw EmitterError("kernel \(kernel.name): \(op.rawValue) is not defined on integers")
        }
    }

    /// 32- and 64-bit native operations. Signed overflow is undefined in C++, so `+ − ×` and
    /// `<<` on signed types run on the unsigned carrier (which wraps) and are converted back.
    /// A product of two values widened from 16 bits or less cannot overflow and stays plain.
    private func wideNative(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ t: IntType) throws(EmitterError) -> CppExpr {
        let carrier = CppTypes.unsignedCarrier(t)
        func narrow(_ e: Expr) -> Bool {
            if case .cast(let inner) = e.node, let w = inner.type.intType?.width { return w <= 16 }
            return false
        }
        switch op {
        case .mul where t.signed && narrow(a) && narrow(b):
            return .binary(.mul, try lower(a).expr, try lower(b).expr)
        case .add, .sub, .mul, .shl:
            let x = try lower(a).expr, y = try lower(b).expr
            let operator_: CppBinaryOperator = try arithmeticOperator(op)
            if !t.signed { return .binary(operator_, x, y) }
            return .binary(operator_, .cast(carrier, x), op == .shl ? y : .cast(carrier, y))
        case .shr, .and, .or, .xor:
            return .binary(try arithmeticOperator(op), try lower(a).expr, try lower(b).expr)
        default:
            throw EmitterError("kernel \(kernel.name): \(op.rawValue) is not defined on integers")
        }
    }

    /// Left operand of an integer operation: an ap value must be an ap object (not a plain
    /// literal), so the operation happens in ap arithmetic rather than in `int`.
    private func intOperand(_ a: Expr) throws(EmitterError) -> CppExpr {
        CppTypes.isAPInt(a.type) ? try exact(a) : try lower(a).expr
    }

    private func bitcast(_ a: Expr, to: ScalarType) throws(EmitterError) -> Lowered {
        switch (a.type, to) {
        case (.float32, .int(let t)) where t.width == 32:
            helpers.insert(.floatBits)
            return Lowered(expr: .cast(CppTypes.type(to), .call(Helper.floatBits.name, [try lower(a).expr])), exact: true)
        case (.int(let t), .float32) where t.width == 32:
            helpers.insert(.floatFromBits)
            let bits = CppExpr.cast(CppType("uint32_t"), CppTypes.isNativeInt(t) ? try lower(a).expr : .method(try exact(a), "to_uint64", []))
            return Lowered(expr: .call(Helper.floatFromBits.name, [bits]), exact: true)
        default:
            throw EmitterError("kernel \(kernel.name): cannot bitcast \(a.type) to \(to)")
        }
    }

    private func arithmeticOperator(_ op: BinaryOp) throws(EmitterError) -> CppBinaryOperator {
        switch op {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .and: return .bitAnd
        case .or: return .bitOr
        case .xor: return .bitXor
        case .shl: return .shl
        case .shr: return .shr
        case .logicalAnd: return .logicalAnd
        case .logicalOr: return .logicalOr
        case .min, .max: throw EmitterError("kernel \(kernel.name): \(op.rawValue) has no C++ operator")
        }
    }

    private func compareOperator(_ op: CompareOp) -> CppBinaryOperator {
        switch op {
        case .lt: return .lt
        case .le: return .le
        case .gt: return .gt
        case .ge: return .ge
        case .eq: return .eq
        case .ne: return .ne
        }
    }

    private func mistyped(_ e: Expr) -> EmitterError {
        EmitterError("kernel \(kernel.name): constant node does not match its type \(e.type)")
    }
}

/// Index expressions are plain `int` arithmetic.
enum IndexLowering {
    static func lower(_ i: Index) -> CppExpr {
        switch i {
        case .constant(let c): return .int(c)
        case .loopVar(let v), .param(let v): return .name(v)
        case .add(let a, let b): return .binary(.add, lower(a), lower(b))
        case .sub(let a, let b): return .binary(.sub, lower(a), lower(b))
        case .mul(let a, let b): return .binary(.mul, lower(a), lower(b))
        case .div(let a, let c): return .binary(.div, lower(a), .int(c))
        case .mod(let a, let c): return .binary(.mod, lower(a), .int(c))
        }
    }
}
