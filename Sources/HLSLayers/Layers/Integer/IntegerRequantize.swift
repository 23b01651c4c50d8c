import HLSIR

/// int32 → int8 by a dyadic scale: `y = clamp(⌊(x · m + 2^(k−1)) / 2^k⌋, −127, 127)`.
public enum IntegerRequantize {
    /// Kernel `name(x, y)` over `size` values; `scale` (the real factor from x's units to y's)
    /// becomes a 31-bit dyadic. Loop: `requant`.
    public static func kernel(_ name: String = "int_requantize", size: Int, scale: Double) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let x = k.input("x", .int32, count: size)
        let y = k.output("y", .int8, count: size)
        let d = try Dyadic.approximating(scale, bits: 31, what: "\(name) scale")
        k.loop("requant", size) { i in y[i] = IntegerOps.requantize(k, x[i], d, name: "q") }
        return try k.build()
    }

    public static func schedule(_ name: String = "int_requantize") -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).requant")
        return s
    }
}
