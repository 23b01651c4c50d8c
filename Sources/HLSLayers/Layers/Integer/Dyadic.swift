import Foundation
import HLSIR

/// A dyadic scale m · 2^−k (integer m ≥ 0, shift k ≥ 1): the integer profile's only way to
/// multiply by a real constant. Computed in Swift at design time from a real scale;
/// `requantize` applies it in the DSL (docs/numerics.md, "Integer profile").
public struct Dyadic: Hashable, Sendable, CustomStringConvertible {
    public let multiplier: Int64
    public let shift: Int

    public init(multiplier: Int64, shift: Int) {
        self.multiplier = multiplier
        self.shift = shift
    }

    /// The dyadic closest to `scale` with a multiplier of exactly `bits` bits
    /// (2^(bits−1) ≤ m < 2^bits): k = bits − 1 − floor(log2 scale), m = round(scale · 2^k)
    /// (half away from zero; a rounding up to 2^bits halves m and decrements k). A scale whose
    /// shift would leave 1…62 is a design error naming `what`.
    public static func approximating(_ scale: Double, bits: Int = 30, what: String) throws(DesignError) -> Dyadic {
        guard scale.isFinite, scale > 0 else { throw DesignError(["\(what): scale \(scale) must be a positive finite number"]) }
        guard (2...62).contains(bits) else { throw DesignError(["\(what): multiplier bits \(bits) must be in 2...62"]) }
        var k = bits - 1 - Int(Foundation.floor(Foundation.log2(scale)))
        var m = (scale * Foundation.pow(2, Double(k))).rounded()
        if m >= Foundation.pow(2, Double(bits)) { m /= 2; k -= 1 }
        guard (1...62).contains(k) else {
            throw DesignError(["\(what): scale \(scale) needs shift \(k); expected a scale whose dyadic shift is in 1...62"])
        }
        return Dyadic(multiplier: Int64(m), shift: k)
    }

    /// The real value m · 2^−k.
    public var value: Double { Double(multiplier) * Foundation.pow(2, -Double(shift)) }
    public var description: String { "\(multiplier)·2^-\(shift)" }
}
