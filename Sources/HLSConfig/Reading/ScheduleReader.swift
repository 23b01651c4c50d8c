import HLSIR
import HLSLayers

/// The kinds of schedule entries and the directive keys each takes.
enum EntryKind: CaseIterable {
    case loop, array, argument, kernel

    var keys: [String] {
        switch self {
        case .loop: return ["pipeline", "unroll", "lanes", "tripcount", "flatten"]
        case .array: return ["partition", "storage"]
        case .argument: return ["interface"]
        case .kernel: return ["dataflow", "inline"]
        }
    }

    init?(_ t: ScheduleTarget) {
        switch t {
        case .loop, .reduction: self = .loop
        case .localArray, .table: self = .array
        case .argument(top: true): self = .argument
        case .argument(top: false): return nil
        case .kernel: self = .kernel
        }
    }

    static var allKeys: [String] { allCases.flatMap(\.keys) }

    /// What a catalog name refers to, to list the right keys when an entry has an unknown
    /// one. Names do not depend on the parameters, so the default designs suffice.
    static let catalogKinds: [String: EntryKind] = {
        var out: [String: EntryKind] = [:]
        for d in (try? DesignCatalog.designs(DesignParameters())) ?? [] {
            for (name, target) in d.scheduleTargets { out[name] = EntryKind(target) }
        }
        return out
    }()
}

/// The `schedule` object of a config file.
struct ScheduleOverrides {
    var schedule = Schedule()
    /// Kernels with `"dataflow": false`, which removes a DATAFLOW the default schedule sets
    /// (`Schedule.merged(with:)` can only add one).
    var dataflowOff: Set<String> = []
}

extension ConfigReader {
    mutating func scheduleOverrides(_ v: JSONValue, at path: JSONPath) -> ScheduleOverrides {
        var out = ScheduleOverrides()
        guard case .object(let entries) = v else {
            report(path, "expected an object mapping dotted names to directives, got \(v.summary)")
            return out
        }
        for e in entries {
            entry(e.key, e.value, at: path.entry(e.key), into: &out)
        }
        return out
    }

    /// The keys to suggest for an entry: by what its name is in the catalog, else by the
    /// directives it already has, else all keys that suit a dotted (or bare kernel) name.
    private func expectedKeys(for name: String, members: [JSONMember]) -> [String] {
        if let kind = EntryKind.catalogKinds[name] { return kind.keys }
        let kinds = Set(members.compactMap { m in EntryKind.allCases.first { $0.keys.contains(m.key) } })
        if kinds.count == 1, let kind = kinds.first { return kind.keys }
        if !name.contains(".") { return EntryKind.kernel.keys }
        return EntryKind.loop.keys + EntryKind.array.keys + EntryKind.argument.keys
    }

    private mutating func entry(_ name: String, _ v: JSONValue, at path: JSONPath, into out: inout ScheduleOverrides) {
        guard case .object(let members) = v else {
            report(path, "expected an object of directives, got \(v.summary)")
            return
        }
        let expected = expectedKeys(for: name, members: members)
        guard !members.isEmpty else {
            report(path, "no directives; expected one of \(expected.joined(separator: ", "))")
            return
        }
        guard let m = object(v, at: path, allowed: EntryKind.allKeys, expectedKeys: expected) else { return }
        if m.keys.contains(where: EntryKind.loop.keys.contains) {
            out.schedule.loops[name] = loopDirectives(m, at: path)
        }
        if m.keys.contains(where: EntryKind.array.keys.contains) {
            var d = BufferDirectives()
            if let p = m["partition"] { d.partitions = partitions(p, at: path.key("partition")) ?? [] }
            if let s = m["storage"] { d.storage = storage(s, at: path.key("storage")) }
            out.schedule.buffers[name] = d
        }
        if let i = m["interface"] {
            out.schedule.interfaces[name] = interface(i, at: path.key("interface"))
        }
        if m.keys.contains(where: EntryKind.kernel.keys.contains) {
            var d = FunctionDirectives()
            if let df = m["dataflow"], let on = bool(df, at: path.key("dataflow")) {
                d.dataflow = on
                if !on { out.dataflowOff.insert(name) }
            }
            if let i = m["inline"] { d.inline = choice(i, at: path.key("inline"), options: [InlineMode.on, .off, .recursive]) }
            out.schedule.functions[name] = d
        }
    }

    // MARK: Loops

    private mutating func loopDirectives(_ m: [String: JSONValue], at path: JSONPath) -> LoopDirectives {
        var d = LoopDirectives()
        if let p = m["pipeline"] { d.pipeline = pipeline(p, at: path.key("pipeline")) }
        if let u = m["unroll"] { d.unroll = unroll(u, at: path.key("unroll")) }
        if let l = m["lanes"] { d.lanes = positiveInt(l, at: path.key("lanes")) }
        if let t = m["tripcount"] { d.tripCount = tripCount(t, at: path.key("tripcount")) }
        if let f = m["flatten"] { d.flatten = bool(f, at: path.key("flatten")) }
        return d
    }

    private mutating func pipeline(_ v: JSONValue, at path: JSONPath) -> Pipeline? {
        switch v {
        case .string("off"):
            return .off
        case .object:
            guard let m = object(v, at: path, allowed: ["ii"]) else { return nil }
            guard let ii = m["ii"] else { return .ii(1) }
            return positiveInt(ii, at: path.key("ii")).map(Pipeline.ii)
        default:
            report(path, "expected {\"ii\": N} or \"off\", got \(v.summary)")
            return nil
        }
    }

    private mutating func unroll(_ v: JSONValue, at path: JSONPath) -> Unroll? {
        if case .string("full") = v { return .full }
        if let n = v.integer, n >= 1 { return .factor(n) }
        report(path, "expected a positive integer or \"full\", got \(v.summary)")
        return nil
    }

    private mutating func tripCount(_ v: JSONValue, at path: JSONPath) -> TripCount? {
        guard let m = object(v, at: path, allowed: ["min", "max", "avg"]) else { return nil }
        var values: [Int] = []
        for key in ["min", "max", "avg"] {
            guard let x = require(m, key, at: path), let n = nonNegativeInt(x, at: path.key(key)) else { continue }
            values.append(n)
        }
        guard values.count == 3 else { return nil }
        return TripCount(min: values[0], max: values[1], avg: values[2])
    }

    // MARK: Arrays

    private mutating func partitions(_ v: JSONValue, at path: JSONPath) -> [Partition]? {
        switch v {
        case .object:
            return partition(v, at: path).map { [$0] }
        case .array(let items) where !items.isEmpty:
            var out: [Partition] = []
            var firstWithDim: [Int: Int] = [:]
            for (i, item) in items.enumerated() {
                guard let p = partition(item, at: path.index(i)) else { continue }
                if let earlier = firstWithDim[p.dim] {
                    report(path.index(i).key("dim"), "dimension \(p.dim) is already partitioned by partition[\(earlier)]")
                    continue
                }
                firstWithDim[p.dim] = i
                out.append(p)
            }
            return out
        default:
            report(path, "expected a partition object or a non-empty array of them, got \(v.summary)")
            return nil
        }
    }

    private mutating func partition(_ v: JSONValue, at path: JSONPath) -> Partition? {
        guard let m = object(v, at: path, allowed: ["type", "factor", "dim"]) else { return nil }
        var ok = true
        var type: PartitionType?
        if let t = require(m, "type", at: path) { type = choice(t, at: path.key("type"), PartitionType.self) }
        var factor: Int?
        if let f = m["factor"] {
            factor = positiveInt(f, at: path.key("factor"))
            ok = ok && factor != nil
        }
        var dim = 1
        if let d = m["dim"] {
            if let n = nonNegativeInt(d, at: path.key("dim")) { dim = n } else { ok = false }
        }
        guard ok, let type else { return nil }
        return Partition(type: type, factor: factor, dim: dim)
    }

    private mutating func storage(_ v: JSONValue, at path: JSONPath) -> BindStorage? {
        guard let m = object(v, at: path, allowed: ["type", "impl", "latency"]) else { return nil }
        var type: StorageType?
        if let t = require(m, "type", at: path) { type = choice(t, at: path.key("type"), StorageType.self) }
        var impl: StorageImpl? = .auto
        if let i = m["impl"] { impl = choice(i, at: path.key("impl"), StorageImpl.self) }
        var latency: Int?
        if let l = m["latency"] {
            latency = positiveInt(l, at: path.key("latency"))
            if latency == nil { return nil }
        }
        guard let type, let impl else { return nil }
        return BindStorage(type: type, impl: impl, latency: latency)
    }

    // MARK: Arguments

    private mutating func interface(_ v: JSONValue, at path: JSONPath) -> InterfaceDirectives {
        var d = InterfaceDirectives()
        let numeric: [(String, WritableKeyPath<InterfaceDirectives, Int?>)] = [
            ("depth", \.depth), ("max_read_burst_length", \.maxReadBurstLength),
            ("max_write_burst_length", \.maxWriteBurstLength), ("num_read_outstanding", \.numReadOutstanding),
            ("max_widen_bitwidth", \.maxWidenBitwidth),
        ]
        guard let m = object(v, at: path, allowed: ["mode", "bundle", "bank"] + numeric.map(\.0)) else { return d }
        if let x = m["mode"] { d.mode = choice(x, at: path.key("mode"), InterfaceMode.self) }
        if let b = m["bundle"] { d.bundle = string(b, at: path.key("bundle")) }
        for (key, field) in numeric {
            if let x = m[key] { d[keyPath: field] = positiveInt(x, at: path.key(key)) }
        }
        if let x = m["bank"] { d.bank = nonNegativeInt(x, at: path.key("bank")) }
        return d
    }
}
