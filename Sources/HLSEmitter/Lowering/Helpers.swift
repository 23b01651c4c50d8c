/// Small inline functions the generated kernels call where a plain C++ expression would
/// evaluate an operand twice or has no portable spelling. Emitted only when used.
enum Helper: Int, CaseIterable, Hashable, Sendable, Comparable {
    /// `b < a ? b : a` (docs/numerics.md: min).
    case min
    /// `b > a ? b : a`.
    case max
    /// The IEEE bits of a float.
    case floatBits
    /// The float with the given IEEE bits.
    case floatFromBits
    /// A fixed-point value set from its raw bits.
    case fixedFromBits

    static func < (a: Helper, b: Helper) -> Bool { a.rawValue < b.rawValue }

    var name: String {
        switch self {
        case .min: return "hlsgen_min"
        case .max: return "hlsgen_max"
        case .floatBits: return "hlsgen_float_bits"
        case .floatFromBits: return "hlsgen_float_from_bits"
        case .fixedFromBits: return "hlsgen_fixed_from_bits"
        }
    }

    /// The helper's definition. None needs the ap headers itself: the fixed-point helper is a
    /// template instantiated where the type is known.
    var function: CppFunction {
        let a = CppExpr.name("a"), b = CppExpr.name("b"), t = CppType("T")
        switch self {
        case .min:
            return CppFunction(comment: ["min as docs/numerics.md defines it: b < a ? b : a."],
                               templateParameters: ["typename T"], specifiers: "static inline",
                               returnType: t, name: name,
                               parameters: [CppParameter(type: t, name: "a"), CppParameter(type: t, name: "b")],
                               body: [.returnValue(.conditional(.binary(.lt, b, a), b, a))])
        case .max:
            return CppFunction(comment: ["max as docs/numerics.md defines it: b > a ? b : a."],
                               templateParameters: ["typename T"], specifiers: "static inline",
                               returnType: t, name: name,
                               parameters: [CppParameter(type: t, name: "a"), CppParameter(type: t, name: "b")],
                               body: [.returnValue(.conditional(.binary(.gt, b, a), b, a))])
        case .floatBits:
            return CppFunction(comment: ["The IEEE-754 bits of x (a union keeps pointer casts out of the kernel)."],
                               specifiers: "static inline", returnType: CppType("uint32_t"), name: name,
                               parameters: [CppParameter(type: .float, name: "x")],
                               body: [.declare(CppDeclaration(type: CppType("union { float f; uint32_t u; }"), name: "v")),
                                      .assign(.name("v.f"), .name("x")),
                                      .returnValue(.name("v.u"))])
        case .floatFromBits:
            return CppFunction(comment: ["The float whose IEEE-754 bits are bits."],
                               specifiers: "static inline", returnType: .float, name: name,
                               parameters: [CppParameter(type: CppType("uint32_t"), name: "bits")],
                               body: [.declare(CppDeclaration(type: CppType("union { float f; uint32_t u; }"), name: "v")),
                                      .assign(.name("v.u"), .name("bits")),
                                      .returnValue(.name("v.f"))])
        case .fixedFromBits:
            return CppFunction(comment: ["A fixed-point value of type T whose raw bits are bits (for constants a double cannot hold)."],
                               templateParameters: ["typename T"], specifiers: "static inline",
                               returnType: t, name: name,
                               parameters: [CppParameter(type: CppType("unsigned long long"), name: "bits")],
                               body: [.declare(CppDeclaration(type: t, name: "v", initializer: .value(.literal("0")))),
                                      .assign(.method(.name("v"), "range", []), .name("bits")),
                                      .returnValue(.name("v"))])
        }
    }
}

/// The helpers a file needs, collected while lowering.
final class HelperUsage {
    private(set) var used: Set<Helper> = []
    func insert(_ h: Helper) { used.insert(h) }
    func formUnion(_ other: HelperUsage) { used.formUnion(other.used) }
    var sorted: [Helper] { used.sorted() }
}
