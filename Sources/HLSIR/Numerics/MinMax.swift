/// The min and max of docs/numerics.md, the one definition every reader follows: `min(a, b)`
/// is `b < a ? b : a` and `max(a, b)` is `b > a ? b : a` (so for equal or unordered operands,
/// NaN included, the first operand wins — exactly what the generated C++ computes).
public enum MinMax {
    @inlinable @inline(__always) public static func min<T: Comparable>(_ a: T, _ b: T) -> T { b < a ? b : a }
    @inlinable @inline(__always) public static func max<T: Comparable>(_ a: T, _ b: T) -> T { b > a ? b : a }
}

extension ReductionOp {
    /// One step of the reduction on floats: `acc + v`, `max(acc, v)`, `min(acc, v)`.
    @inlinable @inline(__always)
    public func combine<T: FloatingPoint>(_ acc: T, _ v: T) -> T {
        switch self {
        case .add: return acc + v
        case .max: return MinMax.max(acc, v)
        case .min: return MinMax.min(acc, v)
        }
    }
}
