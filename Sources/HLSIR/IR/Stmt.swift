/// Trip count of a loop: a constant, or a runtime index with a declared maximum.
public enum Bound: Hashable, Sendable {
    case constant(Int)
    case runtime(Index, max: Int)

    /// The largest trip count.
    public var max: Int {
        switch self {
        case .constant(let n): return n
        case .runtime(_, let m): return m
        }
    }
    public var constantValue: Int? { if case .constant(let n) = self { return n } else { return nil } }
}

/// A labelled counted loop `for (int v = 0; v < bound; ++v)`.
public struct Loop: Hashable, Sendable {
    /// Label, unique within its kernel; with the kernel name it forms the dotted name.
    public let name: String
    public let variable: String
    public let bound: Bound
    public let body: [Stmt]
    public init(name: String, variable: String, bound: Bound, body: [Stmt]) {
        self.name = name
        self.variable = variable
        self.bound = bound
        self.body = body
    }
}

/// How a reduction combines values.
public enum ReductionOp: String, Hashable, Sendable {
    /// `acc + v`.
    case add
    /// `v > acc ? v : acc`.
    case max
    /// `v < acc ? v : acc`.
    case min
}

/// A reduction loop. With lane count K (from the schedule, default 1), element `i` is
/// combined into partial `i mod K` in increasing `i`; every partial starts at `initial`; the
/// partials are then combined left to right: `r = p[0]; r = r ⊕ p[1]; …; r = r ⊕ p[K−1]`.
/// The body statements run each iteration before `value` is evaluated.
public struct Reduction: Hashable, Sendable {
    /// Loop label (the reduction's dotted name is `kernel.name`).
    public let name: String
    public let variable: String
    public let bound: Bound
    public let op: ReductionOp
    public let initial: Expr
    public let body: [Stmt]
    public let value: Expr
    /// The variable holding the combined result after the loop.
    public let result: Variable
    public init(name: String, variable: String, bound: Bound, op: ReductionOp, initial: Expr,
                body: [Stmt], value: Expr, result: Variable) {
        self.name = name
        self.variable = variable
        self.bound = bound
        self.op = op
        self.initial = initial
        self.body = body
        self.value = value
        self.result = result
    }
}

/// An argument passed to a sub-function call.
public enum CallArgument: Hashable, Sendable {
    /// A buffer, starting at element `offset` (pointer arithmetic on a 1-D buffer).
    case buffer(String, offset: Index)
    case scalar(Expr)
    /// A size parameter passed on as an index value.
    case index(Index)
}

/// A statement of a kernel body.
public indirect enum Stmt: Hashable, Sendable {
    case loop(Loop)
    case reduce(Reduction)
    /// Immutable binding `const T name = value;`.
    case bind(Variable, Expr)
    /// Mutable local with an initial value.
    case declare(Variable, Expr)
    /// Assignment to a mutable local; the value is converted to the variable's type as by `cast`.
    case assign(Variable, Expr)
    /// `buffer[indices] = value`; the value must have the buffer's element type.
    case store(buffer: String, indices: [Index], value: Expr)
    case branch(condition: Expr, then: [Stmt], otherwise: [Stmt])
    /// Call of another kernel of the design (a sub-function).
    case call(callee: String, arguments: [CallArgument])
}
