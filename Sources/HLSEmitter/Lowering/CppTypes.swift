import HLSIR

/// How IR scalar types are spelled in C++ (docs/numerics.md, "Types").
enum CppTypes {
    static func type(_ t: ScalarType) -> CppType {
        switch t {
        case .float32: return .float
        case .bool: return .bool
        case .int(let i): return CppType(intSpelling(i))
        case .fixed(let f): return CppType(fixedSpelling(f))
        }
    }

    /// Whether the type is a native C++ integer (`int8_t` ... `uint64_t`) rather than an ap
    /// type. Native types keep the C simulation fast (ap_int arithmetic in the open headers
    /// is two orders of magnitude slower) and synthesize to the same hardware.
    static func isNativeInt(_ t: IntType) -> Bool { [8, 16, 32, 64].contains(t.width) }

    /// Whether `int` arithmetic on promoted operands of this native type cannot overflow
    /// (8- and 16-bit types promote to `int`).
    static func promotesToInt(_ t: IntType) -> Bool { t.width <= 16 }

    /// The unsigned type in which wrapping arithmetic on a native type is done.
    static func unsignedCarrier(_ t: IntType) -> CppType { CppType(t.width == 64 ? "uint64_t" : "uint32_t") }

    /// Whether values of the type are `ap_int`/`ap_uint` objects.
    static func isAPInt(_ t: ScalarType) -> Bool {
        if let i = t.intType { return !isNativeInt(i) }
        return false
    }

    private static func intSpelling(_ t: IntType) -> String {
        if isNativeInt(t) { return (t.signed ? "int" : "uint") + "\(t.width)_t" }
        return (t.signed ? "ap_int" : "ap_uint") + "<\(t.width)>"
    }

    private static func fixedSpelling(_ f: FixedType) -> String {
        var s = (f.signed ? "ap_fixed" : "ap_ufixed") + "<\(f.width),\(f.integerBits)"
        if f.quantization != .trn || f.overflow != .wrap { s += ",\(f.quantization.rawValue)" }
        if f.overflow != .wrap { s += ",\(f.overflow.rawValue)" }
        return s + ">"
    }

    /// The headers a set of types needs, beyond `<stdint.h>`.
    static func headers(for types: Set<ScalarType>) -> [String] {
        var out: [String] = []
        if types.contains(where: { isAPInt($0) }) { out.append("ap_int.h") }
        if types.contains(where: { $0.fixedType != nil }) { out.append("ap_fixed.h") }
        return out
    }
}

/// Every scalar type a kernel mentions (arguments, buffers, variables and expressions).
enum TypeCollector {
    static func types(in k: Kernel) -> Set<ScalarType> {
        var out = Set<ScalarType>()
        for b in k.buffers { out.insert(b.elementType) }
        for p in k.parameters { if case .scalar(let v) = p { out.insert(v.type) } }
        func visit(_ e: Expr) { e.walk { out.insert($0.type) } }
        func visit(_ block: [Stmt]) {
            for s in block {
                switch s {
                case .loop(let l): visit(l.body)
                case .reduce(let r):
                    out.insert(r.result.type)
                    visit(r.initial)
                    visit(r.body)
                    visit(r.value)
                case .bind(let v, let e), .declare(let v, let e), .assign(let v, let e):
                    out.insert(v.type)
                    visit(e)
                case .store(_, _, let e): visit(e)
                case .branch(let c, let t, let o):
                    visit(c)
                    visit(t)
                    visit(o)
                case .call(_, let args):
                    for case .scalar(let e) in args { visit(e) }
                }
            }
        }
        visit(k.body)
        return out
    }
}
