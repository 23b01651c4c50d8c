import HLSIR

/// Exact C++ spellings of IR constants.
enum Literals {
    /// A float constant that reads back to the same bits: the shortest round-tripping decimal
    /// with an `f` suffix, `INFINITY` for infinities. NaN has no literal; it is built from its
    /// bits by a helper (see `Helpers`).
    static func float(_ v: Float, helpers: HelperUsage) -> CppExpr {
        if v.isNaN {
            helpers.insert(.floatFromBits)
            return .call(Helper.floatFromBits.name, [.literal("0x" + String(v.bitPattern, radix: 16) + "u")])
        }
        if v.isInfinite { return v < 0 ? .prefix("-", .name("INFINITY")) : .name("INFINITY") }
        return .literal(v.description + "f")
    }

    /// An integer literal of `type`'s value `raw` (canonical `BufferData` form: unsigned
    /// 64-bit values are stored as their bit pattern). Values outside `int` get a suffix.
    static func int(_ raw: Int64, _ type: IntType) -> CppExpr {
        if !type.signed && raw < 0 { return .literal(String(UInt64(bitPattern: raw)) + "ULL") }
        if raw == Int64.min { return .literal("(-9223372036854775807LL - 1)") }
        if raw >= Int64(Int32.min) && raw <= Int64(Int32.max) { return .literal(String(raw)) }
        return .literal(String(raw) + (type.signed ? "LL" : "ULL"))
    }

    /// A fixed-point constant of exactly the value `raw · 2^-F`, as an explicit conversion of
    /// its exact decimal. Values a double cannot hold exactly (more than 53 significant bits)
    /// are set from their raw bits by a helper instead.
    static func fixed(_ raw: Int64, _ type: FixedType, helpers: HelperUsage) -> CppExpr {
        let cppType = CppTypes.type(.fixed(type))
        let negative = type.signed && raw < 0
        let magnitude = negative ? UInt64(bitPattern: raw).twosComplementNegated : UInt64(bitPattern: raw)
        if magnitude >> 53 != 0 {
            helpers.insert(.fixedFromBits)
            let bits = UInt64(bitPattern: raw) & (type.width == 64 ? UInt64.max : (UInt64(1) << UInt64(type.width)) - 1)
            return .call(Helper.fixedFromBits.name + "<\(cppType.spelling)>", [.literal("0x" + String(bits, radix: 16) + "ULL")])
        }
        let text = (negative ? "-" : "") + exactDecimal(magnitude, fractionBits: type.fractionBits)
        return .cast(cppType, .literal(text))
    }

    /// The exact decimal expansion of `m · 2^-f`, e.g. (3, 4) → "0.1875", (8, 0) → "8.0".
    static func exactDecimal(_ m: UInt64, fractionBits f: Int) -> String {
        // m · 2^-f = m · 5^f / 10^f: compute m · 5^f in base 10^9 limbs, then place the point.
        var limbs: [UInt64] = m == 0 ? [0] : []
        var x = m
        while x > 0 {
            limbs.append(x % 1_000_000_000)
            x /= 1_000_000_000
        }
        for _ in 0..<f {
            var carry: UInt64 = 0
            for i in limbs.indices {
                let v = limbs[i] * 5 + carry
                limbs[i] = v % 1_000_000_000
                carry = v / 1_000_000_000
            }
            if carry > 0 { limbs.append(carry) }
        }
        var digits = String(limbs.last!)
        for limb in limbs.dropLast().reversed() {
            let s = String(limb)
            digits += String(repeating: "0", count: 9 - s.count) + s
        }
        if digits.count <= f { digits = String(repeating: "0", count: f - digits.count + 1) + digits }
        var integerPart = String(digits.prefix(digits.count - f))
        var fraction = String(digits.suffix(f))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        if integerPart.isEmpty { integerPart = "0" }
        return integerPart + "." + (fraction.isEmpty ? "0" : fraction)
    }

    static func bool(_ b: Bool) -> CppExpr { .literal(b ? "true" : "false") }
}

private extension UInt64 {
    var twosComplementNegated: UInt64 { (~self) &+ 1 }
}
