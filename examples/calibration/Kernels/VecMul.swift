import HLSIR

/// `vmul_f32_3072_stream_versal_v80_vitis2025_1`: elementwise product of two float streams
/// of 3072 values (the SwiGLU gate multiply), pipelined at II 1 (Vitis HLS 2025.1, xcv80,
/// 4 ns). Faithful; the length argument is the constant 3072 the call site passes.
public enum VecMul3072 {
    /// The id of the entry in the calibration file.
    public static let id = "vmul_f32_3072_stream_versal_v80_vitis2025_1"
    static let length = 3072

    /// The kernel `Multiply_Vec` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("Multiply_Vec")
        let res = k.output("res_strm", .float32, count: length)
        let a = k.input("vecA_strm", .float32, count: length)
        let b = k.input("vecB_strm", .float32, count: length)
        k.loop("VITIS_LOOP_64_1", length) { i in res[i] = a[i] * b[i] }
        var s = Schedule()
        s.pipeline("Multiply_Vec.VITIS_LOOP_64_1", ii: 1)
        for port in ["res_strm", "vecA_strm", "vecB_strm"] {
            s.interface("Multiply_Vec.\(port)", InterfaceDirectives(mode: .ap_fifo))
        }
        return Design(top: "Multiply_Vec", kernels: [try k.build()], schedule: s)
    }
}
