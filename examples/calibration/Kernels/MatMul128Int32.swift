import HLSIR

/// `mmult128_i32_axis_z7020_vitis2024_1`: 128×128 int32 matrix multiply behind AXI-Stream —
/// stream A then B into block-partitioned dual-port BRAM arrays, compute C with the j loop
/// pipelined (the 128-long k reduction unrolled), stream C out (Vitis HLS 2024.1, xc7z020,
/// 10 ns). The MAC nest reached II 4: 128 reads of A and of B per iteration over 16 dual-port
/// banks.
///
/// Every pragma is mirrored; the tool's flattening of each perfect nest (reported as
/// `VITIS_LOOP_35_1_VITIS_LOOP_36_2` etc.) is written as `LOOP_FLATTEN` on the inner loops.
/// The output stream's TLAST/keep/strb side channels have no DSL counterpart.
public enum MatMul128Int32 {
    /// The id of the entry in the calibration file.
    public static let id = "mmult128_i32_axis_z7020_vitis2024_1"
    static let n = 128

    /// The kernel `matmul_hls` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("matmul_hls")
        let input = k.input("stream_in", .int32, count: 2 * n * n)
        let output = k.output("stream_out", .int32, count: n * n)
        let a = k.local("A", .int32, shape: [n, n])
        let b = k.local("B", .int32, shape: [n, n])
        let c = k.local("C", .int32, shape: [n, n])
        k.loop("VITIS_LOOP_35_1", n) { i in
            k.loop("VITIS_LOOP_36_2", n) { j in a[i, j] = input[i * n + j] }
        }
        k.loop("VITIS_LOOP_43_3", n) { i in
            k.loop("VITIS_LOOP_44_4", n) { j in b[i, j] = input[n * n + i * n + j] }
        }
        k.loop("VITIS_LOOP_51_5", n) { i in
            k.loop("VITIS_LOOP_52_6", n) { j in
                c[i, j] = k.reduce("VITIS_LOOP_55_7", .add, .int32, n) { p in a[i, p] * b[p, j] }
            }
        }
        k.loop("VITIS_LOOP_64_8", n) { i in
            k.loop("VITIS_LOOP_65_9", n) { j in output[i * n + j] = c[i, j] }
        }
        return Design(top: "matmul_hls", kernels: [try k.build()], schedule: schedule())
    }

    static func schedule() -> Schedule {
        var s = Schedule()
        for inner in ["VITIS_LOOP_36_2", "VITIS_LOOP_44_4", "VITIS_LOOP_52_6", "VITIS_LOOP_65_9"] {
            s.pipeline("matmul_hls.\(inner)", ii: 1)
            s.flatten("matmul_hls.\(inner)")                         // done by the tool
        }
        s.unroll("matmul_hls.VITIS_LOOP_55_7", factor: 16)
        for array in ["A", "B", "C"] { s.bindStorage("matmul_hls.\(array)", .ram_2p, impl: .bram) }
        s.partition("matmul_hls.A", .block, factor: 16, dim: 2)
        s.partition("matmul_hls.B", .block, factor: 16, dim: 1)
        s.partition("matmul_hls.C", .block, factor: 16, dim: 2)
        s.interface("matmul_hls.stream_in", InterfaceDirectives(mode: .axis))
        s.interface("matmul_hls.stream_out", InterfaceDirectives(mode: .axis))
        return s
    }
}
