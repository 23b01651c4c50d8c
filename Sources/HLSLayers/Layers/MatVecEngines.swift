import HLSIR

/// A matrix-vector product whose rows are split over `engines` engines that run side by
/// side, each streaming its rows from ports of its own (in the Llama designs, from a memory
/// bank of its own). Kernel `name(xout, activation..., weight ports of engine 0, ..., of
/// engine E−1)`, a DATAFLOW region of three kinds of process:
///
/// - `fanout`: copies the activation (Q8_0: `xq` and `xs`, loops `fanout` and
///   `fanout_scales`; float: `x`) into one local copy per engine (`xq_<e>`, `xs_<e>`, `x_<e>`),
///   since a DATAFLOW channel has one consumer;
/// - the engines: `engine` (one kernel with d/E rows, `MatVecQ8.quantized` or `MatVec.kernel`)
///   called once per engine on its copy, its own weight ports and its own output `out_<e>`;
/// - `gather` (engines) holding `gather_rows` (rows of one engine): `xout[e·d/E + r] =
///   out_<e>[r]`, in order, so an m_axi `xout` writes in bursts; the engine's output is picked
///   by a select on `e`.
///
/// With `bias` (products that start each row at its bias, `MatVecBias`) the wrapper takes one
/// more argument, `bias` (d values, after the weight ports), and `fanout_bias` copies engine
/// e's d/E of them into its `bias_<e>`, the engine's last argument.
///
/// Row r is engine ⌊r / (d/E)⌋'s row r mod d/E, the same dot product the one-engine product
/// computes in the same order, so the results are bit-identical for every engine count.
/// Engine e's weight ports hold its rows (`d/E · n` values, for Q8_0 `d/E · n/gs` scales)
/// from the offset the caller passes.
public enum MatVecEngines {
    /// The wrapper kernel over `engine` (which must have d/E rows of n inputs).
    public static func kernel(_ name: String, engine: Kernel, n: Int, d: Int, engines e: Int,
                              weights: LlamaWeights, bias: Bool = false) throws(DesignError) -> Kernel {
        guard e >= 1, d % e == 0 else { throw DesignError(["\(name): \(e) engines do not divide \(d) rows"]) }
        let rows = d / e
        let k = KernelBuilder(name)
        let out = k.output("xout", .float32, count: d)
        var activation: [(BufferHandle, ScalarType, Int)] = []
        var ports: [[BufferHandle]] = []
        switch weights {
        case .float:
            activation = [(k.input("x", .float32, count: n), .float32, n)]
        case .q8(let gs), .q4(let gs):
            activation = [(k.input("xq", .int8, count: n), .int8, n), (k.input("xs", .float32, count: n / gs), .float32, n / gs)]
        }
        for i in 0..<e {
            switch weights {
            case .float:
                ports.append([k.input("w_e\(i)", .float32, count: rows * n)])
            case .q8(let gs), .q4(let gs):
                ports.append([k.input("wq_e\(i)", .int8, count: rows * n / weights.weightsPerValue),
                              k.input("ws_e\(i)", .float32, count: rows * n / gs)])
            }
        }
        let biasInput = bias ? k.input("bias", .float32, count: d) : nil
        let copies: [[BufferHandle]] = (0..<e).map { i in
            activation.map { a, type, count in k.local("\(a.name)_\(i)", type, shape: [count]) }
        }
        let outs = (0..<e).map { i in k.local("out_\(i)", .float32, shape: [rows]) }
        for (j, (a, _, count)) in activation.enumerated() {
            k.loop(j == 0 ? "fanout" : "fanout_scales", count, index: "i") { i in
                for c in copies { c[j][i] = a[i] }
            }
        }
        var biases: [[CallArgument]] = Array(repeating: [], count: e)
        if let biasInput {
            let copies = (0..<e).map { i in k.local("bias_\(i)", .float32, shape: [rows]) }
            k.loop("fanout_bias", rows, index: "r") { r in
                for i in 0..<e { copies[i][r] = biasInput[i == 0 ? r : i * rows + r] }
            }
            biases = copies.map { [$0.from()] }
        }
        for i in 0..<e {
            k.call(engine, [outs[i].from()] + copies[i].map { $0.from() } + ports[i].map { $0.from() } + biases[i])
        }
        k.loop("gather", e, index: "e") { engineIndex in
            k.loop("gather_rows", rows, index: "r") { r in
                var picked = outs[e - 1][r]
                for i in stride(from: e - 2, through: 0, by: -1) {
                    picked = select(engineIndex.value(.float32).eq(Double(i)), outs[i][r], picked)
                }
                out[engineIndex * rows + r] = picked
            }
        }
        return try k.build()
    }

    /// Directives of the wrapper: DATAFLOW; the fan-out and the gather pipelined, `fanoutUnroll`
    /// and `gatherUnroll` elements per cycle where they divide; the engines' activation copies
    /// partitioned cyclically to match the fan-out (give it what the engine's unrolled dot
    /// reads per cycle) and their outputs to match the gather. The caller's activation and
    /// output arrays must serve as many accesses per cycle.
    public static func schedule(_ name: String, n: Int, d: Int, engines e: Int, weights: LlamaWeights,
                                fanoutUnroll: Int, gatherUnroll: Int, bias: Bool = false) -> Schedule {
        var s = Schedule()
        s.dataflow(name)
        let rows = d / e
        let u = largestDivisor(of: n, upTo: fanoutUnroll)
        let g = largestDivisor(of: rows, upTo: gatherUnroll)
        s.pipeline("\(name).fanout")
        if u > 1 { s.unroll("\(name).fanout", factor: u) }
        if weights.groupSize != nil { s.pipeline("\(name).fanout_scales") }
        if bias { s.pipeline("\(name).fanout_bias") }
        s.pipeline("\(name).gather_rows")
        if g > 1 { s.unroll("\(name).gather_rows", factor: g) }
        let first = weights.groupSize != nil ? "xq" : "x"
        for i in 0..<e {
            if u > 1 { s.partition("\(name).\(first)_\(i)", .cyclic, factor: u) }
            if g > 1 { s.partition("\(name).out_\(i)", .cyclic, factor: g) }
        }
        return s
    }

    /// The largest power of two up to `limit` dividing `n` (at least 1).
    public static func largestDivisor(of n: Int, upTo limit: Int) -> Int {
        var f = 1
        while f * 2 <= limit && n % (f * 2) == 0 { f *= 2 }
        return f
    }
}
