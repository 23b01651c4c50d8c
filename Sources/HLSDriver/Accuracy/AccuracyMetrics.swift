import Foundation

/// The running comparison of a variant's next-token distributions with the float
/// reference's, position by position: top-1 agreement, mean KL(float‖variant) (softmax in
/// Double), the negative log-likelihood of both on a target token, and the largest absolute
/// logit and per-layer residual differences.
public struct AccuracyMetrics: Sendable {
    public private(set) var positions = 0
    public private(set) var agreements = 0
    public private(set) var klSum = 0.0
    public private(set) var scored = 0
    public private(set) var referenceNLL = 0.0
    public private(set) var variantNLL = 0.0
    public private(set) var maxLogitError: Float = 0
    /// Per layer, the largest |Δ| of the residual stream after that layer.
    public private(set) var layerErrors: [Float] = []

    public init() {}

    /// Log-softmax of `logits` in Double.
    public static func logSoftmax(_ logits: [Float]) -> [Double] {
        let m = Double(logits.max() ?? 0)
        let sum = logits.reduce(0.0) { $0 + Foundation.exp(Double($1) - m) }
        let log = m + Foundation.log(sum)
        return logits.map { Double($0) - log }
    }

    /// KL(p‖q) from log-probabilities.
    public static func kl(_ lp: [Double], _ lq: [Double]) -> Double {
        var s = 0.0
        for i in lp.indices { s += Foundation.exp(lp[i]) * (lp[i] - lq[i]) }
        return Swift.max(0, s)
    }

    /// The first index of the largest logit (the greedy token, as llama2.c's argmax).
    public static func argmax(_ v: [Float]) -> Int {
        var best = 0
        for i in v.indices where v[i] > v[best] { best = i }
        return best
    }

    /// Adds one position; `target` is the next token both are scored on (nil: not scored).
    public mutating func add(reference: [Float], variant: [Float], target: Int?) {
        let lr = Self.logSoftmax(reference), lv = Self.logSoftmax(variant)
        positions += 1
        if Self.argmax(reference) == Self.argmax(variant) { agreements += 1 }
        klSum += Self.kl(lr, lv)
        if let t = target {
            scored += 1
            referenceNLL -= lr[t]
            variantNLL -= lv[t]
        }
        for i in reference.indices { maxLogitError = Swift.max(maxLogitError, abs(reference[i] - variant[i])) }
    }

    /// Adds the residual streams after each layer (n_layers × dim, layer-major).
    public mutating func addResiduals(reference: [Float], variant: [Float], layers: Int) {
        guard layers > 0, reference.count == variant.count, reference.count % layers == 0 else { return }
        if layerErrors.count != layers { layerErrors = [Float](repeating: 0, count: layers) }
        let dim = reference.count / layers
        for l in 0..<layers {
            for i in (l * dim)..<((l + 1) * dim) { layerErrors[l] = Swift.max(layerErrors[l], abs(reference[i] - variant[i])) }
        }
    }

    public var agreement: Double { positions == 0 ? 0 : Double(agreements) / Double(positions) }
    public var meanKL: Double { positions == 0 ? 0 : klSum / Double(positions) }
    public var referencePerplexity: Double { scored == 0 ? .nan : Foundation.exp(referenceNLL / Double(scored)) }
    public var variantPerplexity: Double { scored == 0 ? .nan : Foundation.exp(variantNLL / Double(scored)) }
}
