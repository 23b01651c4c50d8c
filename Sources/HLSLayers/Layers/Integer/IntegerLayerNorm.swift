import HLSIR

/// LayerNorm in integers: int16-range x (|x| ≤ 32767; any scale: it cancels), int16 gain g
/// (real g = g_q · gainScale), int32 bias in the normalizer's units (real β = β_q ·
/// √n · gainScale · 2^−15, converted by the host), int8 output (real y = y_q · outputScale).
///
/// `S = Σ x_i` (int64); the mean in Q`meanFraction`: `μ = ⌊(S · m + 2^(k−1)) / 2^k⌋` with
/// m·2^−k ≈ 2^P/n a 30-bit dyadic; `d_i = x_i · 2^P − μ` (int32, |d| < 2^23); then
/// `IntegerRMSNorm` of d (whose root mean square is the population standard deviation; the
/// factor 2^P cancels) with `reciprocalBits` extra reciprocal bits and β_q added to each `v_i`
/// before the requantization. ε is omitted (a constant vector gives β).
public enum IntegerLayerNorm {
    /// The inputs' largest magnitude: the residual limit of the integer designs.
    public static let inputMax = 32767
    /// P: fraction bits of the mean (its rounding moves d by at most 2^−(P+1) input units).
    public static let meanFraction = 6
    /// E of `IntegerRMSNorm.body`: keeps ⌊2^(31+F+E) / T⌋ ≥ 2^12 for every input of n ≤ 2^14 values.
    public static let reciprocalBits = 10

    /// The dyadic m · 2^−k of 2^P/`size`.
    public static func meanDyadic(size: Int) throws(DesignError) -> Dyadic {
        try Dyadic.approximating(Double(1 << meanFraction) / Double(size), bits: 30, what: "integer layernorm mean of \(size) values")
    }

    /// The bound on |d|: 2 · 32767 · 2^P.
    public static let centeredMax = 2 * inputMax << meanFraction

    /// The real unit of the bias β_q (and of the normalized value v before requantization).
    public static func biasUnit(size: Int, gainScale: Double) -> Double {
        Double(size).squareRoot() * gainScale / 32768
    }

    /// Kernel `name(o, x, weight, bias)`. Loops: `sum`, `center`, then IntegerRMSNorm's.
    public static func kernel(_ name: String = "int_layernorm", size: Int, gainScale: Double, outputScale: Double) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let o = k.output("o", .int8, count: size)
        let x = k.input("x", .int16, count: size)
        let w = k.input("weight", .int16, count: size)
        let b = k.input("bias", .int32, count: size)
        let c = try IntegerRMSNorm.outputDyadic(size: size, gainScale: gainScale, outputScale: outputScale, what: "\(name) scales")
        try body(k, o: o, x: x, w: w, b: b, size: size, multiplier: IntegerOps.i64(c.multiplier), shift: c.shift, prefix: "")
        return try k.build()
    }

    /// Records the layer on `x` (values of magnitude at most `inputMax`) into `o`.
    public static func body(_ k: KernelBuilder, o: BufferHandle, x: BufferHandle, w: BufferHandle, b: BufferHandle, size: Int,
                            multiplier: Expr, shift: Int, prefix: String) throws(DesignError) {
        let mean = try meanDyadic(size: size)
        let d = k.local("\(prefix)centered", .int32, shape: [size])
        let sum = k.reduce("\(prefix)sum", .add, .int64, size) { j in x[j].cast(.int64) }
        let mu = IntegerOps.scale(k, sum, mean, name: "\(prefix)mean")
        k.loop("\(prefix)center", size) { j in d[j] = ((x[j].cast(.int64) << meanFraction) - mu).cast(.int32) }
        IntegerRMSNorm.body(k, o: o, x: d, w: w, size: size, inputMax: centeredMax, multiplier: multiplier, shift: shift,
                            prefix: prefix, bias: b, extraBits: reciprocalBits)
    }

    public static func schedule(_ name: String = "int_layernorm", lanes: Int = 1) -> Schedule {
        var s = IntegerRMSNorm.schedule(name, lanes: lanes)
        s.pipeline("\(name).sum")
        s.pipeline("\(name).center")
        return s
    }
}
