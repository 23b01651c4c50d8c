import HLSIR

/// `mmult128_f32_dataflow_z7020_vivadohls2019_2`: 128×128 float matrix multiply behind
/// AXI-Stream as a DATAFLOW of three processes — read A then B from the stream into local
/// arrays, multiply (the inlined `mmult_hw`, `L2` pipelined so the 128-long `L3` reduction
/// is fully unrolled over block-partitioned arrays), write C to the stream (Vivado HLS 2019.2,
/// xc7z020, 10 ns).
///
/// Differences: the DSL passes only one-dimensional arrays to sub-functions, so A, B and C
/// are 16384-element locals indexed `row · 128 + column`. `mmult_hw`'s `block factor=16
/// dim=1` on b is the same banking on the flat array (`block` 16); its `block factor=16
/// dim=2` on a (bank = column / 8) becomes `cyclic` 16 on the flat array (bank = column mod
/// 16) — also 16 banks, each serving 8 of one row's 128 reads. The stream's 32-bit data is
/// bit-cast to and from float; TLAST has no DSL counterpart. The source's loop labels inside
/// axis2Mat and Mat2axis are not in the entry, so they are named here.
public enum MatMul128Float {
    /// The id of the entry in the calibration file.
    public static let id = "mmult128_f32_dataflow_z7020_vivadohls2019_2"
    static let n = 128
    static let size = 128 * 128

    /// The design `matmult_accel` (with `axis2Mat`, `mmult_hw`, `Mat2axis`) and its schedule.
    public static func design() throws(DesignError) -> Design {
        let read = try axis2Mat()
        let multiply = try mmultHW()
        let write = try mat2axis()
        let k = KernelBuilder("matmult_accel")
        let src = k.input("src", .uint32, count: 2 * size)
        let dst = k.output("dst", .uint32, count: size)
        let a = k.local("A", .float32, shape: [size])
        let b = k.local("B", .float32, shape: [size])
        let c = k.local("C", .float32, shape: [size])
        k.call(read, [src.from(), a.from(), b.from()])
        k.call(multiply, [a.from(), b.from(), c.from()])
        k.call(write, [c.from(), dst.from()])
        return Design(top: "matmult_accel", kernels: [read, multiply, write, try k.build()], schedule: schedule())
    }

    static func axis2Mat() throws(DesignError) -> Kernel {
        let k = KernelBuilder("axis2Mat")
        let src = k.input("src", .uint32, count: 2 * size)
        let a = k.output("a", .float32, count: size)
        let b = k.output("b", .float32, count: size)
        k.loop("read_a_rows", n) { i in
            k.loop("read_a_cols", n) { j in a[i * n + j] = src[i * n + j].bitcast(.float32) }
        }
        k.loop("read_b_rows", n) { i in
            k.loop("read_b_cols", n) { j in b[i * n + j] = src[size + i * n + j].bitcast(.float32) }
        }
        return try k.build()
    }

    static func mmultHW() throws(DesignError) -> Kernel {
        let k = KernelBuilder("mmult_hw")
        let a = k.input("a", .float32, count: size)
        let b = k.input("b", .float32, count: size)
        let out = k.output("out", .float32, count: size)
        k.loop("L1", n) { ia in
            k.loop("L2", n) { ib in
                out[ia * n + ib] = k.reduce("L3", .add, .float32, n) { id in a[ia * n + id] * b[id * n + ib] }
            }
        }
        return try k.build()
    }

    static func mat2axis() throws(DesignError) -> Kernel {
        let k = KernelBuilder("Mat2axis")
        let c = k.input("c", .float32, count: size)
        let dst = k.output("dst", .uint32, count: size)
        k.loop("write_rows", n) { i in
            k.loop("write_cols", n) { j in dst[i * n + j] = c[i * n + j].bitcast(.uint32) }
        }
        return try k.build()
    }

    static func schedule() -> Schedule {
        var s = Schedule()
        s.dataflow("matmult_accel")
        s.interface("matmult_accel.src", InterfaceDirectives(mode: .axis))
        s.interface("matmult_accel.dst", InterfaceDirectives(mode: .axis))
        s.inline("axis2Mat", .off)
        s.inline("Mat2axis", .off)
        s.inline("mmult_hw", .on)                                   // set_directive_inline mmult_hw
        for inner in ["axis2Mat.read_a_cols", "axis2Mat.read_b_cols", "Mat2axis.write_cols"] {
            s.pipeline(inner, ii: 1)
            s.flatten(inner, false)                                   // LOOP_FLATTEN off
        }
        s.pipeline("mmult_hw.L2", ii: 1)                             // set_directive_pipeline -II 1
        s.partition("matmult_accel.A", .cyclic, factor: 16, dim: 1)  // a: block 16 dim 2 of [128][128]
        s.partition("matmult_accel.B", .block, factor: 16, dim: 1)   // b: block 16 dim 1 of [128][128]
        return s
    }
}
