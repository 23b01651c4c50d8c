/// Structural and type checks of kernels and designs, run before any reader sees them.
public enum KernelValidator {
    /// Problems in one kernel; `callees` maps names of kernels it may call.
    public static func problems(in k: Kernel, callees: [String: Kernel], profile: MathProfile = .libm) -> [String] {
        var c = Checker(kernel: k, callees: callees, profile: profile)
        for b in k.buffers { c.check(buffer: b) }
        var scope = Scope()
        for p in k.parameters {
            switch p {
            case .buffer(let n):
                if k.buffer(n)?.isArgument != true { c.report("parameter \(n) is not an argument buffer") }
            case .scalar(let v):
                if let t = v.type.problem { c.report("scalar \(v.name): \(t)") }
                scope.values[v.name] = v.type
            case .size(let n, let m):
                if m < 1 { c.report("size \(n) has maximum \(m); expected at least 1") }
                scope.sizes.insert(n)
            }
        }
        c.check(block: k.body, scope: &scope)
        return c.problems
    }

    /// Problems in a whole design: every kernel, the call graph and the top kernel.
    public static func problems(in d: Design) -> [String] {
        var out: [String] = []
        var seen: [String: Kernel] = [:]
        for k in d.kernels {
            if seen[k.name] != nil { out.append("design \(d.top): kernel \(k.name) appears twice") }
            out += problems(in: k, callees: seen, profile: d.profile)
            seen[k.name] = k
        }
        if seen[d.top] == nil { out.append("design \(d.top): no kernel named \(d.top)") } else { out += ArgumentRoleValidator.problems(in: d) }
        return out
    }

    public static func validate(_ d: Design) throws(DesignError) {
        let p = problems(in: d)
        if !p.isEmpty { throw DesignError(p) }
    }
}

private struct Scope {
    var values: [String: ScalarType] = [:]
    var mutable: Set<String> = []
    var sizes: Set<String> = []
    var loopVars: Set<String> = []
}

private struct Checker {
    let kernel: Kernel
    let callees: [String: Kernel]
    let profile: MathProfile
    var problems: [String] = []
    /// The labels of the loops and reductions around the statement being checked.
    var enclosing: [String] = []
    /// The statement whose expressions are being checked (`bind t`, `store to y`, ...).
    var statement = ""

    init(kernel: Kernel, callees: [String: Kernel], profile: MathProfile) {
        self.kernel = kernel
        self.callees = callees
        self.profile = profile
    }

    /// A problem, after the kernel and the loops around it: `kernel k: loop act: <problem>`.
    mutating func report(_ s: String) {
        problems.append((["kernel \(kernel.name)"] + enclosing.map { "loop \($0)" } + [s]).joined(separator: ": "))
    }

    /// A problem inside an expression, naming its statement too: `kernel k: loop act: bind t: <problem>`.
    mutating func reportInExpression(_ s: String) {
        report(statement.isEmpty ? s : "\(statement): \(s)")
    }

    /// Checks `e` as part of `statement`.
    mutating func check(expr e: Expr, in statement: String, scope: Scope) {
        self.statement = statement
        check(expr: e, scope: scope)
        self.statement = ""
    }

    mutating func check(buffer b: Buffer) {
        if let t = b.elementType.problem { report("buffer \(b.name): \(t)") }
        if b.elementType == .bool && b.isArgument { report("buffer \(b.name): bool arrays cannot be arguments") }
        if b.shape.isEmpty || b.shape.contains(where: { $0 < 1 }) {
            report("buffer \(b.name) has shape \(b.shape); expected positive extents")
        }
        if b.isArgument && b.shape.count != 1 { report("argument \(b.name) must be one-dimensional") }
        if let v = b.tableValues {
            for x in v {
                if case .invalid(let m) = Expr.constant(x, b.elementType).node {
                    report("table \(b.name): \(m)")
                    break
                }
            }
        }
    }

    mutating func check(block: [Stmt], scope: inout Scope) {
        for s in block { check(stmt: s, scope: &scope) }
    }

    mutating func check(stmt: Stmt, scope: inout Scope) {
        switch stmt {
        case .loop(let l):
            check(bound: l.bound, label: l.name, scope: scope)
            var inner = scope
            if scope.loopVars.contains(l.variable) || scope.values[l.variable] != nil {
                report("loop \(l.name): index name \(l.variable) shadows another name")
            }
            inner.loopVars.insert(l.variable)
            enclosing.append(l.name)
            check(block: l.body, scope: &inner)
            enclosing.removeLast()
        case .reduce(let r):
            check(bound: r.bound, label: r.name, scope: scope)
            if let t = r.result.type.problem { report("reduction \(r.name): \(t)") }
            if r.result.type == .bool { report("reduction \(r.name): bool reductions are not supported") }
            check(expr: r.initial, in: "reduction \(r.name) initial value", scope: scope)
            if r.initial.type != r.result.type && !r.initial.isInvalid {
                report("reduction \(r.name): initial value has type \(r.initial.type), expected \(r.result.type)")
            }
            var inner = scope
            inner.loopVars.insert(r.variable)
            enclosing.append(r.name)
            check(block: r.body, scope: &inner)
            enclosing.removeLast()
            check(expr: r.value, in: "reduction \(r.name) value", scope: inner)
            if r.value.type != r.result.type && !r.value.isInvalid {
                report("reduction \(r.name): body value has type \(r.value.type), expected \(r.result.type)")
            }
            scope.values[r.result.name] = r.result.type
        case .bind(let v, let e):
            check(expr: e, in: "bind \(v.name)", scope: scope)
            scope.values[v.name] = v.type
        case .declare(let v, let e):
            check(expr: e, in: "variable \(v.name)", scope: scope)
            scope.values[v.name] = v.type
            scope.mutable.insert(v.name)
        case .assign(let v, let e):
            check(expr: e, in: "assignment to \(v.name)", scope: scope)
            if !scope.mutable.contains(v.name) { report("assignment to \(v.name), which is not a mutable local in scope; expected a variable declared with k.variable") }
            if !e.isInvalid { checkConvertible(e.type, to: v.type, what: "assignment to \(v.name)") }
        case .store(let name, let idx, let e):
            check(expr: e, in: "store to \(name)", scope: scope)
            guard let b = kernel.buffer(name) else { report("store to unknown buffer \(name)"); return }
            if b.direction == .input { report("store to input buffer \(name); expected an output or inout buffer (declare it with inputOutput)") }
            if b.tableValues != nil { report("store to constant table \(name); expected a local array (tables are read-only)") }
            check(indices: idx, of: b, scope: scope)
            if !e.isInvalid { checkConvertible(e.type, to: b.elementType, what: "store to \(name)") }
        case .branch(let c, let t, let o):
            check(expr: c, in: "if condition", scope: scope)
            if c.type != .bool { report("if condition has type \(c.type), expected bool") }
            var st = scope, so = scope
            check(block: t, scope: &st)
            check(block: o, scope: &so)
        case .call(let callee, let args):
            for a in args {
                switch a {
                case .scalar(let e): check(expr: e, in: "call to \(callee)", scope: scope)
                case .index(let i): check(index: i, scope: scope)
                case .buffer(let n, let off):
                    check(index: off, scope: scope)
                    if kernel.buffer(n) == nil { report("call to \(callee) passes unknown buffer \(n)") }
                }
            }
            guard let k = callees[callee] else { report("calls unknown kernel \(callee)"); return }
            guard k.parameters.count == args.count else {
                report("call to \(callee) passes \(args.count) arguments, expected \(k.parameters.count)")
                return
            }
            for (p, a) in zip(k.parameters, args) {
                switch (p, a) {
                case (.buffer(let pn), .buffer(let an, _)):
                    if let pb = k.buffer(pn), let ab = kernel.buffer(an), pb.elementType != ab.elementType {
                        report("call to \(callee): buffer \(an) has type \(ab.elementType), parameter \(pn) expects \(pb.elementType)")
                    }
                case (.scalar(let v), .scalar(let e)):
                    if v.type != e.type { report("call to \(callee): \(v.name) expects \(v.type), got \(e.type)") }
                case (.size, .index): break
                default: report("call to \(callee): argument for \(p.name) is of the wrong kind")
                }
            }
        }
    }

    mutating func checkConvertible(_ from: ScalarType, to: ScalarType, what: String) {
        if from == to { return }
        if from.fixedType != nil && to.fixedType != nil { return }
        report("\(what): value has type \(from), expected \(to); cast it")
    }

    mutating func check(bound: Bound, label: String, scope: Scope) {
        switch bound {
        case .constant(let n):
            if n < 0 { report("loop \(label) has trip count \(n); expected at least 0") }
        case .runtime(let i, let m):
            check(index: i, scope: scope)
            if m < 1 { report("loop \(label) has maximum trip count \(m); expected at least 1") }
        }
    }

    mutating func check(index: Index, scope: Scope) {
        for v in index.loopVars where !scope.loopVars.contains(v) { report("index uses \(v), which is not an enclosing loop") }
        for p in index.params where !scope.sizes.contains(p) { report("index uses \(p), which is not a size parameter") }
        check(indexDivisors: index)
    }

    mutating func check(indexDivisors i: Index) {
        switch i {
        case .div(let a, let c), .mod(let a, let c):
            if c < 1 { report("index divides by \(c); expected a positive constant") }
            check(indexDivisors: a)
        case .add(let a, let b), .sub(let a, let b), .mul(let a, let b):
            check(indexDivisors: a)
            check(indexDivisors: b)
        default: break
        }
    }

    mutating func check(indices: [Index], of b: Buffer, scope: Scope) {
        if indices.count != b.shape.count {
            report("buffer \(b.name) has \(b.shape.count) dimension(s), accessed with \(indices.count) index(es)")
        }
        for i in indices { check(index: i, scope: scope) }
    }

    mutating func check(expr: Expr, scope: Scope) {
        if let p = expr.type.problem { reportInExpression(p) }
        switch expr.node {
        case .invalid(let m): reportInExpression(m)
        case .variable(let v):
            if scope.values[v.name] != v.type { reportInExpression("\(v.name) is used outside its scope") }
        case .load(let n, let idx):
            guard let b = kernel.buffer(n) else { reportInExpression("load from unknown buffer \(n)"); return }
            if b.direction == .output { reportInExpression("load from output buffer \(n); declare it inout") }
            check(indices: idx, of: b, scope: scope)
        case .index(let i): check(index: i, scope: scope)
        case .math(let f, _):
            if profile == .exact {
                reportInExpression("\(f.rawValue) is a libm call, not allowed in the exact profile (use ExactMath)")
            }
        case .binary(let op, _, let b):
            if op == .shl || op == .shr {
                if case .intConst(let s) = b.node, let t = expr.type.intType, s >= 0, s < t.width {} else {
                    reportInExpression("shift amount must be a constant in 0..<width")
                }
            }
        default: break
        }
        for c in expr.children { check(expr: c, scope: scope) }
    }
}

extension Expr {
    /// True for a malformed expression, whose problem is reported once where it is (its type
    /// is a placeholder, so no follow-on type mismatch is reported).
    var isInvalid: Bool {
        if case .invalid = node { return true }
        return false
    }
}
