import HLSIR

/// Lowers the statements of one kernel body, attaching loop pragmas from the schedule.
struct StmtLowering {
    let design: Design
    let bound: BoundKernel
    var kernel: Kernel { bound.kernel }
    let exprs: ExprLowering
    let pragmas: PragmaBuilder
    var names: FreshNames

    mutating func block(_ stmts: [Stmt]) throws(EmitterError) -> [CppStmt] {
        var out: [CppStmt] = []
        for s in stmts { out += try statement(s) }
        return out
    }

    mutating func statement(_ s: Stmt) throws(EmitterError) -> [CppStmt] {
        switch s {
        case .bind(let v, let e):
            return [.declare(CppDeclaration(qualifiers: "const", type: CppTypes.type(v.type), name: v.name,
                                            initializer: .value(try exprs.convert(e, to: v.type))))]
        case .declare(let v, let e):
            return [.declare(CppDeclaration(type: CppTypes.type(v.type), name: v.name,
                                            initializer: .value(try exprs.convert(e, to: v.type))))]
        case .assign(let v, let e):
            return [.assign(.name(v.name), try exprs.convert(e, to: v.type))]
        case .store(let buffer, let indices, let value):
            guard let b = kernel.buffer(buffer) else {
                throw EmitterError("kernel \(kernel.name): store to unknown buffer \(buffer)")
            }
            return [.assign(.element(.name(buffer), indices.map(IndexLowering.lower)),
                            try exprs.convert(value, to: b.elementType))]
        case .branch(let c, let t, let o):
            return [.branch(try exprs.lower(c).expr, then: try block(t), otherwise: try block(o))]
        case .call(let callee, let arguments):
            return [.expression(try call(callee, arguments))]
        case .loop(let l):
            let body = pragmas.loop(bound.loop(l.name)).map(CppStmt.pragma) + (try block(l.body))
            return [.loop(CppLoop(label: l.name, variable: l.variable, bound: bound(l.bound), body: body))]
        case .reduce(let r):
            return try reduction(r)
        }
    }

    private func bound(_ b: Bound) -> CppExpr {
        switch b {
        case .constant(let n): return .int(n)
        case .runtime(let i, _): return IndexLowering.lower(i)
        }
    }

    // MARK: Calls

    private func call(_ callee: String, _ arguments: [CallArgument]) throws(EmitterError) -> CppExpr {
        guard let target = design.kernel(callee) else {
            throw EmitterError("kernel \(kernel.name): calls \(callee), which is not a kernel of design \(design.top)")
        }
        guard target.parameters.count == arguments.count else {
            throw EmitterError("kernel \(kernel.name): call to \(callee) passes \(arguments.count) arguments, expected \(target.parameters.count)")
        }
        var out: [CppExpr] = []
        for (p, a) in zip(target.parameters, arguments) {
            switch (p, a) {
            case (.buffer(let pn), .buffer(let an, let offset)):
                guard let source = kernel.buffer(an), let param = target.buffer(pn) else {
                    throw EmitterError("kernel \(kernel.name): call to \(callee) passes unknown buffer \(an)")
                }
                guard source.shape.count == 1 else {
                    throw EmitterError("kernel \(kernel.name): call to \(callee) passes \(an), which has \(source.shape.count) dimensions; only one-dimensional arrays can be passed")
                }
                let readOnly = source.tableValues != nil || source.direction == .input
                if readOnly && param.direction?.isWritten == true {
                    throw EmitterError("kernel \(kernel.name): call to \(callee) passes read-only \(an) as \(pn), which \(callee) writes")
                }
                let start = IndexLowering.lower(offset)
                out.append(start == .int(0) ? .name(an) : .binary(.add, .name(an), start))
            case (.scalar(let v), .scalar(let e)):
                out.append(try exprs.convert(e, to: v.type))
            case (.size, .index(let i)):
                out.append(IndexLowering.lower(i))
            default:
                throw EmitterError("kernel \(kernel.name): call to \(callee): argument for \(p.name) is of the wrong kind")
            }
        }
        return .call(callee, out)
    }

    // MARK: Reductions

    /// A reduction with lane count K from the schedule (docs/numerics.md, "Reductions").
    private mutating func reduction(_ r: Reduction) throws(EmitterError) -> [CppStmt] {
        let lanes = bound.loop(r.name).lanes
        let type = r.result.type
        let t = CppTypes.type(type)
        let acc = CppExpr.name(r.result.name)
        let initial = try exprs.convert(r.initial, to: type)
        let loopPragmas = pragmas.loop(bound.loop(r.name)).map(CppStmt.pragma)
        var body = loopPragmas + (try block(r.body))
        let value = try accumulatedValue(r, into: &body)

        if lanes == 1 {
            body.append(.assign(acc, accumulate(r.op, acc, value, type)))
            return [.declare(CppDeclaration(type: t, name: r.result.name, initializer: .value(initial))),
                    .loop(CppLoop(label: r.name, variable: r.variable, bound: bound(r.bound), body: body))]
        }

        let partials = names.make("\(r.name)_lane")
        let lane = names.make("lane")
        let unroll = CppStmt.pragma(Pragma("UNROLL"))
        let slot = CppExpr.element(.name(partials), [.binary(.mod, .name(r.variable), .int(lanes))])
        body.append(.assign(slot, accumulate(r.op, slot, value, type)))
        let partial = CppExpr.element(.name(partials), [.name(lane)])
        // Partial 0 starts at the initial value, the others at 0 for a sum (docs/numerics.md,
        // "Reductions"); a sum from 0 and max/min start every partial alike.
        let alike = r.partialsStartAlike(lanes: lanes)
        let rest = alike ? initial : try exprs.convert(Expr.constant(0, type), to: type)
        var start: [CppStmt] = [.loop(CppLoop(label: names.make("\(r.name)_init"), variable: lane, bound: .int(lanes),
                                             body: [unroll, .assign(partial, rest)]))]
        if !alike { start.append(.assign(.element(.name(partials), [.int(0)]), initial)) }
        return [
            .declare(CppDeclaration(type: t, name: partials, extents: [lanes])),
            .pragma(Pragma("ARRAY_PARTITION", [.value("variable", partials), .value("type", "complete"), .value("dim", "1")])),
        ] + start + [
            .loop(CppLoop(label: r.name, variable: r.variable, bound: bound(r.bound), body: body)),
            .declare(CppDeclaration(type: t, name: r.result.name, initializer: .value(.element(.name(partials), [.int(0)])))),
            .loop(CppLoop(label: names.make("\(r.name)_combine"), variable: lane, start: 1, bound: .int(lanes),
                          body: [unroll, .assign(acc, accumulate(r.op, acc, partial, type))])),
        ]
    }

    /// The per-iteration value, exactly typed. For max and min, which read it twice, a value
    /// that is not a plain name or element is first bound to a constant.
    private mutating func accumulatedValue(_ r: Reduction, into body: inout [CppStmt]) throws(EmitterError) -> CppExpr {
        let v = try exprs.exact(r.value)
        if r.op == .add { return v }
        switch v {
        case .name, .element: return v
        default:
            let temp = names.make("\(r.name)_value")
            body.append(.declare(CppDeclaration(qualifiers: "const", type: CppTypes.type(r.result.type), name: temp,
                                                initializer: .value(v))))
            return .name(temp)
        }
    }

    /// `acc ⊕ v` in the accumulator's type: `+` wraps or quantizes back into it (an explicit
    /// conversion); max is `v > acc ? v : acc`, min is `v < acc ? v : acc`.
    private func accumulate(_ op: ReductionOp, _ acc: CppExpr, _ v: CppExpr, _ type: ScalarType) -> CppExpr {
        switch op {
        case .add:
            if case .int(let t) = type, t.signed, CppTypes.isNativeInt(t), !CppTypes.promotesToInt(t) {
                // Signed overflow is undefined: add on the unsigned carrier, which wraps.
                let carrier = CppTypes.unsignedCarrier(t)
                return .cast(CppTypes.type(type), .binary(.add, .cast(carrier, acc), .cast(carrier, v)))
            }
            let sum = CppExpr.binary(.add, acc, v)
            return type == .float32 ? sum : .cast(CppTypes.type(type), sum)
        case .max: return .conditional(.binary(.gt, v, acc), v, acc)
        case .min: return .conditional(.binary(.lt, v, acc), v, acc)
        }
    }

}
