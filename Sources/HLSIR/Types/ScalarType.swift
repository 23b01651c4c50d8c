/// Quantization (rounding) mode of an `ap_fixed` type, spelled as in Xilinx's headers.
public enum Quantization: String, Sendable, CaseIterable, Codable {
    /// Truncate toward minus infinity (floor). The default.
    case trn = "AP_TRN"
    /// Truncate toward zero.
    case trnZero = "AP_TRN_ZERO"
    /// Round to nearest, ties toward plus infinity.
    case rnd = "AP_RND"
    /// Round to nearest, ties toward zero.
    case rndZero = "AP_RND_ZERO"
    /// Round to nearest, ties toward minus infinity.
    case rndMinInf = "AP_RND_MIN_INF"
    /// Round to nearest, ties away from zero.
    case rndInf = "AP_RND_INF"
    /// Round to nearest, ties to even (convergent).
    case rndConv = "AP_RND_CONV"
}

/// Overflow mode of an `ap_fixed` type, spelled as in Xilinx's headers.
public enum Overflow: String, Sendable, CaseIterable, Codable {
    /// Keep the low W bits (two's complement wrap). The default.
    case wrap = "AP_WRAP"
    /// Clamp to the most negative / most positive value.
    case sat = "AP_SAT"
    /// Clamp to zero on overflow.
    case satZero = "AP_SAT_ZERO"
    /// Clamp symmetrically to ±(2^(W−1)−1) (signed) or [0, 2^W−1] (unsigned).
    case satSym = "AP_SAT_SYM"
}

/// A two's complement integer of 1–64 bits. Arithmetic on it wraps (see docs/numerics.md).
public struct IntType: Hashable, Sendable, CustomStringConvertible {
    public let width: Int
    public let signed: Bool
    public init(width: Int, signed: Bool) {
        self.width = width
        self.signed = signed
    }
    /// Smallest representable value.
    public var minValue: Int64 { signed ? (width == 64 ? Int64.min : -(Int64(1) << (width - 1))) : 0 }
    /// Largest representable value (for unsigned 64-bit the bit pattern is stored in an Int64).
    public var maxValue: Int64 {
        if signed { return width == 64 ? Int64.max : (Int64(1) << (width - 1)) - 1 }
        return width == 64 ? -1 : (width == 63 ? Int64.max : (Int64(1) << width) - 1)
    }
    public var description: String { (signed ? "int" : "uint") + "\(width)" }
}

/// An `ap_fixed<W, I, Q, O>` (signed) or `ap_ufixed<W, I, Q, O>` type. The value of a raw
/// W-bit integer `r` is `r · 2^-(W−I)`.
public struct FixedType: Hashable, Sendable, CustomStringConvertible {
    public let width: Int
    public let integerBits: Int
    public let signed: Bool
    public let quantization: Quantization
    public let overflow: Overflow
    public init(width: Int, integerBits: Int, signed: Bool = true,
                quantization: Quantization = .trn, overflow: Overflow = .wrap) {
        self.width = width
        self.integerBits = integerBits
        self.signed = signed
        self.quantization = quantization
        self.overflow = overflow
    }
    /// Number of fraction bits, W − I.
    public var fractionBits: Int { width - integerBits }
    /// The same format with the default modes (AP_TRN, AP_WRAP): the type of arithmetic results.
    public var withDefaultModes: FixedType { FixedType(width: width, integerBits: integerBits, signed: signed) }
    public var description: String {
        var s = (signed ? "fixed" : "ufixed") + "<\(width),\(integerBits)"
        if quantization != .trn || overflow != .wrap { s += ",\(quantization.rawValue)" }
        if overflow != .wrap { s += ",\(overflow.rawValue)" }
        return s + ">"
    }
}

/// The scalar types of the kernel IR.
public enum ScalarType: Hashable, Sendable, CustomStringConvertible {
    /// IEEE-754 binary32.
    case float32
    /// Result of comparisons; condition of `select` and `if`.
    case bool
    /// Two's complement integer, 1–64 bits.
    case int(IntType)
    /// Xilinx arbitrary-precision fixed point.
    case fixed(FixedType)

    public static let int8 = ScalarType.int(IntType(width: 8, signed: true))
    public static let int16 = ScalarType.int(IntType(width: 16, signed: true))
    public static let int32 = ScalarType.int(IntType(width: 32, signed: true))
    public static let int64 = ScalarType.int(IntType(width: 64, signed: true))
    public static let uint8 = ScalarType.int(IntType(width: 8, signed: false))
    public static let uint32 = ScalarType.int(IntType(width: 32, signed: false))

    /// `ap_int<width>` (signed) or `ap_uint<width>`.
    public static func int(_ width: Int, signed: Bool = true) -> ScalarType {
        .int(IntType(width: width, signed: signed))
    }
    /// `ap_fixed<width, integerBits, q, o>` or, with `signed: false`, `ap_ufixed`.
    public static func fixed(_ width: Int, _ integerBits: Int, _ q: Quantization = .trn,
                             _ o: Overflow = .wrap, signed: Bool = true) -> ScalarType {
        .fixed(FixedType(width: width, integerBits: integerBits, signed: signed, quantization: q, overflow: o))
    }

    public var isFloat: Bool { if case .float32 = self { return true } else { return false } }
    public var isBool: Bool { if case .bool = self { return true } else { return false } }
    public var intType: IntType? { if case .int(let t) = self { return t } else { return nil } }
    public var fixedType: FixedType? { if case .fixed(let t) = self { return t } else { return nil } }

    /// Bits a value occupies in memory and in the binary files of the testbench:
    /// 4 for float, 1 for bool, and the smallest of 1, 2, 4, 8 bytes that holds W bits.
    public var storageBytes: Int {
        switch self {
        case .float32: return 4
        case .bool: return 1
        case .int(let t): return ScalarType.bytes(forWidth: t.width)
        case .fixed(let t): return ScalarType.bytes(forWidth: t.width)
        }
    }
    static func bytes(forWidth w: Int) -> Int { w <= 8 ? 1 : w <= 16 ? 2 : w <= 32 ? 4 : 8 }

    /// Well-formedness of a type: widths 1–64, fixed integer bits within 0...W.
    public var problem: String? {
        switch self {
        case .float32, .bool: return nil
        case .int(let t):
            return (1...64).contains(t.width) ? nil : "integer width \(t.width) is outside 1...64"
        case .fixed(let t):
            if !(1...64).contains(t.width) { return "fixed-point width \(t.width) is outside 1...64" }
            if !(0...t.width).contains(t.integerBits) {
                return "fixed-point integer bits \(t.integerBits) are outside 0...\(t.width)"
            }
            return nil
        }
    }

    public var description: String {
        switch self {
        case .float32: return "float32"
        case .bool: return "bool"
        case .int(let t): return t.description
        case .fixed(let t): return t.description
        }
    }
}
