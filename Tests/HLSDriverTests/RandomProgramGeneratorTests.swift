import HLSDriver
import HLSIR
import HLSTestSupport
import XCTest

/// The random program generator must produce valid designs inside the numeric contract,
/// reproducibly, and must reach every feature the differential tests rely on. The checks
/// below re-derive each property from the IR on their own instead of trusting the
/// generator's bookkeeping.
final class RandomProgramGeneratorTests: XCTestCase {
    private func design(_ seed: UInt64) -> Design {
        var g = RandomProgramGenerator(seed: seed)
        return g.design(named: "rp\(seed)")
    }

    func testOneThousandSeedsGiveValidDesignsInsideTheContract() {
        for seed in UInt64(0)..<1000 {
            let d = design(seed)
            var problems = KernelValidator.problems(in: d) + ScheduleValidator.problems(in: d)
            problems += ContractCheck.problems(in: d)
            XCTAssertEqual(problems, [], "seed \(seed)")
        }
    }

    /// The checks above must be able to fail: each hand-written violation is reported.
    func testTheContractCheckCatchesViolations() throws {
        func problems(_ build: (KernelBuilder) -> Void) throws -> [String] {
            let k = KernelBuilder("bad")
            build(k)
            return ContractCheck.problems(in: Design(top: "bad", kernels: [try k.build()], schedule: Schedule()))
        }
        func expect(_ fragment: String, _ build: (KernelBuilder) -> Void) throws {
            let p = try problems(build)
            XCTAssertTrue(p.contains { $0.contains(fragment) }, "expected a problem containing '\(fragment)', got \(p)")
        }
        try expect("without a NaN guard and a clamp") { k in
            let x = k.input("rg_x", .float32, count: 4), y = k.output("rg_y", .int32, count: 4)
            k.loop("rg_l", 4, index: "rg_i") { i in y[i] = x[i].cast(.int32) }
        }
        try expect("after a clamp") { k in
            let x = k.input("rg_x", .float32, count: 4), y = k.output("rg_y", .int(8), count: 4)
            k.loop("rg_l", 4, index: "rg_i") { i in
                y[i] = min(max(select(x[i].eq(x[i]), x[i], .f32(0)), .f32(-128)), .f32(128)).cast(.int(8))
            }
        }
        try expect("without a NaN guard") { k in
            let x = k.input("rg_x", .float32, count: 4), y = k.output("rg_y", .float32, count: 4)
            k.loop("rg_l", 4, index: "rg_i") { i in y[i] = x[i] / x[i] }
        }
        try expect("compile-time constant") { k in
            let y = k.output("rg_y", .int32, count: 4)
            k.loop("rg_l", 4, index: "rg_i") { i in y[i] = sqrt(.f32(2)).bitcast(.int32) }
        }
        try expect("may never be written") { k in
            let x = k.input("rg_x", .int32, count: 8), y = k.output("rg_y", .int32, count: 8)
            k.loop("rg_l", 7, index: "rg_i") { i in y[i] = x[i] }
        }
        try expect("read before it is completely written") { k in
            let x = k.input("rg_x", .int32, count: 8), y = k.output("rg_y", .int32, count: 8)
            let t = k.local("rg_t", .int32, shape: [8])
            k.loop("rg_a", 4, index: "rg_i") { i in t[i] = x[i] }
            k.loop("rg_b", 8, index: "rg_j") { j in y[j] = t[j] }
        }
        try expect("ranges over") { k in
            let x = k.input("rg_x", .int32, count: 8), y = k.output("rg_y", .int32, count: 8)
            k.loop("rg_l", 8, index: "rg_i") { i in y[i] = x[i + 1] }
        }
        try expect("not an rg_ identifier") { k in
            let x = k.input("x", .int32, count: 2), y = k.output("rg_y", .int32, count: 2)
            k.loop("rg_l", 2, index: "rg_i") { i in y[i] = x[i] }
        }
    }

    func testTheSameSeedAndNameGiveTheSameDesign() {
        for seed in [UInt64(0), 7, 123_456_789, .max] {
            var a = RandomProgramGenerator(seed: seed)
            var b = RandomProgramGenerator(seed: seed)
            _ = b.design(named: "warmup")
            XCTAssertEqual(a.design(named: "k"), b.design(named: "k"), "seed \(seed): a design must not depend on earlier calls")
            XCTAssertEqual(a.design(named: "k"), a.design(named: "k"))
        }
    }

    func testDifferentSeedsAndNamesGiveDifferentDesigns() {
        var bodies = Set<[Stmt]>()
        for seed in UInt64(0)..<50 { bodies.insert(design(seed).topKernel.body) }
        XCTAssertGreaterThan(bodies.count, 45)
        var g = RandomProgramGenerator(seed: 1)
        XCTAssertNotEqual(g.design(named: "a").topKernel.body, g.design(named: "b").topKernel.body)
    }

    func testSubFunctionNamesDeriveFromTheDesignName() {
        for seed in UInt64(0)..<200 {
            let d = design(seed)
            XCTAssertEqual(d.top, "rp\(seed)")
            XCTAssertEqual(d.kernels.last?.name, d.top, "the top kernel comes after its callees")
            for k in d.kernels.dropLast() {
                XCTAssertTrue(k.name.hasPrefix("rp\(seed)_sub"), k.name)
            }
            XCTAssertEqual(d.profile, .libm)
        }
    }

    func testThreeHundredSeedsCoverEveryFeature() {
        var seen = Set<String>()
        for seed in UInt64(0)..<300 { seen.formUnion(Features.of(design(seed))) }
        let missing = Features.expected.subtracting(seen)
        XCTAssertEqual(missing.sorted(), [], "features never generated in 300 seeds")
    }
}

// MARK: - Feature census

/// Names of the features a design uses, found by walking its IR and schedule.
private enum Features {
    static let expected: Set<String> = {
        var s: Set<String> = [
            "type float32", "type int", "type fixed", "type bool", "type ufixed",
            "int8", "int16", "int32", "int64", "int odd width", "uint",
            "select", "load", "index value", "bitcast float->int", "bitcast int->float",
            "cast float->int", "cast float->fixed", "cast int->float", "cast int->int", "cast int->fixed",
            "cast fixed->float", "cast fixed->int", "cast fixed->fixed", "cast bool->int", "cast int->bool",
            "reduce add float", "reduce max float", "reduce min float", "reduce add int", "reduce max int",
            "reduce min int", "reduce add fixed", "reduce max fixed", "reduce min fixed", "lanes > 1",
            "runtime bound", "call", "call in loop", "call with size", "call with scalar", "table", "local",
            "local 2-D", "branch", "bind", "declare", "assign", "nest depth 3", "scalar argument",
            "size parameter", "3 inputs", "2 outputs",
            "pipeline ii 1", "pipeline ii 2", "pipeline off", "unroll factor", "unroll full",
            "partition cyclic", "partition complete", "inline off", "tripcount",
        ]
        for op in ["add", "sub", "mul", "div", "min", "max", "and", "or", "xor", "shl", "shr", "logicalAnd", "logicalOr"] {
            s.insert("binary \(op)")
        }
        for op in ["add", "sub", "mul", "min", "max"] { s.insert("fixed \(op)") }
        for op in ["neg", "abs", "not", "logicalNot"] { s.insert("unary \(op)") }
        s.insert("fixed neg")
        for op in ["lt", "le", "gt", "ge", "eq", "ne"] { s.insert("compare \(op)") }
        for f in ["expf", "sqrtf", "roundf", "floorf", "sinf", "cosf", "tanhf"] { s.insert("math \(f)") }
        for q in Quantization.allCases { s.insert("quantization \(q.rawValue)") }
        for o in Overflow.allCases { s.insert("overflow \(o.rawValue)") }
        return s
    }()

    static func of(_ d: Design) -> Set<String> {
        var f = Set<String>()
        for k in d.kernels {
            for b in k.buffers {
                note(b.elementType, &f)
                switch b.kind {
                case .local: f.insert(b.shape.count > 1 ? "local 2-D" : "local")
                case .table: f.insert("table")
                case .argument: break
                }
            }
            for p in k.parameters {
                switch p {
                case .scalar(let v): if k.name == d.top { f.insert("scalar argument") }; note(v.type, &f)
                case .size: if k.name == d.top { f.insert("size parameter") }
                case .buffer: break
                }
            }
            StmtVisitor.forEachStatement(in: k.body) { s, loops in
                if loops.count >= 3 { f.insert("nest depth 3") }
                switch s {
                case .loop(let l):
                    if case .runtime = l.bound { f.insert("runtime bound") }
                case .reduce(let r):
                    f.insert("reduce \(r.op.rawValue) \(kind(r.result.type))")
                    if case .runtime = r.bound { f.insert("runtime bound") }
                    if d.schedule.lanes("\(k.name).\(r.name)") > 1 { f.insert("lanes > 1") }
                case .branch: f.insert("branch")
                case .bind: f.insert("bind")
                case .declare: f.insert("declare")
                case .assign: f.insert("assign")
                case .call(let callee, _):
                    f.insert("call")
                    if !loops.isEmpty { f.insert("call in loop") }
                    for p in d.kernel(callee)?.parameters ?? [] {
                        if case .size = p { f.insert("call with size") }
                        if case .scalar = p { f.insert("call with scalar") }
                    }
                case .store: break
                }
                for e in StmtVisitor.expressions(of: s) { e.walk { note($0, &f) } }
            }
        }
        let top = d.topKernel
        let inputs = top.buffers.filter { $0.direction == .input }.count
        let outputs = top.buffers.filter { $0.direction == .output }.count
        if inputs == 3 { f.insert("3 inputs") }
        if outputs == 2 { f.insert("2 outputs") }
        for (_, l) in d.schedule.loops {
            switch l.pipeline {
            case .ii(let n)?: f.insert("pipeline ii \(n)")
            case .off?: f.insert("pipeline off")
            case nil: break
            }
            switch l.unroll {
            case .factor?: f.insert("unroll factor")
            case .full?: f.insert("unroll full")
            case nil: break
            }
            if l.tripCount != nil { f.insert("tripcount") }
        }
        for (_, b) in d.schedule.buffers {
            for p in b.partitions { f.insert("partition \(p.type.rawValue)") }
        }
        for (_, fn) in d.schedule.functions where fn.inline == .off { f.insert("inline off") }
        return f
    }

    static func kind(_ t: ScalarType) -> String {
        switch t {
        case .float32: return "float"
        case .bool: return "bool"
        case .int: return "int"
        case .fixed: return "fixed"
        }
    }

    static func note(_ t: ScalarType, _ f: inout Set<String>) {
        switch t {
        case .float32: f.insert("type float32")
        case .bool: f.insert("type bool")
        case .int(let i):
            f.insert("type int")
            if !i.signed { f.insert("uint") }
            if [8, 16, 32, 64].contains(i.width) { f.insert("int\(i.width)") }
            if i.width % 2 == 1 { f.insert("int odd width") }
        case .fixed(let x):
            f.insert(x.signed ? "type fixed" : "type ufixed")
            f.insert("quantization \(x.quantization.rawValue)")
            f.insert("overflow \(x.overflow.rawValue)")
        }
    }

    static func note(_ e: Expr, _ f: inout Set<String>) {
        note(e.type, &f)
        switch e.node {
        case .binary(let op, let a, _):
            f.insert("binary \(op.rawValue)")
            if a.type.fixedType != nil { f.insert("fixed \(op.rawValue)") }
        case .unary(let op, let a):
            f.insert("unary \(op.rawValue)")
            if a.type.fixedType != nil { f.insert("fixed neg") }
        case .compare(let op, _, _): f.insert("compare \(op.rawValue)")
        case .select: f.insert("select")
        case .load: f.insert("load")
        case .index: f.insert("index value")
        case .cast(let a): f.insert("cast \(kind(a.type))->\(kind(e.type))")
        case .bitcast(let a): f.insert("bitcast \(kind(a.type))->\(kind(e.type))")
        case .math(let fn, _): f.insert("math \(fn.rawValue)")
        default: break
        }
    }
}
