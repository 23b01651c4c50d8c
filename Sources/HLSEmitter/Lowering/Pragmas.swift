import HLSIR

/// The `#pragma HLS` lines a schedule asks for, checked for values Vitis HLS would reject.
/// Names are dotted: `kernel.label`, `kernel.buffer`, `kernel.argument`, `kernel`.
struct PragmaBuilder {
    let schedule: Schedule

    /// Loop pragmas in the order they open the loop body: PIPELINE, UNROLL, LOOP_FLATTEN,
    /// LOOP_TRIPCOUNT. A runtime-bound loop without a trip count gets one from its bound.
    func loop(_ name: String, bound: Bound) throws(EmitterError) -> [Pragma] {
        let d = schedule.loop(name)
        var out: [Pragma] = []
        switch d.pipeline {
        case .ii(let n)?:
            try positive(n, "PIPELINE II", name)
            out.append(Pragma("PIPELINE", [.value("II", "\(n)")]))
        case .off?:
            out.append(Pragma("PIPELINE", [.flag("off")]))
        case nil: break
        }
        switch d.unroll {
        case .factor(let n)?:
            try positive(n, "UNROLL factor", name)
            out.append(Pragma("UNROLL", [.value("factor", "\(n)")]))
        case .full?:
            out.append(Pragma("UNROLL"))
        case nil: break
        }
        if let f = d.flatten { out.append(Pragma("LOOP_FLATTEN", f ? [] : [.flag("off")])) }
        if let tc = d.tripCount {
            guard tc.min >= 0, tc.min <= tc.avg, tc.avg <= tc.max, tc.max >= 1 else {
                throw EmitterError("schedule \(name): LOOP_TRIPCOUNT min=\(tc.min) max=\(tc.max) avg=\(tc.avg); expected 0 ≤ min ≤ avg ≤ max and max ≥ 1")
            }
            out.append(tripCount(min: tc.min, max: tc.max, avg: tc.avg))
        } else if case .runtime(_, let m) = bound {
            out.append(tripCount(min: 1, max: m, avg: (m + 1) / 2))
        }
        return out
    }

    private func tripCount(min: Int, max: Int, avg: Int) -> Pragma {
        Pragma("LOOP_TRIPCOUNT", [.value("min", "\(min)"), .value("max", "\(max)"), .value("avg", "\(avg)")])
    }

    /// ARRAY_PARTITION and BIND_STORAGE for a local array or table of `rank` dimensions.
    func buffer(_ name: String, variable: String, rank: Int) throws(EmitterError) -> [Pragma] {
        let d = schedule.buffer(name)
        var out: [Pragma] = []
        for p in d.partitions {
            guard (0...rank).contains(p.dim) else {
                throw EmitterError("schedule \(name): ARRAY_PARTITION dim=\(p.dim); the array has \(rank) dimension(s)")
            }
            var options: [Pragma.Option] = [.value("variable", variable), .value("type", p.type.rawValue)]
            if p.type != .complete {
                guard let f = p.factor else {
                    throw EmitterError("schedule \(name): ARRAY_PARTITION type=\(p.type.rawValue) needs a factor")
                }
                try positive(f, "ARRAY_PARTITION factor", name)
                options.append(.value("factor", "\(f)"))
            }
            options.append(.value("dim", "\(p.dim)"))
            out.append(Pragma("ARRAY_PARTITION", options))
        }
        if let s = d.storage {
            var options: [Pragma.Option] = [.value("variable", variable), .value("type", s.type.rawValue), .value("impl", s.impl.rawValue)]
            if let l = s.latency {
                try positive(l, "BIND_STORAGE latency", name)
                options.append(.value("latency", "\(l)"))
            }
            out.append(Pragma("BIND_STORAGE", options))
        }
        return out
    }

    /// DATAFLOW and INLINE of a function.
    func function(_ name: String) -> [Pragma] {
        let d = schedule.function(name)
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

    /// INTERFACE pragmas of a top kernel: m_axi for arrays (bundle gmem0, gmem1, ... unless
    /// named; depth = element count unless set), s_axilite for scalars, sizes and return.
    func interfaces(of top: Kernel) throws(EmitterError) -> [Pragma] {
        var out: [Pragma] = []
        var bundleOptions: [String: (options: [Pragma.Option], port: String)] = [:]
        var arrayIndex = 0
        for p in top.parameters {
            guard case .buffer(let n) = p, let b = top.buffer(n) else {
                out.append(Pragma("INTERFACE", [.value("mode", "s_axilite"), .value("port", p.name)]))
                continue
            }
            let name = "\(top.name).\(n)"
            let d = schedule.interface(name)
            let bundle = d.bundle ?? "gmem\(arrayIndex)"
            arrayIndex += 1
            if d.resolvedMode != .m_axi {
                out += try port(n, d, buffer: name)
                continue
            }
            guard isIdentifier(bundle) else {
                throw EmitterError("schedule \(name): bundle '\(bundle)' is not an identifier")
            }
            let depth = d.depth ?? b.count
            try positive(depth, "INTERFACE depth", name)
            var shared: [Pragma.Option] = []
            let numeric: [(String, Int?)] = [("max_read_burst_length", d.maxReadBurstLength),
                                             ("max_write_burst_length", d.maxWriteBurstLength),
                                             ("num_read_outstanding", d.numReadOutstanding),
                                             ("max_widen_bitwidth", d.maxWidenBitwidth)]
            for case let (key, value?) in numeric {
                try positive(value, "INTERFACE \(key)", name)
                shared.append(.value(key, "\(value)"))
            }
            if let other = bundleOptions[bundle], other.options != shared {
                throw EmitterError("schedule \(name): ports \(other.port) and \(n) share bundle \(bundle) but set different burst options")
            }
            bundleOptions[bundle] = (shared, n)
            out.append(Pragma("INTERFACE", [.value("mode", "m_axi"), .value("port", n), .value("bundle", bundle),
                                            .value("offset", "slave"), .value("depth", "\(depth)")] + shared))
        }
        out.append(Pragma("INTERFACE", [.value("mode", "s_axilite"), .value("port", "return")]))
        return out
    }

    /// `INTERFACE mode=axis|ap_fifo|ap_memory port=n [storage_type=T] [depth=D]`, then the
    /// ARRAY_PARTITION pragmas of an ap_memory port.
    private func port(_ n: String, _ d: InterfaceDirectives, buffer name: String) throws(EmitterError) -> [Pragma] {
        var options: [Pragma.Option] = [.value("mode", d.resolvedMode.rawValue), .value("port", n)]
        let storage = schedule.buffer(name)
        if d.resolvedMode == .ap_memory, let st = storage.storage { options.append(.value("storage_type", st.type.rawValue)) }
        if let depth = d.depth {
            try positive(depth, "INTERFACE depth", name)
            options.append(.value("depth", "\(depth)"))
        }
        var out = [Pragma("INTERFACE", options)]
        if d.resolvedMode == .ap_memory { out += try buffer(name, variable: n, rank: 1).filter { $0.name == "ARRAY_PARTITION" } }
        return out
    }

    private func positive(_ v: Int, _ what: String, _ name: String) throws(EmitterError) {
        if v < 1 { throw EmitterError("schedule \(name): \(what) is \(v); expected at least 1") }
    }

    private func isIdentifier(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || (f.isASCII && f.properties.isAlphabetic) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
