import HLSIR

/// The weight ports of a design whose matrix-vector products run on E engines
/// (`MatVecEngines`), shared by every model design that has engines (`LlamaForward`,
/// `GPT2Forward`, `LlamaDevices`, `GPT2Devices`).
///
/// Engine e has one port per kind of weight data — float `w_e<e>`; Q8_0 `w_q_e<e>` (int8
/// values) and `w_s_e<e>` (scales); Q4 `w_q4_e<e>` and `w_s_e<e>` — holding engine e's rows
/// of every matrix: per layer rows e·d/E ..< (e+1)·d/E of each per-layer matrix in order, then
/// those of each whole-model matrix (the classifier). `packing()` states where every element
/// comes from (the tensors `<name>`, or `<name>_q`/`<name>_q4` and `<name>_s`, layers back to
/// back, rows of n inputs), so the host packs each engine's port once, into its memory bank.
public struct EngineWeights: Sendable {
    /// A matrix of d rows of n inputs, one per layer or one for the whole model.
    public struct Matrix: Sendable {
        public var name: String
        public var n: Int
        public var d: Int
        public var perLayer: Bool

        public init(_ name: String, n: Int, d: Int, perLayer: Bool = true) {
            self.name = name
            self.n = n
            self.d = d
            self.perLayer = perLayer
        }
    }

    public var matrices: [Matrix]
    public var layers: Int
    public var engines: Int
    public var weights: LlamaWeights

    public init(_ matrices: [Matrix], layers: Int, engines: Int, weights: LlamaWeights) {
        self.matrices = matrices
        self.layers = layers
        self.engines = engines
        self.weights = weights
    }

    /// One kind of weight data: the port's prefix, the tensors' suffix, the weights per
    /// element (1, or for Q8_0/Q4 scales the group size; Q4 values 2) and the element type.
    struct Kind {
        var port: String
        var suffix: String
        var divisor: Int
        var type: ScalarType
    }

    static func kinds(_ weights: LlamaWeights) -> [Kind] {
        switch weights {
        case .float: return [Kind(port: "w", suffix: "", divisor: 1, type: .float32)]
        case .q8(let gs): return [Kind(port: "w_q", suffix: "_q", divisor: 1, type: .int8), Kind(port: "w_s", suffix: "_s", divisor: gs, type: .float32)]
        case .q4(let gs): return [Kind(port: "w_q4", suffix: "_q4", divisor: 2, type: .int8), Kind(port: "w_s", suffix: "_s", divisor: gs, type: .float32)]
        }
    }

    /// The ports of engine `e`, values first.
    public static func ports(_ e: Int, weights: LlamaWeights) -> [String] { kinds(weights).map { "\($0.port)_e\(e)" } }

    /// The engine count of a design: how many engines' value ports it packs (1 without).
    public static func engines(of design: Design) -> Int {
        Swift.max(1, design.packing.keys.filter { $0.hasPrefix("w_q_e") || $0.hasPrefix("w_q4_e") || $0.hasPrefix("w_e") }.count)
    }

    /// The matrices whose rows E does not divide, as "name d" (empty when every one splits).
    public func undivided() -> [String] { matrices.filter { $0.d % engines != 0 }.map { "\($0.name) \($0.d)" } }

    /// Elements of engine e's slice of `m` in a port of `kind`.
    func slice(_ m: Matrix, _ kind: Kind) -> Int { (m.d / engines) * m.n / kind.divisor }

    /// Per port of `kind`: each matrix's offset (in layer 0 for per-layer ones), the elements
    /// per layer, and the port's size.
    func layout(_ kind: Kind) -> (offsets: [String: Int], layerStride: Int, count: Int) {
        var offsets: [String: Int] = [:]
        var stride = 0
        for m in matrices where m.perLayer {
            offsets[m.name] = stride
            stride += slice(m, kind)
        }
        var end = layers * stride
        for m in matrices where !m.perLayer {
            offsets[m.name] = end
            end += slice(m, kind)
        }
        return (offsets, stride, end)
    }

    /// Where every element of every engine port comes from.
    public func packing() -> [String: ArgumentPacking] {
        var out: [String: ArgumentPacking] = [:]
        for e in 0..<engines {
            for kind in Self.kinds(weights) {
                var p = ArgumentPacking()
                for l in 0..<layers {
                    for m in matrices where m.perLayer {
                        let n = slice(m, kind)
                        p.append(m.name + kind.suffix, start: l * (m.d * m.n / kind.divisor) + e * n, count: n)
                    }
                }
                for m in matrices where !m.perLayer {
                    let n = slice(m, kind)
                    p.append(m.name + kind.suffix, start: e * n, count: n)
                }
                out["\(kind.port)_e\(e)"] = p
            }
        }
        return out
    }

    /// Declares the engine ports on `k` (engine 0's, then engine 1's, …) and returns the call
    /// arguments they give each matrix in layer l: every engine's ports from its slice.
    public func declare(_ k: KernelBuilder) -> [String: (Index) -> [CallArgument]] {
        var ports: [(BufferHandle, offsets: [String: Int], stride: Int)] = []
        for e in 0..<engines {
            for kind in Self.kinds(weights) {
                let l = layout(kind)
                ports.append((k.input("\(kind.port)_e\(e)", kind.type, count: l.count), l.offsets, l.layerStride))
            }
        }
        var out: [String: (Index) -> [CallArgument]] = [:]
        for m in matrices {
            out[m.name] = { l in
                ports.map { port, offsets, stride in
                    m.perLayer ? port.from(l * stride + offsets[m.name]!) : port.from(.constant(offsets[m.name]!))
                }
            }
        }
        return out
    }

    /// Engine e's ports of kernel `top` on m_axi bundles of their own, `gmem_<port>`, 512 bits
    /// wide, bursts of 64 beats, 8 in flight: values on bank e, scales on bank e + E (modulo
    /// the board's banks: on DDR an engine's ports share its bank, on HBM each gets a
    /// pseudo-channel of its own), so the E engines stream from E banks at once.
    public static func interfaces(_ top: String, weights: LlamaWeights, engines: Int) -> Schedule {
        var out = Schedule()
        for e in 0..<engines {
            for (i, port) in ports(e, weights: weights).enumerated() {
                out.interface("\(top).\(port)", InterfaceDirectives(bundle: "gmem_\(port)", maxReadBurstLength: 64, numReadOutstanding: 8,
                                                                    maxWidenBitwidth: 512, bank: e + i * engines))
            }
        }
        return out
    }

    /// Why E `engines` per device do not fit, one line each: a positive count, the hardware
    /// schedule (`schedule` names the chosen one), and every device's rows of every matrix
    /// (`devices`: each device's layout) split evenly.
    public static func deviceProblems(engines: Int, schedule: String, hardware: Bool, devices: [EngineWeights]) -> [String] {
        guard engines != 1 else { return [] }
        guard engines > 1 else { return ["engines is \(engines); expected a positive integer"] }
        if !hardware { return ["engines \(engines) needs the hardware schedule (the \(schedule) schedule keeps one engine)"] }
        for (d, layout) in devices.enumerated() {
            let bad = layout.undivided()
            if !bad.isEmpty {
                return ["engines \(engines) does not divide device \(d)'s rows of " + bad.joined(separator: ", ")
                        + " (each engine takes an equal share of every matrix's rows)"]
            }
        }
        return []
    }
}
