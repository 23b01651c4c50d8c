import Foundation
import HLSIR
import HLSInterpreter
import HLSLayers
import HLSModels

/// A float GPT-2 checkpoint made ready for the integer profile (`IntegerGPT2Forward`), as
/// `IntegerLlamaModel` does for Llama: scales calibrated on the float model, the matrices
/// quantized to Q8_0 with integer group scales, gains, biases and wpe converted to integers,
/// the design and its inputs. Everything here is host-side Swift, done once.
public struct IntegerGPT2Model: Sendable {
    /// Calibration: <|endoftext|> then the float model's greedy tokens, this many positions.
    public static let calibrationPositions = IntegerLlamaModel.calibrationPositions

    /// The float model (the calibration's reference).
    public let model: GPT2Model
    public let groupSize: Int
    public let scales: IntegerGPT2Scales
    public let calibration: IntegerGPT2Calibration
    public let design: Design
    /// The dequantized token table (Vp × C) the host reads embedding rows from.
    let table: [Float]
    let weightInputs: [String: BufferData]

    /// `model` must be the float checkpoint (GPT-2 files are float); its matrices are quantized
    /// to Q8_0 with `groupSize` (default: as `--quantize`).
    public init(model: GPT2Model, groupSize: Int? = nil) throws(DriverError) {
        guard model.quantized == nil else { throw DriverError("the integer profile quantizes the float GPT-2 checkpoint itself; pass the model unquantized") }
        self.model = model
        let s = model.shape, C = s.channels, L = s.layers
        try model.checkSizes()
        if let gs = groupSize, gs < 1 || C % gs != 0 {
            throw DriverError("option --group-size is \(gs); expected a positive divisor of channels \(C)")
        }
        let q: GPT2Quantized
        do { q = try GPT2Quantized(model.checkpoint, groupSize: groupSize) } catch { throw DriverError("\(error)") }
        self.groupSize = q.groupSize
        table = q.tensors["wte"]!.dequantized()
        let t = model.checkpoint.tensors
        func tensor(_ name: String) -> [Float] { t[name] ?? [] }
        let wpe = tensor("wpe")
        let embeddingMax = Double(table.map { Swift.abs($0) }.max() ?? 0) + Double(wpe.map { Swift.abs($0) }.max() ?? 0)
        calibration = try Self.calibrate(model, embeddingMax: embeddingMax)

        var inputs: [String: BufferData] = [:]
        var units: [String: [Double]] = [:]
        for name in ["qkvw", "attprojw", "fcw", "fcprojw"] {
            let m = q.tensors[name]!
            let perLayer = m.scales.count / L
            var si: [Int64] = []
            for l in 0..<L {
                let g = IntegerGroupScales(Array(m.scales[l * perLayer ..< (l + 1) * perLayer]))
                units[name, default: []].append(g.tensorScale)
                si += g.values.map(Int64.init)
            }
            inputs["\(name)_q"] = .raw(m.values.map(Int64.init))
            inputs["\(name)_si"] = .raw(si)
        }
        let wte = q.tensors["wte"]!
        let cls = IntegerGroupScales(wte.scales)
        inputs["wte_q"] = .raw(wte.values.map(Int64.init))
        inputs["wte_si"] = .raw(cls.values.map(Int64.init))
        // LayerNorm gains: int16 per vector, with their units.
        var gainUnits: [String: [Double]] = [:]
        var gains: [String: [Int64]] = [:]
        for name in ["ln1w", "ln2w", "lnfw"] {
            let all = tensor(name), n = name == "lnfw" ? 1 : L
            for l in 0..<n {
                let g = IntegerWeightUnits.gains(all[l * C ..< (l + 1) * C])
                gainUnits[name, default: []].append(g.unit)
                gains[name, default: []] += g.values.map(Int64.init)
            }
            inputs[name] = .raw(gains[name]!)
        }
        let weightUnits = IntegerGPT2WeightUnits(matrices: units, classifier: cls.tensorScale, ln1: gainUnits["ln1w"]!,
                                                 ln2: gainUnits["ln2w"]!, lnf: gainUnits["lnfw"]![0])
        do {
            scales = try IntegerGPT2Scales(calibration, weightUnits, shape: s)
            design = try IntegerGPT2Forward.design(s, groupSize: q.groupSize, scales: scales)
        } catch {
            throw DriverError("the checkpoint has no integer design: \(error.problems.joined(separator: "; "))")
        }
        let sc = scales
        // LayerNorm biases in the normalizer's units, product biases in their accumulators'.
        for (b, w) in [("ln1b", "ln1w"), ("ln2b", "ln2w"), ("lnfb", "lnfw")] {
            let all = tensor(b)
            inputs[b] = .raw(all.indices.map { i in
                Self.int32(Double(all[i]) / IntegerLayerNorm.biasUnit(size: C, gainScale: gainUnits[w]![i / C]))
            })
        }
        for (b, w) in [("qkvb", "qkvw"), ("attprojb", "attprojw"), ("fcb", "fcw"), ("fcprojb", "fcprojw")] {
            let all = tensor(b), per = all.count / L
            inputs[b] = .raw(all.indices.map { i in Self.int32(Double(all[i]) / sc.biasUnits[w]![i / per]) })
        }
        inputs["wpe"] = .raw(wpe.map { Self.residual(Double($0), unit: sc.residualUnit) })
        let cache = L * s.seqLen * C
        inputs["key_cache"] = .raw([Int64](repeating: 0, count: cache))
        inputs["value_cache"] = .raw([Int64](repeating: 0, count: cache))
        inputs["embedded"] = .raw([Int64](repeating: 0, count: C))
        inputs["pos"] = .raw([0])
        weightInputs = inputs
    }

    /// round(v) half away from zero, saturated to ±(2^31 − 1).
    static func int32(_ v: Double) -> Int64 {
        let limit = Double(Int32.max)
        return Int64(Swift.min(Swift.max(v.rounded(), -limit), limit))
    }

    /// round(v / unit) half away from zero, clamped to the residual limit ±32767.
    static func residual(_ v: Double, unit: Double) -> Int64 {
        let limit = Double(IntegerGPT2Forward.residualLimit)
        return Int64(Swift.min(Swift.max((v / unit).rounded(), -limit), limit))
    }

    /// The design's inputs (the KV cache zeroed, `embedded` zero, pos 0).
    public func inputs() -> [String: BufferData] { weightInputs }

    /// Token `t`'s (dequantized) wte row in residual units.
    public func embedded(_ t: Int) -> [Int64] {
        let c = model.shape.channels
        return table[t * c ..< (t + 1) * c].map { Self.residual(Double($0), unit: scales.residualUnit) }
    }

    /// The float model's largest magnitudes, run on <|endoftext|> and its own greedy continuation.
    static func calibrate(_ reference: GPT2Model, embeddingMax: Double) throws(DriverError) -> IntegerGPT2Calibration {
        let s = reference.shape, L = s.layers
        let design: Design
        do {
            design = try GPT2Forward.design(s, weights: .float, profile: .libm, schedule: .reference, calibrate: true)
        } catch {
            throw DriverError("the checkpoint's shape has no forward design: \(error.problems.joined(separator: "; "))")
        }
        let engine = try GPT2InterpreterEngine(design: try BoundDesign.binding(design), model: reference)
        let slots = GPT2Forward.calibrationSlots.count
        var top = [Double](repeating: 0, count: L * slots + 1)
        var logits = 0.0
        var token = Swift.min(GPT2Decoder.defaultEndOfText, s.vocab - 1)
        for pos in 0..<Swift.min(calibrationPositions, s.seqLen) {
            let out = Array(try engine.forward(token: token, pos: pos).prefix(s.vocab))
            logits = Swift.max(logits, Double(out.map { Swift.abs($0) }.max() ?? 0))
            guard let c = engine.floats(GPT2Forward.calibrationOutput) else { throw DriverError("calibration: the float design wrote no calibration output") }
            for i in top.indices { top[i] = Swift.max(top[i], Double(c[i])) }
            token = AccuracyMetrics.argmax(out)
        }
        func per(_ j: Int) -> [Double] { (0..<L).map { Swift.max(top[$0 * slots + j], 1e-6) } }
        let residual = Swift.max(embeddingMax, per(7).max() ?? 0, 1e-6)
        return IntegerGPT2Calibration(residual: residual, ln1: per(0), q: per(1), k: per(2), v: per(3), attOut: per(4), ln2: per(5),
                                      gelu: per(6), lnf: Swift.max(top[L * slots], 1e-6), logits: Swift.max(logits, 1e-6))
    }
}

/// `IntegerEngine` for the GPT-2 design (logits over the padded vocabulary).
public typealias IntegerGPT2Engine = IntegerEngine<IntegerGPT2Model>

extension IntegerGPT2Model: IntegerModel {
    public var logitUnit: Double { scales.logitUnit }
}
