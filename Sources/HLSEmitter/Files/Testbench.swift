import HLSIR

/// The self-checking C-simulation testbench (docs/testbench.md). Following its
/// `TestbenchPlan` it fills every argument of the top function (from `<argument>.bin`, or
/// from the seeded generator), calls the top function once per planned call, compares every
/// word of the checked arrays with `<array>.golden.bin` after each call, and prints
/// `PASS <top> (N words)` or `FAIL <top>: first mismatch at <array>[i]: got X expected Y`.
/// An optional repetition count N (benchmarks) then calls the top function N more times,
/// timed, and prints `hlsgen_tb: <top> calls=N ns_per_call=X`.
enum Testbench {
    /// Name of the function that runs one design on one folder.
    static func runnerName(_ top: String) -> String { "hlsgen_run_\(top)" }

    /// `static int hlsgen_run_<top>(const std::string& hlsgen_dir, long hlsgen_repetitions)`
    /// (prefixed names cannot collide with kernel parameters): 0 on PASS, 1 after printing
    /// the FAIL line on stdout or one error line on stderr.
    static func runner(for design: Design, plan: TestbenchPlan, callee: String) throws(EmitterError) -> CppFunction {
        let top = design.topKernel
        guard !plan.calls.isEmpty else { throw EmitterError("testbench of \(top.name): the plan has no call") }
        if case .seeded(_, let range) = plan.inputs, !(range.isFinite && range > 0) {
            throw EmitterError("testbench of \(top.name): the float range \(range) of seeded inputs is not a positive number")
        }
        let dir = CppExpr.name("hlsgen_dir")
        let failure = [CppStmt.returnValue(.int(1))]
        let fromFiles = Set(plan.inputParameters(of: top).map(\.name))
        func load(_ file: String, _ pointer: CppExpr, count: Int, width: Int) -> CppStmt {
            .branch(.prefix("!", .call("hlsgen_load", [dir, .string(file), pointer, .int(count), .int(width)])),
                    then: failure, otherwise: [])
        }
        func fill(_ pointer: CppExpr, count: Int) -> CppStmt? {
            guard case .seeded(_, let range) = plan.inputs else { return nil }
            return .expression(.call("hlsgen_fill", [.name("hlsgen_rng"), pointer, .int(count), .literal(range.description + "f")]))
        }
        var body: [CppStmt] = []
        if case .seeded(let seed, _) = plan.inputs {
            body.append(.comment("Inputs from the seed, as RandomInputs.make(for:seed:floatRange:) makes them in Swift."))
            body.append(.declare(CppDeclaration(type: CppType("hlsgen_random"), name: "hlsgen_rng",
                                                initializer: .constructor([.literal("\(seed)ULL")]))))
        }
        var callArguments: [CppExpr] = []
        for p in top.parameters {
            switch p {
            case .buffer(let n):
                guard let b = top.buffer(n) else { throw EmitterError("kernel \(top.name): parameter \(n) has no buffer") }
                let data = CppExpr.method(.name(n), "data", [])
                body.append(.declare(CppDeclaration(type: CppType("std::vector<\(CppTypes.type(b.elementType).spelling)>"), name: n,
                                                    initializer: .constructor([.int(b.count), zero(b.elementType)]))))
                if fromFiles.contains(n) {
                    body.append(load(TestbenchPlan.inputFile(n), data, count: b.count, width: b.elementType.storageBytes))
                } else if b.direction != .output, let f = fill(data, count: b.count) {
                    body.append(f)
                }
                callArguments.append(data)
            case .scalar(let v):
                body.append(.declare(CppDeclaration(type: CppTypes.type(v.type), name: v.name, initializer: .value(zero(v.type)))))
                if fromFiles.contains(v.name) {
                    body.append(load(TestbenchPlan.inputFile(v.name), .prefix("&", .name(v.name)), count: 1, width: v.type.storageBytes))
                } else if let f = fill(.prefix("&", .name(v.name)), count: 1) {
                    body.append(f)
                }
                callArguments.append(.name(v.name))
            case .size(let n, let max):
                body.append(.declare(CppDeclaration(type: .int, name: n, initializer: .value(.int(0)))))
                if fromFiles.contains(n) {
                    body.append(load(TestbenchPlan.inputFile(n), .prefix("&", .name(n)), count: 1, width: 4))
                } else if case .seeded = plan.inputs {
                    let draw = CppExpr.binary(.mod, .method(.name("hlsgen_rng"), "next", []), .literal("\(max)ULL"))
                    body.append(.assign(.name(n), .binary(.add, .int(1), .cast(.int, draw))))
                }
                callArguments.append(.name(n))
            }
        }
        let checked = try plan.checked.map { (n) throws(EmitterError) -> Buffer in
            guard let b = top.buffer(n), b.direction?.isWritten == true, top.parameters.contains(.buffer(n)) else {
                throw EmitterError("testbench of \(top.name): \(n) is not an array argument the kernel writes")
            }
            return b
        }
        let calls = plan.calls.count
        let perCall = try plan.perCall.map { (n) throws(EmitterError) -> Buffer in
            guard let b = top.buffer(n), b.direction == .input, top.parameters.contains(.buffer(n)) else {
                throw EmitterError("testbench of \(top.name): \(n) is not an array argument the kernel only reads")
            }
            return b
        }
        for b in perCall {
            let all = "\(b.name)_calls"
            body.append(.declare(CppDeclaration(type: CppType("std::vector<\(CppTypes.type(b.elementType).spelling)>"), name: all,
                                                initializer: .constructor([.int(calls * b.count), zero(b.elementType)]))))
            body.append(load(TestbenchPlan.perCallFile(b.name), .method(.name(all), "data", []),
                             count: calls * b.count, width: b.elementType.storageBytes))
        }
        for b in checked {
            let golden = "\(b.name)_golden"
            body.append(.declare(CppDeclaration(type: CppType("std::vector<\(CppTypes.type(b.elementType).spelling)>"), name: golden,
                                                initializer: .constructor([.int(calls * b.count), zero(b.elementType)]))))
            body.append(load(TestbenchPlan.goldenFile(b.name), .method(.name(golden), "data", []),
                             count: calls * b.count, width: b.elementType.storageBytes))
        }
        body.append(.declare(CppDeclaration(type: CppType("long"), name: "hlsgen_words", initializer: .value(.int(0)))))
        let call = CppStmt.expression(.call(callee, callArguments))
        func check(_ b: Buffer, call index: CppExpr) -> CppStmt {
            let expected = CppExpr.binary(.add, .method(.name("\(b.name)_golden"), "data", []), .binary(.mul, index, .int(b.count)))
            return .branch(.prefix("!", .call("hlsgen_check", [.string(top.name), .string(b.name), .method(.name(b.name), "data", []),
                                                               expected, .int(b.count), calls == 1 ? .int(-1) : index,
                                                               .name("hlsgen_words")])),
                           then: failure, otherwise: [])
        }
        let set = try settings(plan, of: top)
        if calls == 1 && set.isEmpty && perCall.isEmpty {
            body.append(call)
            body += checked.map { check($0, call: .int(0)) }
        } else {
            let index = CppExpr.name("hlsgen_call")
            var each: [CppStmt] = []
            for (name, type, values) in set {
                let table = "hlsgen_\(name)_calls"
                body.append(.declare(CppDeclaration(qualifiers: "static const", type: CppType("long long"), name: table,
                                                    extents: [calls], initializer: .list(values.map { .literal("\($0)LL") }))))
                each.append(.assign(.name(name), .cast(type, .element(.name(table), [index]))))
            }
            for b in perCall {
                let i = CppExpr.name("hlsgen_i")
                let from = CppExpr.element(.name("\(b.name)_calls"), [.binary(.add, .binary(.mul, index, .int(b.count)), i)])
                each.append(.loop(CppLoop(label: "", variable: "hlsgen_i", bound: .int(b.count),
                                          body: [.assign(.element(.name(b.name), [i]), from)], counter: CppType("long"))))
            }
            each.append(call)
            each += checked.map { check($0, call: index) }
            body.append(.loop(CppLoop(label: "", variable: "hlsgen_call", bound: .int(calls), body: each, counter: CppType("long"))))
        }
        body.append(.expression(.call("printf", [.string("PASS %s (%ld words)\n"), .string(top.name), .name("hlsgen_words")])))
        body.append(.branch(.binary(.gt, .name("hlsgen_repetitions"), .int(0)), then: [
            .declare(CppDeclaration(qualifiers: "const", type: CppType("auto"), name: "hlsgen_start",
                                    initializer: .value(.call("std::chrono::steady_clock::now", [])))),
            .loop(CppLoop(label: "", variable: "hlsgen_rep", bound: .name("hlsgen_repetitions"), body: [call], counter: CppType("long"))),
            .declare(CppDeclaration(qualifiers: "const", type: CppType("auto"), name: "hlsgen_stop",
                                    initializer: .value(.call("std::chrono::steady_clock::now", [])))),
            .expression(.call("hlsgen_report_time", [.string(top.name), .name("hlsgen_repetitions"), .name("hlsgen_start"), .name("hlsgen_stop")])),
        ], otherwise: []))
        body.append(.returnValue(.int(0)))
        let source = plan.inputs == .files ? "the data files in hlsgen_dir" : "seeded inputs"
        return CppFunction(comment: ["Runs \(top.name) on \(source) and compares its outputs with the golden files in",
                                     "hlsgen_dir; prints PASS or FAIL. Then, if asked, times hlsgen_repetitions more calls."],
                           specifiers: "static", returnType: .int, name: runnerName(top.name),
                           parameters: [CppParameter(type: CppType("const std::string&"), name: "hlsgen_dir"),
                                        CppParameter(type: CppType("long"), name: "hlsgen_repetitions")], body: body)
    }

    /// The scalar and size arguments the plan sets per call, with their C++ type and one value
    /// per call; every call must set the same arguments.
    private static func settings(_ plan: TestbenchPlan, of top: Kernel) throws(EmitterError) -> [(String, CppType, [Int64])] {
        let names = plan.calls.first.map { $0.keys.sorted() } ?? []
        var out: [(String, CppType, [Int64])] = []
        for n in names {
            let type: CppType
            switch top.parameters.first(where: { $0.name == n }) {
            case .size?: type = .int
            case .scalar(let v)? where v.type != .float32: type = CppTypes.type(v.type)
            default: throw EmitterError("testbench of \(top.name): \(n) is not an integer scalar or size argument")
            }
            var values: [Int64] = []
            for c in plan.calls {
                guard let v = c[n] else { throw EmitterError("testbench of \(top.name): a call does not set \(n)") }
                values.append(v)
            }
            out.append((n, type, values))
        }
        if plan.calls.contains(where: { $0.count != names.count }) {
            throw EmitterError("testbench of \(top.name): every call must set the same arguments")
        }
        return out
    }

    /// `main(argc, argv)`. One design: runs it on `argv[1]` (default `.`), with the optional
    /// repetition count `argv[2]`. Several (`subfolders`): runs each on `argv[1]/<top>`, every
    /// one even after a failure, and exits 1 if any failed.
    static func main(runs: [(top: String, runner: String)], subfolders: Bool) -> CppFunction {
        let usage = CppStmt.expression(.call("fprintf", [
            .name("stderr"),
            .string(subfolders ? "usage: %s <root folder holding one folder per design>\n"
                : "usage: %s [folder with the data files, default .] [repetitions]\n"),
            .element(.name("argv"), [.int(0)]),
        ]))
        if subfolders {
            var body: [CppStmt] = [
                .branch(.binary(.ne, .name("argc"), .int(2)), then: [usage, .returnValue(.int(1))], otherwise: []),
                .declare(CppDeclaration(qualifiers: "const", type: CppType("std::string"), name: "root",
                                        initializer: .value(.element(.name("argv"), [.int(1)])))),
                .declare(CppDeclaration(type: .int, name: "failures", initializer: .value(.int(0)))),
            ]
            for r in runs {
                let dir = CppExpr.binary(.add, .name("root"), .string("/" + r.top))
                body.append(.branch(.binary(.ne, .call(r.runner, [dir, .int(0)]), .int(0)),
                                    then: [.assign(.name("failures"), .binary(.add, .name("failures"), .int(1)))], otherwise: []))
            }
            body.append(.returnValue(.conditional(.binary(.eq, .name("failures"), .int(0)), .int(0), .int(1))))
            return mainFunction(body)
        }
        let badCount = CppExpr.binary(.logicalAnd, .binary(.eq, .name("argc"), .int(3)),
                                      .binary(.lt, .name("repetitions"), .int(1)))
        var body: [CppStmt] = [
            .declare(CppDeclaration(qualifiers: "const", type: CppType("long"), name: "repetitions",
                                    initializer: .value(.conditional(.binary(.eq, .name("argc"), .int(3)),
                                                                     .call("strtol", [.element(.name("argv"), [.int(2)]), .name("nullptr"), .int(10)]),
                                                                     .int(0))))),
            .branch(.binary(.logicalOr, .binary(.gt, .name("argc"), .int(3)), badCount), then: [usage, .returnValue(.int(1))], otherwise: []),
            .declare(CppDeclaration(qualifiers: "const", type: CppType("std::string"), name: "root",
                                    initializer: .value(.conditional(.binary(.ge, .name("argc"), .int(2)),
                                                                     .call("std::string", [.element(.name("argv"), [.int(1)])]),
                                                                     .call("std::string", [.string(".")]))))),
        ]
        for r in runs {
            body.append(.branch(.binary(.ne, .call(r.runner, [.name("root"), .name("repetitions")]), .int(0)), then: [.returnValue(.int(1))], otherwise: []))
        }
        body.append(.returnValue(.int(0)))
        return mainFunction(body)
    }

    private static func mainFunction(_ body: [CppStmt]) -> CppFunction {
        CppFunction(returnType: .int, name: "main",
                    parameters: [CppParameter(type: .int, name: "argc"), CppParameter(type: CppType("char**"), name: "argv")],
                    body: body)
    }

    /// Testbench-side includes and the support routines (with the ap conversions when needed,
    /// and the seeded generator when inputs are seeded).
    static func support(apTypes: Bool, seeded: Bool) -> [CppTopLevel] {
        let parts = [TestbenchSupport.base] + (apTypes ? [TestbenchSupport.apTypes] : []) + [TestbenchSupport.transfer]
            + (seeded ? [TestbenchSupport.seeded] : []) + [TestbenchSupport.timing]
        return [.include("chrono", system: true), .include("cstdio", system: true), .include("cstdlib", system: true),
                .include("cstring", system: true), .include("string", system: true), .include("vector", system: true), .blank,
                .verbatim(parts.joined(separator: "\n"))]
    }

    private static func zero(_ t: ScalarType) -> CppExpr {
        switch t {
        case .float32: return .literal("0.0f")
        case .bool: return .literal("false")
        case .int, .fixed: return .cast(CppTypes.type(t), .literal("0"))
        }
    }
}
