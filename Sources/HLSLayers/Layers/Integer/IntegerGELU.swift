import Foundation
import HLSIR

/// GELU in its tanh form (llm.c's) in integers, elementwise. Input and output: int32 in Q16.
///
/// 0.5 · (1 + tanh(u)) = σ(2u), so GELU(x) = x · σ(z) with z = 2·√(2/π)·(x + 0.044715·x³):
/// `c = clamp(x, −2^20, 2^20)` (|x| ≤ 16: beyond it σ(z) is 0 or 1 to Q30); `x2 = ⌊(c·c + 2^15) / 2^16⌋`;
/// `x3 = ⌊(x2·c + 2^15) / 2^16⌋`; `u = c + ⌊(x3·A + 2^29) / 2^30⌋`; `z = ⌊(u·B + 2^29) / 2^30⌋`
/// (A = round(0.044715 · 2^30), B = round(2·√(2/π) · 2^30), half away from zero);
/// `σ = IntegerSiLU.sigmoid(z)` (Q30); `y = ⌊(x · σ + 2^29) / 2^30⌋` with the unclamped x.
public enum IntegerGELU {
    public static let clampQ16: Int64 = 1 << 20
    public static let cubic: Int64 = Int64((0.044715 * 1_073_741_824).rounded())
    public static let slope: Int64 = Int64((2 * (2 / Double.pi).squareRoot() * 1_073_741_824).rounded())

    /// Kernel `name(x, y)` over `size` values. Loop: `act`.
    public static func kernel(_ name: String = "int_gelu", size: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let x = k.input("x", .int32, count: size)
        let y = k.output("y", .int32, count: size)
        k.loop("act", size) { i in
            y[i] = IntegerOps.clamp(value(k, x[i], name: "gelu"), Int64(Int32.max), to: .int32)
        }
        return try k.build()
    }

    /// GELU of one int32 Q16 value, as an int64 Q16 value (|y| ≤ |x| + 1).
    public static func value(_ k: KernelBuilder, _ x: Expr, name: String) -> Expr {
        let i64 = IntegerOps.i64
        let round16 = i64(1 << 15), round30 = i64(1 << 29)
        let x64 = k.bind("\(name)_x", x.cast(.int64))
        let c = k.bind("\(name)_c", min(max(x64, i64(-clampQ16)), i64(clampQ16)))
        let x2 = k.bind("\(name)_x2", (c * c + round16) >> 16)
        let x3 = k.bind("\(name)_x3", (x2 * c + round16) >> 16)
        let u = k.bind("\(name)_u", c + ((x3 * i64(cubic) + round30) >> 30))
        let z = k.bind("\(name)_z", (u * i64(slope) + round30) >> 30)
        let sig = IntegerSiLU.sigmoid(k, z, name: name)
        return k.bind(name, (x64 * sig + round30) >> 30)
    }

    public static func schedule(_ name: String = "int_gelu") -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).act")
        return s
    }
}
