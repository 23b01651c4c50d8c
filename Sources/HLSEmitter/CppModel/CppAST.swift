// The structured C++ the emitter builds before anything is printed ("decide, then render").
// Lowering passes produce these values; `CppRenderer` is the only code that formats text.

/// A C++ type as it is spelled, e.g. `float`, `ap_fixed<16,8>`, `const float*`.
struct CppType: Hashable, Sendable {
    let spelling: String
    init(_ spelling: String) { self.spelling = spelling }

    static let void = CppType("void")
    static let int = CppType("int")
    static let float = CppType("float")
    static let bool = CppType("bool")

    /// `T*`, or `const T*` when `const` is set.
    func pointer(const isConst: Bool) -> CppType {
        CppType((isConst ? "const " : "") + spelling + "*")
    }
}

/// Binary operators of the generated code.
enum CppBinaryOperator: String, Hashable, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%"
    case shl = "<<", shr = ">>"
    case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!="
    case bitAnd = "&", bitOr = "|", bitXor = "^"
    case logicalAnd = "&&", logicalOr = "||"

    /// C++ precedence (higher binds tighter).
    var precedence: Int {
        switch self {
        case .mul, .div, .mod: return 13
        case .add, .sub: return 12
        case .shl, .shr: return 11
        case .lt, .le, .gt, .ge: return 10
        case .eq, .ne: return 9
        case .bitAnd: return 8
        case .bitXor: return 7
        case .bitOr: return 6
        case .logicalAnd: return 5
        case .logicalOr: return 4
        }
    }

    /// Arithmetic operators print nested operands by precedence; for every other operator a
    /// compound operand is always parenthesised, which is what g++ -Wparentheses asks for.
    var isArithmetic: Bool {
        switch self {
        case .add, .sub, .mul, .div, .mod: return true
        default: return false
        }
    }
}

/// A C++ expression.
indirect enum CppExpr: Hashable, Sendable {
    /// An identifier or macro name.
    case name(String)
    /// A literal spelled exactly (may start with `-`).
    case literal(String)
    /// `base[i][j]`.
    case element(CppExpr, [CppExpr])
    /// `f(args)`.
    case call(String, [CppExpr])
    /// `base.method(args)`.
    case method(CppExpr, String, [CppExpr])
    /// `(T)operand`, an explicit conversion.
    case cast(CppType, CppExpr)
    /// A prefix operator: `-`, `~`, `!`.
    case prefix(String, CppExpr)
    case binary(CppBinaryOperator, CppExpr, CppExpr)
    /// `c ? a : b`.
    case conditional(CppExpr, CppExpr, CppExpr)

    /// Whether the expression prints as one token sequence that never needs parentheses.
    var isAtomic: Bool {
        switch self {
        case .name, .element, .call, .method: return true
        case .literal(let s): return !s.hasPrefix("-")
        case .cast, .prefix, .binary, .conditional: return false
        }
    }

    static func int(_ v: Int) -> CppExpr { .literal(String(v)) }
    static func string(_ s: String) -> CppExpr { .literal(CppStringLiteral.quote(s)) }
}

/// The pieces of a `#pragma HLS` line: `#pragma HLS NAME opt=value flag ...`.
struct Pragma: Hashable, Sendable {
    enum Option: Hashable, Sendable {
        case value(String, String)
        case flag(String)
    }
    let name: String
    let options: [Option]
    init(_ name: String, _ options: [Option] = []) {
        self.name = name
        self.options = options
    }
}

/// How a declared variable is initialised.
enum CppInitializer: Hashable, Sendable {
    case none
    /// `= value`.
    case value(CppExpr)
    /// `= {a, b, c}`.
    case list([CppExpr])
    /// `(a, b)`: direct initialisation, e.g. of a `std::vector`.
    case constructor([CppExpr])
}

/// A variable or array declaration.
struct CppDeclaration: Hashable, Sendable {
    /// `const`, `static const`, or empty.
    var qualifiers: String = ""
    let type: CppType
    let name: String
    /// Array extents; empty for a scalar.
    var extents: [Int] = []
    var initializer: CppInitializer = .none
}

/// A labelled counted loop `label: for (int v = start; v < bound; ++v)`.
struct CppLoop: Hashable, Sendable {
    /// Empty for an unlabelled loop (allowed only outside kernels).
    let label: String
    let variable: String
    var start: Int = 0
    let bound: CppExpr
    let body: [CppStmt]
    /// Type of the counter (`int` in kernels; `long` for testbench repetition counts).
    var counter: CppType = .int
}

/// A C++ statement.
indirect enum CppStmt: Hashable, Sendable {
    case declare(CppDeclaration)
    case assign(CppExpr, CppExpr)
    /// An expression evaluated for its effect (a call).
    case expression(CppExpr)
    case loop(CppLoop)
    case branch(CppExpr, then: [CppStmt], otherwise: [CppStmt])
    case pragma(Pragma)
    case comment(String)
    case returnValue(CppExpr?)
    case blank
}

struct CppParameter: Hashable, Sendable {
    let type: CppType
    let name: String
    /// Declared as an array `T name[extent]` (an ap_memory port) instead of `type name`.
    var extent: Int? = nil
    var declaration: String { extent.map { "\(type.spelling) \(name)[\($0)]" } ?? "\(type.spelling) \(name)" }
}

/// A function definition.
struct CppFunction: Hashable, Sendable {
    /// Comment lines printed above the function.
    var comment: [String] = []
    /// Template parameter declarations, e.g. `typename T`.
    var templateParameters: [String] = []
    /// Leading specifiers: `extern "C"`, `static inline`, or empty.
    var specifiers: String = ""
    let returnType: CppType
    let name: String
    let parameters: [CppParameter]
    let body: [CppStmt]

    /// The declaration line without body, e.g. `extern "C" void f(float* x)`.
    var prototype: String {
        let params = parameters.map(\.declaration).joined(separator: ", ")
        let lead = specifiers.isEmpty ? "" : specifiers + " "
        return "\(lead)\(returnType.spelling) \(name)(\(params))"
    }
}

/// A file-level item.
indirect enum CppTopLevel: Hashable, Sendable {
    /// `// text` lines.
    case comment([String])
    /// `#include <x>` (system) or `#include "x"`.
    case include(String, system: Bool)
    /// Any other preprocessor line, e.g. `#ifndef X`.
    case preprocessor(String)
    case function(CppFunction)
    /// A function declaration `prototype;`.
    case declaration(CppFunction)
    case namespace(String, [CppTopLevel])
    /// Fixed library text (the testbench's file helpers), printed as given.
    case verbatim(String)
    case blank
}

/// A whole source file.
struct CppFile: Hashable, Sendable {
    let items: [CppTopLevel]
}

enum CppStringLiteral {
    /// A C++ string literal for `s` (names here are identifiers and paths: escape quotes and backslashes).
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(ch)
            }
        }
        return out + "\""
    }
}
