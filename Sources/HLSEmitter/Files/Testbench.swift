import HLSIR

/// The C-simulation testbench: for each top-kernel parameter in order it reads
/// `<dir>/<name>.bin` (arrays of every direction, scalars as one element, sizes as one int32),
/// calls the top function once, and writes `<dir>/<name>.out.bin` for every output and inout
/// array. An optional repetition count N (benchmarks) calls the top function N more times
/// after the first call, timed, and prints `hlsgen_tb: <top> calls=N ns_per_call=X`; the
/// outputs written are then those of the last call.
enum Testbench {
    /// Name of the function that runs one design on one folder.
    static func runnerName(_ top: String) -> String { "hlsgen_run_\(top)" }

    /// `static int hlsgen_run_<top>(const std::string& hlsgen_dir, long hlsgen_repetitions)`
    /// (prefixed names cannot collide with kernel parameters): 0 on success,
    /// 1 after printing one line on stderr.
    static func runner(for design: Design, callee: String) throws(EmitterError) -> CppFunction {
        let top = design.topKernel
        let dir = CppExpr.name("hlsgen_dir")
        var body: [CppStmt] = []
        var callArguments: [CppExpr] = []
        let failure = [CppStmt.returnValue(.int(1))]
        func load(_ name: String, _ pointer: CppExpr, count: Int, width: Int) -> CppStmt {
            .branch(.prefix("!", .call("hlsgen_load", [dir, .string(name), pointer, .int(count), .int(width)])),
                    then: failure, otherwise: [])
        }
        for p in top.parameters {
            switch p {
            case .buffer(let n):
                guard let b = top.buffer(n) else { throw EmitterError("kernel \(top.name): parameter \(n) has no buffer") }
                let t = CppTypes.type(b.elementType)
                body.append(.declare(CppDeclaration(type: CppType("std::vector<\(t.spelling)>"), name: n,
                                                    initializer: .constructor([.int(b.count)]))))
                body.append(load(n, .method(.name(n), "data", []), count: b.count, width: b.elementType.storageBytes))
                callArguments.append(.method(.name(n), "data", []))
            case .scalar(let v):
                body.append(.declare(CppDeclaration(type: CppTypes.type(v.type), name: v.name,
                                                    initializer: .value(zero(v.type)))))
                body.append(load(v.name, .prefix("&", .name(v.name)), count: 1, width: v.type.storageBytes))
                callArguments.append(.name(v.name))
            case .size(let n, _):
                body.append(.declare(CppDeclaration(type: .int, name: n, initializer: .value(.int(0)))))
                body.append(load(n, .prefix("&", .name(n)), count: 1, width: 4))
                callArguments.append(.name(n))
            }
        }
        let call = CppStmt.expression(.call(callee, callArguments))
        body.append(call)
        body.append(.branch(.binary(.gt, .name("hlsgen_repetitions"), .int(0)), then: [
            .declare(CppDeclaration(qualifiers: "const", type: CppType("auto"), name: "hlsgen_start",
                                    initializer: .value(.call("std::chrono::steady_clock::now", [])))),
            .loop(CppLoop(label: "", variable: "hlsgen_rep", bound: .name("hlsgen_repetitions"), body: [call], counter: CppType("long"))),
            .declare(CppDeclaration(qualifiers: "const", type: CppType("auto"), name: "hlsgen_stop",
                                    initializer: .value(.call("std::chrono::steady_clock::now", [])))),
            .expression(.call("hlsgen_report_time", [.string(top.name), .name("hlsgen_repetitions"), .name("hlsgen_start"), .name("hlsgen_stop")])),
        ], otherwise: []))
        for case .buffer(let n) in top.parameters {
            guard let b = top.buffer(n), b.direction?.isWritten == true else { continue }
            body.append(.branch(.prefix("!", .call("hlsgen_store", [dir, .string(n), .method(.name(n), "data", []),
                                                                   .int(b.count), .int(b.elementType.storageBytes)])),
                                then: failure, otherwise: []))
        }
        body.append(.returnValue(.int(0)))
        return CppFunction(comment: ["Runs \(top.name) once on the argument files in hlsgen_dir and writes its outputs there."],
                           specifiers: "static", returnType: .int, name: runnerName(top.name),
                           parameters: [CppParameter(type: CppType("const std::string&"), name: "hlsgen_dir"),
                                        CppParameter(type: CppType("long"), name: "hlsgen_repetitions")], body: body)
    }

    /// `main(argc, argv)` that runs each design on `argv[1]`, or on `argv[1]/<top>` when
    /// `subfolders` is set, with the optional repetition count `argv[2]`; exits 1 at the
    /// first failure.
    static func main(runs: [(top: String, runner: String)], subfolders: Bool) -> CppFunction {
        let usage = subfolders ? "usage: %s <root folder holding one folder per design> [repetitions]\\n"
            : "usage: %s <folder with the argument files> [repetitions]\\n"
        let badCount = CppExpr.binary(.logicalAnd, .binary(.eq, .name("argc"), .int(3)),
                                      .binary(.lt, .name("repetitions"), .int(1)))
        var body: [CppStmt] = [
            .declare(CppDeclaration(qualifiers: "const", type: CppType("long"), name: "repetitions",
                                    initializer: .value(.conditional(.binary(.eq, .name("argc"), .int(3)),
                                                                     .call("strtol", [.element(.name("argv"), [.int(2)]), .name("nullptr"), .int(10)]),
                                                                     .int(0))))),
            .branch(.binary(.logicalOr, .binary(.logicalOr, .binary(.lt, .name("argc"), .int(2)), .binary(.gt, .name("argc"), .int(3))), badCount),
                    then: [.expression(.call("fprintf", [.name("stderr"), .literal("\"\(usage)\""), .element(.name("argv"), [.int(0)])])),
                           .returnValue(.int(1))],
                    otherwise: []),
            .declare(CppDeclaration(qualifiers: "const", type: CppType("std::string"), name: "root",
                                    initializer: .value(.element(.name("argv"), [.int(1)])))),
        ]
        for r in runs {
            let dir: CppExpr = subfolders ? .binary(.add, .name("root"), .string("/" + r.top)) : .name("root")
            body.append(.branch(.binary(.ne, .call(r.runner, [dir, .name("repetitions")]), .int(0)), then: [.returnValue(.int(1))], otherwise: []))
        }
        body.append(.returnValue(.int(0)))
        return CppFunction(returnType: .int, name: "main",
                           parameters: [CppParameter(type: .int, name: "argc"), CppParameter(type: CppType("char**"), name: "argv")],
                           body: body)
    }

    /// Testbench-side includes and the support routines (with the ap conversions when needed).
    static func support(apTypes: Bool) -> [CppTopLevel] {
        [.include("chrono", system: true), .include("cstdio", system: true), .include("cstdlib", system: true),
         .include("cstring", system: true), .include("string", system: true), .include("vector", system: true), .blank,
         .verbatim(([TestbenchSupport.base] + (apTypes ? [TestbenchSupport.apTypes] : []) + [TestbenchSupport.transfer, TestbenchSupport.timing])
                    .joined(separator: "\n"))]
    }

    private static func zero(_ t: ScalarType) -> CppExpr {
        switch t {
        case .float32: return .literal("0.0f")
        case .bool: return .literal("false")
        case .int, .fixed: return .cast(CppTypes.type(t), .literal("0"))
        }
    }
}
