import HLSIR

/// `mmult3x3_i8_a7_vitis2025_2`: 3×3 signed 8-bit matrix multiply into 16-bit results, the
/// Xilinx XUP lab baseline with no directives (Vitis HLS 2025.2, xc7a35t, 10 ns). The tool
/// unrolled `Product`, flattened `Row`/`Col` into `Row_Col` and pipelined it (II 2: three
/// reads of each two-port input memory per iteration).
///
/// The tool's choices are written out: `PIPELINE` and `LOOP_FLATTEN` on `Col`, and the
/// dual-port storage of the ap_memory inputs. The source accumulates into `res[i][j]` (after
/// zeroing it); here the sum is a reduction written once, which is what the reported single
/// write port shows the tool did. `char · char` is promoted to int and added into a short,
/// so the product is formed in int16 (exact: |a·b| ≤ 16384) and the sum wraps at 16 bits.
public enum MatMul3x3 {
    /// The id of the entry in the calibration file.
    public static let id = "mmult3x3_i8_a7_vitis2025_2"
    static let n = 3

    /// The kernel `matrixmul` with its schedule.
    public static func design() throws(DesignError) -> Design {
        let k = KernelBuilder("matrixmul")
        let a = k.input("a", .int8, count: n * n)
        let b = k.input("b", .int8, count: n * n)
        let res = k.output("res", .int16, count: n * n)
        k.loop("Row", n) { i in
            k.loop("Col", n) { j in
                res[i * n + j] = k.reduce("Product", .add, .int16, n) { p in
                    a[i * n + p].cast(.int16) * b[p * n + j].cast(.int16)
                }
            }
        }
        var s = Schedule()
        s.pipeline("matrixmul.Col", ii: 1)
        s.flatten("matrixmul.Col")
        for port in ["a", "b"] {
            s.interface("matrixmul.\(port)", InterfaceDirectives(mode: .ap_memory))
            s.bindStorage("matrixmul.\(port)", .ram_2p, impl: .auto)
        }
        s.interface("matrixmul.res", InterfaceDirectives(mode: .ap_memory))
        s.bindStorage("matrixmul.res", .ram_1p, impl: .auto)
        return Design(top: "matrixmul", kernels: [try k.build()], schedule: s)
    }
}
