/// Arithmetic that saturates instead of trapping: a design may describe loops whose cycle
/// counts overflow 64 bits (absurd trip counts are legal IR); the estimate then says "huge"
/// rather than crashing.
enum Saturating {
    static let limit = Int.max / 64

    static func mul(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o || r > limit ? limit : (r < -limit ? -limit : r)
    }

    static func add(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        return o || r > limit ? limit : (r < -limit ? -limit : r)
    }

    /// `x` rounded by `rule` as an Int, clamped to ±`limit` (NaN → 0).
    static func int(_ x: Double, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int {
        guard !x.isNaN else { return 0 }
        let r = x.rounded(rule)
        if r >= Double(limit) { return limit }
        if r <= -Double(limit) { return -limit }
        return Int(r)
    }

    /// `r` times `n`, field by field.
    static func scaled(_ r: Resources, _ n: Int) -> Resources {
        Resources(dsp: mul(r.dsp, n), bram18k: mul(r.bram18k, n), uram: mul(r.uram, n), ff: mul(r.ff, n), lut: mul(r.lut, n))
    }
}
