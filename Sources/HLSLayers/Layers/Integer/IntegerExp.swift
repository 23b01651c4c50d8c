import Foundation
import HLSIR

/// e^x for x ≤ 0 in integers only. Input: int64 in Q16 (x = v / 2^16); output: int64 in Q30
/// (e^x = y / 2^30, 0 ≤ y ≤ 2^30 + small).
///
/// Method (docs/numerics.md, "Integer profile"): clamp v to [−32·L, 0] with L = round(ln2 · 2^16);
/// q = ⌊−v / L⌋ (an estimate ⌊−v · R / 2^32⌋, R = ⌈2^32 / L⌉, corrected once) and
/// r = v + q·L ∈ (−L, 0]; e^r by a second-order polynomial c0 + c1·r + c2·r² in Q30 (Horner,
/// each product shifted right by 16 with round half up); the result shifted right by q with
/// round half up.
public enum IntegerExp {
    public static let inputFraction = 16
    public static let outputFraction = 30
    /// ln 2 in Q16.
    public static let ln2Q: Int64 = Int64((Foundation.log(2.0) * 65536).rounded())
    /// ⌈2^32 / L⌉: the reciprocal of ln 2 used for the estimate of q.
    public static let ln2Reciprocal: Int64 = (Int64(1) << 32 + ln2Q - 1) / ln2Q
    /// Inputs below −32·L give results that round to 0 or 1 ulp; they are clamped there.
    public static let lowest: Int64 = -32 * ln2Q

    /// The quadratic through e^r at the three Chebyshev nodes of [−ln2, 0], as Q30 integers
    /// [c0, c1, c2] (rounded half away from zero).
    public static let coefficients: [Int64] = {
        let a = -Foundation.log(2.0), b = 0.0
        let nodes = (0..<3).map { i in (a + b) / 2 + (b - a) / 2 * Foundation.cos(Double(2 * i + 1) * Double.pi / 6) }
        // Lagrange basis expanded into monomials.
        var c = [0.0, 0.0, 0.0]
        for i in 0..<3 {
            let others = (0..<3).filter { $0 != i }.map { nodes[$0] }
            let denom = others.reduce(1.0) { $0 * (nodes[i] - $1) }
            let w = Foundation.exp(nodes[i]) / denom
            c[0] += w * others[0] * others[1]
            c[1] += w * -(others[0] + others[1])
            c[2] += w
        }
        return c.map { Int64(($0 * Double(1 << 30)).rounded()) }
    }()

    /// Records e^v (v int64 Q16, any value; positive inputs are clamped to 0) into `k`.
    public static func exp(_ k: KernelBuilder, _ v: Expr, name: String) -> Expr {
        let i64 = IntegerOps.i64
        let x = k.bind("\(name)_x", min(max(v, i64(lowest)), i64(0)))
        let est = k.bind("\(name)_qe", ((-x) * i64(ln2Reciprocal)) >> 32)
        let r0 = k.bind("\(name)_r0", x + est * i64(ln2Q))
        let over = k.bind("\(name)_over", r0 > i64(0))
        let q = k.bind("\(name)_q", select(over, est - i64(1), est))
        let r = k.bind("\(name)_r", select(over, r0 - i64(ln2Q), r0))
        let c = coefficients
        let t = k.bind("\(name)_t", ((i64(c[2]) * r + i64(1 << 15)) >> 16) + i64(c[1]))
        let p = k.bind("\(name)_p", ((t * r + i64(1 << 15)) >> 16) + i64(c[0]))
        return IntegerOps.shiftRightRounded(k, p, by: q, stages: 5, name: name)
    }
}
