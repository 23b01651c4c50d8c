import HLSIR

/// `gemv_f32_768x3072_stream_versal_v80_vitis2025_1`: streaming float GEMV — buffer the
/// 768-element vector, then for each of 3072 outputs accumulate 768 products with matrix
/// elements arriving on a stream (Vitis HLS 2025.1, xcv80, 4 ns). The tool flattened the
/// two loops into one (`VITIS_LOOP_41_2_VITIS_LOOP_43_3`), which reached II 2 because of the
/// loop-carried multiply-add.
///
/// Differences: the sizes are the constants the call site passes (the size-mismatch early
/// return is therefore dropped); the tool's flattening and its URAM choice for `local_vec`
/// are written as `LOOP_FLATTEN` and `BIND_STORAGE impl=uram`; Vitis fused the
/// multiply-add into one `fmadd` (one rounding) where the DSL rounds the product and the sum
/// separately.
public enum StreamGEMV {
    /// The id of the entry in the calibration file.
    public static let id = "gemv_f32_768x3072_stream_versal_v80_vitis2025_1"
    static let rows = 768
    static let columns = 3072

    /// The kernel `Multiply_VecMat` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("Multiply_VecMat")
        let res = k.output("res_strm", .float32, count: columns)
        let vec = k.input("vec_strm", .float32, count: rows)
        let mat = k.input("mat_strm", .float32, count: rows * columns)
        let local = k.local("local_vec", .float32, shape: [columns])
        k.loop("VITIS_LOOP_37_1", rows) { i in local[i] = vec[i] }
        k.loop("VITIS_LOOP_41_2", columns) { c in
            let sum = k.reduce("VITIS_LOOP_43_3", .add, .float32, rows) { r in local[r] * mat[c * rows + r] }
            res[c] = sum
        }
        return Design(top: "Multiply_VecMat", kernels: [try k.build()], schedule: schedule())
    }

    static func schedule() -> Schedule {
        var s = Schedule()
        s.pipeline("Multiply_VecMat.VITIS_LOOP_37_1", ii: 1)
        s.pipeline("Multiply_VecMat.VITIS_LOOP_43_3", ii: 1)
        s.flatten("Multiply_VecMat.VITIS_LOOP_43_3")               // done by the tool
        s.bindStorage("Multiply_VecMat.local_vec", .ram_1p, impl: .uram)  // the tool's choice
        for port in ["res_strm", "vec_strm", "mat_strm"] {
            s.interface("Multiply_VecMat.\(port)", InterfaceDirectives(mode: .ap_fifo))
        }
        return s
    }
}
