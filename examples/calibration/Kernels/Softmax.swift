import HLSIR

/// `softmax_f32_768_versal_v80_vitis2025_1`: in-place float softmax over a runtime length
/// (LOOP_TRIPCOUNT 1…768): copy to a local buffer, find the maximum (unrolled by 2, II 2),
/// exponentiate and sum serially, divide (Vitis HLS 2025.1, xcv80, 4 ns).
///
/// Differences from the source: the local buffer has 768 words (the source declares 512 while
/// its trip count reaches 768 — a bug the DSL's bounds analysis rejects; both occupy 2
/// BRAM_18K); `PIPELINE rewind` and the `DEPENDENCE inter false` pragmas have no DSL
/// counterpart. `i_vec` is an ap_memory port, as the report shows (the source's m_axi pragma
/// was ignored because the function is not the top).
public enum Softmax768 {
    /// The id of the entry in the calibration file.
    public static let id = "softmax_f32_768_versal_v80_vitis2025_1"
    static let maxLength = 768

    /// The kernel `kernel_softmax` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("kernel_softmax")
        let vec = k.inputOutput("i_vec", .float32, count: maxLength)
        let n = k.size("vec_size", max: maxLength)
        let local = k.local("vec_local", .float32, shape: [maxLength])
        k.loop("load", n) { i in local[i] = vec[i] }
        // for (i = 1; i < vec_size; i++) max_val = max(max_val, vec_local[i]);
        let maxVal = k.reduce("find_max", .max, .float32, .runtime(n.index - 1, max: maxLength - 1),
                              initial: local[0]) { i in local[i + 1] }
        let sum = k.reduce("compute", .add, .float32, n) { i in
            local[i] = exp(local[i] - maxVal)
            return local[i]
        }
        k.loop("normalize", n) { i in vec[i] = local[i] / sum }
        return Design(top: "kernel_softmax", kernels: [try k.build()], schedule: schedule())
    }

    static func schedule() -> Schedule {
        var s = Schedule()
        for loop in ["load", "compute", "normalize"] { s.pipeline("kernel_softmax.\(loop)", ii: 1) }
        s.pipeline("kernel_softmax.find_max", ii: 2)
        s.unroll("kernel_softmax.find_max", factor: 2)
        for loop in ["load", "find_max", "compute", "normalize"] {
            s.tripCount("kernel_softmax.\(loop)", min: 1, max: maxLength, avg: (maxLength + 1) / 2)
        }
        s.interface("kernel_softmax.i_vec", InterfaceDirectives(mode: .ap_memory))
        return s
    }
}
