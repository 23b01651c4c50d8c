/// A closed integer interval, with arithmetic that saturates far beyond any buffer size.
public struct Interval: Hashable, Sendable, CustomStringConvertible {
    public var lo: Int
    public var hi: Int

    public static let limit = 1 << 60
    public init(_ lo: Int, _ hi: Int) {
        self.lo = Swift.max(-Interval.limit, Swift.min(Interval.limit, lo))
        self.hi = Swift.max(-Interval.limit, Swift.min(Interval.limit, hi))
    }
    public init(exactly v: Int) { self.init(v, v) }

    public var description: String { lo == hi ? "\(lo)" : "\(lo)...\(hi)" }

    public static func + (a: Interval, b: Interval) -> Interval { Interval(a.lo + b.lo, a.hi + b.hi) }
    public static func - (a: Interval, b: Interval) -> Interval { Interval(a.lo - b.hi, a.hi - b.lo) }
    public static func * (a: Interval, b: Interval) -> Interval {
        let p = [a.lo.multipliedReportingOverflow(by: b.lo), a.lo.multipliedReportingOverflow(by: b.hi),
                 a.hi.multipliedReportingOverflow(by: b.lo), a.hi.multipliedReportingOverflow(by: b.hi)]
        if p.contains(where: \.overflow) { return Interval(-limit, limit) }
        let v = p.map(\.partialValue)
        return Interval(v.min()!, v.max()!)
    }
    /// Division by a positive constant, rounding toward zero (monotone).
    public func divided(by c: Int) -> Interval { Interval(lo / c, hi / c) }
    /// C remainder by a positive constant.
    public func remainder(_ c: Int) -> Interval {
        if lo >= 0 { return hi < c ? self : Interval(0, c - 1) }
        if hi <= 0 { return lo > -c ? self : Interval(-(c - 1), 0) }
        return Interval(Swift.max(lo, -(c - 1)), Swift.min(hi, c - 1))
    }
}

extension Interval {
    /// The values `i` can take when each loop counter and size lies in its interval in `env`
    /// (unbound names range over everything).
    public static func of(_ i: Index, _ env: [IndexTerm: Interval]) -> Interval {
        let all = Interval(-limit, limit)
        switch i {
        case .constant(let c): return Interval(exactly: c)
        case .loopVar(let v): return env[.loop(v)] ?? all
        case .param(let p): return env[.param(p)] ?? all
        case .add(let a, let b): return of(a, env) + of(b, env)
        case .sub(let a, let b): return of(a, env) - of(b, env)
        case .mul(let a, let b): return of(a, env) * of(b, env)
        case .div(let a, let c): return c > 0 ? of(a, env).divided(by: c) : all
        case .mod(let a, let c): return c > 0 ? of(a, env).remainder(c) : all
        }
    }
}
