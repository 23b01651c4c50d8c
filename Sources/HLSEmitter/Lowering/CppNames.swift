import HLSIR

/// Names the generated code may not use for kernels, buffers, variables or labels.
enum CppNames {
    /// C++ keywords and alternative tokens, plus names the generated code itself relies on.
    static let reserved: Set<String> = [
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
        "case", "catch", "char", "char16_t", "char32_t", "class", "compl", "const", "constexpr",
        "const_cast", "continue", "decltype", "default", "delete", "do", "double", "dynamic_cast",
        "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
        "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
        "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
        "reinterpret_cast", "return", "short", "signed", "sizeof", "static", "static_assert",
        "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true",
        "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void",
        "volatile", "wchar_t", "while", "main", "std",
        "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t",
        "ap_int", "ap_uint", "ap_fixed", "ap_ufixed", "INFINITY", "NAN",
        "expf", "sqrtf", "powf", "sinf", "cosf", "roundf", "floorf", "tanhf", "fabsf",
        "malloc", "free", "printf", "exit", "abs", "min", "max",
    ]

    /// Prefix of the generated helper functions and namespaces.
    static let helperPrefix = "hlsgen_"

    /// Nil when `name` can be used in generated code; otherwise why not.
    static func problem(_ name: String) -> String? {
        if reserved.contains(name) { return "'\(name)' is a C++ keyword or a name the generated code uses; rename it" }
        if name.hasPrefix(helperPrefix) { return "'\(name)' starts with '\(helperPrefix)', which is reserved for generated helpers" }
        if name.hasPrefix("__") || (name.hasPrefix("_") && name.dropFirst().first?.isUppercase == true) {
            return "'\(name)' is reserved for the C++ implementation"
        }
        return nil
    }

    /// Every name a kernel declares: parameters, buffers, variables, loop labels and counters.
    static func declared(in k: Kernel) -> Set<String> { names(in: k, labels: true) }

    /// The names that denote values (labels live in their own C++ namespace and never shadow).
    static func values(in k: Kernel) -> Set<String> { names(in: k, labels: false) }

    /// Kernels a kernel calls.
    static func callees(of k: Kernel) -> Set<String> {
        var out = Set<String>()
        func visit(_ block: [Stmt]) {
            for s in block {
                switch s {
                case .call(let c, _): out.insert(c)
                case .loop(let l): visit(l.body)
                case .reduce(let r): visit(r.body)
                case .branch(_, let t, let o):
                    visit(t)
                    visit(o)
                default: break
                }
            }
        }
        visit(k.body)
        return out
    }

    private static func names(in k: Kernel, labels: Bool) -> Set<String> {
        var out = Set(k.parameters.map(\.name))
        for b in k.buffers { out.insert(b.name) }
        func visit(_ block: [Stmt]) {
            for s in block {
                switch s {
                case .loop(let l):
                    if labels { out.insert(l.name) }
                    out.insert(l.variable)
                    visit(l.body)
                case .reduce(let r):
                    if labels { out.insert(r.name) }
                    out.insert(r.variable)
                    out.insert(r.result.name)
                    visit(r.body)
                case .bind(let v, _), .declare(let v, _): out.insert(v.name)
                case .branch(_, let t, let o):
                    visit(t)
                    visit(o)
                case .assign, .store, .call: break
                }
            }
        }
        visit(k.body)
        return out
    }
}

/// Hands out names that collide with nothing the kernel declares or the emitter already made.
struct FreshNames {
    private var taken: Set<String>
    init(taken: Set<String>) { self.taken = taken }

    /// `base` if free, otherwise `base_2`, `base_3`, ...
    mutating func make(_ base: String) -> String {
        var candidate = base
        var n = 2
        while taken.contains(candidate) || CppNames.reserved.contains(candidate) {
            candidate = "\(base)_\(n)"
            n += 1
        }
        taken.insert(candidate)
        return candidate
    }
}
