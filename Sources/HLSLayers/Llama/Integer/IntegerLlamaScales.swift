import Foundation
import HLSIR

/// The real ranges the integer Llama design is built for, calibrated on the float model
/// (largest magnitude of each tensor over the calibration positions; see docs/llama.md,
/// "Integer profile").
public struct IntegerCalibration: Sendable, Equatable {
    /// The residual stream (every layer, the embedding rows included).
    public var residual: Double
    /// Per layer: the attention RMSNorm's output, q and k after RoPE, v, the attention output,
    /// the FFN RMSNorm's output and the gated hidden vector silu(w1·x)·(w3·x).
    public var attNorm: [Double], q: [Double], k: [Double], v: [Double], attOut: [Double], ffnNorm: [Double], gate: [Double]
    public var finalNorm: Double
    public var logits: Double

    public init(residual: Double, attNorm: [Double], q: [Double], k: [Double], v: [Double], attOut: [Double],
                ffnNorm: [Double], gate: [Double], finalNorm: Double, logits: Double) {
        (self.residual, self.attNorm, self.q, self.k, self.v, self.attOut) = (residual, attNorm, q, k, v, attOut)
        (self.ffnNorm, self.gate, self.finalNorm, self.logits) = (ffnNorm, gate, finalNorm, logits)
    }

    /// Per-layer maxima in the order of the float design's calibration probe
    /// (`LlamaForward.calibrationSlots` per layer, then final norm and logits).
    public static let slotsPerLayer = 8
}

/// The real unit of each integer weight tensor: one per matrix and layer (Q8_0 group scales
/// as int16 multiples of it, `IntegerGroupScales`) and one per RMSNorm gain vector (int16).
public struct IntegerWeightUnits: Sendable, Equatable {
    /// wq … w3: one unit per layer; wcls: one.
    public var matrices: [String: [Double]]
    public var classifier: Double
    public var rmsAtt: [Double], rmsFFN: [Double], rmsFinal: Double

    public init(matrices: [String: [Double]], classifier: Double, rmsAtt: [Double], rmsFFN: [Double], rmsFinal: Double) {
        (self.matrices, self.classifier, self.rmsAtt, self.rmsFFN, self.rmsFinal) = (matrices, classifier, rmsAtt, rmsFFN, rmsFinal)
    }

    /// The int16 gain vector and its unit: max|g| / 32767 (1 for all zeros), rounded half away from zero.
    public static func gains(_ g: ArraySlice<Float>) -> (values: [Int16], unit: Double) {
        let top = Double(g.map { Swift.abs($0) }.max() ?? 0)
        let unit = top > 0 ? top / 32767 : 1
        return (g.map { Int16((Double($0) / unit).rounded()) }, unit)
    }
}

/// A real factor per layer applied as `scale(x, m_l, k)`: one shift for every layer (the kernel
/// constant), multipliers of at most `bits` bits from the largest factor (docs/numerics.md).
public struct SiteScale: Sendable, Equatable {
    public let multipliers: [Int64]
    public let shift: Int

    public init(_ factors: [Double], bits: Int, what: String) throws(DesignError) {
        guard let top = factors.max(), top > 0, factors.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw DesignError(["\(what): scale factors \(factors) must be positive and finite (calibrate on a model that runs)"])
        }
        let k = bits - 1 - Int(Foundation.floor(Foundation.log2(top)))
        guard (1...62).contains(k) else {
            throw DesignError(["\(what): largest scale factor \(top) needs shift \(k); expected one in 1...62"])
        }
        shift = k
        multipliers = factors.map { Int64(($0 * Foundation.pow(2, Double(k))).rounded()) }
    }
}

/// Every integer scale of the design, derived from a calibration and the weight units.
/// Units: residual S_r = residual / 32767; int8 tensors max / 127; q, k, v before RoPE and
/// requantization max / 2^20; w1·x and w3·x in Q16; logits logits / 2^24.
public struct IntegerLlamaScales: Sendable, Equatable {
    public static let preciseBits = 20
    public let residualUnit: Double
    public let logitUnit: Double
    /// RMSNorm: attention l, FFN L + l, final 2L (17-bit multipliers).
    public let norm: SiteScale
    /// Products: mv_q (wq l, wo L + l), mv_kv (wk l, wv L + l), mv_up (w1 l, w3 L + l), mv_down, mv_cls.
    public let mvQ: SiteScale, mvKV: SiteScale, mvUp: SiteScale, mvDown: SiteScale, mvCls: SiteScale
    /// Scores to Q16 for the softmax (30 bits), the attention output (probabilities Q15 · v)
    /// to int8, the gated hidden (Q32) to int8.
    public let softmax: SiteScale, attOut: SiteScale, gate: SiteScale

    /// Scales from nominal ranges (every activation within ±4, logits ±16, weight and gain
    /// units 2^−10): for estimates of a shape without a model; the multipliers' values do not
    /// change the hardware.
    public static func nominal(_ s: LlamaShape) throws(DesignError) -> IntegerLlamaScales {
        let l = [Double](repeating: 4, count: s.layers), u = [Double](repeating: 1.0 / 1024, count: s.layers)
        let c = IntegerCalibration(residual: 4, attNorm: l, q: l, k: l, v: l, attOut: l, ffnNorm: l, gate: l, finalNorm: 4, logits: 16)
        let w = IntegerWeightUnits(matrices: Dictionary(uniqueKeysWithValues: ["wq", "wk", "wv", "wo", "w1", "w2", "w3"].map { ($0, u) }),
                                   classifier: 1.0 / 1024, rmsAtt: u, rmsFFN: u, rmsFinal: 1.0 / 1024)
        return try IntegerLlamaScales(c, w, shape: s)
    }

    public init(_ c: IntegerCalibration, _ w: IntegerWeightUnits, shape s: LlamaShape) throws(DesignError) {
        let L = s.layers
        let r = c.residual / 32767
        residualUnit = r
        logitUnit = c.logits / 16_777_216
        let i8 = { (m: Double) in m / 127 }
        let q20 = { (m: Double) in m / 1_048_576 }
        let root = Double(s.dim).squareRoot() / 32768
        var normF: [Double] = []
        normF += (0..<L).map { root * w.rmsAtt[$0] / i8(c.attNorm[$0]) }
        normF += (0..<L).map { root * w.rmsFFN[$0] / i8(c.ffnNorm[$0]) }
        normF.append(root * w.rmsFinal / i8(c.finalNorm))
        norm = try SiteScale(normF, bits: 17, what: "integer rmsnorm")
        let m = w.matrices
        func unit(_ name: String, _ l: Int) -> Double { m[name]?[l] ?? 1 }
        mvQ = try SiteScale((0..<L).map { i8(c.attNorm[$0]) * unit("wq", $0) / q20(c.q[$0]) }
                            + (0..<L).map { i8(c.attOut[$0]) * unit("wo", $0) / r }, bits: Self.preciseBits, what: "integer mv_q")
        mvKV = try SiteScale((0..<L).map { i8(c.attNorm[$0]) * unit("wk", $0) / q20(c.k[$0]) }
                             + (0..<L).map { i8(c.attNorm[$0]) * unit("wv", $0) / q20(c.v[$0]) }, bits: Self.preciseBits, what: "integer mv_kv")
        mvUp = try SiteScale((0..<L).map { i8(c.ffnNorm[$0]) * unit("w1", $0) * 65536 }
                             + (0..<L).map { i8(c.ffnNorm[$0]) * unit("w3", $0) * 65536 }, bits: Self.preciseBits, what: "integer mv_up")
        mvDown = try SiteScale((0..<L).map { i8(c.gate[$0]) * unit("w2", $0) / r }, bits: Self.preciseBits, what: "integer mv_down")
        mvCls = try SiteScale([i8(c.finalNorm) * w.classifier / logitUnit], bits: Self.preciseBits, what: "integer mv_cls")
        let hs = Double(s.headSize).squareRoot()
        softmax = try SiteScale((0..<L).map { i8(c.q[$0]) * i8(c.k[$0]) / hs * 65536 }, bits: 30, what: "integer softmax")
        attOut = try SiteScale((0..<L).map { i8(c.v[$0]) / 32768 / i8(c.attOut[$0]) }, bits: 30, what: "integer attention output")
        gate = try SiteScale((0..<L).map { 1 / 4_294_967_296 / i8(c.gate[$0]) }, bits: Self.preciseBits, what: "integer gate")
    }
}
