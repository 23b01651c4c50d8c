import HLSIR

/// m_axi behaviour of one region (a pipelined loop's iteration, or straight-line code):
/// transactions per bundle and direction, bursts and automatic port widening.
///
/// Rules (UG1399, "Optimizing Burst Transfers" and "Automatic Port Widening"):
/// - Each bundle is one AXI master with one read and one write channel, so a pipelined
///   iteration needs II ≥ the beats it moves per direction per bundle (vadd_u32_maxi: two
///   reads on one bundle → II 2).
/// - An access bursts when the loop is pipelined, its elements are sequential (stride 1
///   across unrolled copies and iterations, by `AffineIndex`), and it is the only port of its
///   bundle accessed in that direction in the loop ("one access per bundle direction per
///   region").
/// - A bursting access is widened to `max_widen_bitwidth` (512 by default in the kernel flow)
///   when the loop's target II is 1, the element width is a power of two, and the loop's
///   constant trip count is a multiple of the widening factor; one beat then carries
///   512 / width elements.
struct AxiPorts {
    struct Port {
        let port: String
        let bundle: String
        let isWrite: Bool
        let elementBits: Int
        /// Elements per region execution (for the channel's II: conditional accesses count).
        var elements: Int
        /// Elements actually moved per region execution, on average.
        var moved: Double
        var bursts: Bool
        var note: String
        /// Elements per beat (1 without widening).
        var widen: Int
        let interface: InterfaceDirectives
        var beats: Int { (elements + widen - 1) / widen }
    }

    private(set) var ports: [Port] = []

    /// `loopVariable` is the pipelined loop's counter (nil for straight-line code); `trips`
    /// its constant trip count when known.
    init(_ accesses: [Access], context: KernelContext, loopVariable: String?, targetII: Int, trips: Int?) {
        var byPort: [String: (place: ArrayPlace, isWrite: Bool, accesses: [Access])] = [:]
        for a in accesses {
            guard let p = context.places[a.array], case .axi(_, let port, _) = p.kind else { continue }
            let key = port + (a.isWrite ? "/w" : "/r")
            byPort[key, default: (p, a.isWrite, [])].accesses.append(a)
        }
        // Ports per bundle and direction in this region.
        var sharing: [String: Set<String>] = [:]
        for (_, v) in byPort {
            if case .axi(let bundle, let port, _) = v.place.kind {
                sharing[bundle + (v.isWrite ? "/w" : "/r"), default: []].insert(port)
            }
        }
        for (_, v) in byPort.sorted(by: { $0.key < $1.key }) {
            guard case .axi(let bundle, let port, let interface) = v.place.kind else { continue }
            let bits = v.place.physical.buffer.elementType.storageBytes * 8
            let elements = v.accesses.reduce(0) { $0 + $1.copies }
            let moved = v.accesses.reduce(0.0) { $0 + Double($1.copies) / Double(Swift.max(1, $1.every)) }
            var bursts = true
            var note = "sequential, one port on the bundle: bursts"
            let others = sharing[bundle + (v.isWrite ? "/w" : "/r"), default: []].subtracting([port])
            if loopVariable == nil {
                bursts = false
                note = "single accesses outside a pipelined loop"
            } else if !others.isEmpty {
                bursts = false
                note = "shares bundle \(bundle) with \(others.sorted().joined(separator: ", ")) in one loop: no burst"
            } else if !v.accesses.allSatisfy({ AxiPorts.isSequential($0, loopVariable: loopVariable!) }) {
                bursts = false
                note = "not sequential in \(loopVariable!): single-beat accesses"
            }
            var widen = 1
            let maxWiden = interface.maxWidenBitwidth ?? 512
            if bursts && targetII == 1 && bits & (bits - 1) == 0 && maxWiden > bits {
                let w = maxWiden / bits
                if let n = trips, n > 0, (n * elements) % w == 0 {
                    widen = w
                    note += ", widened to \(maxWiden) bits"
                } else {
                    note += ", not widened (trip count not a multiple of \(w))"
                }
            }
            ports.append(Port(port: port, bundle: bundle, isWrite: v.isWrite, elementBits: bits, elements: elements,
                              moved: moved, bursts: bursts, note: note, widen: widen, interface: interface))
        }
    }

    /// The worst bundle direction: (bundle, beats per region execution).
    var busiest: (bundle: String, beats: Int)? {
        var perChannel: [String: (String, Int)] = [:]
        for p in ports {
            let key = p.bundle + (p.isWrite ? "/w" : "/r")
            // A widened access needs a fraction of a beat per iteration: at least one cycle.
            perChannel[key, default: (p.bundle, 0)].1 += Swift.max(p.widen > 1 ? 1 : 0, p.beats)
        }
        return perChannel.values.max { $0.1 < $1.1 }
    }

    var writes: Bool { ports.contains { $0.isWrite } }

    /// An access is sequential when its unrolled copies cover a dense range of elements
    /// and the pipelined counter advances it by exactly that range each iteration.
    static func isSequential(_ a: Access, loopVariable v: String) -> Bool {
        guard a.indices.count == 1, let f = AffineIndex(a.indices[0]) else { return false }
        var span = 1
        let inner = a.unrolled.filter { $0.variable != v && $0.copies > 1 }
            .sorted { f.coefficient(ofLoop: $0.variable) < f.coefficient(ofLoop: $1.variable) }
        for u in inner {
            if f.coefficient(ofLoop: u.variable) != span { return false }
            span *= u.copies
        }
        return f.coefficient(ofLoop: v) == span
    }
}
