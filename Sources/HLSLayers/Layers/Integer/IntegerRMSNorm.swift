import HLSIR

/// RMSNorm in integers: int8 x (any scale: it cancels), int16 gain g (real g = g_q · gainScale),
/// int8 output (real y = y_q · outputScale).
///
/// `Σ = Σ x_i²` (int64, exact); `T = max(⌊√(Σ · 2^(2F))⌋, 2^F)`; `inv = ⌊2^(31+F) / T⌋`
/// (32-step restoring division); `v_i = ⌊(x_i · g_i · inv + 2^15) / 2^16⌋`;
/// `y_i = requantize(v_i, c)` with c = √n · gainScale / outputScale · 2^−15 as a 25-bit
/// dyadic. F is the largest integer with n · 127² · 2^(2F) < 2^62. ε is omitted (x = 0 gives 0).
public enum IntegerRMSNorm {
    /// The fraction bits F of the square root for vectors of `size` values of magnitude at
    /// most `inputMax` (127 for int8): the largest F with size · inputMax² · 2^(2F) < 2^62, at most 30.
    public static func rootFraction(size: Int, inputMax: Int = 127) -> Int {
        var f = 0
        let top = Double(size) * Double(inputMax) * Double(inputMax)
        while top * Double(sign: .plus, exponent: 2 * (f + 1), significand: 1) < 0x1p62 && f < 30 { f += 1 }
        return f
    }

    /// The output dyadic c for `size`, `gainScale` and `outputScale`.
    public static func outputDyadic(size: Int, gainScale: Double, outputScale: Double, what: String) throws(DesignError) -> Dyadic {
        try Dyadic.approximating(Double(size).squareRoot() * gainScale / outputScale / 32768, bits: 25, what: what)
    }

    /// Kernel `name(o, x, weight)`. Loops: `sum_sq`, `root_digits`, `inv_steps`, `normalize`.
    public static func kernel(_ name: String = "int_rmsnorm", size: Int, gainScale: Double, outputScale: Double) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let o = k.output("o", .int8, count: size)
        let x = k.input("x", .int8, count: size)
        let w = k.input("weight", .int16, count: size)
        let c = try outputDyadic(size: size, gainScale: gainScale, outputScale: outputScale, what: "\(name) scales")
        body(k, o: o, x: x, w: w, size: size, inputMax: 127, multiplier: IntegerOps.i64(c.multiplier), shift: c.shift, prefix: "")
        return try k.build()
    }

    /// Records the layer; with `bias` (int32, in v's units) β is added to each v before the
    /// requantization (`IntegerLayerNorm`); `extraBits` E (0…16) widens the reciprocal to
    /// `⌊2^(31+F+E) / T⌋` (32 + E steps) and v's shift to 16 + E, for inputs whose Σx² is large.
    /// `x` holds values of magnitude at most `inputMax` (int8: 127; the
    /// integer Llama's int16-range residual: 32767, then the multiplier has at most 17 bits).
    public static func body(_ k: KernelBuilder, o: BufferHandle, x: BufferHandle, w: BufferHandle, size: Int, inputMax: Int,
                            multiplier: Expr, shift: Int, prefix: String, bias: BufferHandle? = nil, extraBits e: Int = 0) {
        let i64 = IntegerOps.i64
        let f = rootFraction(size: size, inputMax: inputMax)
        let ss = k.reduce("\(prefix)sum_sq", .add, .int64, size) { j in
            let xj = x[j].cast(.int64)
            return xj * xj
        }
        let root = IntegerOps.sqrtFloor(k, ss << (2 * f), name: "\(prefix)root")
        let t = k.bind("\(prefix)root_t", max(root, i64(Int64(1) << f)))
        let inv = IntegerOps.reciprocal(k, t, numeratorLog2: 31 + f + e, bits: 32 + e, name: "\(prefix)inv")
        k.loop("\(prefix)normalize", size) { j in
            let a = k.bind("\(prefix)a", x[j].cast(.int64) * w[j].cast(.int64))
            let v0 = k.bind("\(prefix)v", (a * inv + i64(Int64(1) << (15 + e))) >> (16 + e))
            let v = bias.map { k.bind("\(prefix)vb", v0 + $0[j].cast(.int64)) } ?? v0
            o[j] = IntegerOps.requantize(k, v, multiplier: multiplier, shift: shift, name: "\(prefix)y")
        }
    }

    public static func schedule(_ name: String = "int_rmsnorm", lanes: Int = 1) -> Schedule {
        var s = Schedule()
        s.lanes("\(name).sum_sq", lanes)
        s.pipeline("\(name).sum_sq")
        s.pipeline("\(name).normalize")
        return s
    }
}
