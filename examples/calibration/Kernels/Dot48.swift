import HLSIR

/// `dot48_f32_unrolled_zu19eg_vitis2023_1`: a fully unrolled 48-element float dot product
/// returning the sum (Vitis HLS 2023.1, xczu19eg, 22 ns). Without reassociation the 48 adds
/// form one serial chain (lane count 1), hence the reported latency of 97.
///
/// The caller passes completely partitioned arrays, so each input is 48 scalar ports: here an
/// ap_memory port partitioned completely. The returned float is a one-element `ap_fifo`
/// output `result`. Not expressible: the function-level `PIPELINE II=1` (the DSL pipelines
/// loops only), which sets the reported interval of 1 but not the latency.
public enum Dot48 {
    /// The id of the entry in the calibration file.
    public static let id = "dot48_f32_unrolled_zu19eg_vitis2023_1"
    static let length = 48

    /// The kernel `dot_product_M` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("dot_product_M")
        let v1 = k.input("v1", .float32, count: length)
        let v2 = k.input("v2", .float32, count: length)
        let result = k.output("result", .float32, count: 1)
        result[0] = k.reduce("dot_loop", .add, .float32, length) { i in v1[i] * v2[i] }
        var s = Schedule()
        s.unroll("dot_product_M.dot_loop")
        s.lanes("dot_product_M.dot_loop", 1)
        s.inline("dot_product_M", .off)
        for port in ["v1", "v2"] {
            s.interface("dot_product_M.\(port)", InterfaceDirectives(mode: .ap_memory))
            s.partition("dot_product_M.\(port)", .complete, dim: 1)
        }
        s.interface("dot_product_M.result", InterfaceDirectives(mode: .ap_fifo))
        return Design(top: "dot_product_M", kernels: [try k.build()], schedule: s)
    }
}
