/// Checks a design's schedule against its kernels before anything is generated: every
/// directive names something of the right kind, every number is in range, and on-chip
/// arrays have enough banks for the parallel accesses their unrolled loops make.
///
/// Only names whose prefix (the text before the first `.`) is a kernel of this design are
/// checked; entries meant for other designs are left alone.
public enum ScheduleValidator {
    /// Problems in `design.schedule`, one line each, naming the dotted name and the numbers.
    public static func problems(in design: Design) -> [String] {
        var c = DirectiveChecker(design: design)
        c.checkLoops()
        c.checkBuffers()
        c.checkInterfaces()
        c.checkBundles()
        c.checkFunctions()
        var seen = Set<String>()
        return c.problems.filter { seen.insert($0).inserted }
    }

    /// Choices the tool accepts at a cost, one line each: on-chip arrays with fewer banks than
    /// the parallel accesses their unrolled loops make (Vitis HLS then raises the II to
    /// serialize them; the estimator reports by how much).
    public static func warnings(in design: Design) -> [String] {
        var out: [String] = []
        for k in design.kernels {
            out += ParallelAccessCheck.problems(in: k, schedule: design.schedule)
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    /// The most partial results a reduction may keep (each lane is a register and an operator).
    public static let maxLanes = 1024

    public static func validate(_ design: Design) throws(DesignError) {
        let p = problems(in: design)
        if !p.isEmpty { throw DesignError(p) }
    }
}

/// A dotted name split at its first dot.
struct DottedName {
    let full: String
    let kernel: String
    /// The part after the first dot; nil for a bare kernel name.
    let member: String?

    init(_ s: String) {
        full = s
        if let dot = s.firstIndex(of: ".") {
            kernel = String(s[..<dot])
            member = String(s[s.index(after: dot)...])
        } else {
            kernel = s
            member = nil
        }
    }
}

private struct DirectiveChecker {
    let design: Design
    let targets: [String: ScheduleTarget]
    let kernelNames: Set<String>
    var problems: [String] = []

    init(design: Design) {
        self.design = design
        targets = design.scheduleTargets
        kernelNames = Set(design.kernels.map(\.name))
    }

    /// Names of `keys` that belong to this design, sorted for a stable report.
    func ours(_ keys: Dictionary<String, some Any>.Keys) -> [DottedName] {
        keys.sorted().map(DottedName.init).filter { kernelNames.contains($0.kernel) }
    }

    /// The target of `name` if it is one `wanted` accepts; otherwise reports why not.
    mutating func resolve(_ name: DottedName, directive: String, expected: String,
                          _ wanted: (ScheduleTarget) -> Bool) -> ScheduleTarget? {
        guard let member = name.member else {
            problems.append("\(directive) \(name.full): \(name.full) is a kernel, not \(expected); name it \(name.full).<name>")
            return nil
        }
        guard let t = targets[name.full] else {
            // "a loop or reduction" → "kernel k has no loop or reduction named x"
            let noun = expected.split(separator: " ", maxSplits: 1).last.map(String.init) ?? expected
            problems.append("\(directive) \(name.full): kernel \(name.kernel) has no \(noun) named \(member)")
            return nil
        }
        if wanted(t) { return t }
        problems.append("\(directive) \(name.full): \(member) is \(t) of \(name.kernel), not \(expected)")
        return nil
    }

    // MARK: Loops

    mutating func checkLoops() {
        let loops = design.schedule.loops
        for name in ours(loops.keys) {
            guard let d = loops[name.full],
                  let target = resolve(name, directive: "loop", expected: "a loop or reduction", \.isLoop),
                  let kernel = design.kernel(name.kernel), let label = name.member,
                  let bound = LoopInfo.bound(of: label, in: kernel.body)
            else { continue }
            let n = name.full
            if case .ii(let ii) = d.pipeline, ii < 1 {
                problems.append("loop \(n): pipeline II \(ii); expected at least 1")
            }
            if case .factor(let f) = d.unroll {
                if f < 1 {
                    problems.append("loop \(n): unroll factor \(f); expected at least 1")
                } else if let trip = bound.constantValue {
                    if trip % f != 0 { problems.append("loop \(n): unroll factor \(f) does not divide its trip count \(trip)") }
                } else if f > bound.max {
                    problems.append("loop \(n): unroll factor \(f) exceeds its maximum trip count \(bound.max)")
                }
            }
            if let lanes = d.lanes {
                if target != .reduction {
                    problems.append("loop \(n): lanes applies only to reductions, and \(label) is a plain loop")
                } else if !(1...ScheduleValidator.maxLanes).contains(lanes) {
                    problems.append("loop \(n): lanes \(lanes); expected 1...\(ScheduleValidator.maxLanes)")
                }
            }
            if let t = d.tripCount, !(0 <= t.min && t.min <= t.avg && t.avg <= t.max) {
                problems.append("loop \(n): tripcount min \(t.min), avg \(t.avg), max \(t.max); expected 0 <= min <= avg <= max")
            }
        }
    }

    // MARK: Arrays

    mutating func checkBuffers() {
        let buffers = design.schedule.buffers
        for name in ours(buffers.keys) {
            guard let d = buffers[name.full] else { continue }
            if case .argument(top: true)? = targets[name.full] {
                let mode = design.schedule.interface(name.full).resolvedMode
                if mode == .ap_memory, let kernel = design.kernel(name.kernel), let array = name.member,
                   let buffer = kernel.buffer(array) {
                    // An ap_memory port is a RAM outside the kernel: banks and ports like a local.
                    check(partitions: d.partitions, of: buffer, name: name.full)
                    if let st = d.storage { check(storage: st, of: buffer, in: kernel, name: name.full) }
                    continue
                }
                if !d.partitions.isEmpty {
                    problems.append("\(name.full) is an \(mode.rawValue) argument of \(name.kernel); ARRAY_PARTITION is not allowed on top-level \(mode.rawValue) ports")
                }
                if d.storage != nil {
                    problems.append("\(name.full) is an \(mode.rawValue) argument of \(name.kernel); BIND_STORAGE is not allowed on top-level \(mode.rawValue) ports")
                }
                continue
            }
            if case .argument(top: false)? = targets[name.full] {
                problems.append("buffer \(name.full): \(name.member ?? "") is an array argument of \(name.kernel), which points into its caller's array; put the directive on the caller's local array")
                continue
            }
            guard resolve(name, directive: "buffer", expected: "a local array or table", \.isOnChipArray) != nil,
                  let kernel = design.kernel(name.kernel), let array = name.member,
                  let buffer = kernel.buffer(array)
            else { continue }
            check(partitions: d.partitions, of: buffer, name: name.full)
            if let st = d.storage { check(storage: st, of: buffer, in: kernel, name: name.full) }
        }
    }

    mutating func check(partitions: [Partition], of b: Buffer, name: String) {
        let rank = b.shape.count
        var dims = Set<Int>()
        for p in partitions {
            if !dims.insert(p.dim).inserted {
                problems.append("buffer \(name): dimension \(p.dim) is partitioned twice")
            }
            guard (0...rank).contains(p.dim) else {
                problems.append("buffer \(name): partition dim \(p.dim), but \(b.name) has \(rank) dimension\(rank == 1 ? "" : "s"); expected 0...\(rank)")
                continue
            }
            guard p.type != .complete else { continue }
            guard let f = p.factor else {
                problems.append("buffer \(name): \(p.type.rawValue) partition needs a factor")
                continue
            }
            guard f >= 1 else {
                problems.append("buffer \(name): partition factor \(f); expected at least 1")
                continue
            }
            for d in p.dim == 0 ? Array(1...rank) : [p.dim] where b.shape[d - 1] % f != 0 {
                problems.append("buffer \(name): partition factor \(f) does not divide dimension \(d) of \(b.name), which has size \(b.shape[d - 1])")
            }
        }
    }

    mutating func check(storage st: BindStorage, of b: Buffer, in k: Kernel, name: String) {
        if let l = st.latency, l < 1 {
            problems.append("buffer \(name): storage latency \(l); expected at least 1")
        }
        let isROM = [.rom_1p, .rom_2p, .rom_np].contains(st.type)
        if isROM && b.tableValues == nil && Self.isStored(b.name, in: k.body) {
            problems.append("buffer \(name): \(st.type.rawValue) is read-only, but \(b.name) is written; use a RAM type")
        }
    }

    static func isStored(_ buffer: String, in block: [Stmt]) -> Bool {
        block.contains { s in
            switch s {
            case .store(let n, _, _): return n == buffer
            case .loop(let l): return isStored(buffer, in: l.body)
            case .reduce(let r): return isStored(buffer, in: r.body)
            case .branch(_, let t, let o): return isStored(buffer, in: t) || isStored(buffer, in: o)
            case .call(_, let args):
                // A sub-function may write through the pointer.
                return args.contains { if case .buffer(let n, _) = $0 { return n == buffer } else { return false } }
            case .bind, .declare, .assign: return false
            }
        }
    }

    // MARK: Interfaces

    mutating func checkInterfaces() {
        let interfaces = design.schedule.interfaces
        for name in ours(interfaces.keys) {
            guard let d = interfaces[name.full] else { continue }
            if case .argument(top: false)? = targets[name.full] {
                problems.append("interface \(name.full): \(name.kernel) is not the top kernel of design \(design.top); interfaces apply to the array arguments of \(design.top)")
                continue
            }
            guard resolve(name, directive: "interface", expected: "an m_axi argument", { $0 == .argument(top: true) }) != nil,
                  let array = name.member, let b = design.kernel(name.kernel)?.buffer(array)
            else { continue }
            let n = name.full
            let mode = d.resolvedMode
            if mode != .m_axi {
                for option in d.axiOptionsSet {
                    problems.append("interface \(n): \(option) applies only to mode m_axi, and \(array) is \(mode.rawValue)")
                }
            }
            if mode.isStream, let direction = b.direction, direction == .readWrite {
                problems.append("interface \(n): mode \(mode.rawValue) is a one-way in-order stream, but \(array) is both read and written; use ap_memory or m_axi")
            }
            if let bundle = d.bundle, !isIdentifier(bundle) {
                problems.append("interface \(n): bundle \"\(bundle)\" is not a C identifier")
            }
            if let depth = d.depth {
                if depth < 1 {
                    problems.append("interface \(n): depth \(depth); expected at least 1")
                } else if depth < b.count {
                    problems.append("interface \(n): depth \(depth) is smaller than \(array), which has \(b.count) elements; co-simulation would access past the port")
                }
            }
            for (option, value) in [("max_read_burst_length", d.maxReadBurstLength),
                                    ("max_write_burst_length", d.maxWriteBurstLength)] {
                // AXI4 bursts are at most 256 beats.
                if let v = value, !(1...256).contains(v) {
                    problems.append("interface \(n): \(option) \(v); expected 1...256")
                }
            }
            if let v = d.bank, v < 0 {
                problems.append("interface \(n): bank \(v); expected a bank index of at least 0")
            }
            if let v = d.numReadOutstanding, v < 1 {
                problems.append("interface \(n): num_read_outstanding \(v); expected at least 1")
            }
            if let v = d.maxWidenBitwidth, !(8...1024).contains(v) || v & (v - 1) != 0 {
                problems.append("interface \(n): max_widen_bitwidth \(v); expected a power of two from 8 to 1024")
            }
        }
    }

    /// Ports that share a bundle share one AXI adapter, so they must agree on its options.
    mutating func checkBundles() {
        let top = design.top
        var firstPort: [String: (name: String, options: InterfaceDirectives)] = [:]
        for name in design.schedule.interfaces.keys.sorted() {
            guard case .argument(top: true)? = targets[name], DottedName(name).kernel == top,
                  let d = design.schedule.interfaces[name], d.resolvedMode == .m_axi, let bundle = d.bundle else { continue }
            var options = d
            options.depth = nil
            guard let first = firstPort[bundle] else {
                firstPort[bundle] = (name, options)
                continue
            }
            if first.options != options {
                problems.append("interface bundle \(bundle): \(first.name) and \(name) share it but set different burst, outstanding, widen or bank options; ports of one bundle need identical options")
            }
        }
    }

    // MARK: Functions

    mutating func checkFunctions() {
        let functions = design.schedule.functions
        for name in ours(functions.keys) {
            guard let d = functions[name.full] else { continue }
            if let member = name.member {
                let what = targets[name.full].map { "\(member) is \($0) of \(name.kernel)" }
                    ?? "kernel \(name.kernel) has nothing named \(member)"
                problems.append("function \(name.full): function directives apply to kernels, named without a dot; \(what)")
                continue
            }
            if name.full == design.top && d.inline == .on {
                problems.append("function \(name.full): the top kernel of a design cannot be inlined")
            }
        }
    }
}

/// The enclosing-loop facts the checks need.
enum LoopInfo {
    /// The bound of the loop or reduction labelled `label` in `block`.
    static func bound(of label: String, in block: [Stmt]) -> Bound? {
        for s in block {
            switch s {
            case .loop(let l):
                if l.name == label { return l.bound }
                if let b = bound(of: label, in: l.body) { return b }
            case .reduce(let r):
                if r.name == label { return r.bound }
                if let b = bound(of: label, in: r.body) { return b }
            case .branch(_, let t, let o):
                if let b = bound(of: label, in: t) ?? bound(of: label, in: o) { return b }
            case .bind, .declare, .assign, .store, .call:
                break
            }
        }
        return nil
    }
}
