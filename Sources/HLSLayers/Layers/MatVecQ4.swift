import HLSIR

/// Q4 matrix-vector product: 4-bit weights packed two per byte with one float scale per group
/// of `groupSize` weights, the activation quantized to int8 per group as for Q8_0
/// (`QuantizeQ8`). Byte j of a row holds weights 2j (low nibble) and 2j + 1 (high nibble),
/// each a 4-bit two's complement integer (the Q4 quantizer writes −7…7; the layer reads any
/// nibble, −8 included). The unpacking is IR: `cast(int4)` keeps the low four bits and
/// sign-extends them, an arithmetic `>> 4` of the int8 byte gives the high nibble. Each
/// group's dot is summed exactly in int32 and groups are accumulated in float as for Q8_0:
/// `acc + ((float)dot · ws) · xs`. See docs/numerics.md, "Q4 weights".
public enum MatVecQ4 {
    /// The 4-bit two's complement type of one unpacked weight.
    public static let nibble = ScalarType.int(4)

    /// Kernel `name(xout, x, wq, ws)` for a d × n matrix of packed 4-bit weights (`wq`, int8,
    /// n·d/2 bytes) with one float scale per group, calling `<name>_quantize`.
    /// Loops: `rows`, `groups` (float reduction), `dot` (int32 reduction over byte pairs).
    public static func kernels(_ name: String = "matvec_q4", n: Int, d: Int, groupSize gs: Int,
                               profile: MathProfile = .libm) throws(DesignError) -> [Kernel] {
        try check(name, n: n, groupSize: gs)
        let quantize = try QuantizeQ8.kernel("\(name)_quantize", n: n, groupSize: gs, profile: profile)
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: d)
        let x = k.input("x", .float32, count: n)
        let wq = k.input("wq", .int8, count: n * d / 2)
        let ws = k.input("ws", .float32, count: n * d / gs)
        let xq = k.local("xq", .int8, shape: [n])
        let xs = k.local("xs", .float32, shape: [n / gs])
        k.call(quantize, [x.from(), xq.from(), xs.from()])
        rows(k, out: out, xq: xq, xs: xs, wq: wq, ws: ws, n: n, d: d, groupSize: gs)
        return [quantize, try k.build()]
    }

    /// The product of an activation quantized beforehand (`QuantizeQ8.kernel` with the same n
    /// and group size): kernel `name(xout, xq, xs, wq, ws)`. Loops: `rows`, `groups`, `dot`.
    /// With `bias` (GPT-2, llm.c's order as `MatVecBias.quantized`) the kernel is
    /// `name(xout, xq, xs, wq, ws, bias)` and the float accumulation over groups starts at
    /// bias[r]: `acc = bias[r]; acc += ((float)dot_g · ws[r, g]) · xs[g]` for g in order.
    public static func quantized(_ name: String, n: Int, d: Int, groupSize gs: Int, bias: Bool = false) throws(DesignError) -> Kernel {
        try check(name, n: n, groupSize: gs)
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: d)
        let xq = k.input("xq", .int8, count: n)
        let xs = k.input("xs", .float32, count: n / gs)
        let wq = k.input("wq", .int8, count: n * d / 2)
        let ws = k.input("ws", .float32, count: n * d / gs)
        let b = bias ? k.input("bias", .float32, count: d) : nil
        rows(k, out: out, xq: xq, xs: xs, wq: wq, ws: ws, bias: b, n: n, d: d, groupSize: gs)
        return try k.build()
    }

    static func check(_ name: String, n: Int, groupSize gs: Int) throws(DesignError) {
        if gs < 2 || gs % 2 != 0 || n % gs != 0 {
            throw DesignError(["\(name): Q4 group size \(gs) must be even and divide \(n) (two weights per byte)"])
        }
    }

    /// The rows: per group the int32 dot over gs/2 bytes, two weights each; the groups'
    /// float sum starts at bias[r] when there is a bias, else at 0.
    private static func rows(_ k: KernelBuilder, out: BufferHandle, xq: BufferHandle, xs: BufferHandle, wq: BufferHandle, ws: BufferHandle,
                             bias: BufferHandle? = nil, n: Int, d: Int, groupSize gs: Int) {
        let half = gs / 2
        k.loop("rows", d, index: "r") { r in
            out[r] = k.reduce("groups", .add, .float32, n / gs, initial: bias.map { $0[r] }, index: "g") { g in
                let dot = k.reduce("dot", .add, .int32, half, index: "p") { p in
                    let byte = wq[r * (n / 2) + g * half + p]
                    let low = byte.cast(nibble).cast(.int32)
                    let high = (byte >> 4).cast(.int32)
                    return xq[g * gs + p * 2].cast(.int32) * low + xq[g * gs + p * 2 + 1].cast(.int32) * high
                }
                return (dot.cast(.float32) * ws[r * (n / gs) + g]) * xs[g]
            }
        }
    }

    /// The byte-pair dot fully unrolled (gs/2 bytes, gs weights, per cycle), `groups`
    /// pipelined with `lanes` float partial sums, `xq` partitioned to serve the unrolled reads.
    public static func schedule(_ name: String = "matvec_q4", groupSize gs: Int, lanes: Int) -> Schedule {
        var s = QuantizeQ8.schedule("\(name)_quantize", groupSize: gs, unroll: 1)
        s.lanes("\(name).groups", lanes)
        s.pipeline("\(name).groups")
        if gs > 2 {
            s.unroll("\(name).dot", factor: gs / 2)
            s.partition("\(name).xq", .cyclic, factor: gs)
        }
        return s
    }
}
