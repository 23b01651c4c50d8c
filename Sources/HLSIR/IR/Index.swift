/// An integer index expression: loop counters, size parameters and constants combined with
/// `+ − ×` and division / remainder by a positive constant. Indices are plain `int` in the
/// generated C++ and never overflow for arrays that fit in memory, so they have no width.
public indirect enum Index: Hashable, Sendable, CustomStringConvertible {
    case constant(Int)
    /// The counter of the enclosing loop with this variable name.
    case loopVar(String)
    /// A scalar integer kernel argument (for example a runtime length or a position).
    case param(String)
    case add(Index, Index)
    case sub(Index, Index)
    case mul(Index, Index)
    /// Division by a positive constant, rounding toward zero (indices are non-negative).
    case div(Index, Int)
    /// Remainder by a positive constant.
    case mod(Index, Int)

    public var description: String {
        switch self {
        case .constant(let c): return "\(c)"
        case .loopVar(let v): return v
        case .param(let p): return p
        case .add(let a, let b): return "(\(a) + \(b))"
        case .sub(let a, let b): return "(\(a) - \(b))"
        case .mul(let a, let b): return "(\(a) * \(b))"
        case .div(let a, let c): return "(\(a) / \(c))"
        case .mod(let a, let c): return "(\(a) % \(c))"
        }
    }

    /// Loop variables this index reads.
    public var loopVars: Set<String> {
        switch self {
        case .constant, .param: return []
        case .loopVar(let v): return [v]
        case .add(let a, let b), .sub(let a, let b), .mul(let a, let b): return a.loopVars.union(b.loopVars)
        case .div(let a, _), .mod(let a, _): return a.loopVars
        }
    }

    /// Scalar parameters this index reads.
    public var params: Set<String> {
        switch self {
        case .constant, .loopVar: return []
        case .param(let p): return [p]
        case .add(let a, let b), .sub(let a, let b), .mul(let a, let b): return a.params.union(b.params)
        case .div(let a, _), .mod(let a, _): return a.params
        }
    }

    /// Evaluates with the given variable values (nil if a name is unbound).
    public func evaluate(_ env: (String) -> Int?) -> Int? {
        switch self {
        case .constant(let c): return c
        case .loopVar(let v): return env(v)
        case .param(let p): return env(p)
        case .add(let a, let b):
            guard let x = a.evaluate(env), let y = b.evaluate(env) else { return nil }
            return x + y
        case .sub(let a, let b):
            guard let x = a.evaluate(env), let y = b.evaluate(env) else { return nil }
            return x - y
        case .mul(let a, let b):
            guard let x = a.evaluate(env), let y = b.evaluate(env) else { return nil }
            return x * y
        case .div(let a, let c):
            guard let x = a.evaluate(env) else { return nil }
            return x / c
        case .mod(let a, let c):
            guard let x = a.evaluate(env) else { return nil }
            return x % c
        }
    }

    /// If the index is `c · v + rest` with `rest` free of loop variable `v` and `c` constant,
    /// returns `c` (0 when `v` does not occur); nil when `v` occurs non-affinely.
    public func coefficient(of v: String) -> Int? {
        switch self {
        case .constant, .param: return 0
        case .loopVar(let u): return u == v ? 1 : 0
        case .add(let a, let b):
            guard let x = a.coefficient(of: v), let y = b.coefficient(of: v) else { return nil }
            return x + y
        case .sub(let a, let b):
            guard let x = a.coefficient(of: v), let y = b.coefficient(of: v) else { return nil }
            return x - y
        case .mul(let a, let b):
            guard let x = a.coefficient(of: v), let y = b.coefficient(of: v) else { return nil }
            if x == 0 && y == 0 { return 0 }
            if x != 0, y == 0, case .constant(let c) = b { return x * c }
            if y != 0, x == 0, case .constant(let c) = a { return y * c }
            return nil
        case .div(let a, _), .mod(let a, _):
            return a.loopVars.contains(v) ? nil : 0
        }
    }

    public static func + (a: Index, b: Index) -> Index { .add(a, b) }
    public static func - (a: Index, b: Index) -> Index { .sub(a, b) }
    public static func * (a: Index, b: Index) -> Index { .mul(a, b) }
    public static func + (a: Index, b: Int) -> Index { .add(a, .constant(b)) }
    public static func - (a: Index, b: Int) -> Index { .sub(a, .constant(b)) }
    public static func * (a: Index, b: Int) -> Index { .mul(a, .constant(b)) }
    public static func * (a: Int, b: Index) -> Index { .mul(.constant(a), b) }
    public static func + (a: Int, b: Index) -> Index { .add(.constant(a), b) }
    public static func / (a: Index, b: Int) -> Index { .div(a, b) }
    public static func % (a: Index, b: Int) -> Index { .mod(a, b) }
}

extension Index: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .constant(value) }
}
