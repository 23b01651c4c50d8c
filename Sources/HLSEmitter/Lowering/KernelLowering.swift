import HLSIR

/// Lowers one kernel of a design to a C++ function: signature, function pragmas (INTERFACE
/// for the top kernel), local arrays and tables with their pragmas, then the body.
struct KernelLowering {
    let design: BoundDesign
    let helpers: HelperUsage

    func function(_ bound: BoundKernel) throws(EmitterError) -> CppFunction {
        let k = bound.kernel
        try checkNames(k)
        let isTop = bound.isTop
        let pragmas = PragmaBuilder()
        var head: [CppStmt] = []
        if isTop { head += pragmas.interfaces(of: bound).map(CppStmt.pragma) }
        head += pragmas.function(bound).map(CppStmt.pragma)

        var locals: [CppStmt] = []
        let exprs = ExprLowering(kernel: k, helpers: helpers)
        for b in k.buffers where !b.isArgument {
            locals.append(.declare(try declaration(of: b, exprs: exprs)))
            locals += pragmas.buffer(bound.buffer(b.name)).map(CppStmt.pragma)
        }

        var statements = StmtLowering(design: design.design, bound: bound, exprs: exprs, pragmas: pragmas,
                                      names: FreshNames(taken: CppNames.declared(in: k).union(design.design.kernels.map(\.name))))
        let body = try statements.block(k.body)

        var all: [CppStmt] = []
        for group in [head, locals, body] where !group.isEmpty {
            if !all.isEmpty { all.append(.blank) }
            all += group
        }
        return CppFunction(comment: [], specifiers: isTop ? "extern \"C\"" : "", returnType: .void,
                           name: k.name, parameters: try parameters(of: k), body: all)
    }

    /// Array arguments are pointers (`const T*` when only read; sized arrays for ap_memory
    /// ports of the top kernel), scalars are values, sizes `int`.
    func parameters(of k: Kernel) throws(EmitterError) -> [CppParameter] {
        try k.parameters.map { (p) throws(EmitterError) -> CppParameter in
            switch p {
            case .buffer(let n):
                guard let b = k.buffer(n), let d = b.direction else {
                    throw EmitterError("kernel \(k.name): parameter \(n) is not an argument buffer")
                }
                if k.name == design.top, design.topKernel.buffer(n).interfaceMode == .ap_memory {
                    // An ap_memory port is a sized array, so it can be partitioned.
                    let t = CppTypes.type(b.elementType)
                    return CppParameter(type: d == .input ? CppType("const " + t.spelling) : t, name: n, extent: b.count)
                }
                return CppParameter(type: CppTypes.type(b.elementType).pointer(const: d == .input), name: n)
            case .scalar(let v):
                return CppParameter(type: CppTypes.type(v.type), name: v.name)
            case .size(let n, _):
                return CppParameter(type: .int, name: n)
            }
        }
    }

    /// `T name[a][b];` for a local array, `static const T name[N] = {...};` for a table.
    private func declaration(of b: Buffer, exprs: ExprLowering) throws(EmitterError) -> CppDeclaration {
        let t = CppTypes.type(b.elementType)
        guard let values = b.tableValues else { return CppDeclaration(type: t, name: b.name, extents: b.shape) }
        var items: [CppExpr] = []
        items.reserveCapacity(values.count)
        for v in values {
            let c = Expr.constant(v, b.elementType)
            if case .invalid(let m) = c.node { throw EmitterError("table \(b.name): \(m)") }
            items.append(try exprs.lower(c).expr)
        }
        return CppDeclaration(qualifiers: "static const", type: t, name: b.name, extents: [values.count],
                              initializer: .list(items))
    }

    private func checkNames(_ k: Kernel) throws(EmitterError) {
        for name in [k.name] + CppNames.declared(in: k).sorted() {
            if let p = CppNames.problem(name) { throw EmitterError("kernel \(k.name): \(p)") }
        }
        // A value with the name of a function it calls (or of the kernel itself, which the
        // testbench calls next to variables named after the parameters) would hide it.
        let values = CppNames.values(in: k)
        for callee in CppNames.callees(of: k).union([k.name]).sorted() where values.contains(callee) {
            throw EmitterError("kernel \(k.name): the name \(callee) is both a function and a value; rename one")
        }
    }
}
