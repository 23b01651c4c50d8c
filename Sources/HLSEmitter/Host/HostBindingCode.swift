import HLSIR

/// The model-agnostic part of the emitted binding (host.cpp), built as C++ model items from
/// the kernels' argument roles: `kernels()`, every kernel with its scalar argument indices,
/// its output words per stage (device kernels) and its array arguments (index, role, element
/// type, count, the tensor or packed segments they hold), and for the C simulation one
/// `call_<symbol>` per kernel calling its C++ function on the host arrays.
struct HostBindingCode {
    let kernels: [HostKernel]
    /// The C++ function of each kernel in the C simulation, and the name of its variables:
    /// its top, or for the device roles of a split model (all named `device`) the symbol
    /// each role's kernel object exports instead (`device0_1`).
    var symbols: [String]
    /// The name of each kernel's variable in `kernels()` (`k_<name>`): its symbol, or for the
    /// devices of a split model (several of one role) `device<e>`.
    var variables: [String]

    init(kernels: [HostKernel], symbols: [String]? = nil, variables: [String]? = nil) {
        self.kernels = kernels
        self.symbols = symbols ?? kernels.map(\.top)
        self.variables = variables ?? self.symbols
    }

    var items: [CppTopLevel] {
        var out: [CppTopLevel] = [.preprocessor("#ifdef HLSGEN_CSIM")]
        var called: Set<String> = []
        for (k, symbol) in zip(kernels, symbols) where called.insert(symbol).inserted { out += [.function(call(k, symbol: symbol)), .blank] }
        out += [.function(attachCalls(csim: true)), .preprocessor("#else"), .function(attachCalls(csim: false)),
                .preprocessor("#endif"), .blank, .function(kernelList)]
        return out
    }

    /// `kernels()`.
    var kernelList: CppFunction {
        var body: [CppStmt] = [.declare(CppDeclaration(type: CppType("std::vector<hlsgen::KernelInterface>"), name: "list"))]
        for (k, name) in zip(kernels, variables) {
            let v = "k_\(name)"
            body.append(.declare(CppDeclaration(type: CppType("hlsgen::KernelInterface"), name: v)))
            body.append(.assign(.name("\(v).name"), .string(k.top)))
            for a in k.arguments {
                switch a.role {
                case .token: body.append(.assign(.name("\(v).token_argument"), .int(a.index)))
                case .position:
                    body.append(.assign(.name("\(v).pos_argument"), .int(a.index)))
                    body.append(.assign(.name("\(v).max_pos"), .int(a.count)))
                case .blockLast:
                    body.append(.assign(.name("\(v).last_argument"), .int(a.index)))
                    body.append(.assign(.name("\(v).block"), .int(a.count + 1)))
                case .stage: body.append(.assign(.name("\(v).stage_argument"), .int(a.index)))
                case .layer: body.append(.assign(.name("\(v).layer_argument"), .int(a.index)))
                case .stageOutput(let words):
                    body.append(.assign(.name("\(v).output_words"), .literal("{" + words.map(String.init).joined(separator: ", ") + "}")))
                default: break
                }
            }
            for a in k.arrays {
                var args: [CppExpr] = [.int(a.index), .string(a.name), .name("hlsgen::ArrayRole::\(Self.role(a.role))"),
                                       .name(a.elementType == .int8 ? "hlsgen::ElementType::int8" : "hlsgen::ElementType::float32"),
                                       .int(a.count)]
                switch a.role {
                case .weights(let t): args.append(.string(t.key))
                case .gathered(let t, _): args += [.string(t.key), .int(t.columns)]
                default: break
                }
                body.append(.expression(.method(.name("\(v).arrays"), "push_back", [.call("hlsgen::array_argument", args)])))
                if case .packed = a.role, let packing = k.packing[a.name] {
                    for seg in packing.segments {
                        body.append(.expression(.method(.name("\(v).arrays.back().segments"), "push_back", [
                            .call("hlsgen::segment", [.string(seg.source), .int(seg.start), .int(seg.count)]),
                        ])))
                    }
                }
            }
            body.append(.expression(.method(.name("list"), "push_back", [.name(v)])))
        }
        body.append(.expression(.call("attach_calls", [.name("list")])))
        body.append(.returnValue(.name("list")))
        let names = kernels.map(\.top).joined(separator: ", ")
        return CppFunction(comment: ["The kernels (\(names)) with their arguments, as the design's argument roles state them."],
                           returnType: CppType("std::vector<hlsgen::KernelInterface>"), name: "kernels", parameters: [], body: body)
    }

    /// `attach_calls(list)`: in the C simulation each kernel's call of its C++ function; in the
    /// XRT build nothing (the kernels run on the device).
    func attachCalls(csim: Bool) -> CppFunction {
        let body: [CppStmt] = csim
            ? symbols.enumerated().map { i, symbol in .assign(.name("list[\(i)].call"), .name("call_\(symbol)")) }
            : [.comment("The XRT build launches the kernels on the device.")]
        return CppFunction(comment: [csim ? "C simulation: every kernel runs as its C++ function, in-process." : "XRT: no C++ kernel functions."],
                           returnType: .void, name: "attach_calls",
                           parameters: [CppParameter(type: CppType("std::vector<hlsgen::KernelInterface>&"), name: csim ? "list" : "/*list*/")],
                           body: body)
    }

    /// `call_<symbol>(s, a)`: the C-simulation call of the kernel function `symbol`.
    func call(_ k: HostKernel, symbol: String) -> CppFunction {
        let args: [CppExpr] = k.arguments.map { a in
            switch a.role {
            case .token: return .name("s.token")
            case .position: return .name("s.pos")
            case .blockLast: return .name("s.last")
            case .stage: return .name("s.stage")
            case .layer: return .name("s.layer")
            default: return .method(.name("a"), a.elementType == .int8 ? "int8s" : "floats", [.string(a.name)])
            }
        }
        return CppFunction(comment: ["C simulation: one call of \(symbol) on the host arrays."],
                           returnType: .void, name: "call_\(symbol)",
                           parameters: [CppParameter(type: CppType("const hlsgen::Scalars&"), name: "s"),
                                        CppParameter(type: CppType("hlsgen::HostArrays&"), name: "a")],
                           body: [.expression(.call(symbol, args))])
    }

    private static func role(_ r: ArgumentRole) -> String {
        switch r {
        case .logits: return "logits"
        case .cache: return "cache"
        case .packed: return "packed"
        case .gathered: return "gathered"
        case .stageInput: return "input"
        case .stageOutput: return "output"
        case .residual: return "state"
        default: return "weights"
        }
    }
}
