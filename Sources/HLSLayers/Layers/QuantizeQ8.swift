import HLSIR

/// llama2.c's Q8_0 activation quantization (runq.c `quantize`): per group of `groupSize`
/// values, `scale = max|x| / 127`, `q = roundf(x / scale)` clamped to [−127, 127]; a group
/// of zeros has scale 0 and q = 0.
public enum QuantizeQ8 {
    /// Kernel `name(x, xq, xs)` over `n` floats. Loops: `groups`, `absmax` (reduction), `values`.
    public static func kernel(_ name: String = "quantize_q8", n: Int, groupSize gs: Int,
                              profile: MathProfile = .libm) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let x = k.input("x", .float32, count: n)
        let xq = k.output("xq", .int8, count: n)
        let xs = k.output("xs", .float32, count: n / gs)
        k.loop("groups", n / gs, index: "g") { g in
            let wmax = k.reduce("absmax", .max, .float32, gs, initial: .f32(0), index: "i") { i in abs(x[g * gs + i]) }
            let scale = k.bind("scale", wmax / 127.0)
            // An all-zero group has scale 0: divide by 1 instead, which gives q = 0 with no NaN.
            let divisor = k.bind("divisor", select(scale.eq(0), .f32(1), scale))
            xs[g] = scale
            k.loop("values", gs, index: "i") { i in
                let r = ProfileMath(profile).round(k, x[g * gs + i] / divisor, name: "r")
                let q = k.bind("q", min(max(r, .f32(-127)), .f32(127)))
                xq[g * gs + i] = q.cast(.int8)
            }
        }
        return try k.build()
    }

    /// A group every gs/`lanes` cycles (at least 1): `groups` pipelined at that II, so each
    /// group's `absmax` and `values` unroll into it and `lanes` of its divisions, roundings
    /// and compares work per cycle, shared over the II; `absmax` in min(`lanes`, gs) partial
    /// maxima (a max is exact, and the IR fixes the order anyway). The vector it reads must be
    /// partitioned to serve min(`lanes`, gs) reads a cycle, the quantized vector by gs.
    public static func groupSchedule(_ name: String, groupSize gs: Int, lanes: Int) -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).groups", ii: Swift.max(1, gs / lanes))
        if Swift.min(lanes, gs) > 1 { s.lanes("\(name).absmax", Swift.min(lanes, gs)) }
        return s
    }

    public static func schedule(_ name: String = "quantize_q8", groupSize gs: Int, unroll: Int) -> Schedule {
        var s = Schedule()
        s.pipeline("\(name).absmax")
        s.pipeline("\(name).values")
        if unroll > 1 {
            s.unroll("\(name).absmax", factor: unroll)
            s.unroll("\(name).values", factor: unroll)
        }
        return s
    }
}

/// Q8_0 matrix-vector product as llama2.c's runq.c `matmul`: the activations are quantized
/// per group by the `QuantizeQ8` sub-function, each group's int8 dot product is summed
/// exactly in int32, and groups are accumulated in float as `acc + ((float)dot · ws) · xs`.
public enum MatVecQ8 {
    /// Kernel `name(xout, x, wq, ws)` for a d × n int8 matrix with one float scale per group,
    /// calling `<name>_quantize`. Loops: `rows`, `groups` (float reduction), `dot` (int32 reduction).
    public static func kernels(_ name: String = "matvec_q8", n: Int, d: Int, groupSize gs: Int,
                               profile: MathProfile = .libm) throws(DesignError) -> [Kernel] {
        let quantize = try QuantizeQ8.kernel("\(name)_quantize", n: n, groupSize: gs, profile: profile)
        return [quantize, try kernel(name, n: n, d: d, groupSize: gs, quantize: quantize)]
    }

    /// The product kernel alone, calling an existing `quantize` kernel (from
    /// `QuantizeQ8.kernel` with the same n and group size), so that products sharing an input
    /// size share one quantizer.
    public static func kernel(_ name: String, n: Int, d: Int, groupSize gs: Int, quantize: Kernel) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: d)
        let x = k.input("x", .float32, count: n)
        let wq = k.input("wq", .int8, count: n * d)
        let ws = k.input("ws", .float32, count: n * d / gs)
        let xq = k.local("xq", .int8, shape: [n])
        let xs = k.local("xs", .float32, shape: [n / gs])
        k.call(quantize, [x.from(), xq.from(), xs.from()])
        rows(k, out: out, xq: xq, xs: xs, wq: wq, ws: ws, n: n, d: d, groupSize: gs)
        return try k.build()
    }

    /// The product of an activation quantized beforehand (by `QuantizeQ8.kernel` with the same
    /// n and group size), so that every product of one input vector shares one quantization:
    /// kernel `name(xout, xq, xs, wq, ws)`. Loops: `rows`, `groups`, `dot`, as `kernel`.
    public static func quantized(_ name: String, n: Int, d: Int, groupSize gs: Int) throws(DesignError) -> Kernel {
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: d)
        let xq = k.input("xq", .int8, count: n)
        let xs = k.input("xs", .float32, count: n / gs)
        let wq = k.input("wq", .int8, count: n * d)
        let ws = k.input("ws", .float32, count: n * d / gs)
        rows(k, out: out, xq: xq, xs: xs, wq: wq, ws: ws, n: n, d: d, groupSize: gs)
        return try k.build()
    }

    /// runq.c's `matmul` loops over a quantized activation.
    private static func rows(_ k: KernelBuilder, out: BufferHandle, xq: BufferHandle, xs: BufferHandle, wq: BufferHandle, ws: BufferHandle,
                             n: Int, d: Int, groupSize gs: Int) {
        k.loop("rows", d, index: "r") { r in
            out[r] = k.reduce("groups", .add, .float32, n / gs, index: "g") { g in
                let dot = k.reduce("dot", .add, .int32, gs, index: "c") { c in
                    xq[g * gs + c].cast(.int32) * wq[r * n + g * gs + c].cast(.int32)
                }
                return (dot.cast(.float32) * ws[r * (n / gs) + g]) * xs[g]
            }
        }
    }

    /// The int8 dot product fully pipelined and unrolled by `unroll`, with xq partitioned to match.
    public static func schedule(_ name: String = "matvec_q8", groupSize gs: Int, lanes: Int, unroll: Int) -> Schedule {
        var s = QuantizeQ8.schedule("\(name)_quantize", groupSize: gs, unroll: 1)
        s.lanes("\(name).groups", lanes)
        s.pipeline("\(name).groups")
        if unroll > 1 {
            s.unroll("\(name).dot", factor: unroll)
            s.partition("\(name).xq", .cyclic, factor: unroll)
        }
        return s
    }
}
