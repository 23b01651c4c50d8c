/// Bytes one execution of a region moves over each m_axi bundle, and how.
struct BundleTraffic {
    var ports: Set<String> = []
    var readBytes: Double = 0
    var writeBytes: Double = 0
    /// False as soon as one access of the bundle does not burst.
    var bursts = true
    var notes: [String] = []
    /// Widest beat seen, in bits, overall and per direction.
    var beatBits = 0
    var readBeatBits = 0
    var writeBeatBits = 0
    /// True when some access of the bundle is a single beat outside any pipelined loop.
    var unpipelinedSingles = false
    /// Cycles the channel needs for these bytes at each access's sustainable rate (see
    /// `BundleModel`), so that a bundle's bandwidth is the byte-weighted mix of its accesses.
    var busyCycles: Double = 0

    mutating func add(_ o: BundleTraffic, times k: Double = 1) {
        ports.formUnion(o.ports)
        readBytes += o.readBytes * k
        writeBytes += o.writeBytes * k
        bursts = bursts && o.bursts
        for n in o.notes where !notes.contains(n) { notes.append(n) }
        beatBits = Swift.max(beatBits, o.beatBits)
        readBeatBits = Swift.max(readBeatBits, o.readBeatBits)
        writeBeatBits = Swift.max(writeBeatBits, o.writeBeatBits)
        unpipelinedSingles = unpipelinedSingles || o.unpipelinedSingles
        busyCycles += o.busyCycles * k
    }
}

/// Traffic per bundle name.
typealias Traffic = [String: BundleTraffic]

extension Dictionary where Key == String, Value == BundleTraffic {
    /// Beat width per `bundle/r` and `bundle/w` channel.
    var directionBeatBits: [String: Int] {
        var out: [String: Int] = [:]
        for (b, t) in self {
            if t.readBeatBits > 0 { out[b + "/r"] = t.readBeatBits }
            if t.writeBeatBits > 0 { out[b + "/w"] = t.writeBeatBits }
        }
        return out
    }

    mutating func add(_ o: Traffic, times k: Double = 1) {
        for (b, t) in o { self[b, default: BundleTraffic()].add(t, times: k) }
    }

    /// The traffic of the m_axi ports of one region execution.
    static func of(_ axi: AxiPorts, pipelined: Bool, axiLatency: Int) -> Traffic {
        var out: Traffic = [:]
        for p in axi.ports {
            var t = BundleTraffic()
            t.ports = [p.port]
            let bytes = p.moved * Double(p.elementBits / 8)
            if p.isWrite { t.writeBytes = bytes } else { t.readBytes = bytes }
            t.bursts = p.bursts
            t.notes = ["\(p.port) (\(p.isWrite ? "write" : "read")): \(p.note)"]
            t.beatBits = p.elementBits * p.widen
            if p.isWrite { t.writeBeatBits = t.beatBits } else { t.readBeatBits = t.beatBits }
            t.unpipelinedSingles = !pipelined
            let rate = BundleModel.bytesPerCycle(beatBits: t.beatBits, bursts: p.bursts, pipelined: pipelined,
                                                 interface: p.interface, axiLatency: axiLatency)
            t.busyCycles = rate > 0 ? bytes / rate : 0
            out[p.bundle, default: BundleTraffic()].add(t)
        }
        return out
    }
}

/// Operator instances per kind.
typealias OperatorUse = [Operator: Int]

extension Dictionary where Key == Operator, Value == Int {
    /// Instances needed when two regions run at different times (Vitis shares operators
    /// between states of one FSM): the larger count per kind.
    func shared(with o: OperatorUse) -> OperatorUse { merging(o, uniquingKeysWith: Swift.max) }
    /// Instances when both regions exist side by side.
    func plus(_ o: OperatorUse) -> OperatorUse { merging(o, uniquingKeysWith: +) }
}
