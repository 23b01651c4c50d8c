import HLSIR

/// `vscale16_f32_stream_u55c_vitis2023_2`: multiply every lane of a 16-wide float vector by
/// 2, one vector per pipelined iteration, 16 vectors (Vitis HLS 2023.2, xcu55c, 5 ns). The
/// inner lane loop is fully unrolled by the enclosing pipeline: 16 multipliers.
///
/// Approximated: the source streams `hls::vector<float,16>` (512 bits per transfer); the DSL
/// has no 512-bit element type, so each stream is a 256-float ap_memory port partitioned
/// cyclically by 16 — 16 lanes move per cycle, in vector order, as with the wide stream.
public enum VScale16 {
    /// The id of the entry in the calibration file.
    public static let id = "vscale16_f32_stream_u55c_vitis2023_2"
    static let lanes = 16
    static let vectors = 16

    /// The kernel `process_kernel` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("process_kernel")
        let input = k.input("input_stream", .float32, count: vectors * lanes)
        let output = k.output("output_stream", .float32, count: vectors * lanes)
        k.loop("VITIS_LOOP_28_1", vectors) { v in
            k.loop("VITIS_LOOP_34_2", lanes) { l in
                output[v * lanes + l] = input[v * lanes + l] * 2.0
            }
        }
        var s = Schedule()
        s.pipeline("process_kernel.VITIS_LOOP_28_1", ii: 1)
        for port in ["input_stream", "output_stream"] {
            s.interface("process_kernel.\(port)", InterfaceDirectives(mode: .ap_memory))
            s.partition("process_kernel.\(port)", .cyclic, factor: lanes, dim: 1)
        }
        return Design(top: "process_kernel", kernels: [try k.build()], schedule: s)
    }
}
