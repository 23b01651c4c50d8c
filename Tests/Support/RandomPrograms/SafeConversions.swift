import HLSIR

/// Conversions that keep a random program inside the numeric contract (docs/numerics.md).
///
/// - A float reaching an int or fixed-point conversion is first freed of NaN and clamped
///   to a range the target holds after truncation or quantization (and to |x| < 2^62 for
///   ints): outside it the C++ conversion is undefined.
/// - NaN bits are not portable: x86 produces a negative quiet NaN at run time where g++
///   folds a constant expression to a positive one, and which operand's payload survives
///   `a + b` depends on the operand order the compiler picks. So every float whose bits
///   become observable (a store to an output, a bitcast to int) passes `guardNaN` first.
enum SafeConversions {
    /// `x` with NaN replaced by `replacement` (written `select(x == x, x, r)` or
    /// `select(x != x, r, x)`).
    static func guardNaN(_ x: Expr, replacement: Float, flipped: Bool) -> Expr {
        flipped ? select(x.ne(x), .f32(replacement), x) : select(x.eq(x), x, .f32(replacement))
    }

    /// The float range a float may have before it converts to `t`: every value in it
    /// truncates (toward zero) to a value of `t`, and |x| < 2^62.
    static func clampRange(_ t: IntType) -> (lo: Float, hi: Float) {
        let cap = (Int64(1) << 62) - 1
        let lo = t.signed ? Swift.max(t.minValue, -cap) : 0
        let hi = !t.signed && t.width == 64 ? cap : Swift.min(t.maxValue, cap)
        var fl = Float(lo), fh = Float(hi)
        // Compare as integers: a Double cannot tell 2^62 − 1 from 2^62.
        while Int64(fl) < lo { fl = fl.nextUp }
        while Int64(fh) > hi { fh = fh.nextDown }
        return (fl, fh)
    }

    /// The float range of the values of `t` (from its most negative to its largest value):
    /// rounding is monotone and both ends are values of `t`, so no value in it overflows.
    static func clampRange(_ t: FixedType) -> (lo: Float, hi: Float) {
        let lsb = Double(sign: .plus, exponent: -t.fractionBits, significand: 1)
        let top = Double(sign: .plus, exponent: t.signed ? t.integerBits - 1 : t.integerBits, significand: 1)
        let lo = t.signed ? -top : 0
        // Beyond 53 bits `top − lsb` is not a Double; stay a little below instead.
        let hi = t.width <= 53 ? top - lsb : top * (1 - 0x1p-30)
        return (floatAtLeast(lo), floatAtMost(hi))
    }

    /// `x` clamped into `lo...hi` with `min` and `max`, in one of the two orders.
    static func clamp(_ x: Expr, _ lo: Float, _ hi: Float, maxFirst: Bool) -> Expr {
        maxFirst ? min(max(x, .f32(lo)), .f32(hi)) : max(min(x, .f32(hi)), .f32(lo))
    }

    /// The largest float not above `x`.
    static func floatAtMost(_ x: Double) -> Float {
        let f = Float(x)
        return Double(f) > x ? f.nextDown : f
    }

    /// The smallest float not below `x`.
    static func floatAtLeast(_ x: Double) -> Float {
        let f = Float(x)
        return Double(f) < x ? f.nextUp : f
    }
}
