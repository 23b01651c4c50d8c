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

extension IntegerReference {
    /// GELU's tanh form as x · σ(z) (docs/numerics.md), with true division for σ.
    static func gelu(_ x: Int32) -> Int32 {
        let v = Int64(x)
        let c = Swift.min(Swift.max(v, -IntegerGELU.clampQ16), IntegerGELU.clampQ16)
        let x2 = roundShift(c * c, 16), x3 = roundShift(x2 * c, 16)
        let u = c + roundShift(x3 * IntegerGELU.cubic, 30)
        let z = roundShift(u * IntegerGELU.slope, 30)
        let e = exp(-Swift.abs(z))
        let s = (Int64(1) << 60) / ((1 << 30) + e)
        let sig = z >= 0 ? s : (1 << 30) - s
        return Int32(Swift.min(Swift.max(roundShift(v * sig, 30), -Int64(Int32.max)), Int64(Int32.max)))
    }

    /// LayerNorm: the mean by the dyadic 1/n, then the RMSNorm of the centred values with β added.
    static func layernorm(_ x: [Int16], _ g: [Int16], _ b: [Int32], c: Dyadic) throws -> [Int8] {
        let mu = scale(x.reduce(Int64(0)) { $0 + Int64($1) }, try IntegerLayerNorm.meanDyadic(size: x.count))
        let p = Int64(IntegerLayerNorm.meanFraction), e = Int64(IntegerLayerNorm.reciprocalBits)
        let d = x.map { (Int64($0) << p) - mu }
        let f = Int64(IntegerRMSNorm.rootFraction(size: x.count, inputMax: IntegerLayerNorm.centeredMax))
        let ss = d.reduce(Int64(0)) { $0 + $1 * $1 }
        let t = Swift.max(isqrt(ss << (2 * f)), Int64(1) << f)
        let inv = (Int64(1) << (31 + f + e)) / t
        return d.indices.map { j in requantize(roundShift(d[j] * Int64(g[j]) * inv, 16 + e) + Int64(b[j]), c) }
    }
}
