import HLSIR

/// `fir4_apfixed24_z7020_vitis2022_2`: a 4-tap direct-form FIR in `ap_fixed<24,12>` that
/// shifts one new sample into a 4-entry shift register and accumulates the taps in
/// `ap_fixed<48,24>` (Vitis HLS 2022.2, xc7z020, 10 ns).
///
/// The loop runs `i` from 3 down to 0; the DSL counts up, so the body uses `3 − step`.
/// The source keeps the shift register in a `static` array; the DSL has no static state, so
/// the register is an `inputOutput` argument whose ap_memory port is completely partitioned
/// (registers, as the report's empty memory table shows) and carries the state from one call
/// to the next. The output pointer (`ap_vld` in the report) is a one-element `ap_fifo`
/// port; the new sample `x` is a scalar argument.
public enum FIR4 {
    /// The id of the entry in the calibration file.
    public static let id = "fir4_apfixed24_z7020_vitis2022_2"
    static let taps = 4
    static let coefficient = ScalarType.fixed(24, 12)
    static let sample = ScalarType.fixed(24, 12)
    static let accumulator = ScalarType.fixed(48, 24)

    /// The kernel `fir` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("fir")
        let y = k.output("y", accumulator, count: 1)
        let c = k.input("c", coefficient, count: taps)
        let shiftReg = k.inputOutput("shift_reg", sample, count: taps)
        let x = k.scalar("x", sample)
        let acc = k.reduce("Shift_Accum_Loop", .add, accumulator, taps, index: "step") { step in
            let i = Index.constant(taps - 1) - step
            let tap = k.variable("tap", Expr.constant(0, sample))
            k.branch(i.value().eq(0), then: {
                shiftReg[0] = x
                tap.set(x)
            }, otherwise: {
                // shift_reg[i - 1], written so that its index stays inside the array on the
                // branch not taken (i == 0) as well.
                shiftReg[i] = shiftReg[(i + (taps - 1)) % taps]
                tap.set(shiftReg[i])
            })
            return (tap.value * c[i]).cast(accumulator)
        }
        y[0] = acc
        return Design(top: "fir", kernels: [try k.build()], schedule: schedule())
    }

    static func schedule() -> Schedule {
        var s = Schedule()
        // No user pragma: Vitis HLS 2022.2 pipelined the loop by default (II target 1).
        s.pipeline("fir.Shift_Accum_Loop", ii: 1)
        s.interface("fir.c", InterfaceDirectives(mode: .ap_memory))
        s.bindStorage("fir.c", .ram_1p, impl: .auto)            // one read port, as reported
        s.interface("fir.shift_reg", InterfaceDirectives(mode: .ap_memory))
        s.partition("fir.shift_reg", .complete, dim: 1)          // registers
        s.interface("fir.y", InterfaceDirectives(mode: .ap_fifo))
        return s
    }
}
