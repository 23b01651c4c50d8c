/// The order of a reduction with K lanes, the one rule every reader follows (see `Reduction`
/// and docs/numerics.md, "Reductions"): element i is combined into partial i mod K in
/// increasing i; partial 0 starts at the initial value and partials 1 … K−1 at `rest` — 0
/// for a sum (so a sum's initial value, such as a bias, counts once), the initial value
/// itself for max and min; the partials are then combined left to right,
/// `r = p[0]; r = r ⊕ p[1]; …; r = r ⊕ p[K−1]`.
public struct LanePlan: Hashable, Sendable {
    public let lanes: Int
    public init(lanes: Int) {
        precondition(lanes >= 1, "a reduction has at least one lane")
        self.lanes = lanes
    }

    /// The partial element `i` is combined into.
    @inlinable @inline(__always) public func lane(of i: Int) -> Int { lanes == 1 ? 0 : i % lanes }

    /// Reduces `count` elements in this order.
    @inlinable @inline(__always)
    public func reduce<T>(count: Int, initial: T, rest: T, element: (Int) -> T, combine: (T, T) -> T) -> T {
        if lanes == 1 {
            var r = initial
            for i in 0..<count { r = combine(r, element(i)) }
            return r
        }
        var partials = [T](repeating: rest, count: lanes)
        partials[0] = initial
        for i in 0..<count { partials[i % lanes] = combine(partials[i % lanes], element(i)) }
        var r = partials[0]
        for k in 1..<lanes { r = combine(r, partials[k]) }
        return r
    }

    /// Combines already-computed partials left to right.
    @inlinable @inline(__always) public func combine<T>(_ partials: [T], _ op: (T, T) -> T) -> T {
        var r = partials[0]
        for k in 1..<partials.count { r = op(r, partials[k]) }
        return r
    }
}

extension LanePlan {
    /// Combines `count` partials left to right, `r = p[0]; r = r ⊕ p[1]; …` (the last step of
    /// the order above), for readers that keep partials in raw storage.
    @inlinable @inline(__always)
    public static func combine<T>(_ p: UnsafeMutablePointer<T>, count: Int, _ op: (T, T) -> T) -> T {
        var r = p[0]
        for j in 1..<Swift.max(1, count) { r = op(r, p[j]) }
        return r
    }
}

extension Expr {
    /// The literal 0 of its type (float +0.0, int 0, fixed raw 0).
    public var isLiteralZero: Bool {
        switch node {
        case .floatConst(let f): return f.bitPattern == 0
        case .intConst(let v): return v == 0
        case .fixedConst(let raw): return raw == 0
        default: return false
        }
    }
}

extension Reduction {
    /// Whether all `lanes` partials start at the initial value: one lane, max and min, or a sum
    /// from the literal 0. Otherwise (a sum from another value, such as a bias) partial 0 starts
    /// at the initial value and partials 1 … K−1 at 0 (`LanePlan`).
    public func partialsStartAlike(lanes: Int) -> Bool {
        lanes == 1 || op != .add || initial.isLiteralZero
    }
}
