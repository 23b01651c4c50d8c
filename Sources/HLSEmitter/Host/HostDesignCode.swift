import HLSIR

/// The design-specific part of host.cpp, built as C++ model items: the dimensions the
/// accelerator was generated for, the initial run state, the binding of every array argument
/// to its host array, and (for the C simulation) the in-process kernel call. The fixed rest of
/// the program is Templates/host/host.cpp.template.
struct HostDesignCode {
    let interface: ForwardInterface

    var items: [CppTopLevel] {
        [
            .comment(["---------------------------------------------------------------------------------------------",
                      "Design \(interface.top) (generated from its top kernel)"]),
            .blank, .function(designInfo), .blank, .function(packArguments), .blank, .function(initialState), .blank,
            .function(kernelArrays), .blank,
            .preprocessor("#ifdef HLSGEN_CSIM"), .function(kernelCall), .preprocessor("#endif"),
        ]
    }

    /// `design_info()`: the checkpoint dimensions, weight format and scalar argument indices.
    var designInfo: CppFunction {
        let s = interface.shape
        var body: [CppStmt] = [.declare(CppDeclaration(type: CppType("DesignInfo"), name: "d"))]
        let fields: [(String, Int)] = [("dim", s.dim), ("hidden_dim", s.hiddenDim), ("n_layers", s.layers),
                                       ("n_heads", s.heads), ("n_kv_heads", s.kvHeads), ("vocab_size", s.vocab),
                                       ("seq_len", s.seqLen)]
        for (field, value) in fields { body.append(.assign(.name("d.shape.\(field)"), .int(value))) }
        body.append(.assign(.name("d.quantized"), .literal(interface.groupSize == nil ? "false" : "true")))
        body.append(.assign(.name("d.group_size"), .int(interface.groupSize ?? 0)))
        body.append(.assign(.name("d.token_argument"), .int(interface.argument(.token)!.index)))
        body.append(.assign(.name("d.pos_argument"), .int(interface.argument(.position)!.index)))
        body.append(.returnValue(.name("d")))
        let format = interface.groupSize.map { "Q8_0 weights, group size \($0)" } ?? "float weights"
        return CppFunction(comment: ["The model dimensions and weight format (\(format)) \(interface.top) was generated for."],
                           specifiers: "static", returnType: CppType("DesignInfo"), name: "design_info",
                           parameters: [], body: body)
    }

    /// `pack_arguments(w)`: fills the packed arguments (`Design.packing`) from the tensors,
    /// segment by segment; nothing for a design whose arguments hold one tensor each.
    var packArguments: CppFunction {
        var body: [CppStmt] = []
        for a in interface.arrays {
            guard case .packed(let p) = a.role else { continue }
            let target = hostArray(a)
            body.append(.expression(.method(target, "reserve", [.int(p.count)])))
            for seg in p.segments {
                body.append(.expression(.call("append_slice", [target, .name(Self.tensor(seg.source)), .int(seg.start),
                                                               .int(seg.count), .string(seg.source)])))
            }
        }
        if body.isEmpty {
            body = [.comment("Every argument of \(interface.top) holds one tensor: nothing to pack."),
                    .expression(.literal("static_cast<void>(w)"))]
        }
        let names = interface.arrays.filter { if case .packed = $0.role { return true } else { return false } }.map(\.name)
        let comment = names.isEmpty
            ? ["The packed arguments of \(interface.top): none."]
            : ["The packed arguments of \(interface.top) (\(names.joined(separator: ", "))): slices of the matrices back to back."]
        return CppFunction(comment: comment, specifiers: "static", returnType: .void, name: "pack_arguments",
                           parameters: [CppParameter(type: CppType("ModelWeights&"), name: "w")], body: body)
    }

    /// The host tensor a packed segment reads: `wq_q` → `w.wq.q`, `wq_s` → `w.wq.s`, `wq` → `w.wq.values`.
    static func tensor(_ source: String) -> String {
        if source.hasSuffix("_q") { return "w.\(source.dropLast(2)).q" }
        if source.hasSuffix("_s") { return "w.\(source.dropLast(2)).s" }
        return "w.\(source).values"
    }

    /// `initial_state()`: zeroed logits and KV cache of the kernel's sizes.
    var initialState: CppFunction {
        var body: [CppStmt] = [.declare(CppDeclaration(type: CppType("RunState"), name: "s"))]
        for a in interface.arrays where a.role == .output || a.role == .cache {
            body.append(.expression(.method(hostArray(a), "assign", [.int(a.count), .literal("0.0f")])))
        }
        body.append(.returnValue(.name("s")))
        return CppFunction(comment: ["The arrays \(interface.top) writes, zeroed: logits and the KV cache."],
                           specifiers: "static", returnType: CppType("RunState"), name: "initial_state",
                           parameters: [], body: body)
    }

    /// `kernel_arrays(w, s)`: every array argument with its index, role, host data and count.
    var kernelArrays: CppFunction {
        var body: [CppStmt] = [.declare(CppDeclaration(type: CppType("std::vector<KernelArray>"), name: "arrays"))]
        for a in interface.arrays {
            body.append(.expression(.method(.name("arrays"), "push_back", [
                .call("kernel_array", [.int(a.index), .string(a.name), .name(Self.role(a.role)), hostArray(a), .int(a.count)]),
            ])))
        }
        body.append(.returnValue(.name("arrays")))
        return CppFunction(comment: ["The array arguments of \(interface.top) in argument order, bound to their host arrays."],
                           specifiers: "static", returnType: CppType("std::vector<KernelArray>"), name: "kernel_arrays",
                           parameters: [CppParameter(type: CppType("ModelWeights&"), name: "w"),
                                        CppParameter(type: CppType("RunState&"), name: "s")],
                           body: body)
    }

    /// `call_kernel(token, pos, w, s)`: the C-simulation call of the kernel function.
    var kernelCall: CppFunction {
        let args: [CppExpr] = interface.arguments.map { a in
            switch a.role {
            case .token: return .name("token")
            case .position: return .name("pos")
            default: return .method(hostArray(a), "data", [])
            }
        }
        return CppFunction(comment: ["C simulation: one call of \(interface.top) for token at position pos."],
                           specifiers: "static", returnType: .void, name: "call_kernel",
                           parameters: [CppParameter(type: .int, name: "token"), CppParameter(type: .int, name: "pos"),
                                        CppParameter(type: CppType("ModelWeights&"), name: "w"),
                                        CppParameter(type: CppType("RunState&"), name: "s")],
                           body: [.expression(.call(interface.top, args))])
    }

    /// The host array (a `std::vector`) that holds an argument's data.
    private func hostArray(_ a: ForwardInterface.Argument) -> CppExpr {
        switch a.role {
        case .output: return .name("s.\(a.name)")
        case .cache: return .name("s.caches[\"\(a.name)\"]")
        case .floatWeights:
            return .name(ForwardInterface.matrices.contains(a.name) ? "w.\(a.name).values" : "w.\(a.name)")
        case .quantizedValues(let m): return .name("w.\(m).q")
        case .quantizedScales(let m): return .name("w.\(m).s")
        case .packed: return .name(a.elementType == .int8 ? "w.packed_q[\"\(a.name)\"]" : "w.packed_f[\"\(a.name)\"]")
        case .token, .position: return .name(a.name)
        }
    }

    private static func role(_ r: ForwardInterface.Role) -> String {
        switch r {
        case .output: return "ArrayRole::output"
        case .cache: return "ArrayRole::cache"
        default: return "ArrayRole::weights"
        }
    }
}
