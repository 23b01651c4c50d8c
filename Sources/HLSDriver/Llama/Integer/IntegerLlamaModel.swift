import Foundation
import HLSIR
import HLSInterpreter
import HLSLayers
import HLSModels

/// A Q8_0 checkpoint made ready for the integer profile (`IntegerLlamaForward`): scales
/// calibrated on the float model, weights and gains converted to integers, the design and
/// its inputs. Everything here is host-side Swift, done once; the kernel holds integers only.
public struct IntegerLlamaModel: Sendable {
    /// Calibration: BOS then the float model's greedy tokens, this many positions (deterministic).
    public static let calibrationPositions = 32

    public let model: LlamaModel
    public let scales: IntegerLlamaScales
    public let calibration: IntegerCalibration
    public let design: Design
    /// The dequantized token table the host reads embedding rows from.
    let table: [Float]
    let weightInputs: [String: BufferData]

    /// `model` must hold Q8_0 weights; `reference` is the float model the scales are calibrated on
    /// (the same checkpoint before quantization, or `model` itself run with float activations).
    public init(model: LlamaModel, reference: LlamaModel) throws(DriverError) {
        guard case .q8(let q8) = model.checkpoint else {
            throw DriverError("the integer profile needs Q8_0 weights (a version 2 checkpoint, or --quantize q8); got \(model.variant)")
        }
        self.model = model
        let s = model.shape
        try model.checkSizes()
        let w = q8.weights
        table = w.tokens.dequantized()
        calibration = try Self.calibrate(reference, embeddingMax: Double(table.map { Swift.abs($0) }.max() ?? 0))
        var inputs: [String: BufferData] = [:]
        var units: [String: [Double]] = [:]
        let matrices = [("wq", w.wq), ("wk", w.wk), ("wv", w.wv), ("wo", w.wo), ("w1", w.w1), ("w2", w.w2), ("w3", w.w3)]
        for (name, t) in matrices {
            let perLayer = t.scales.count / s.layers
            var si: [Int64] = []
            for l in 0..<s.layers {
                let g = IntegerGroupScales(Array(t.scales[l * perLayer ..< (l + 1) * perLayer]))
                units[name, default: []].append(g.tensorScale)
                si += g.values.map(Int64.init)
            }
            inputs["\(name)_q"] = .raw(t.values.map(Int64.init))
            inputs["\(name)_si"] = .raw(si)
        }
        let cls = IntegerGroupScales(w.classifier.scales)
        inputs["wcls_q"] = .raw(w.classifier.values.map(Int64.init))
        inputs["wcls_si"] = .raw(cls.values.map(Int64.init))
        var rmsAtt: [Double] = [], rmsFFN: [Double] = [], ga: [Int64] = [], gf: [Int64] = []
        for l in 0..<s.layers {
            let a = IntegerWeightUnits.gains(w.rmsAtt[l * s.dim ..< (l + 1) * s.dim])
            let f = IntegerWeightUnits.gains(w.rmsFFN[l * s.dim ..< (l + 1) * s.dim])
            rmsAtt.append(a.unit); rmsFFN.append(f.unit)
            ga += a.values.map(Int64.init); gf += f.values.map(Int64.init)
        }
        let final = IntegerWeightUnits.gains(w.rmsFinal[...])
        inputs["rms_att"] = .raw(ga)
        inputs["rms_ffn"] = .raw(gf)
        inputs["rms_final"] = .raw(final.values.map(Int64.init))
        let weightUnits = IntegerWeightUnits(matrices: units, classifier: cls.tensorScale, rmsAtt: rmsAtt, rmsFFN: rmsFFN, rmsFinal: final.unit)
        do {
            scales = try IntegerLlamaScales(calibration, weightUnits, shape: s)
            design = try IntegerLlamaForward.design(s, groupSize: q8.groupSize, scales: scales)
        } catch {
            throw DriverError("the checkpoint has no integer design: \(error.problems.joined(separator: "; "))")
        }
        let cache = s.layers * s.seqLen * s.kvDim
        inputs["key_cache"] = .raw([Int64](repeating: 0, count: cache))
        inputs["value_cache"] = .raw([Int64](repeating: 0, count: cache))
        inputs["embedded"] = .raw([Int64](repeating: 0, count: s.dim))
        inputs["pos"] = .raw([0])
        weightInputs = inputs
    }

    /// The design's inputs (the KV cache zeroed, `embedded` zero, pos 0).
    public func inputs() -> [String: BufferData] { weightInputs }

    /// Token `t`'s embedding row in residual units: round(e / S_r), half away from zero, clamped to ±32767.
    public func embedded(_ t: Int) -> [Int64] {
        let d = model.shape.dim
        let limit = Double(IntegerLlamaForward.residualLimit)
        return table[t * d ..< (t + 1) * d].map { Int64(Swift.min(Swift.max((Double($0) / scales.residualUnit).rounded(), -limit), limit)) }
    }

    /// The float model's largest magnitudes, run on BOS and its own greedy continuation.
    static func calibrate(_ reference: LlamaModel, embeddingMax: Double) throws(DriverError) -> IntegerCalibration {
        let s = reference.shape
        let design: Design
        do {
            design = try LlamaForward.design(s, weights: reference.weights, profile: .libm, schedule: .reference, calibrate: true)
        } catch {
            throw DriverError("the checkpoint's shape has no forward design: \(error.problems.joined(separator: "; "))")
        }
        let engine = try LlamaInterpreterEngine(design: try BoundDesign.binding(design), model: reference)
        let slots = IntegerCalibration.slotsPerLayer
        var top = [Double](repeating: 0, count: s.layers * slots + 1)
        var logits = 0.0
        var token = 1
        for pos in 0..<Swift.min(calibrationPositions, s.seqLen) {
            let out = try engine.forward(token: token, pos: pos)
            logits = Swift.max(logits, Double(out.map { Swift.abs($0) }.max() ?? 0))
            guard let c = engine.floats(LlamaForward.calibrationOutput) else { throw DriverError("calibration: the float design wrote no calibration output") }
            for i in top.indices { top[i] = Swift.max(top[i], Double(c[i])) }
            token = AccuracyMetrics.argmax(out)
        }
        func per(_ j: Int) -> [Double] { (0..<s.layers).map { Swift.max(top[$0 * slots + j], 1e-6) } }
        let residual = Swift.max(embeddingMax, per(7).max() ?? 0, 1e-6)
        return IntegerCalibration(residual: residual, attNorm: per(0), q: per(1), k: per(2), v: per(3), attOut: per(4),
                                  ffnNorm: per(5), gate: per(6), finalNorm: Swift.max(top[s.layers * slots], 1e-6), logits: Swift.max(logits, 1e-6))
    }
}

/// `IntegerEngine` for the Llama design.
public typealias IntegerLlamaEngine = IntegerEngine<IntegerLlamaModel>

extension IntegerLlamaModel: IntegerModel {
    public var logitUnit: Double { scales.logitUnit }
}

/// What `hlsgen accuracy` and `run` need of an engine: logits per position, and optional probes.
public protocol LlamaLogitsEngine: AnyObject {
    func forward(token: Int, pos: Int) throws(DriverError) -> [Float]
    func floats(_ name: String) -> [Float]?
}

extension LlamaInterpreterEngine: LlamaLogitsEngine {}
