import HLSIR

/// `vadd_u32_maxi_4096_zu3eg_vitis2021_2`: unsigned 32-bit vector add over a runtime length
/// (LOOP_TRIPCOUNT 4096), all three arrays on the Vitis kernel flow's default m_axi bundle
/// `gmem` (Vitis HLS 2021.2, xczu3eg, 4 ns). The two reads share one read channel, which the
/// report's 8267 cycles for 4096 iterations (about II 2) reflect.
///
/// Faithful; the kernel flow's automatic loop pipelining is written as `PIPELINE II=1`.
public enum VAdd4096 {
    /// The id of the entry in the calibration file.
    public static let id = "vadd_u32_maxi_4096_zu3eg_vitis2021_2"
    static let dataSize = 4096

    /// The kernel `vadd` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("vadd")
        let in1 = k.input("in1", .uint32, count: dataSize)
        let in2 = k.input("in2", .uint32, count: dataSize)
        let out = k.output("out", .uint32, count: dataSize)
        let size = k.size("size", max: dataSize)
        k.loop("VITIS_LOOP_30_1", size) { i in out[i] = in1[i] + in2[i] }
        var s = Schedule()
        s.pipeline("vadd.VITIS_LOOP_30_1", ii: 1)                  // kernel-flow default
        s.tripCount("vadd.VITIS_LOOP_30_1", min: dataSize, max: dataSize, avg: dataSize)
        for port in ["in1", "in2", "out"] { s.interface("vadd.\(port)", InterfaceDirectives(bundle: "gmem")) }
        return Design(top: "vadd", kernels: [try k.build()], schedule: s)
    }
}
