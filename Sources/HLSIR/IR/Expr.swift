/// A scalar variable of a kernel: a scalar argument, a `let` binding, a mutable local or the
/// result of a reduction. Names are unique within a kernel.
public struct Variable: Hashable, Sendable {
    public let name: String
    public let type: ScalarType
    public init(name: String, type: ScalarType) {
        self.name = name
        self.type = type
    }
}

public enum UnaryOp: String, Sendable {
    /// Arithmetic negation. Floats flip the sign bit; ints wrap; fixed grows one bit (as `ap_fixed`).
    case neg
    /// Absolute value (float only: clears the sign bit, like `fabsf`).
    case abs
    /// Bitwise complement (int only).
    case not
    /// Logical not (bool only).
    case logicalNot
}

public enum BinaryOp: String, Sendable {
    case add, sub, mul
    /// Float only: one IEEE division.
    case div
    /// `b < a ? b : a` on the two operand values (no NaN handling beyond that expression).
    case min
    /// `b > a ? b : a`.
    case max
    /// Int only: bitwise operations.
    case and, or, xor
    /// Int only: shift by a constant amount 0 ≤ s < W (right shift is arithmetic for signed).
    case shl, shr
    /// Bool only.
    case logicalAnd, logicalOr
}

public enum CompareOp: String, Sendable {
    case lt, le, gt, ge, eq, ne
}

/// Functions from the C library, available only in the `libm` profile (see docs/numerics.md).
/// The interpreter calls the same glibc function the C simulation links, so both agree bit
/// for bit. The `exact` profile has DSL implementations instead (HLSLayers' `ExactMath`).
public enum MathFunction: String, Sendable, CaseIterable {
    case expf, sqrtf, powf, sinf, cosf, roundf, floorf, tanhf
    public var arity: Int { self == .powf ? 2 : 1 }
}

/// A typed scalar expression. The type is computed when the node is built (see `ExprTyping`).
public struct Expr: Hashable, Sendable {
    public indirect enum Node: Hashable, Sendable {
        case floatConst(Float)
        case intConst(Int64)
        /// Raw W-bit pattern of a fixed-point constant (value = raw · 2^-F).
        case fixedConst(raw: Int64)
        case boolConst(Bool)
        case variable(Variable)
        /// Element of a buffer; one index per dimension.
        case load(buffer: String, indices: [Index])
        /// The value of an index expression converted to the node's int or float type.
        case index(Index)
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        case compare(CompareOp, Expr, Expr)
        case select(Expr, Expr, Expr)
        /// Conversion to the node's type (see docs/numerics.md for each pair of kinds).
        case cast(Expr)
        /// Reinterpretation of the bits of a float32 as int32/uint32 or back.
        case bitcast(Expr)
        case math(MathFunction, [Expr])
        /// A malformed expression; the kernel validator reports the message.
        case invalid(String)
    }

    public let node: Node
    public let type: ScalarType

    public init(node: Node, type: ScalarType) {
        self.node = node
        self.type = type
    }

    /// Direct sub-expressions.
    public var children: [Expr] {
        switch node {
        case .floatConst, .intConst, .fixedConst, .boolConst, .variable, .load, .index, .invalid: return []
        case .unary(_, let a), .cast(let a), .bitcast(let a): return [a]
        case .binary(_, let a, let b), .compare(_, let a, let b): return [a, b]
        case .select(let c, let a, let b): return [c, a, b]
        case .math(_, let args): return args
        }
    }

    /// Calls `visit` on this node and every descendant, parents first.
    public func walk(_ visit: (Expr) -> Void) {
        visit(self)
        for c in children { c.walk(visit) }
    }
}
