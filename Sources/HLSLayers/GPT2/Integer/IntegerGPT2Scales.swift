import Foundation
import HLSIR

/// The real ranges the integer GPT-2 design is built for, calibrated on the float model
/// (largest magnitude of each tensor over the calibration positions; `GPT2Forward`'s
/// calibration probe), as `IntegerCalibration` is for Llama.
public struct IntegerGPT2Calibration: Sendable, Equatable {
    /// The residual stream (every layer, the embedded rows wte + wpe included).
    public var residual: Double
    /// Per layer: ln1's output, q, k, v, the attention output, ln2's output, the GELU output.
    public var ln1: [Double], q: [Double], k: [Double], v: [Double], attOut: [Double], ln2: [Double], gelu: [Double]
    public var lnf: Double
    public var logits: Double

    public init(residual: Double, ln1: [Double], q: [Double], k: [Double], v: [Double], attOut: [Double], ln2: [Double],
                gelu: [Double], lnf: Double, logits: Double) {
        (self.residual, self.ln1, self.q, self.k, self.v, self.attOut) = (residual, ln1, q, k, v, attOut)
        (self.ln2, self.gelu, self.lnf, self.logits) = (ln2, gelu, lnf, logits)
    }
}

/// The real unit of each integer weight tensor of GPT-2: per layer and matrix (the int16 group
/// scales' unit, `IntegerGroupScales`), the tied classifier's, and per LayerNorm gain vector (int16).
public struct IntegerGPT2WeightUnits: Sendable, Equatable {
    /// qkvw, attprojw, fcw, fcprojw: one unit per layer.
    public var matrices: [String: [Double]]
    public var classifier: Double
    public var ln1: [Double], ln2: [Double], lnf: Double

    public init(matrices: [String: [Double]], classifier: Double, ln1: [Double], ln2: [Double], lnf: Double) {
        (self.matrices, self.classifier, self.ln1, self.ln2, self.lnf) = (matrices, classifier, ln1, ln2, lnf)
    }
}

/// Every integer scale of the GPT-2 design (docs/numerics.md, "Integer profile"). Units as for
/// Llama: residual S_r = residual / 32767; int8 tensors max / 127; q, k, v before
/// requantization max / 2^20; the fc output (GELU's input) and GELU's output in Q16; logits
/// logits / 2^24. A product's bias is in its accumulator's units S_x · S_w (`biasUnits`), a
/// LayerNorm's β in the normalizer's (`IntegerLayerNorm.biasUnit`).
public struct IntegerGPT2Scales: Sendable, Equatable {
    public static let preciseBits = 20
    public let residualUnit: Double
    public let logitUnit: Double
    /// LayerNorm: ln1 l, ln2 L + l, lnf 2L.
    public let norm: SiteScale
    /// Products: mv_qkv (q l, k L + l, v 2L + l), mv_attproj, mv_fc (to Q16), mv_fcproj, mv_cls.
    public let qkv: SiteScale, attProj: SiteScale, fc: SiteScale, fcProj: SiteScale, cls: SiteScale
    /// Scores to Q16 for the softmax (30 bits); the attention output (probabilities Q15 · v) to
    /// int8 (30 bits); GELU's Q16 output to int8.
    public let softmax: SiteScale, attOut: SiteScale, gelu: SiteScale
    /// The accumulator unit S_x · S_w of each product's bias: `qkvw`, `attprojw`, `fcw`,
    /// `fcprojw`, one per layer.
    public let biasUnits: [String: [Double]]

    /// Scales from nominal ranges (activations within ±4, logits ±16, units 2^−10), for
    /// estimates of a shape without a model; the multipliers' values do not change the hardware.
    public static func nominal(_ s: GPT2Shape) throws(DesignError) -> IntegerGPT2Scales {
        let l = [Double](repeating: 4, count: s.layers), u = [Double](repeating: 1.0 / 1024, count: s.layers)
        let c = IntegerGPT2Calibration(residual: 4, ln1: l, q: l, k: l, v: l, attOut: l, ln2: l, gelu: l, lnf: 4, logits: 16)
        let w = IntegerGPT2WeightUnits(matrices: Dictionary(uniqueKeysWithValues: ["qkvw", "attprojw", "fcw", "fcprojw"].map { ($0, u) }),
                                       classifier: 1.0 / 1024, ln1: u, ln2: u, lnf: 1.0 / 1024)
        return try IntegerGPT2Scales(c, w, shape: s)
    }

    public init(_ c: IntegerGPT2Calibration, _ w: IntegerGPT2WeightUnits, shape s: GPT2Shape) throws(DesignError) {
        let L = s.layers, C = s.channels
        let r = c.residual / 32767
        residualUnit = r
        logitUnit = c.logits / 16_777_216
        let i8 = { (m: Double) in m / 127 }
        let q20 = { (m: Double) in m / 1_048_576 }
        let root = Double(C).squareRoot() / 32768
        var normF: [Double] = (0..<L).map { root * w.ln1[$0] / i8(c.ln1[$0]) }
        normF += (0..<L).map { root * w.ln2[$0] / i8(c.ln2[$0]) }
        normF.append(root * w.lnf / i8(c.lnf))
        norm = try SiteScale(normF, bits: Self.preciseBits, what: "integer layernorm")
        func unit(_ name: String, _ l: Int) -> Double { w.matrices[name]?[l] ?? 1 }
        let inputs: [String: [Double]] = ["qkvw": c.ln1.map(i8), "attprojw": c.attOut.map(i8), "fcw": c.ln2.map(i8), "fcprojw": c.gelu.map(i8)]
        var bias: [String: [Double]] = [:]
        for (m, x) in inputs { bias[m] = (0..<L).map { x[$0] * unit(m, $0) } }
        biasUnits = bias
        let b = bias
        let qkvUnit = bias["qkvw"]!
        var qkvF: [Double] = (0..<L).map { qkvUnit[$0] / q20(c.q[$0]) }
        qkvF += (0..<L).map { qkvUnit[$0] / q20(c.k[$0]) }
        qkvF += (0..<L).map { qkvUnit[$0] / q20(c.v[$0]) }
        qkv = try SiteScale(qkvF, bits: Self.preciseBits, what: "integer mv_qkv")
        attProj = try SiteScale((0..<L).map { b["attprojw"]![$0] / r }, bits: Self.preciseBits, what: "integer mv_attproj")
        fc = try SiteScale((0..<L).map { b["fcw"]![$0] * 65536 }, bits: Self.preciseBits, what: "integer mv_fc")
        fcProj = try SiteScale((0..<L).map { b["fcprojw"]![$0] / r }, bits: Self.preciseBits, what: "integer mv_fcproj")
        cls = try SiteScale([i8(c.lnf) * w.classifier / logitUnit], bits: Self.preciseBits, what: "integer mv_cls")
        let hs = Double(s.headSize).squareRoot()
        softmax = try SiteScale((0..<L).map { i8(c.q[$0]) * i8(c.k[$0]) / hs * 65536 }, bits: 30, what: "integer softmax")
        attOut = try SiteScale((0..<L).map { i8(c.v[$0]) / 32768 / i8(c.attOut[$0]) }, bits: 30, what: "integer attention output")
        gelu = try SiteScale((0..<L).map { 1 / 65536 / i8(c.gelu[$0]) }, bits: Self.preciseBits, what: "integer gelu")
    }
}
