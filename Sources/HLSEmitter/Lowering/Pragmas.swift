import HLSIR

/// The `#pragma HLS` lines of a bound design's resolved schedule. The schedule was validated
/// when the design was bound, so every value here is one Vitis HLS accepts.
struct PragmaBuilder {
    /// Loop pragmas in the order they open the loop body: PIPELINE, UNROLL, LOOP_FLATTEN,
    /// LOOP_TRIPCOUNT. A runtime-bound loop always gets a trip count: its resolved interval.
    func loop(_ l: BoundLoop) -> [Pragma] {
        let d = l.directives
        var out: [Pragma] = []
        switch d.pipeline {
        case .ii(let n)?: out.append(Pragma("PIPELINE", [.value("II", "\(n)")]))
        case .off?: out.append(Pragma("PIPELINE", [.flag("off")]))
        case nil: break
        }
        switch d.unroll {
        case .factor(let n)?: out.append(Pragma("UNROLL", [.value("factor", "\(n)")]))
        case .full?: out.append(Pragma("UNROLL"))
        case nil: break
        }
        if let f = d.flatten { out.append(Pragma("LOOP_FLATTEN", f ? [] : [.flag("off")])) }
        if d.tripCount != nil || l.bound.constantValue == nil {
            let t = l.trips
            out.append(Pragma("LOOP_TRIPCOUNT", [.value("min", "\(t.min)"), .value("max", "\(t.max)"), .value("avg", "\(t.avg)")]))
        }
        return out
    }

    /// ARRAY_PARTITION and BIND_STORAGE of a local array or table.
    func buffer(_ b: BoundBuffer) -> [Pragma] {
        var out: [Pragma] = []
        for p in b.partitions {
            var options: [Pragma.Option] = [.value("variable", b.buffer.name), .value("type", p.type.rawValue)]
            if p.type != .complete, let f = p.factor { options.append(.value("factor", "\(f)")) }
            options.append(.value("dim", "\(p.dim)"))
            out.append(Pragma("ARRAY_PARTITION", options))
        }
        if let s = b.storage {
            var options: [Pragma.Option] = [.value("variable", b.buffer.name), .value("type", s.type.rawValue), .value("impl", s.impl.rawValue)]
            if let l = s.latency { options.append(.value("latency", "\(l)")) }
            out.append(Pragma("BIND_STORAGE", options))
        }
        return out
    }

    /// DATAFLOW and INLINE of a function.
    func function(_ k: BoundKernel) -> [Pragma] {
        let d = k.function
        var out: [Pragma] = []
        if d.dataflow { out.append(Pragma("DATAFLOW")) }
        switch d.inline {
        case .on?: out.append(Pragma("INLINE"))
        case .off?: out.append(Pragma("INLINE", [.flag("off")]))
        case .recursive?: out.append(Pragma("INLINE", [.flag("recursive")]))
        case nil: break
        }
        return out
    }

    /// INTERFACE pragmas of a top kernel: m_axi for arrays (on their resolved bundle; depth =
    /// element count unless set), s_axilite for scalars, sizes and return.
    func interfaces(of top: BoundKernel) -> [Pragma] {
        var out: [Pragma] = []
        for p in top.kernel.parameters {
            guard case .buffer(let n) = p else {
                out.append(Pragma("INTERFACE", [.value("mode", "s_axilite"), .value("port", p.name)]))
                continue
            }
            let b = top.buffer(n)
            let d = b.interface ?? InterfaceDirectives()
            if d.resolvedMode != .m_axi {
                out += port(b, d)
                continue
            }
            let depth = d.depth ?? b.buffer.count
            var shared: [Pragma.Option] = []
            let numeric: [(String, Int?)] = [("max_read_burst_length", d.maxReadBurstLength),
                                             ("max_write_burst_length", d.maxWriteBurstLength),
                                             ("num_read_outstanding", d.numReadOutstanding),
                                             ("max_widen_bitwidth", d.maxWidenBitwidth)]
            for case let (key, value?) in numeric { shared.append(.value(key, "\(value)")) }
            out.append(Pragma("INTERFACE", [.value("mode", "m_axi"), .value("port", n), .value("bundle", b.bundle ?? "gmem"),
                                            .value("offset", "slave"), .value("depth", "\(depth)")] + shared))
        }
        out.append(Pragma("INTERFACE", [.value("mode", "s_axilite"), .value("port", "return")]))
        return out
    }

    /// `INTERFACE mode=axis|ap_fifo|ap_memory port=n [storage_type=T] [depth=D]`, then the
    /// ARRAY_PARTITION pragmas of an ap_memory port.
    private func port(_ b: BoundBuffer, _ d: InterfaceDirectives) -> [Pragma] {
        let n = b.buffer.name
        var options: [Pragma.Option] = [.value("mode", d.resolvedMode.rawValue), .value("port", n)]
        if d.resolvedMode == .ap_memory, let st = b.storage { options.append(.value("storage_type", st.type.rawValue)) }
        if let depth = d.depth { options.append(.value("depth", "\(depth)")) }
        var out = [Pragma("INTERFACE", options)]
        if d.resolvedMode == .ap_memory { out += buffer(b).filter { $0.name == "ARRAY_PARTITION" } }
        return out
    }
}
