import HLSIR

// MARK: - Contract checks

/// Properties every generated design must have beyond what `KernelValidator` checks.
package enum ContractCheck {
    package static func problems(in d: Design) -> [String] {
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
        StmtVisitor.forEachStatement(in: k.body) { s, _ in
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
        StmtVisitor.forEachStatement(in: k.body) { s, loops in
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
        func range(_ i: Index, _ loops: [StmtVisitor.Enclosing]) -> ClosedRange<Int> {
            var maxima = sizes
            for l in loops { maxima[l.variable] = l.bound.max - 1 }
            return interval(i, maxima)
        }
        func check(_ b: String, _ idx: [Index], _ loops: [StmtVisitor.Enclosing]) {
            guard let buffer = k.buffer(b), idx.count == buffer.shape.count else {
                return out.append("kernel \(k.name): access to \(b) with \(idx.count) indices")
            }
            for (i, extent) in zip(idx, buffer.shape) where !(0..<extent).contains(range(i, loops).lowerBound)
                || !(0..<extent).contains(range(i, loops).upperBound) {
                out.append("kernel \(k.name): index \(i) of \(b) ranges over \(range(i, loops)), extent \(extent)")
            }
        }
        StmtVisitor.forEachStatement(in: k.body) { s, loops in
            if case .reduce(let r) = s {
                // The initial value is evaluated outside the reduction loop, the value inside.
                for (b, idx) in StmtVisitor.loads(in: r.initial) { check(b, idx, loops) }
                let inner = loops + [StmtVisitor.Enclosing(label: r.name, variable: r.variable, bound: r.bound)]
                for (b, idx) in StmtVisitor.loads(in: r.value) { check(b, idx, inner) }
            } else {
                for e in StmtVisitor.expressions(of: s) {
                    for (b, idx) in StmtVisitor.loads(in: e) { check(b, idx, loops) }
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
            StmtVisitor.forEachStatement(in: k.body) { s, _ in
                if case .bind(let v, let e) = s, !runtime.contains(v.name), dependsOnRuntime(e) {
                    runtime.insert(v.name)
                    changed = true
                }
            }
        }
        StmtVisitor.forEachStatement(in: k.body) { s, _ in
            for e in StmtVisitor.expressions(of: s) {
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
            StmtVisitor.forEachStatement(in: [s]) { inner, _ in
                for e in StmtVisitor.expressions(of: inner) { reads += StmtVisitor.loads(in: e).map(\.0) }
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
