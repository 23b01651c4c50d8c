import HLSIR

/// Residual connection `x[i] = x[i] + y[i]` (in place on x).
public enum Residual {
    /// Kernel `name(x, y)`. Loop: `add`.
    public static func kernel(_ name: String = "residual", size: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let x = k.inputOutput("x", .float32, count: size)
        let y = k.input("y", .float32, count: size)
        k.loop("add", size) { i in x[i] = x[i] + y[i] }
        return try k.build()
    }

    public static func schedule(_ name: String = "residual", unroll: Int) -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).add")
        if unroll > 1 { s.unroll("\(name).add", factor: unroll) }
        return s
    }
}
