import HLSIR

/// Checks that every schedule entry addressed to a kernel of the design names something the
/// emitter can attach it to. Entries for kernels outside the design are left alone (a
/// schedule may be shared by several designs).
enum ScheduleCheck {
    static func check(_ d: Design) throws(EmitterError) {
        let kernels = Dictionary(d.kernels.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func split(_ key: String) -> (Kernel, String)? {
            guard let dot = key.firstIndex(of: "."), let k = kernels[String(key[..<dot])] else { return nil }
            return (k, String(key[key.index(after: dot)...]))
        }
        for (key, directives) in d.schedule.loops.sorted(by: { $0.key < $1.key }) {
            guard let (k, label) = split(key) else { continue }
            switch LoopIndex.find(label, in: k.body) {
            case .loop?:
                if directives.lanes != nil {
                    throw EmitterError("schedule \(key): lanes apply to reductions, and \(label) is a plain loop")
                }
            case .reduction?:
                if let lanes = directives.lanes, lanes < 1 {
                    throw EmitterError("schedule \(key): lanes is \(lanes); expected at least 1")
                }
            case nil:
                throw EmitterError("schedule \(key): kernel \(k.name) has no loop or reduction named \(label)")
            }
        }
        for key in d.schedule.buffers.keys.sorted() {
            guard let (k, name) = split(key) else { continue }
            guard let b = k.buffer(name) else {
                throw EmitterError("schedule \(key): kernel \(k.name) has no local array or table named \(name)")
            }
            // An ap_memory port of the top kernel is a RAM: its partitions and storage type
            // are rendered with its INTERFACE pragma.
            let memoryPort = k.name == d.top && d.schedule.interface(key).resolvedMode == .ap_memory
            if b.isArgument && !memoryPort {
                throw EmitterError("schedule \(key): \(name) is an argument (an m_axi port or pointer); ARRAY_PARTITION and BIND_STORAGE apply to local arrays and tables")
            }
        }
        for key in d.schedule.interfaces.keys.sorted() {
            guard let (k, name) = split(key) else { continue }
            guard k.name == d.top else {
                throw EmitterError("schedule \(key): INTERFACE applies to the top kernel \(d.top) only")
            }
            guard k.buffer(name)?.isArgument == true else {
                throw EmitterError("schedule \(key): \(k.name) has no array argument named \(name)")
            }
        }
    }
}

/// Finds a loop or reduction by label anywhere in a kernel body.
enum LoopIndex {
    enum Found { case loop, reduction }

    static func find(_ label: String, in block: [Stmt]) -> Found? {
        for s in block {
            switch s {
            case .loop(let l):
                if l.name == label { return .loop }
                if let f = find(label, in: l.body) { return f }
            case .reduce(let r):
                if r.name == label { return .reduction }
                if let f = find(label, in: r.body) { return f }
            case .branch(_, let t, let o):
                if let f = find(label, in: t) ?? find(label, in: o) { return f }
            default: break
            }
        }
        return nil
    }
}
