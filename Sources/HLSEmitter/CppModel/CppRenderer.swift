/// Prints the C++ model as text: 4-space indentation, one statement per line. It makes no
/// decisions about meaning; parentheses follow C++ precedence (and g++'s -Wparentheses).
enum CppRenderer {
    static let indentUnit = "    "
    static let listItemsPerLine = 8

    static func render(_ file: CppFile) -> String {
        var out = ""
        render(items: file.items, into: &out)
        return out
    }

    private static func render(items: [CppTopLevel], into out: inout String) {
        for item in items { render(item, into: &out) }
    }

    private static func render(_ item: CppTopLevel, into out: inout String) {
        switch item {
        case .comment(let lines):
            for l in lines { out += l.isEmpty ? "//\n" : "// \(l)\n" }
        case .include(let name, let system):
            out += system ? "#include <\(name)>\n" : "#include \"\(name)\"\n"
        case .preprocessor(let line):
            out += line + "\n"
        case .function(let f):
            renderHead(f, into: &out)
            out += " {\n"
            render(block: f.body, depth: 1, into: &out)
            out += "}\n"
        case .declaration(let f):
            renderHead(f, into: &out)
            out += ";\n"
        case .namespace(let name, let inner):
            out += "namespace \(name) {\n\n"
            render(items: inner, into: &out)
            out += "\n}  // namespace \(name)\n"
        case .verbatim(let text):
            out += text.hasSuffix("\n") ? text : text + "\n"
        case .blank:
            out += "\n"
        }
    }

    private static func renderHead(_ f: CppFunction, into out: inout String) {
        for l in f.comment { out += l.isEmpty ? "//\n" : "// \(l)\n" }
        if !f.templateParameters.isEmpty {
            out += "template <\(f.templateParameters.joined(separator: ", "))>\n"
        }
        out += f.prototype
    }

    // MARK: Statements

    static func render(block: [CppStmt], depth: Int, into out: inout String) {
        for s in block { render(s, depth: depth, into: &out) }
    }

    private static func render(_ s: CppStmt, depth: Int, into out: inout String) {
        let pad = String(repeating: indentUnit, count: depth)
        switch s {
        case .declare(let d):
            if case .list(let items) = d.initializer, items.count > listItemsPerLine {
                // Long tables: eight values a line.
                var head = d
                head.initializer = .none
                out += pad + declaration(head) + " = {\n"
                var i = 0
                while i < items.count {
                    let line = items[i..<min(i + listItemsPerLine, items.count)].map { expression($0) }
                    i += listItemsPerLine
                    out += pad + indentUnit + line.joined(separator: ", ") + (i < items.count ? ",\n" : "\n")
                }
                out += pad + "};\n"
            } else {
                out += pad + declaration(d) + ";\n"
            }
        case .assign(let lhs, let rhs):
            out += pad + expression(lhs) + " = " + expression(rhs) + ";\n"
        case .expression(let e):
            out += pad + expression(e) + ";\n"
        case .loop(let l):
            let head = "for (\(l.counter.spelling) \(l.variable) = \(l.start); \(l.variable) < \(expression(l.bound)); ++\(l.variable)) {\n"
            out += pad + (l.label.isEmpty ? "" : "\(l.label): ") + head
            render(block: l.body, depth: depth + 1, into: &out)
            out += pad + "}\n"
        case .branch(let c, let t, let o):
            out += pad + "if (\(expression(c))) {\n"
            render(block: t, depth: depth + 1, into: &out)
            if o.isEmpty {
                out += pad + "}\n"
            } else if o.count == 1, case .branch = o[0] {
                // `else if` chains stay flat.
                var nested = ""
                render(o[0], depth: depth, into: &nested)
                out += pad + "} else " + nested.dropFirst(pad.count)
            } else {
                out += pad + "} else {\n"
                render(block: o, depth: depth + 1, into: &out)
                out += pad + "}\n"
            }
        case .pragma(let p):
            out += pad + pragma(p) + "\n"
        case .comment(let text):
            out += pad + "// " + text + "\n"
        case .returnValue(let e):
            out += pad + (e.map { "return \(expression($0));" } ?? "return;") + "\n"
        case .blank:
            out += "\n"
        }
    }

    static func pragma(_ p: Pragma) -> String {
        var s = "#pragma HLS \(p.name)"
        for o in p.options {
            switch o {
            case .value(let k, let v): s += " \(k)=\(v)"
            case .flag(let f): s += " \(f)"
            }
        }
        return s
    }

    static func declaration(_ d: CppDeclaration) -> String {
        var s = d.qualifiers.isEmpty ? "" : d.qualifiers + " "
        s += d.type.spelling + " " + d.name
        for e in d.extents { s += "[\(e)]" }
        switch d.initializer {
        case .none: break
        case .value(let e): s += " = " + expression(e)
        case .list(let items): s += " = {" + items.map { expression($0) }.joined(separator: ", ") + "}"
        case .constructor(let args): s += "(" + args.map { expression($0) }.joined(separator: ", ") + ")"
        }
        return s
    }

    // MARK: Expressions

    static func expression(_ e: CppExpr) -> String {
        switch e {
        case .name(let n): return n
        case .literal(let l): return l
        case .element(let base, let idx):
            return operand(base) + idx.map { "[\(expression($0))]" }.joined()
        case .call(let f, let args):
            return f + "(" + args.map { expression($0) }.joined(separator: ", ") + ")"
        case .method(let base, let m, let args):
            return operand(base) + "." + m + "(" + args.map { expression($0) }.joined(separator: ", ") + ")"
        case .cast(let t, let x):
            return "(\(t.spelling))" + operand(x)
        case .prefix(let op, let x):
            return op + operand(x)
        case .binary(let op, let a, let b):
            return binaryOperand(a, of: op, right: false) + " \(op.rawValue) " + binaryOperand(b, of: op, right: true)
        case .conditional(let c, let a, let b):
            return branchOperand(c) + " ? " + branchOperand(a) + " : " + branchOperand(b)
        }
    }

    /// An operand of a prefix operator, cast or member access: parenthesised unless atomic.
    private static func operand(_ e: CppExpr) -> String {
        e.isAtomic ? expression(e) : "(" + expression(e) + ")"
    }

    private static func branchOperand(_ e: CppExpr) -> String {
        if case .conditional = e { return "(" + expression(e) + ")" }
        return expression(e)
    }

    private static func binaryOperand(_ e: CppExpr, of parent: CppBinaryOperator, right: Bool) -> String {
        let needsParentheses: Bool
        switch e {
        case .binary(let child, _, _):
            if parent.isArithmetic && child.isArithmetic {
                needsParentheses = right ? child.precedence <= parent.precedence : child.precedence < parent.precedence
            } else if [.lt, .le, .gt, .ge, .eq, .ne].contains(parent) && child.isArithmetic {
                needsParentheses = false
            } else {
                needsParentheses = true
            }
        case .conditional, .prefix:
            needsParentheses = true
        case .literal(let l):
            needsParentheses = l.hasPrefix("-")
        case .cast:
            needsParentheses = false
        case .name, .element, .call, .method:
            needsParentheses = false
        }
        return needsParentheses ? "(" + expression(e) + ")" : expression(e)
    }
}
