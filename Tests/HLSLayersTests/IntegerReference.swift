import HLSLayers

/// A plain-Swift transcription of the integer profile's algorithms (docs/numerics.md,
/// "Integer profile"), written independently of the DSL: true division and an integer square
/// root by Newton's method stand where the kernels use restoring division and digit-by-digit
/// roots, so agreement checks those loops too.
enum IntegerReference {
    /// ⌊a / b⌋ for b > 0.
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// ⌊(x + 2^(s−1)) / 2^s⌋, x when s = 0.
    static func roundShift(_ x: Int64, _ s: Int64) -> Int64 {
        s == 0 ? x : floorDiv(x + (Int64(1) << (s - 1)), Int64(1) << s)
    }

    static func scale(_ x: Int64, _ d: Dyadic) -> Int64 { roundShift(x * d.multiplier, Int64(d.shift)) }

    static func requantize(_ x: Int64, _ d: Dyadic) -> Int8 { Int8(Swift.min(Swift.max(scale(x, d), -127), 127)) }

    static func exp(_ v: Int64) -> Int64 {
        let l = IntegerExp.ln2Q
        let x = Swift.min(Swift.max(v, -32 * l), 0)
        let q = floorDiv(-x, l)
        let r = x + q * l
        let c = IntegerExp.coefficients
        let t = roundShift(c[2] * r, 16) + c[1]
        let p = roundShift(t * r, 16) + c[0]
        return roundShift(p, q)
    }

    static func isqrt(_ n: Int64) -> Int64 {
        if n < 2 { return n }
        var x = Int64(Double(n).squareRoot())
        while x * x > n { x -= 1 }
        while (x + 1) * (x + 1) <= n { x += 1 }
        return x
    }

    static func softmax(_ x: [Int32], toQ16: Dyadic) -> [Int32] {
        let m = Int64(x.max()!)
        let e = x.map { exp(scale(Int64($0) - m, toQ16)) }
        let inv = (Int64(1) << 62) / e.reduce(0, +)
        let s = Int64(62 - IntegerSoftmax.probabilityFraction)
        return e.map { Int32(truncatingIfNeeded: roundShift($0 * inv, s)) }
    }

    static func silu(_ x: Int32) -> Int32 {
        let v = Int64(x)
        let e = exp(-Swift.abs(v))
        let s = (Int64(1) << 60) / ((1 << 30) + e)
        let sig = v >= 0 ? s : (1 << 30) - s
        return Int32(truncatingIfNeeded: roundShift(v * sig, 30))
    }

    static func rmsnorm(_ x: [Int8], _ g: [Int16], c: Dyadic) -> [Int8] {
        let f = Int64(IntegerRMSNorm.rootFraction(size: x.count))
        let ss = x.reduce(Int64(0)) { $0 + Int64($1) * Int64($1) }
        let t = Swift.max(isqrt(ss << (2 * f)), Int64(1) << f)
        let inv = (Int64(1) << (31 + f)) / t
        return zip(x, g).map { xi, gi in requantize(roundShift(Int64(xi) * Int64(gi) * inv, 16), c) }
    }
}

extension IntegerReference {
    static func matvecQ8(xq: [Int8], wq: [Int8], ws: [Int16], n: Int, gs: Int, c: Dyadic) -> [Int32] {
        (0..<(wq.count / n)).map { r in
            var acc: Int64 = 0
            for g in 0..<(n / gs) {
                var dot: Int64 = 0
                for j in 0..<gs { dot += Int64(xq[g * gs + j]) * Int64(wq[r * n + g * gs + j]) }
                acc += dot * Int64(ws[r * (n / gs) + g])
            }
            return Int32(Swift.min(Swift.max(scale(acc, c), -Int64(Int32.max)), Int64(Int32.max)))
        }
    }

    static func rope(_ v: [Int32], pos: Int, half: Int, cos: [Int16], sin: [Int16]) -> [Int32] {
        var out = v
        for p in 0..<(v.count / 2) {
            let c = Int64(cos[pos * half + p % half]), s = Int64(sin[pos * half + p % half])
            let v0 = Int64(v[2 * p]), v1 = Int64(v[2 * p + 1])
            out[2 * p] = Int32(floorDiv(v0 * c - v1 * s + 8192, 16384))
            out[2 * p + 1] = Int32(floorDiv(v0 * s + v1 * c + 8192, 16384))
        }
        return out
    }
}
