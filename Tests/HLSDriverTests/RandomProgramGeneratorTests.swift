import HLSDriver
import HLSIR
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
        for f in ["expf", "sqrtf", "roundf", "floorf", "sinf", "cosf"] { s.insert("math \(f)") }
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
            IRWalk.statements(k.body) { s, loops in
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
                for e in IRWalk.expressions(of: s) { e.walk { note($0, &f) } }
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

// MARK: - IR walking

private enum IRWalk {
    /// A loop or reduction around a statement, with its counter's largest value.
    struct Enclosing {
        let variable: String
        let bound: Bound
    }

    /// Calls `visit` on every statement of `block`, nested ones included, with the loops
    /// around it (reduction bodies count as inside their reduction).
    static func statements(_ block: [Stmt], _ loops: [Enclosing] = [], _ visit: (Stmt, [Enclosing]) -> Void) {
        for s in block {
            visit(s, loops)
            switch s {
            case .loop(let l): statements(l.body, loops + [Enclosing(variable: l.variable, bound: l.bound)], visit)
            case .reduce(let r): statements(r.body, loops + [Enclosing(variable: r.variable, bound: r.bound)], visit)
            case .branch(_, let t, let o):
                statements(t, loops, visit)
                statements(o, loops, visit)
            default: break
            }
        }
    }

    /// The expressions a statement evaluates itself (not those of nested statements).
    static func expressions(of s: Stmt) -> [Expr] {
        switch s {
        case .reduce(let r): return [r.initial, r.value]
        case .bind(_, let e), .declare(_, let e), .assign(_, let e), .store(_, _, let e): return [e]
        case .branch(let c, _, _): return [c]
        case .call(_, let args): return args.compactMap { if case .scalar(let e) = $0 { return e } else { return nil } }
        case .loop: return []
        }
    }

    /// Loads of `e` with their buffers and indices.
    static func loads(_ e: Expr) -> [(String, [Index])] {
        var out: [(String, [Index])] = []
        e.walk { if case .load(let b, let idx) = $0.node { out.append((b, idx)) } }
        return out
    }
}

// MARK: - Contract checks

/// Properties every generated design must have beyond what `KernelValidator` checks.
private enum ContractCheck {
    static func problems(in d: Design) -> [String] {
        var out: [String] = []
        for k in d.kernels {
            out += names(k)
            out += limits(k, isTop: k.name == d.top)
            out += bounds(k, design: d)
            out += conversions(k, design: d)
            out += writesBeforeReads(k, design: d)
        }
        out += schedule(d)
        return out
    }

    // Names: valid C identifiers with the generator's prefix.
    static func names(_ k: Kernel) -> [String] {
        var names = k.buffers.map(\.name) + k.parameters.map(\.name)
        IRWalk.statements(k.body) { s, _ in
            switch s {
            case .loop(let l): names += [l.name, l.variable]
            case .reduce(let r): names += [r.name, r.variable, r.result.name]
            case .bind(let v, _), .declare(let v, _): names.append(v.name)
            default: break
            }
        }
        return names.filter { n in
            !n.hasPrefix("rg_") || !n.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }.map { "kernel \(k.name): name \($0) is not an rg_ identifier" }
    }

    // Sizes, trip counts and loop depth stay in the promised ranges.
    static func limits(_ k: Kernel, isTop: Bool) -> [String] {
        var out: [String] = []
        let inputs = k.buffers.filter { $0.direction == .input }.count
        let outputs = k.buffers.filter { $0.direction == .output }.count
        if isTop && !(1...3).contains(inputs) { out.append("kernel \(k.name): \(inputs) inputs") }
        if isTop && !(1...2).contains(outputs) { out.append("kernel \(k.name): \(outputs) outputs") }
        for b in k.buffers where b.count > 64 { out.append("kernel \(k.name): \(b.name) has \(b.count) elements") }
        for case .size(let n, let m) in k.parameters where !(1...16).contains(m) {
            out.append("kernel \(k.name): size \(n) has max \(m)")
        }
        IRWalk.statements(k.body) { s, loops in
            var bound: Bound?
            if case .loop(let l) = s { bound = l.bound }
            if case .reduce(let r) = s { bound = r.bound }
            guard let b = bound else { return }
            if loops.count >= 3 { out.append("kernel \(k.name): loops nest deeper than 3") }
            // Loops that cover a whole array may run up to its length; others run 1–16 times.
            if !(1...64).contains(b.max) { out.append("kernel \(k.name): trip count \(b.max)") }
        }
        return out
    }

    /// Every load, store and call region lies inside its buffer for all counter values
    /// (interval arithmetic over 0...max of every counter and size).
    static func bounds(_ k: Kernel, design: Design) -> [String] {
        var out: [String] = []
        var sizes: [String: Int] = [:]
        for case .size(let n, let m) in k.parameters { sizes[n] = m }
        func range(_ i: Index, _ loops: [IRWalk.Enclosing]) -> ClosedRange<Int> {
            var maxima = sizes
            for l in loops { maxima[l.variable] = l.bound.max - 1 }
            return interval(i, maxima)
        }
        func check(_ b: String, _ idx: [Index], _ loops: [IRWalk.Enclosing]) {
            guard let buffer = k.buffer(b), idx.count == buffer.shape.count else {
                return out.append("kernel \(k.name): access to \(b) with \(idx.count) indices")
            }
            for (i, extent) in zip(idx, buffer.shape) where !(0..<extent).contains(range(i, loops).lowerBound)
                || !(0..<extent).contains(range(i, loops).upperBound) {
                out.append("kernel \(k.name): index \(i) of \(b) ranges over \(range(i, loops)), extent \(extent)")
            }
        }
        IRWalk.statements(k.body) { s, loops in
            if case .reduce(let r) = s {
                // The initial value is evaluated outside the reduction loop, the value inside.
                for (b, idx) in IRWalk.loads(r.initial) { check(b, idx, loops) }
                let inner = loops + [IRWalk.Enclosing(variable: r.variable, bound: r.bound)]
                for (b, idx) in IRWalk.loads(r.value) { check(b, idx, inner) }
            } else {
                for e in IRWalk.expressions(of: s) {
                    for (b, idx) in IRWalk.loads(e) { check(b, idx, loops) }
                }
            }
            if case .store(let b, let idx, _) = s { check(b, idx, loops) }
            if case .call(let name, let args) = s, let callee = design.kernel(name) {
                for (p, a) in zip(callee.parameters, args) {
                    guard case .buffer(let pn) = p, case .buffer(let an, let offset) = a,
                          let count = callee.buffer(pn)?.count, let total = k.buffer(an)?.count else { continue }
                    let r = range(offset, loops)
                    if r.lowerBound < 0 || r.upperBound + count > total {
                        out.append("kernel \(k.name): call of \(name) passes \(an)[\(r)] for \(count) elements of \(total)")
                    }
                }
                for (p, a) in zip(callee.parameters, args) {
                    guard case .size(_, let m) = p, case .index(let i) = a else { continue }
                    let r = range(i, loops)
                    if r.lowerBound < 0 || r.upperBound > m { out.append("kernel \(k.name): size argument \(r) for max \(m)") }
                }
            }
        }
        return out
    }

    static func interval(_ i: Index, _ maxima: [String: Int]) -> ClosedRange<Int> {
        switch i {
        case .constant(let c): return c...c
        case .loopVar(let v), .param(let v): return 0...(maxima[v] ?? Int(Int32.max))
        case .add(let a, let b):
            let x = interval(a, maxima), y = interval(b, maxima)
            return (x.lowerBound + y.lowerBound)...(x.upperBound + y.upperBound)
        case .sub(let a, let b):
            let x = interval(a, maxima), y = interval(b, maxima)
            return (x.lowerBound - y.upperBound)...(x.upperBound - y.lowerBound)
        case .mul(let a, let b):
            let x = interval(a, maxima), y = interval(b, maxima)
            let p = [x.lowerBound * y.lowerBound, x.lowerBound * y.upperBound, x.upperBound * y.lowerBound, x.upperBound * y.upperBound]
            return p.min()!...p.max()!
        case .div, .mod: return Int(Int32.min)...Int(Int32.max)
        }
    }

    /// Floats convert to int or fixed only after a NaN guard and a clamp into the target's
    /// range; float bits reach outputs and bitcasts only through a NaN guard; libm arguments
    /// depend on an input load or a scalar argument of the top kernel.
    static func conversions(_ k: Kernel, design: Design) -> [String] {
        var out: [String] = []
        var runtime = Set<String>()
        if k.name == design.top { for case .scalar(let v) in k.parameters { runtime.insert(v.name) } }
        func dependsOnRuntime(_ e: Expr) -> Bool {
            var found = false
            e.walk { x in
                switch x.node {
                case .load(let b, _): if k.buffer(b)?.direction == .input { found = true }
                case .variable(let v): if runtime.contains(v.name) { found = true }
                default: break
                }
            }
            return found
        }
        // Bindings of run-time values (names are unique in a kernel, so a set suffices).
        var changed = true
        while changed {
            changed = false
            IRWalk.statements(k.body) { s, _ in
                if case .bind(let v, let e) = s, !runtime.contains(v.name), dependsOnRuntime(e) {
                    runtime.insert(v.name)
                    changed = true
                }
            }
        }
        IRWalk.statements(k.body) { s, _ in
            for e in IRWalk.expressions(of: s) {
                e.walk { x in
                    switch x.node {
                    case .cast(let a) where a.type == .float32 && x.type != .float32:
                        if let p = clampProblem(a, to: x.type) { out.append("kernel \(k.name): \(p)") }
                    case .bitcast(let a) where a.type == .float32:
                        if !isNaNGuard(a) { out.append("kernel \(k.name): bitcast of an unguarded float") }
                    case .math(let f, let args) where !args.allSatisfy(dependsOnRuntime):
                        out.append("kernel \(k.name): \(f.rawValue) of an argument that may be a compile-time constant")
                    default: break
                    }
                }
            }
            if case .store(let b, _, let e) = s, e.type == .float32, k.buffer(b)?.direction == .output, !isNaNGuard(e) {
                out.append("kernel \(k.name): float stored to output \(b) without a NaN guard")
            }
        }
        return out
    }

    /// `select(x == x, x, c)` or `select(x != x, c, x)`.
    static func isNaNGuard(_ e: Expr) -> Bool {
        guard case .select(let c, let a, let b) = e.node, case .compare(let op, let x, let y) = c.node, x == y else { return false }
        switch op {
        case .eq: return a == x && b.constantValue != nil
        case .ne: return b == x && a.constantValue != nil
        default: return false
        }
    }

    /// Why `e` (a float about to convert to `t`) is not a guarded clamp into `t`'s range.
    static func clampProblem(_ e: Expr, to t: ScalarType) -> String? {
        guard case .binary(let outer, let inner, let c1) = e.node, case .binary(let op2, let g, let c2) = inner.node,
              [outer, op2] == [.min, .max] || [outer, op2] == [.max, .min],
              let v1 = c1.constantValue, let v2 = c2.constantValue, isNaNGuard(g)
        else { return "float converted to \(t) without a NaN guard and a clamp" }
        let lo = Swift.min(v1, v2), hi = Swift.max(v1, v2)
        switch t {
        case .int(let i):
            let top = i.signed || i.width < 63 ? Double(i.maxValue) : Double(Int64.max)
            let bottom = Double(i.minValue)
            if hi.rounded(.towardZero) > top || lo.rounded(.towardZero) < bottom || Swift.max(-lo, hi) >= 0x1p62 {
                return "float converted to \(t) after a clamp to \(lo)...\(hi)"
            }
        case .fixed(let f):
            let scale = Double(sign: .plus, exponent: f.fractionBits, significand: 1)
            let rawMax = Double(sign: .plus, exponent: f.signed ? f.width - 1 : f.width, significand: 1) - 1
            let rawMin = f.signed ? -Double(sign: .plus, exponent: f.width - 1, significand: 1) : 0
            if hi * scale > rawMax || lo * scale < rawMin {
                return "float converted to \(t) after a clamp to \(lo)...\(hi)"
            }
        default:
            return "float converted to \(t)"
        }
        return nil
    }

    /// Outputs are completely written by unconditional stores in constant-bound loops (or
    /// by calls of sub-functions that completely write theirs); locals are read only after
    /// such a write covered them.
    static func writesBeforeReads(_ k: Kernel, design: Design) -> [String] {
        var out: [String] = []
        var written: [String: Set<Int>] = [:]
        func complete(_ b: Buffer) -> Bool { (written[b.name]?.count ?? 0) == b.count }
        for s in k.body {
            var reads: [String] = []
            IRWalk.statements([s]) { inner, _ in
                for e in IRWalk.expressions(of: inner) { reads += IRWalk.loads(e).map(\.0) }
            }
            for r in reads {
                if let b = k.buffer(r), b.kind == .local, !complete(b) {
                    out.append("kernel \(k.name): local \(r) is read before it is completely written")
                }
            }
            definiteWrites([s], env: [:], kernel: k, design: design, into: &written)
        }
        for b in k.buffers where b.direction == .output && !complete(b) {
            out.append("kernel \(k.name): output \(b.name) has \(b.count - (written[b.name]?.count ?? 0)) elements that may never be written")
        }
        return out
    }

    /// Elements certainly written by `block` (branches, reductions and run-time loops are
    /// not certain), as flat indices.
    static func definiteWrites(_ block: [Stmt], env: [String: Int], kernel k: Kernel, design: Design,
                               into written: inout [String: Set<Int>]) {
        for s in block {
            switch s {
            case .loop(let l):
                guard case .constant(let n) = l.bound else { continue }
                for i in 0..<n {
                    var e = env
                    e[l.variable] = i
                    definiteWrites(l.body, env: e, kernel: k, design: design, into: &written)
                }
            case .store(let b, let idx, _):
                guard let buffer = k.buffer(b) else { continue }
                let values = idx.map { $0.evaluate { env[$0] } }
                guard values.allSatisfy({ $0 != nil }) else { continue }
                var flat = 0
                for (v, extent) in zip(values, buffer.shape) { flat = flat * extent + v! }
                written[b, default: []].insert(flat)
            case .call(let name, let args):
                guard let callee = design.kernel(name) else { continue }
                for (p, a) in zip(callee.parameters, args) {
                    guard case .buffer(let pn) = p, case .buffer(let an, let offset) = a,
                          let param = callee.buffer(pn), param.direction == .output,
                          let start = offset.evaluate({ env[$0] }) else { continue }
                    var calleeWrites: [String: Set<Int>] = [:]
                    definiteWrites(callee.body, env: [:], kernel: callee, design: design, into: &calleeWrites)
                    for i in calleeWrites[pn] ?? [] { written[an, default: []].insert(start + i) }
                }
            default:
                break
            }
        }
    }

    /// Schedule entries stay in the promised ranges.
    static func schedule(_ d: Design) -> [String] {
        var out: [String] = []
        for (name, l) in d.schedule.loops {
            if let k = l.lanes, !(1...5).contains(k) { out.append("\(name): lanes \(k)") }
            if case .ii(let ii)? = l.pipeline, !(1...2).contains(ii) { out.append("\(name): II \(ii)") }
        }
        for (name, b) in d.schedule.buffers where !b.partitions.isEmpty {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count != 2 || d.kernel(parts[0])?.buffer(parts[1])?.isArgument != false {
                out.append("\(name): partition of something other than a local array or table")
            }
        }
        return out
    }
}
