import HLSIR

/// `silu_f32_3072_stream_versal_v80_vitis2025_1`: elementwise SiLU `v · 1/(1 + e^−v)` on a
/// float stream of 3072 values, pipelined at II 1 (Vitis HLS 2025.1, xcv80, 4 ns).
///
/// Approximated: the source's `1.0` literals are doubles, so Vitis evaluates the add, the
/// reciprocal and the product in double precision (dadd, ddiv, dmul; iteration latency 47)
/// and narrows to float. The DSL has no double type, so the kernel computes them in float32 —
/// an estimator sees fadd/fdiv/fmul where the report has their double versions. The length
/// argument is the constant 3072 the call site passes.
public enum SiLU3072 {
    /// The id of the entry in the calibration file.
    public static let id = "silu_f32_3072_stream_versal_v80_vitis2025_1"
    static let length = 3072

    /// The kernel `Swish` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("Swish")
        let res = k.output("res_strm", .float32, count: length)
        let vec = k.input("vec_strm", .float32, count: length)
        k.loop("VITIS_LOOP_52_1", length) { i in
            let v = k.bind("v", vec[i])
            res[i] = v * (1.0 / (1.0 + exp(-v)))
        }
        var s = Schedule()
        s.pipeline("Swish.VITIS_LOOP_52_1", ii: 1)
        s.interface("Swish.res_strm", InterfaceDirectives(mode: .ap_fifo))
        s.interface("Swish.vec_strm", InterfaceDirectives(mode: .ap_fifo))
        return Design(top: "Swish", kernels: [try k.build()], schedule: s)
    }
}
