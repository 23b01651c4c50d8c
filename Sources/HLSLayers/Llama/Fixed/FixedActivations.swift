import HLSIR

/// The `fixed` profile's activation formats: one `ap_fixed<W, I, AP_RND_CONV, AP_SAT>` per
/// class of tensor of the Llama forward pass (`FixedLlamaForward`, docs/numerics.md "Fixed
/// profile"). Set from a config file's `activations` object (docs/config.md); a class the
/// file leaves out keeps its default.
public struct FixedActivations: Hashable, Sendable {
    /// The classes, each naming the tensors held in its format between the sub-kernels.
    public enum Class: String, CaseIterable, Sendable {
        /// The residual stream `x` (the token's embedding row starts it) and the two products
        /// added to it, `wo·(attention)` and `w2·(gated hidden)`.
        case residual
        /// The outputs of the three RMSNorms: the input of the q/k/v, w1/w3 and classifier products.
        case norm
        /// q (after RoPE), the key and value rows and the KV cache, and the attention output.
        case attention
        /// `w1·x`, `w3·x` and the gated hidden vector `silu(w1·x) · (w3·x)`.
        case ffn
        /// The classifier's output; the kernel returns it as float (exactly, for W ≤ 24).
        case logits
    }

    /// Widths (W, I) by class.
    public private(set) var widths: [Class: Format]

    /// Total and integer bits of one class.
    public struct Format: Hashable, Sendable {
        public var width: Int
        public var integerBits: Int
        public init(_ width: Int, _ integerBits: Int) {
            self.width = width
            self.integerBits = integerBits
        }
    }

    /// The defaults: 16 bits for the inputs of the products and the gated hidden vector,
    /// 24 for the residual stream and the logits (chosen on stories260K, docs/performance.md).
    public static let defaults: [Class: Format] = [
        .residual: Format(24, 10), .norm: Format(16, 6), .attention: Format(16, 6),
        .ffn: Format(16, 6), .logits: Format(24, 10),
    ]

    /// The defaults with `overrides` (from a config file) in their place.
    public init(_ overrides: [Class: Format] = [:]) {
        widths = Self.defaults.merging(overrides) { _, new in new }
    }

    /// The largest width of a class; the residual stream needs one bit more for its adds.
    public static func maxWidth(_ c: Class) -> Int { c == .residual ? 63 : 64 }

    /// Why (W, I) cannot be class `c`'s format, or nil: 1 ≤ W ≤ `maxWidth`, 0 ≤ I ≤ W.
    public static func problem(_ c: Class, _ f: Format) -> String? {
        let m = maxWidth(c)
        if f.width < 1 || f.width > m {
            return "width W \(f.width) is outside 1...\(m)" + (c == .residual ? " (a residual add needs one bit more, at most 64)" : "")
        }
        if f.integerBits < 0 || f.integerBits > f.width { return "integer bits I \(f.integerBits) is outside 0...W (\(f.width))" }
        return nil
    }

    /// Every class's problem, one line each (`activations.<class>: ...`).
    public var problems: [String] {
        Class.allCases.compactMap { c in Self.problem(c, widths[c]!).map { "activations.\(c.rawValue): \($0)" } }
    }

    /// The IR type of class `c`: signed `ap_fixed<W, I, AP_RND_CONV, AP_SAT>`.
    public func type(_ c: Class) -> ScalarType {
        let f = widths[c]!
        return .fixed(f.width, f.integerBits, .rndConv, .sat)
    }

    /// `residual 24.10, norm 16.6, ...`: the formats in class order, as the CLI prints them.
    public var summary: String {
        Class.allCases.map { "\($0.rawValue) \(widths[$0]!.width).\(widths[$0]!.integerBits)" }.joined(separator: ", ")
    }
}
